-- Semantic and full-text search (issue 4).
-- search_documents holds one text per searchable record; triggers on the three source tables keep
-- it in step inside the writing transaction, whatever the write path (tools, import, raw SQL).
-- A changed text is marked 'pending' and its stale vectors are removed; the embedding worker
-- (agent/embeddings/worker.ts) embeds pending documents later, so a write never waits on a provider.
ALTER TABLE search_documents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE search_documents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY search_documents_owner ON search_documents
  USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON search_documents TO kith_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_search_put(
  p_user uuid, p_kind text, p_source uuid, p_contact uuid, p_opportunity uuid, p_title text, p_content text
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid;
  v_hash text;
  v_old_hash text;
  v_old_title text;
  v_old_contact uuid;
  v_old_opportunity uuid;
  v_old_user uuid;
BEGIN
  IF p_content IS NULL OR btrim(p_content) = '' THEN
    DELETE FROM search_documents WHERE source_kind = p_kind AND source_id = p_source;
    RETURN;
  END IF;
  v_hash := md5(p_content);
  SELECT id, content_hash, title, contact_id, opportunity_id, user_id
    INTO v_id, v_old_hash, v_old_title, v_old_contact, v_old_opportunity, v_old_user
    FROM search_documents WHERE source_kind = p_kind AND source_id = p_source;
  IF NOT FOUND THEN
    INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash,
                                  embedding_status, attempts, next_attempt_at, updated_at)
    VALUES (p_user, p_kind, p_source, p_contact, p_opportunity, coalesce(p_title, ''), p_content, v_hash, 'pending', 0, now(), now());
  ELSIF v_old_hash IS DISTINCT FROM v_hash OR v_old_user IS DISTINCT FROM p_user THEN
    UPDATE search_documents
       SET user_id = p_user, contact_id = p_contact, opportunity_id = p_opportunity, title = coalesce(p_title, ''),
           content = p_content, content_hash = v_hash, embedding_status = 'pending', attempts = 0,
           next_attempt_at = now(), last_error = NULL, updated_at = now()
     WHERE id = v_id;
    IF to_regclass('public.embeddings') IS NOT NULL THEN
      EXECUTE 'DELETE FROM embeddings WHERE document_id = $1' USING v_id;
    END IF;
  ELSIF v_old_title IS DISTINCT FROM coalesce(p_title, '') OR v_old_contact IS DISTINCT FROM p_contact
        OR v_old_opportunity IS DISTINCT FROM p_opportunity THEN
    -- the embedded text is unchanged: keep the vector, refresh what is shown and filtered on
    UPDATE search_documents
       SET contact_id = p_contact, opportunity_id = p_opportunity, title = coalesce(p_title, ''), updated_at = now()
     WHERE id = v_id;
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_search_interaction_text(subject text, notes text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT nullif(concat_ws(E'\n', nullif(btrim(subject), ''), nullif(btrim(notes), '')), '') $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_search_opportunity_title(job_title text, company_name text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(nullif(btrim(job_title), '') || ' at ', '') || company_name $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_search_opportunity_text(job_title text, company_name text, job_description text, notes text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(E'\n', kith_search_opportunity_title(job_title, company_name), nullif(btrim(job_description), ''), nullif(btrim(notes), ''))
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  v_kind text := TG_ARGV[0];
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM search_documents WHERE source_kind = v_kind AND source_id = OLD.id;
    RETURN OLD;
  END IF;
  IF v_kind = 'interaction' THEN
    IF TG_OP = 'UPDATE' AND NEW.subject IS NOT DISTINCT FROM OLD.subject AND NEW.notes IS NOT DISTINCT FROM OLD.notes
       AND NEW.contact_id IS NOT DISTINCT FROM OLD.contact_id AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id THEN
      RETURN NEW;
    END IF;
    PERFORM kith_search_put(NEW.user_id, 'interaction', NEW.id, NEW.contact_id, NULL,
      coalesce(nullif(btrim(NEW.subject), ''), ''), kith_search_interaction_text(NEW.subject, NEW.notes));
  ELSIF v_kind = 'contact' THEN
    IF TG_OP = 'UPDATE' AND NEW.notes IS NOT DISTINCT FROM OLD.notes AND NEW.first_name IS NOT DISTINCT FROM OLD.first_name
       AND NEW.last_name IS NOT DISTINCT FROM OLD.last_name AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id THEN
      RETURN NEW;
    END IF;
    PERFORM kith_search_put(NEW.user_id, 'contact', NEW.id, NEW.id, NULL,
      btrim(NEW.first_name || ' ' || NEW.last_name), nullif(btrim(NEW.notes), ''));
  ELSE
    IF TG_OP = 'UPDATE' AND NEW.job_title IS NOT DISTINCT FROM OLD.job_title AND NEW.company_name IS NOT DISTINCT FROM OLD.company_name
       AND NEW.job_description IS NOT DISTINCT FROM OLD.job_description AND NEW.notes IS NOT DISTINCT FROM OLD.notes
       AND NEW.contact_id IS NOT DISTINCT FROM OLD.contact_id AND NEW.user_id IS NOT DISTINCT FROM OLD.user_id THEN
      RETURN NEW;
    END IF;
    PERFORM kith_search_put(NEW.user_id, 'opportunity', NEW.id, NEW.contact_id, NEW.id,
      kith_search_opportunity_title(NEW.job_title, NEW.company_name),
      kith_search_opportunity_text(NEW.job_title, NEW.company_name, NEW.job_description, NEW.notes));
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER crm_interactions_search AFTER INSERT OR UPDATE OR DELETE ON crm_interactions
  FOR EACH ROW EXECUTE FUNCTION kith_search_sync('interaction');
--> statement-breakpoint
CREATE TRIGGER crm_contacts_search AFTER INSERT OR UPDATE OR DELETE ON crm_contacts
  FOR EACH ROW EXECUTE FUNCTION kith_search_sync('contact');
--> statement-breakpoint
CREATE TRIGGER crm_opportunities_search AFTER INSERT OR UPDATE OR DELETE ON crm_opportunities
  FOR EACH ROW EXECUTE FUNCTION kith_search_sync('opportunity');
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_search_put(uuid, text, uuid, uuid, uuid, text, text), kith_search_sync(),
  kith_search_interaction_text(text, text), kith_search_opportunity_title(text, text),
  kith_search_opportunity_text(text, text, text, text) TO kith_app;
--> statement-breakpoint
-- Records written before this migration.
INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash)
SELECT user_id, 'interaction', id, contact_id, NULL::uuid, coalesce(nullif(btrim(subject), ''), ''), t, md5(t)
  FROM (SELECT *, kith_search_interaction_text(subject, notes) AS t FROM crm_interactions) i WHERE t IS NOT NULL
UNION ALL
SELECT user_id, 'contact', id, id, NULL::uuid, btrim(first_name || ' ' || last_name), btrim(notes), md5(btrim(notes))
  FROM crm_contacts WHERE nullif(btrim(notes), '') IS NOT NULL
UNION ALL
SELECT user_id, 'opportunity', id, contact_id, id, kith_search_opportunity_title(job_title, company_name), t, md5(t)
  FROM (SELECT *, kith_search_opportunity_text(job_title, company_name, job_description, notes) AS t FROM crm_opportunities) o
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Vectors: only where the pgvector extension is available (PGlite ships it; a PostgreSQL server may
-- not, and then Kith searches with full-text alone). The column is an untyped `vector` so that
-- models of different sizes can live side by side; each size gets its own partial HNSW index on
-- an expression cast to that size, used by queries that repeat the same cast and predicate.
DO $$
DECLARE d int;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    RAISE NOTICE 'pgvector is not available: semantic search is off, full-text search still works';
    RETURN;
  END IF;
  CREATE EXTENSION IF NOT EXISTS vector;
  CREATE TABLE IF NOT EXISTS embeddings (
    document_id uuid NOT NULL REFERENCES search_documents(id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    source_kind text NOT NULL,
    model text NOT NULL,
    dimensions integer NOT NULL CHECK (dimensions > 0),
    content_hash text NOT NULL,
    embedding vector NOT NULL CHECK (vector_dims(embedding) = dimensions),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (document_id, model)
  );
  CREATE INDEX IF NOT EXISTS embeddings_model_idx ON embeddings (model, document_id);
  -- 256: the offline embedder; 384/768/1024: common local models (nomic-embed-text is 768);
  -- 1536: text-embedding-3-small. Other sizes up to 2000 get an index from ensureVectorIndex().
  FOREACH d IN ARRAY ARRAY[256, 384, 768, 1024, 1536] LOOP
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS embeddings_hnsw_%s ON embeddings USING hnsw ((embedding::vector(%s)) vector_cosine_ops) WITH (m = 16, ef_construction = 64) WHERE dimensions = %s',
      d, d, d);
  END LOOP;
  ALTER TABLE embeddings ENABLE ROW LEVEL SECURITY;
  ALTER TABLE embeddings FORCE ROW LEVEL SECURITY;
  CREATE POLICY embeddings_owner ON embeddings
    USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
  GRANT SELECT, INSERT, UPDATE, DELETE ON embeddings TO kith_app;
END
$$;
