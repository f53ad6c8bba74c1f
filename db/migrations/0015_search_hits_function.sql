-- The records behind a search's results, with a highlighted snippet each (loadHits). A PL/pgSQL
-- function because its plan is made once per connection and kept: planning this five-table join
-- was ~1 ms of every search on PGlite, a third of the step. Security invoker: row-level security
-- applies as to any query of the application role.
CREATE FUNCTION kith_search_hits(p_ids uuid[], p_query tsquery)
  RETURNS TABLE (
    id uuid, source_kind text, source_id uuid, title text, snippet text,
    contact_id uuid, first_name text, last_name text, company text,
    opportunity_id uuid, company_name text, job_title text,
    interaction_type text, interaction_date timestamptz, subject text)
  LANGUAGE plpgsql STABLE SET search_path = public, pg_temp
  AS $$
BEGIN
  RETURN QUERY
    SELECT d.id, d.source_kind, d.source_id, d.title,
           -- one excerpt around the best cover of the words: fragment mode (MaxFragments) cost
           -- ~0.25 ms more per hit on PGlite
           ts_headline('english', d.content, p_query, 'StartSel=«, StopSel=», MaxWords=35, MinWords=12'),
           c.id, c.first_name, c.last_name, c.company,
           o.id, o.company_name, o.job_title,
           i.interaction_type::text, i.interaction_date, i.subject
      FROM search_documents d
      LEFT JOIN crm_contacts c ON c.id = d.contact_id
      LEFT JOIN crm_opportunities o ON o.id = d.opportunity_id
      LEFT JOIN crm_interactions i ON d.source_kind = 'interaction' AND i.id = d.source_id
     WHERE d.id = ANY (p_ids);
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kith_search_hits(uuid[], tsquery) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_search_hits(uuid[], tsquery) TO kith_app;
