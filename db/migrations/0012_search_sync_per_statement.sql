-- New records reach search_documents one statement at a time instead of one row at a time.
-- The row trigger of 0004 ran two plpgsql functions and three statements for every inserted row:
-- 660 of the 900 us an imported note cost on PGlite (bench: import with and without it). An
-- AFTER INSERT trigger per statement reads the inserted rows as a transition table and writes
-- their documents and queue entries in two set-based statements. Updates and deletes keep the
-- row trigger (kith_search_sync), which compares each row's old and new text.
-- A row just inserted has no document (the delete trigger removes a record's document with it),
-- so there is nothing to update here; ON CONFLICT only keeps a stray one as it is.
-- The text of one new record, as each trigger below derives it from its table's rows.
CREATE TYPE kith_search_source AS (user_id uuid, source_id uuid, contact_id uuid, opportunity_id uuid, title text, content text);
--> statement-breakpoint
-- Documents and queue entries for new records; a record without text gets none (as in kith_search_put).
CREATE FUNCTION kith_search_add_documents(p_kind text, p_sources kith_search_source[]) RETURNS void LANGUAGE sql AS $$
  WITH docs AS (
    INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash, updated_at)
    SELECT s.user_id, p_kind, s.source_id, s.contact_id, s.opportunity_id, coalesce(s.title, ''), s.content, md5(s.content), now()
      FROM unnest(p_sources) s
     WHERE nullif(btrim(s.content), '') IS NOT NULL
    ON CONFLICT (source_kind, source_id) DO NOTHING
    RETURNING id, user_id)
  INSERT INTO search_embedding_queue (document_id, user_id) SELECT id, user_id FROM docs
$$;
--> statement-breakpoint
CREATE FUNCTION kith_search_interactions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kith_search_add_documents('interaction', array(
    SELECT row(n.user_id, n.id, n.contact_id, NULL, coalesce(nullif(btrim(n.subject), ''), ''),
               kith_search_interaction_text(n.subject, n.notes))::kith_search_source
      FROM new_rows n));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kith_search_contacts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kith_search_add_documents('contact', array(
    SELECT row(n.user_id, n.id, n.id, NULL, btrim(n.first_name || ' ' || n.last_name), nullif(btrim(n.notes), ''))::kith_search_source
      FROM new_rows n));
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kith_search_opportunities_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM kith_search_add_documents('opportunity', array(
    SELECT row(n.user_id, n.id, n.contact_id, n.id, kith_search_opportunity_title(n.job_title, n.company_name),
               kith_search_opportunity_text(n.job_title, n.company_name, n.job_description, n.notes))::kith_search_source
      FROM new_rows n));
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER crm_interactions_search ON crm_interactions;
--> statement-breakpoint
DROP TRIGGER crm_contacts_search ON crm_contacts;
--> statement-breakpoint
DROP TRIGGER crm_opportunities_search ON crm_opportunities;
--> statement-breakpoint
CREATE TRIGGER crm_interactions_search AFTER UPDATE OR DELETE ON crm_interactions
  FOR EACH ROW EXECUTE FUNCTION kith_search_sync('interaction');
--> statement-breakpoint
CREATE TRIGGER crm_contacts_search AFTER UPDATE OR DELETE ON crm_contacts
  FOR EACH ROW EXECUTE FUNCTION kith_search_sync('contact');
--> statement-breakpoint
CREATE TRIGGER crm_opportunities_search AFTER UPDATE OR DELETE ON crm_opportunities
  FOR EACH ROW EXECUTE FUNCTION kith_search_sync('opportunity');
--> statement-breakpoint
CREATE TRIGGER crm_interactions_search_inserted AFTER INSERT ON crm_interactions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_search_interactions_inserted();
--> statement-breakpoint
CREATE TRIGGER crm_contacts_search_inserted AFTER INSERT ON crm_contacts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_search_contacts_inserted();
--> statement-breakpoint
CREATE TRIGGER crm_opportunities_search_inserted AFTER INSERT ON crm_opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_search_opportunities_inserted();
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_search_add_documents(text, kith_search_source[]), kith_search_interactions_inserted(),
  kith_search_contacts_inserted(), kith_search_opportunities_inserted() TO kith_app;
--> statement-breakpoint
GRANT USAGE ON TYPE kith_search_source TO kith_app;
