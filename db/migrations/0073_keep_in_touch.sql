-- Keep in touch: how often the user wants to be in touch with a contact, or with everyone under a
-- tag ("every 3 weeks"). No next date is stored: it is the last time they were in touch (the
-- newest interaction, or last_contact_date when that is later) plus the cadence, so an interaction
-- written by any surface (a tool, an import, mail or calendar sync) resets it without a code path
-- to forget.
CREATE TABLE "crm_keep_in_touch" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"contact_id" uuid REFERENCES "crm_contacts"("id") ON DELETE cascade,
	"tag" text,
	"every_days" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_keep_in_touch_one_target" CHECK (("contact_id" IS NULL) <> ("tag" IS NULL)),
	CONSTRAINT "crm_keep_in_touch_every_days_range" CHECK ("every_days" BETWEEN 1 AND 3650)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "crm_keep_in_touch_user_contact_idx" ON "crm_keep_in_touch" ("user_id", "contact_id") WHERE "contact_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "crm_keep_in_touch_user_tag_idx" ON "crm_keep_in_touch" ("user_id", "tag") WHERE "tag" IS NOT NULL;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_keep_in_touch TO kith_app;
--> statement-breakpoint
ALTER TABLE crm_keep_in_touch ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_keep_in_touch FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_keep_in_touch_owner ON crm_keep_in_touch USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'keep_in_touch_set';
