-- CalDAV both ways. calendar_accounts: the user's server and the calendar Kith writes to (the
-- password sealed by db/secret-box.ts); calendar_sync_states: each calendar's CTag at the last
-- sync, so an unchanged calendar is not read again; calendar_event_links: every event Kith read
-- (by UID, with its ETag and what it became) or wrote (by item, with the ETag and a hash of what
-- it wrote), so a second sync creates nothing twice. Interview links (Zoom, Teams, Meet) found in
-- events and notes are kept on the interaction and the opportunity.
CREATE TABLE "calendar_accounts" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"server_url" text NOT NULL,
	"username" text NOT NULL,
	"secret" text NOT NULL,
	"write_calendar" text,
	"last_sync_at" timestamp with time zone,
	"last_sync_error" text,
	"sync_claimed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_sync_states" (
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"calendar_url" text NOT NULL,
	"ctag" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_sync_states_pk" PRIMARY KEY("user_id", "calendar_url")
);
--> statement-breakpoint
CREATE TABLE "calendar_event_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"direction" text NOT NULL,
	"uid" text NOT NULL,
	"calendar_url" text NOT NULL,
	"href" text NOT NULL,
	"etag" text,
	"content_hash" text,
	"item_key" text,
	"interaction_id" uuid REFERENCES "crm_interactions"("id") ON DELETE set null,
	"task_id" uuid REFERENCES "crm_tasks"("id") ON DELETE set null,
	"opportunity_id" uuid REFERENCES "crm_opportunities"("id") ON DELETE set null,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_event_links_uid_unique" UNIQUE("user_id", "direction", "uid"),
	CONSTRAINT "calendar_event_links_direction" CHECK ("direction" IN ('in', 'out'))
);
--> statement-breakpoint
ALTER TABLE "crm_interactions" ADD COLUMN "meeting_url" text;
--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD COLUMN "meeting_url" text;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_accounts, calendar_sync_states, calendar_event_links TO kith_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['calendar_accounts', 'calendar_sync_states', 'calendar_event_links']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
  END LOOP;
END
$$;
