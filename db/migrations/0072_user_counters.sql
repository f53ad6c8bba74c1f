-- Per-user counts kept by triggers in the same transaction as the change (issue 21): the dashboard,
-- the contact list's total and the plan limit read one row instead of counting a user's whole
-- table, so their cost does not grow with the number of contacts. Written only by the trigger
-- (SECURITY DEFINER); the app role may only read its own row. History of it is not undo's business:
-- undoing a change re-runs the triggers, which put the counts right by themselves.
CREATE TABLE "crm_user_counters" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"contacts" integer DEFAULT 0 NOT NULL,
	"contacts_with_follow_up" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
COMMENT ON TABLE "crm_user_counters" IS 'kith:no-undo';
--> statement-breakpoint
GRANT SELECT ON "crm_user_counters" TO kith_app;
--> statement-breakpoint
ALTER TABLE "crm_user_counters" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "crm_user_counters" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "crm_user_counters_owner" ON "crm_user_counters" USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
INSERT INTO "crm_user_counters" ("user_id", "contacts", "contacts_with_follow_up")
	SELECT user_id, count(*), count(next_follow_up_date) FROM crm_contacts GROUP BY user_id;
--> statement-breakpoint
-- Per statement, from the transition tables: an import of 10,000 contacts is one upsert per user.
-- A user being deleted (its contacts go by cascade) has no row to keep.
CREATE FUNCTION kith_apply_contact_counts(p_delta jsonb) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO crm_user_counters AS c (user_id, contacts, contacts_with_follow_up)
  SELECT (d->>'user_id')::uuid, (d->>'n')::int, (d->>'f')::int FROM jsonb_array_elements(p_delta) d
   WHERE ((d->>'n')::int <> 0 OR (d->>'f')::int <> 0) AND EXISTS (SELECT 1 FROM users u WHERE u.id = (d->>'user_id')::uuid)
  ON CONFLICT (user_id) DO UPDATE
    SET contacts = c.contacts + excluded.contacts,
        contacts_with_follow_up = c.contacts_with_follow_up + excluded.contacts_with_follow_up
$$;
--> statement-breakpoint
-- Each branch names only the transition tables its trigger has (plpgsql plans a statement when it first runs).
CREATE FUNCTION kith_count_contacts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM kith_apply_contact_counts(coalesce((SELECT jsonb_agg(jsonb_build_object('user_id', user_id, 'n', n, 'f', f)) FROM (
      SELECT user_id, count(*) AS n, count(next_follow_up_date) AS f FROM new_rows GROUP BY user_id) x), '[]'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM kith_apply_contact_counts(coalesce((SELECT jsonb_agg(jsonb_build_object('user_id', user_id, 'n', -n, 'f', -f)) FROM (
      SELECT user_id, count(*) AS n, count(next_follow_up_date) AS f FROM old_rows GROUP BY user_id) x), '[]'));
  ELSE
    PERFORM kith_apply_contact_counts(coalesce((SELECT jsonb_agg(jsonb_build_object('user_id', user_id, 'n', n, 'f', f)) FROM (
      SELECT user_id, sum(n)::int AS n, sum(f)::int AS f FROM (
        SELECT user_id, 1 AS n, (next_follow_up_date IS NOT NULL)::int AS f FROM new_rows
        UNION ALL
        SELECT user_id, -1, -((next_follow_up_date IS NOT NULL)::int) FROM old_rows) changes
      GROUP BY user_id) x), '[]'));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Named to run before crm_contacts_plan_limit (triggers of one event fire in name order), which reads the count.
CREATE TRIGGER "crm_contacts_counters_insert" AFTER INSERT ON "crm_contacts"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_count_contacts();
--> statement-breakpoint
CREATE TRIGGER "crm_contacts_counters_update" AFTER UPDATE ON "crm_contacts"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_count_contacts();
--> statement-breakpoint
CREATE TRIGGER "crm_contacts_counters_delete" AFTER DELETE ON "crm_contacts"
	REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_count_contacts();
--> statement-breakpoint
-- The plan limit reads the kept count (the counters trigger above has already added this statement's rows).
CREATE OR REPLACE FUNCTION kith_enforce_contact_limit() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  r record;
  total bigint;
BEGIN
  FOR r IN
    SELECT i.user_id, p.title, p.contact_limit, count(*) AS added
      FROM inserted i JOIN users u ON u.id = i.user_id JOIN plans p ON p.name = u.plan
     WHERE p.contact_limit IS NOT NULL
     GROUP BY i.user_id, p.title, p.contact_limit
  LOOP
    PERFORM pg_advisory_xact_lock(hashtextextended('kith.contact_limit:' || r.user_id::text, 0));
    SELECT contacts INTO total FROM crm_user_counters WHERE user_id = r.user_id;
    IF total > r.contact_limit THEN
      RAISE EXCEPTION USING ERRCODE = 'KP402',
        MESSAGE = format('The %s plan allows up to %s contacts: you have %s, and this would add %s. Nothing was added; upgrade your plan or delete contacts first.',
          r.title, r.contact_limit, total - r.added, r.added),
        DETAIL = r.title, HINT = r.contact_limit::text;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
