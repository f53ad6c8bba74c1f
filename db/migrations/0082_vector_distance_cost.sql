-- Vector search reads the HNSW index again at every partition size. pgvector declares its cosine
-- distance with PostgreSQL's default cost (1, a simple comparison's), so the planner priced an
-- exact scan of a user's 20,000 vectors (seq scan, then a top-N sort on the distance) at 1,591
-- against 1,623 for the HNSW index scan, and chose the scan: 0.7-2.4 s a search on a loaded
-- machine where the index answers in 2.7 ms (EXPLAIN ANALYZE, PGlite, 2 x 20,000 notes, load 13).
-- A distance is far from a comparison: a 512-dimension vector is stored out of line (TOAST), and
-- that exact scan spent ~110 µs a row against ~6 µs for reading and filtering the row alone, about
-- 18 times the planner's whole per-row price (0.0175), that is ~130 times cpu_operator_cost. Cost
-- 100 says so. Nothing else changes: an exact scan stays the plan where nothing cheaper exists
-- (a small user in the shared partition, the benchmark's exact recall scan), and results are the
-- same rows, only found through the index. Where the migration's role does not own pgvector's
-- functions (a server where a superuser installed the extension), it says so and goes on: searches
-- are then as before.
DO $$
BEGIN
  -- no pgvector here: nothing to price (the type first: PostgreSQL 15 fails on a signature naming a missing type)
  IF to_regtype('vector') IS NULL THEN
    RETURN;
  END IF;
  IF to_regprocedure('cosine_distance(vector, vector)') IS NULL THEN
    RETURN;
  END IF;
  ALTER FUNCTION cosine_distance(vector, vector) COST 100;
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'cosine_distance(vector, vector) keeps its cost: %', SQLERRM;
END
$$;
