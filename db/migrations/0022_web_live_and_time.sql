-- Whether an interaction's time of day was given: one logged with only a day is stamped at noon
-- (or now, for today) so that it stays on that day, and the page then shows the day without a time.
ALTER TABLE crm_interactions ADD COLUMN has_time boolean NOT NULL DEFAULT true;
--> statement-breakpoint
-- Every write of a tool records an activity in the same transaction; telling listeners once per
-- statement, when it commits, is how open pages of every kith serve on this database learn of a
-- change made anywhere (chat, REST, MCP, Slack, the CLI). The payload is the user's id only.
CREATE FUNCTION kith_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kith_changes', u.user_id::text) FROM (SELECT DISTINCT user_id FROM new_rows) u;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER kith_activities_notify AFTER INSERT ON crm_activities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_notify_change();
--> statement-breakpoint
-- An opportunity's posting URL and who referred you (a contact; kept when the contact is deleted, unlinked).
ALTER TABLE crm_opportunities ADD COLUMN job_url text;
--> statement-breakpoint
ALTER TABLE crm_opportunities ADD COLUMN referrer_id uuid REFERENCES crm_contacts(id) ON DELETE SET NULL;
--> statement-breakpoint
CREATE INDEX crm_opportunities_referrer_idx ON crm_opportunities (referrer_id) WHERE referrer_id IS NOT NULL;
