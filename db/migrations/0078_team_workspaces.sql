-- Team workspaces for the Enterprise plan (issue 19 item 2). A team has an owner (its user_id) and
-- members; a contact or an opportunity is private (team_id null, the default) or shared with one
-- team of its owner's. Row-level security decides who reads what, not the application:
--   * a shared record is readable by every member of its team; only its owner changes or deletes
--     it (the write policies stay user_id = current);
--   * the interactions of a shared contact are readable by the team, and a member may log their
--     own interactions against it (an interaction is always its logger's row);
--   * a record can only be shared with a team its owner is in (restrictive policies on insert and
--     update), and an interaction only logged against a contact its logger can see.
-- The shared-read policies compare team_id with the caller's teams computed once per statement
-- (an InitPlan over team_members, indexed by user), and are OR'd after user_id = current, so a
-- user's own rows pass on the first test and a scan by user_id stays an index scan.
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_name_length" CHECK (length(btrim("name")) BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "teams_user_name_key" ON "teams" ("user_id", lower("name"));
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL REFERENCES "teams"("id") ON DELETE CASCADE,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
	"added_at" timestamp with time zone DEFAULT now() NOT NULL,
	PRIMARY KEY ("team_id", "user_id")
);
--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" ("user_id", "team_id");
--> statement-breakpoint
-- The caller's teams. SECURITY DEFINER: team_members' own policy reads it, which would otherwise recurse.
CREATE FUNCTION kith_my_team_ids() RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(array_agg(team_id), '{}'::uuid[]) FROM team_members WHERE user_id = kith_current_user_id()
$$;
--> statement-breakpoint
-- A team is made only on a plan with teams (Enterprise, or no plan on a self-hosted install), and
-- its owner is its first member.
CREATE FUNCTION kith_team_created() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF NOT kith_plan_allows(NEW.user_id, 'teams') THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', DETAIL = 'plan_feature',
      MESSAGE = format('Team workspaces are part of the Enterprise plan; you are on the %s plan. Upgrade to Enterprise to create a team.', kith_plan_title(NEW.user_id));
  END IF;
  INSERT INTO team_members (team_id, user_id) VALUES (NEW.id, NEW.user_id);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "teams_created" AFTER INSERT ON "teams" FOR EACH ROW EXECUTE FUNCTION kith_team_created();
