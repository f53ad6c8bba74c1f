-- Vectors are partitioned by user: a user whose backlog is big enough for a bulk load (an import, a
-- reindex) gets a partition, and so an HNSW graph, of their own (kith_vector_partition); everyone
-- else shares embeddings_shared. In one graph holding every user's vectors, a search walks through
-- the other users' vectors and throws them away (pgvector's iterative scans keep the results full,
-- not the walk short): at 2 x 100,000 notes a user's own graph answered in 4.6 ms what the shared
-- one answered in 9.9, with the same recall. A bulk load also rebuilds only its user's graph.
-- Statements name the parent, `embeddings`; the planner prunes to the user's partition.
DO $$
DECLARE d int;
BEGIN
  IF to_regclass('public.embeddings') IS NULL THEN
    RETURN; -- no pgvector here: nothing to partition
  END IF;
  ALTER TABLE embeddings RENAME TO embeddings_shared;
  ALTER TABLE embeddings_shared DROP CONSTRAINT embeddings_pkey;
  ALTER INDEX embeddings_model_idx RENAME TO embeddings_shared_model_idx;
  FOR d IN SELECT (regexp_match(c.relname, '^embeddings_hnsw_(\d+)$'))[1]::int
             FROM pg_class c WHERE c.relkind = 'i' AND c.relname ~ '^embeddings_hnsw_\d+$' LOOP
    EXECUTE format('ALTER INDEX embeddings_hnsw_%s RENAME TO embeddings_shared_hnsw_%s', d, d);
  END LOOP;

  CREATE TABLE embeddings (
    document_id uuid NOT NULL REFERENCES search_documents(id) ON DELETE CASCADE,
    user_id uuid NOT NULL,
    source_kind text NOT NULL,
    model text NOT NULL,
    -- the shared partition's checks, by name, so that attaching it needs no second check of its rows
    dimensions integer NOT NULL CONSTRAINT embeddings_dimensions_check CHECK (dimensions > 0),
    content_hash text NOT NULL,
    embedding vector NOT NULL CONSTRAINT embeddings_check CHECK (vector_dims(embedding) = dimensions),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- a key of a partitioned table holds its partition key; a document's user never changes
    PRIMARY KEY (document_id, model, user_id)
  ) PARTITION BY LIST (user_id);
  CREATE INDEX embeddings_model_idx ON embeddings (model, document_id);
  ALTER TABLE embeddings_shared DROP CONSTRAINT IF EXISTS embeddings_document_id_fkey;
  ALTER TABLE embeddings ATTACH PARTITION embeddings_shared DEFAULT;

  ALTER TABLE embeddings ENABLE ROW LEVEL SECURITY;
  ALTER TABLE embeddings FORCE ROW LEVEL SECURITY;
  CREATE POLICY embeddings_owner ON embeddings
    USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
  GRANT SELECT, INSERT, UPDATE, DELETE ON embeddings TO kith_app;
END
$$;
--> statement-breakpoint
-- The user's own partition of `embeddings`, made on first call: the user's vectors move out of
-- embeddings_shared into it, and it gets the parent's keys and the same row-level security. Its HNSW
-- indexes are left to the caller (ensureVectorIndex), which builds them once the bulk load that asked
-- for the partition is in. Returns its name. Owner only (it changes the table).
CREATE FUNCTION kith_vector_partition(p_user uuid) RETURNS text
  LANGUAGE plpgsql SET search_path = public, pg_temp
  AS $$
DECLARE
  v_name text := 'embeddings_u_' || replace(p_user::text, '-', '');
BEGIN
  IF to_regclass('public.embeddings') IS NULL THEN
    RAISE EXCEPTION 'vectors are not stored in this database (no pgvector)';
  END IF;
  -- two processes making the same partition: the second waits, then finds it
  PERFORM pg_advisory_xact_lock(hashtext('kith_vector_partition'), hashtext(p_user::text));
  IF to_regclass('public.' || v_name) IS NOT NULL THEN
    RETURN v_name;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE embeddings INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_name);
  EXECUTE format('WITH moved AS (DELETE FROM embeddings_shared WHERE user_id = $1 RETURNING *) INSERT INTO %I SELECT * FROM moved', v_name)
    USING p_user;
  EXECUTE format('ALTER TABLE embeddings ATTACH PARTITION %I FOR VALUES IN (%L)', v_name, p_user);
  EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', v_name);
  EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', v_name);
  EXECUTE format('CREATE POLICY embeddings_owner ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', v_name);
  RETURN v_name;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kith_vector_partition(uuid) FROM PUBLIC;
