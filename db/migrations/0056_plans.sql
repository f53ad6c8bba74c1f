-- Subscription plans (Free, Personal, Professional, Enterprise) and each user's plan. A user with
-- no plan (a self-hosted install, the local owner) has no limits. The contact limit is enforced by
-- a trigger, so that no surface (a tool, an import, a script with SQL) can pass it; the error's
-- SQLSTATE KP402 is mapped to a "forbidden" tool error carrying the message as written here.
CREATE TABLE "plans" (
	"name" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"price_usd_month" integer NOT NULL,
	"contact_limit" integer,
	"features" text[] DEFAULT '{}'::text[] NOT NULL,
	"rank" smallint NOT NULL,
	CONSTRAINT "plans_features_known" CHECK ("features" <@ ARRAY['ai_insights', 'mail', 'calendar', 'crm_sync', 'teams']::text[])
);
--> statement-breakpoint
INSERT INTO "plans" ("name", "title", "price_usd_month", "contact_limit", "features", "rank") VALUES
	('free', 'Free', 0, 50, '{}', 0),
	('personal', 'Personal', 19, 500, '{}', 1),
	('professional', 'Professional', 39, NULL, '{ai_insights,mail,calendar}', 2),
	('enterprise', 'Enterprise', 99, NULL, '{ai_insights,mail,calendar,crm_sync,teams}', 3);
--> statement-breakpoint
GRANT SELECT ON "plans" TO kith_app;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "plan" text REFERENCES "plans"("name");
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "stripe_customer_id" text UNIQUE;
--> statement-breakpoint
-- Per statement, with the inserted rows as a transition table: an import of many contacts costs one
-- count per user, and a statement that would pass the limit is refused whole. The advisory lock
-- serialises concurrent inserts of one limited user, so two processes cannot both take the last place.
CREATE FUNCTION kith_enforce_contact_limit() RETURNS trigger
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
    SELECT count(*) INTO total FROM crm_contacts WHERE user_id = r.user_id;
    IF total > r.contact_limit THEN
      RAISE EXCEPTION USING ERRCODE = 'KP402',
        MESSAGE = format('The %s plan allows up to %s contacts: you have %s, and this would add %s. Nothing was added; upgrade your plan or delete contacts first.',
          r.title, r.contact_limit, total - r.added, r.added),
        DETAIL = r.title, HINT = r.contact_limit::text;
    END IF;
  END LOOP;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "crm_contacts_plan_limit" AFTER INSERT ON "crm_contacts"
	REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION kith_enforce_contact_limit();
--> statement-breakpoint
-- The features of the current user's plan (every feature without a plan); runTool asks it only for
-- gated tools.
CREATE FUNCTION kith_plan_allows(p_user uuid, p_feature text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce((SELECT p_feature = ANY (p.features) FROM users u JOIN plans p ON p.name = u.plan WHERE u.id = p_user), true)
$$;
--> statement-breakpoint
CREATE FUNCTION kith_plan_title(p_user uuid) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.title FROM users u JOIN plans p ON p.name = u.plan WHERE u.id = p_user
$$;
