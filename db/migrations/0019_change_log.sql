-- Undo, as one mechanism at the storage layer. A tool call that writes runs with kith.change_id
-- set for its transaction (runTool); statement triggers on every undoable crm_ table copy the old
-- and new image of each row it changed into crm_change_log under that id, and runTool records the
-- call as a change set. kith_undo_change() puts every row of a set back as it was, newest row
-- first, refusing when a later change altered one of them. A write with no change id (migrations,
-- an operator's SQL, deleting a user) is not logged.
--
-- Undoable tables are found, not listed: every public crm_ table with a uuid `id` and a `user_id`,
-- except the chat transcript and the log itself, and any table whose comment says kith:no-undo
-- (for an audit trail or other history that must never be rewound). kith_track_changes() installs
-- the triggers on one table; start-up (db/connection.ts) calls it for a table added after this
-- migration, so a later table (tasks) is covered without editing this file.
ALTER TYPE activity_type ADD VALUE IF NOT EXISTS 'change_undone';
--> statement-breakpoint
CREATE TABLE crm_change_sets (
  seq bigserial PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tool_name text NOT NULL,
  summary text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  undone_at timestamptz,
  -- The change set of the undo that reversed this one (undoing that undo clears both).
  undone_by uuid
);
--> statement-breakpoint
CREATE INDEX crm_change_sets_user_seq_idx ON crm_change_sets (user_id, seq);
--> statement-breakpoint
CREATE INDEX crm_change_sets_user_created_idx ON crm_change_sets (user_id, created_at);
--> statement-breakpoint
CREATE TABLE crm_change_log (
  seq bigserial PRIMARY KEY,
  change_id uuid NOT NULL,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  op "char" NOT NULL CHECK (op IN ('I', 'U', 'D')),
  old_row jsonb,
  new_row jsonb
);
--> statement-breakpoint
CREATE INDEX crm_change_log_change_idx ON crm_change_log (change_id, seq);
--> statement-breakpoint
CREATE INDEX crm_change_log_row_idx ON crm_change_log (row_id, seq);
--> statement-breakpoint
ALTER TABLE crm_change_sets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_change_sets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_change_sets_owner ON crm_change_sets USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TABLE crm_change_log ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_change_log FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_change_log_owner ON crm_change_log USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_change_sets, crm_change_log TO kith_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON SEQUENCE crm_change_sets_seq_seq, crm_change_log_seq_seq TO kith_app;
--> statement-breakpoint
-- One trigger function for the three events: a transition table is named per event, and plpgsql
-- plans a statement only when it runs, so a branch naming new_rows is never planned for a delete.
CREATE FUNCTION kith_change_log_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  change uuid := nullif(current_setting('kith.change_id', true), '')::uuid;
BEGIN
  IF change IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO crm_change_log (change_id, user_id, table_name, row_id, op, new_row)
    SELECT change, n.user_id, TG_TABLE_NAME, n.id, 'I', to_jsonb(n) FROM new_rows n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO crm_change_log (change_id, user_id, table_name, row_id, op, old_row)
    SELECT change, o.user_id, TG_TABLE_NAME, o.id, 'D', to_jsonb(o) FROM old_rows o;
  ELSE
    INSERT INTO crm_change_log (change_id, user_id, table_name, row_id, op, old_row, new_row)
    SELECT change, n.user_id, TG_TABLE_NAME, n.id, 'U', to_jsonb(o), to_jsonb(n)
      FROM old_rows o JOIN new_rows n ON n.id = o.id;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- The tables undo covers (see the head of this file).
CREATE FUNCTION kith_undoable_tables() RETURNS SETOF regclass LANGUAGE sql STABLE AS $$
  SELECT c.oid::regclass
    FROM pg_class c
    JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public'
   WHERE c.relkind IN ('r', 'p')
     AND c.relname LIKE 'crm\_%'
     AND c.relname NOT LIKE 'crm\_chat\_%'
     AND c.relname NOT LIKE 'crm\_change\_%'
     AND coalesce(obj_description(c.oid, 'pg_class'), '') NOT LIKE '%kith:no-undo%'
     AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND a.atttypid = 'uuid'::regtype AND NOT a.attisdropped)
     AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped)
$$;
--> statement-breakpoint
-- Undoable tables that lack their triggers (start-up installs them).
CREATE FUNCTION kith_untracked_tables() RETURNS SETOF regclass LANGUAGE sql STABLE AS $$
  SELECT t FROM kith_undoable_tables() t
   WHERE NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = t AND g.tgname = 'kith_change_log_delete')
$$;
--> statement-breakpoint
CREATE FUNCTION kith_track_changes(p_table regclass) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS kith_change_log_insert ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS kith_change_log_update ON %s', p_table);
  EXECUTE format('DROP TRIGGER IF EXISTS kith_change_log_delete ON %s', p_table);
  EXECUTE format('CREATE TRIGGER kith_change_log_insert AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_change_log_rows()', p_table);
  EXECUTE format('CREATE TRIGGER kith_change_log_update AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_change_log_rows()', p_table);
  -- Created last: its presence is what kith_untracked_tables() checks.
  EXECUTE format('CREATE TRIGGER kith_change_log_delete AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_change_log_rows()', p_table);
END
$$;
--> statement-breakpoint
SELECT kith_track_changes(t) FROM kith_undoable_tables() t;
--> statement-breakpoint
-- How deep each undoable table sits under the others by foreign key (a contact 0, its interactions 1).
CREATE FUNCTION kith_undoable_table_depths() RETURNS TABLE (table_name text, depth int) LANGUAGE sql STABLE AS $$
  WITH RECURSIVE tracked AS (SELECT t::text AS name FROM kith_undoable_tables() t),
  fk AS (
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
      FROM pg_constraint c
     WHERE c.contype = 'f' AND c.conrelid <> c.confrelid
       AND c.conrelid::regclass::text IN (SELECT name FROM tracked) AND c.confrelid::regclass::text IN (SELECT name FROM tracked)
  ), walk(name, depth) AS (
    SELECT name, 0 FROM tracked
    UNION ALL
    SELECT fk.child, walk.depth + 1 FROM walk JOIN fk ON fk.parent = walk.name WHERE walk.depth < 32
  )
  SELECT name, max(depth) FROM walk GROUP BY name
$$;
--> statement-breakpoint
-- Reverses one change set, as the calling user (row-level security applies to every statement),
-- and returns how many rows of each table it put back. The order keeps every foreign key
-- satisfied whatever order the triggers logged a cascade in: deleted rows come back first, parents
-- before children; then updated rows get their old values, newest change first; then inserted rows
-- go, children before parents. A row that is no longer as the change left it (changed, deleted or
-- re-created later) stops the whole undo with SQLSTATE KU409, naming the row and the later change.
CREATE FUNCTION kith_undo_change(p_change uuid) RETURNS jsonb LANGUAGE plpgsql AS $$
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
             FROM crm_change_log l LEFT JOIN kith_undoable_table_depths() d ON d.table_name = l.table_name
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
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_undo_change(uuid), kith_change_log_rows() TO kith_app;
