-- A user's own e-mail templates (the built-in ones live in the code); a user template with a
-- built-in's key takes its place for that user.
CREATE TABLE "mail_templates" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "key" text NOT NULL,
  "name" text NOT NULL,
  "subject" text NOT NULL,
  "body" text NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mail_templates_user_key_idx" ON "mail_templates" ("user_id", "key");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_templates TO kith_app;
--> statement-breakpoint
ALTER TABLE mail_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_templates_owner ON mail_templates USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
