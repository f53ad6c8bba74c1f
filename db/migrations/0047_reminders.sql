-- Reminders that reach the user: their channels and hour (reminder_settings), each message sent
-- (reminder_deliveries: the unique key makes one process across all `kith serve` processes send
-- it, the status and next_attempt_at retry it with backoff), the one-use Done/Snooze links it
-- carries (reminder_actions), and the browsers subscribed to web push (web_push_subscriptions).
-- The scheduler reads and claims as the server, like slack_digest_claims; the tools read and
-- write a user's own rows under row-level security.
CREATE TABLE "reminder_settings" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"channels" text[] DEFAULT '{}'::text[] NOT NULL,
	"hour" smallint DEFAULT 9 NOT NULL,
	"email_mode" text DEFAULT 'digest' NOT NULL,
	"email_to" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_settings_channels_known" CHECK ("channels" <@ ARRAY['email', 'slack', 'push']::text[]),
	CONSTRAINT "reminder_settings_hour_range" CHECK ("hour" BETWEEN 0 AND 23),
	CONSTRAINT "reminder_settings_email_mode" CHECK ("email_mode" IN ('digest', 'each'))
);
--> statement-breakpoint
CREATE TABLE "reminder_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"channel" text NOT NULL,
	"key" text NOT NULL,
	"status" text DEFAULT 'sending' NOT NULL,
	"payload" jsonb NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_deliveries_key_unique" UNIQUE("user_id", "channel", "key"),
	CONSTRAINT "reminder_deliveries_status" CHECK ("status" IN ('sending', 'sent', 'failed', 'gave_up'))
);
--> statement-breakpoint
CREATE INDEX "reminder_deliveries_retry_idx" ON "reminder_deliveries" ("next_attempt_at") WHERE "status" IN ('sending', 'failed');
--> statement-breakpoint
CREATE TABLE "reminder_actions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"delivery_id" uuid NOT NULL REFERENCES "reminder_deliveries"("id") ON DELETE cascade,
	"item_key" text NOT NULL,
	"action" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminder_actions_action" CHECK ("action" IN ('done', 'snooze'))
);
--> statement-breakpoint
CREATE INDEX "reminder_actions_delivery_idx" ON "reminder_actions" ("delivery_id");
--> statement-breakpoint
CREATE TABLE "web_push_subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"endpoint" text NOT NULL,
	"p256dh" text NOT NULL,
	"auth" text NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "web_push_subscriptions_endpoint_unique" UNIQUE("endpoint")
);
--> statement-breakpoint
CREATE INDEX "web_push_subscriptions_user_idx" ON "web_push_subscriptions" ("user_id");
--> statement-breakpoint
-- Keys of this Kith instance (the VAPID key pair web push signs with, the key reminder links are
-- signed with), sealed by the secret box. No user owns them and the application role never reads them.
CREATE TABLE "instance_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON reminder_settings, reminder_deliveries, reminder_actions, web_push_subscriptions TO kith_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reminder_settings', 'reminder_deliveries', 'reminder_actions', 'web_push_subscriptions']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
  END LOOP;
END
$$;
