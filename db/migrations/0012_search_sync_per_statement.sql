-- New records reach search_documents one statement at a time instead of one row at a time.
-- The row trigger of 0004 ran two plpgsql functions and three statements for every inserted row:
-- 660 of the 900 us an imported note cost on PGlite (bench: import with and without it). An
-- AFTER INSERT trigger per statement reads the inserted rows as a transition table and writes
-- their documents and queue entries in two set-based statements. Updates and deletes keep the
-- row trigger (kith_search_sync), which compares each row's old and new text.
-- A row just inserted has no document (the delete trigger removes a record's document with it),
-- so there is nothing to update here; ON CONFLICT only keeps a stray one as it is.
CREATE FUNCTION kith_search_interactions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH docs AS (
    INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash, updated_at)
    SELECT r.user_id, 'interaction', r.id, r.contact_id, NULL, coalesce(nullif(btrim(r.subject), ''), ''), r.t, md5(r.t), now()
      FROM (SELECT n.user_id, n.id, n.contact_id, n.subject, kith_search_interaction_text(n.subject, n.notes) AS t FROM new_rows n) r
     WHERE r.t IS NOT NULL
    ON CONFLICT (source_kind, source_id) DO NOTHING
    RETURNING id, user_id)
  INSERT INTO search_embedding_queue (document_id, user_id) SELECT id, user_id FROM docs;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kith_search_contacts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH docs AS (
    INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash, updated_at)
    SELECT n.user_id, 'contact', n.id, n.id, NULL, btrim(n.first_name || ' ' || n.last_name), btrim(n.notes), md5(btrim(n.notes)), now()
      FROM new_rows n
     WHERE nullif(btrim(n.notes), '') IS NOT NULL
    ON CONFLICT (source_kind, source_id) DO NOTHING
    RETURNING id, user_id)
  INSERT INTO search_embedding_queue (document_id, user_id) SELECT id, user_id FROM docs;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE FUNCTION kith_search_opportunities_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH docs AS (
    INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash, updated_at)
    SELECT r.user_id, 'opportunity', r.id, r.contact_id, r.id, kith_search_opportunity_title(r.job_title, r.company_name), r.t, md5(r.t), now()
      FROM (SELECT n.*, kith_search_opportunity_text(n.job_title, n.company_name, n.job_description, n.notes) AS t FROM new_rows n) r
     WHERE nullif(btrim(r.t), '') IS NOT NULL
    ON CONFLICT (source_kind, source_id) DO NOTHING
    RETURNING id, user_id)
  INSERT INTO search_embedding_queue (document_id, user_id) SELECT id, user_id FROM docs;
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
GRANT EXECUTE ON FUNCTION kith_search_interactions_inserted(), kith_search_contacts_inserted(),
  kith_search_opportunities_inserted() TO kith_app;
