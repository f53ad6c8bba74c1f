-- Full-text search read only the transaction's user's documents in principle, but the GIN index on
-- tsv holds every user's: a frequent word's posting list brought every user's matching rows to the
-- heap, and the user filter came after (~9,000 of 18,000 rows thrown away per word at 2 x 100,000
-- notes). btree_gin (PostgreSQL contrib, like pg_trgm, and shipped with PGlite) puts the user in
-- the index key, so the index returns the user's matches alone.
CREATE EXTENSION IF NOT EXISTS btree_gin;
--> statement-breakpoint
CREATE INDEX "search_documents_user_tsv_idx" ON "search_documents" USING gin ("user_id","tsv");
--> statement-breakpoint
DROP INDEX "search_documents_tsv_idx";
--> statement-breakpoint
DROP FUNCTION kith_search_full_text(uuid, tsquery, text[], integer);
--> statement-breakpoint
-- Full-text candidates of the transaction's user, best first: documents with every word of the
-- query (p_query) before documents with only some of them (p_broad, when given), each group ranked
-- by ts_rank. Ranking is per matching row, so the narrow query first keeps a two-word search from
-- ranking every document that has either word; the broad query runs only when the narrow one
-- finds fewer than p_limit. Security definer for the reason given in 0010: it filters on the
-- transaction's user itself, and so returns exactly what the row-level policy allows.
CREATE FUNCTION kith_search_full_text(p_user uuid, p_query tsquery, p_broad tsquery, p_kinds text[], p_limit integer)
  RETURNS TABLE (document_id uuid, rank real)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
DECLARE
  v_found integer;
BEGIN
  IF p_user IS DISTINCT FROM kith_current_user_id() THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT d.id, ts_rank(d.tsv, p_query)
      FROM search_documents d
     WHERE d.user_id = p_user AND d.tsv @@ p_query AND (p_kinds IS NULL OR d.source_kind = ANY (p_kinds))
     ORDER BY 2 DESC, 1
     LIMIT p_limit;
  GET DIAGNOSTICS v_found = ROW_COUNT;
  IF v_found >= p_limit OR p_broad IS NULL OR p_broad::text = p_query::text THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT d.id, ts_rank(d.tsv, p_broad)
      FROM search_documents d
     WHERE d.user_id = p_user AND d.tsv @@ p_broad AND NOT d.tsv @@ p_query
       AND (p_kinds IS NULL OR d.source_kind = ANY (p_kinds))
     ORDER BY 2 DESC, 1
     LIMIT p_limit - v_found;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kith_search_full_text(uuid, tsquery, tsquery, text[], integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_search_full_text(uuid, tsquery, tsquery, text[], integer) TO kith_app;