--> statement-breakpoint
ALTER TABLE "teams" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "teams" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "teams_owner" ON "teams" USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
CREATE POLICY "teams_member_read" ON "teams" FOR SELECT USING (id = ANY ((SELECT kith_my_team_ids())::uuid[]));
--> statement-breakpoint
ALTER TABLE "team_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "team_members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Members are added and removed through the functions below only (they check who may).
CREATE POLICY "team_members_read" ON "team_members" FOR SELECT USING (user_id = kith_current_user_id() OR team_id = ANY ((SELECT kith_my_team_ids())::uuid[]));
--> statement-breakpoint
GRANT SELECT, INSERT ON "teams" TO kith_app;
--> statement-breakpoint
GRANT UPDATE ("name") ON "teams" TO kith_app;
--> statement-breakpoint
GRANT SELECT ON "team_members" TO kith_app;
--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "team_id" uuid REFERENCES "teams"("id") ON DELETE SET NULL;
--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD COLUMN "team_id" uuid REFERENCES "teams"("id") ON DELETE SET NULL;
--> statement-breakpoint
CREATE INDEX "crm_contacts_team_idx" ON "crm_contacts" ("team_id") WHERE "team_id" IS NOT NULL;
--> statement-breakpoint
CREATE INDEX "crm_opportunities_team_idx" ON "crm_opportunities" ("team_id") WHERE "team_id" IS NOT NULL;
--> statement-breakpoint
CREATE POLICY "crm_contacts_team_read" ON "crm_contacts" FOR SELECT USING (team_id = ANY ((SELECT kith_my_team_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY "crm_opportunities_team_read" ON "crm_opportunities" FOR SELECT USING (team_id = ANY ((SELECT kith_my_team_ids())::uuid[]));
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['crm_contacts', 'crm_opportunities']
  LOOP
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR INSERT WITH CHECK (team_id IS NULL OR team_id = ANY ((SELECT kith_my_team_ids())::uuid[]))', t || '_share_own_team_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK (team_id IS NULL OR team_id = ANY ((SELECT kith_my_team_ids())::uuid[]))', t || '_share_own_team_update', t);
  END LOOP;
END
$$;
--> statement-breakpoint
CREATE POLICY "crm_interactions_team_read" ON "crm_interactions" FOR SELECT
	USING (EXISTS (SELECT 1 FROM crm_contacts c WHERE c.id = crm_interactions.contact_id AND c.team_id = ANY ((SELECT kith_my_team_ids())::uuid[])));
--> statement-breakpoint
CREATE POLICY "crm_interactions_contact_visible_insert" ON "crm_interactions" AS RESTRICTIVE FOR INSERT
	WITH CHECK (EXISTS (SELECT 1 FROM crm_contacts c WHERE c.id = crm_interactions.contact_id));
--> statement-breakpoint
CREATE POLICY "crm_interactions_contact_visible_update" ON "crm_interactions" AS RESTRICTIVE FOR UPDATE
	USING (true) WITH CHECK (EXISTS (SELECT 1 FROM crm_contacts c WHERE c.id = crm_interactions.contact_id));
--> statement-breakpoint
-- The owner of a team adds a member by e-mail (a user of this Kith who is not disabled).
CREATE FUNCTION kith_add_team_member(p_team uuid, p_email text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t teams;
  added uuid;
BEGIN
  SELECT * INTO t FROM teams WHERE id = p_team AND id = ANY (kith_my_team_ids());
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KP404', MESSAGE = 'You are in no team with that id.';
  END IF;
  IF t.user_id <> kith_current_user_id() THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = format('Only the owner of the team %s adds members.', t.name);
  END IF;
  IF NOT kith_plan_allows(t.user_id, 'teams') THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', DETAIL = 'plan_feature',
      MESSAGE = format('Team workspaces are part of the Enterprise plan; you are on the %s plan. Upgrade to Enterprise to add members.', kith_plan_title(t.user_id));
  END IF;
  SELECT id INTO added FROM users WHERE lower(email) = lower(btrim(p_email)) AND disabled_at IS NULL;
  IF added IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'KP404', MESSAGE = format('No user of this Kith has the e-mail %s.', btrim(p_email));
  END IF;
  INSERT INTO team_members (team_id, user_id) VALUES (p_team, added) ON CONFLICT DO NOTHING;
  RETURN added;
END $$;
--> statement-breakpoint
-- The owner removes a member, or a member leaves. What the member shared with the team becomes
-- private again: their own rows, so not a change the caller could undo (no change id for it).
CREATE FUNCTION kith_remove_team_member(p_team uuid, p_user uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  t teams;
  me uuid := kith_current_user_id();
  change text := current_setting('kith.change_id', true);
BEGIN
  SELECT * INTO t FROM teams WHERE id = p_team AND id = ANY (kith_my_team_ids());
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KP404', MESSAGE = 'You are in no team with that id.';
  END IF;
  IF p_user = t.user_id THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = format('The owner of the team %s cannot leave it.', t.name);
  END IF;
  IF me <> t.user_id AND me <> p_user THEN
    RAISE EXCEPTION USING ERRCODE = 'KP403', MESSAGE = format('Only the owner of the team %s removes members; a member may leave it.', t.name);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM team_members WHERE team_id = p_team AND user_id = p_user) THEN
    RAISE EXCEPTION USING ERRCODE = 'KP404', MESSAGE = format('That user is not a member of the team %s.', t.name);
  END IF;
  PERFORM set_config('kith.change_id', '', true);
  UPDATE crm_contacts SET team_id = NULL WHERE user_id = p_user AND team_id = p_team;
  UPDATE crm_opportunities SET team_id = NULL WHERE user_id = p_user AND team_id = p_team;
  PERFORM set_config('kith.change_id', coalesce(change, ''), true);
  DELETE FROM team_members WHERE team_id = p_team AND user_id = p_user;
END $$;
--> statement-breakpoint
-- Who is in the caller's teams, with their names (the app role reads no other users row).
CREATE FUNCTION kith_team_roster()
RETURNS TABLE (team_id uuid, team_name text, team_owner uuid, team_created_at timestamptz, user_id uuid, email text, display_name text, added_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT m.team_id, t.name, t.user_id, t.created_at, m.user_id, u.email, u.display_name, m.added_at
    FROM team_members m JOIN teams t ON t.id = m.team_id JOIN users u ON u.id = m.user_id
   WHERE m.team_id = ANY (kith_my_team_ids())
   ORDER BY t.name, t.id, m.added_at, m.user_id
$$;
--> statement-breakpoint
REVOKE EXECUTE ON FUNCTION kith_my_team_ids(), kith_add_team_member(uuid, text), kith_remove_team_member(uuid, uuid), kith_team_roster() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_my_team_ids(), kith_add_team_member(uuid, text), kith_remove_team_member(uuid, uuid), kith_team_roster() TO kith_app;
