-- The offline sentence encoder (Universal Sentence Encoder lite, agent/embeddings/sentence-encoder.ts)
-- makes 512-dimension vectors: each vector partition gets its partial HNSW index for that size now,
-- before the first such vector arrives, as 0004 did for the sizes known then. Vectors of the
-- lexical embedder (384) stay where they are; a serving process re-embeds every document for the
-- new model in the background (`kith doctor` shows how far it is) and search meanwhile uses
-- full-text plus whatever vectors of the new model exist.
DO $$
DECLARE p text;
BEGIN
  IF to_regclass('public.embeddings') IS NULL THEN
    RETURN; -- no pgvector here: full-text search only
  END IF;
  FOR p IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'public.embeddings'::regclass LOOP
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %I USING hnsw ((embedding::vector(512)) vector_cosine_ops) WITH (m = 16, ef_construction = 64) WHERE dimensions = 512',
      p || '_hnsw_512', p);
  END LOOP;
END
$$;
