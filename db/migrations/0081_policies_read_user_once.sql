-- Row-level security reads the current user once per statement (issue 21). Every policy compared
-- user_id with kith_current_user_id(), which is inlined as current_setting('kith.user_id') and a cast
-- to uuid. Alone beside a query's own user_id = …, the planner folded it into a one-time filter; OR-ed
-- with the team-read policies of 0078 it became part of a filter evaluated on every row read, and
-- going cold, fragment search and the dashboard slowed by 1.6-2.4×. Written as a scalar subquery,
-- (SELECT kith_current_user_id()), it is an InitPlan: computed once per statement, and each row
-- compares user_id with its result. Same value, same rows; only when it is computed changes.
--
-- Every policy of the schema is rewritten, not only those of the tables with team policies: a
-- policy added beside one of them later then needs no second look, and
-- db/row-level-security.test.ts refuses the per-row form in any policy. The policy's own text, as
-- the catalog deparses it (what pg_dump restores from), is kept except for the call, so USING and
-- WITH CHECK stay what they were. A call already inside a subquery deparses as
-- "SELECT kith_current_user_id() AS …" and is left alone.
DO $$
DECLARE
  p record;
  per_row constant text := '(?<!SELECT )kith_current_user_id\(\)';
  once constant text := '(SELECT kith_current_user_id())';
BEGIN
  FOR p IN
    SELECT pol.polname, c.relname,
           pg_get_expr(pol.polqual, pol.polrelid) AS qual,
           pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check
      FROM pg_policy pol
      JOIN pg_class c ON c.oid = pol.polrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public'
  LOOP
    IF p.qual ~ per_row THEN
      EXECUTE format('ALTER POLICY %I ON %I USING (%s)', p.polname, p.relname, regexp_replace(p.qual, per_row, once, 'g'));
    END IF;
    IF p.with_check ~ per_row THEN
      EXECUTE format('ALTER POLICY %I ON %I WITH CHECK (%s)', p.polname, p.relname, regexp_replace(p.with_check, per_row, once, 'g'));
    END IF;
  END LOOP;
END
$$;
--> statement-breakpoint
-- A user's own partition of `embeddings` (0014) gets its policy when it is made: in the same form.
CREATE OR REPLACE FUNCTION kith_vector_partition(p_user uuid) RETURNS text
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
  EXECUTE format('CREATE POLICY embeddings_owner ON %I USING (user_id = (SELECT kith_current_user_id())) WITH CHECK (user_id = (SELECT kith_current_user_id()))', v_name);
  RETURN v_name;
END
$$;
