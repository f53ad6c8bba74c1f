ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'settings_changed';
--> statement-breakpoint
-- A user's iCalendar feed behind a secret URL (/calendar/<token>.ics). The token is the whole
-- credential, like a calendar provider's "secret address": the settings page shows it so it can
-- be copied, and rotating it replaces it (the old URL stops answering). A feed request arrives
-- before any user is known, so the server looks the token up as the owner, like api_tokens.
CREATE TABLE "calendar_feeds" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"rotated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calendar_feeds_token_unique" UNIQUE("token")
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON calendar_feeds TO kith_app;
--> statement-breakpoint
ALTER TABLE calendar_feeds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE calendar_feeds FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY calendar_feeds_owner ON calendar_feeds USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
