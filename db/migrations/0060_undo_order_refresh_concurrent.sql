-- Two processes that start at once both refresh undo's restore order after migrating: a delete
-- then an insert raced on the primary key. The refresh is an upsert instead, plus removal of
-- tables that are gone, so concurrent refreshes agree.
CREATE OR REPLACE FUNCTION kith_refresh_undo_order() RETURNS void LANGUAGE sql AS $$
  INSERT INTO kith_undo_order (table_name, depth)
    SELECT table_name, depth FROM kith_undoable_table_depths()
  ON CONFLICT (table_name) DO UPDATE SET depth = excluded.depth;
  DELETE FROM kith_undo_order o
   WHERE NOT EXISTS (SELECT 1 FROM kith_undoable_table_depths() d WHERE d.table_name = o.table_name);
$$;
