DROP INDEX "search_documents_user_idx";--> statement-breakpoint
CREATE INDEX "search_documents_user_source_idx" ON "search_documents" USING btree ("user_id","source_kind","source_id");--> statement-breakpoint
-- Full-text candidates of the transaction's user. Under row-level security the @@ operator (not
-- leakproof) must run after the policy, which rules the GIN index out: every search read every
-- document of every user (~50 ms at 2 x 50,000 notes on PGlite). Like kith_similar_contact_names
-- (0009), this security-definer function filters on the transaction's user itself (and on p_user,
-- which must be the same) and so returns exactly what the policy allows, through the index.
CREATE OR REPLACE FUNCTION kith_search_full_text(p_user uuid, p_query tsquery, p_kinds text[], p_limit integer)
  RETURNS TABLE (document_id uuid, rank real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT id, ts_rank(tsv, p_query)
      FROM search_documents
     WHERE user_id = kith_current_user_id() AND user_id = p_user AND tsv @@ p_query
       AND (p_kinds IS NULL OR source_kind = ANY (p_kinds))
     ORDER BY 2 DESC, 1
     LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kith_search_full_text(uuid, tsquery, text[], integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_search_full_text(uuid, tsquery, text[], integer) TO kith_app;
