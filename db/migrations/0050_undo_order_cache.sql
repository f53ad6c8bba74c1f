-- Undo ordered its rows by walking the foreign keys of every undoable table in the catalog on
-- each call (kith_undoable_table_depths(), a recursive query over pg_constraint): most of an
-- undo's time. The order is kept in a table instead, refreshed when it can change: here, when
-- start-up installs the change log on a new table (kith_track_changes), and after migrations run
-- (db/connection.ts).
CREATE TABLE kith_undo_order (
  table_name text PRIMARY KEY,
  depth int NOT NULL
);
--> statement-breakpoint
COMMENT ON TABLE kith_undo_order IS 'How deep each undoable table sits under the others by foreign key; catalog facts, no user data.';
--> statement-breakpoint
GRANT SELECT ON kith_undo_order TO kith_app;
--> statement-breakpoint
CREATE FUNCTION kith_refresh_undo_order() RETURNS void LANGUAGE sql AS $$
  DELETE FROM kith_undo_order;
  INSERT INTO kith_undo_order (table_name, depth) SELECT table_name, depth FROM kith_undoable_table_depths();
$$;
--> statement-breakpoint
SELECT kith_refresh_undo_order();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_track_changes(p_table regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS kith_change_log_insert ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS kith_change_log_update ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS kith_change_log_delete ON %s', p_table);
  EXECUTE format('CREATE TRIGGER kith_change_log_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_change_log_rows()', p_table);
  EXECUTE format('CREATE TRIGGER kith_change_log_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_change_log_rows()', p_table);
  -- Created last: its presence is what kith_untracked_tables() checks.
  EXECUTE format('CREATE TRIGGER kith_change_log_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_change_log_rows()', p_table);
  -- A table tracked at start-up takes its place in the order undo restores rows in.
  PERFORM kith_refresh_undo_order();
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kith_undo_change(p_change uuid) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  r record;
  cols text;
  columns jsonb := '{}'::jsonb;
  counts jsonb := '{}'::jsonb;
  current jsonb;
  expected jsonb;
  later record;
BEGIN
  FOR r IN SELECT l.seq, l.table_name, l.row_id, l.op, l.old_row, l.new_row
             FROM crm_change_log l LEFT JOIN kith_undo_order d ON d.table_name = l.table_name
            WHERE l.change_id = p_change
            ORDER BY CASE l.op WHEN 'D' THEN 0 WHEN 'U' THEN 1 ELSE 2 END,
                     CASE l.op WHEN 'D' THEN coalesce(d.depth, 0) WHEN 'I' THEN -coalesce(d.depth, 0) ELSE 0 END,
                     l.seq DESC
  LOOP
    IF NOT columns ? r.table_name THEN
      SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO cols
        FROM pg_attribute a
       WHERE a.attrelid = r.table_name::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = '';
      columns := columns || jsonb_build_object(r.table_name, cols);
    END IF;
    cols := columns ->> r.table_name;
    EXECUTE format('SELECT to_jsonb(t) FROM %I t WHERE id = $1', r.table_name) INTO current USING r.row_id;
    IF r.op = 'D' THEN
      expected := NULL;
    ELSE
      EXECUTE format('SELECT to_jsonb(jsonb_populate_record(NULL::%I, $1))', r.table_name) INTO expected USING r.new_row;
    END IF;
    IF current IS DISTINCT FROM expected THEN
      SELECT s.tool_name, s.created_at INTO later
        FROM crm_change_log l JOIN crm_change_sets s ON s.id = l.change_id
       WHERE l.row_id = r.row_id AND l.seq > r.seq AND l.change_id <> p_change
       ORDER BY l.seq DESC LIMIT 1;
      RAISE EXCEPTION USING ERRCODE = 'KU409',
        MESSAGE = format('%s %s was changed after this change%s', r.table_name, r.row_id,
          CASE WHEN later.tool_name IS NOT NULL THEN format(' (by %s at %s)', later.tool_name, later.created_at) ELSE '' END),
        DETAIL = r.table_name, HINT = coalesce(later.tool_name, '');
    END IF;
    IF r.op = 'I' THEN
      EXECUTE format('DELETE FROM %I WHERE id = $1', r.table_name) USING r.row_id;
    ELSIF r.op = 'D' THEN
      EXECUTE format('INSERT INTO %I (%s) SELECT %s FROM jsonb_populate_record(NULL::%I, $1)', r.table_name, cols, cols, r.table_name) USING r.old_row;
    ELSE
      EXECUTE format('UPDATE %I SET (%s) = (SELECT %s FROM jsonb_populate_record(NULL::%I, $1)) WHERE id = $2', r.table_name, cols, cols, r.table_name)
        USING r.old_row, r.row_id;
    END IF;
    counts := jsonb_set(counts, ARRAY[r.table_name], to_jsonb(coalesce((counts ->> r.table_name)::int, 0) + 1));
  END LOOP;
  RETURN counts;
END
$$;
