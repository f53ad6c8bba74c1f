-- A user's mailbox connection: where to read (IMAP) and send (SMTP) their mail, and how far the
-- sync has come. Passwords and OAuth tokens are stored sealed (AES-256-GCM, db/secret-box.ts);
-- no tool or route ever returns them, only whether they are set.
CREATE TABLE "mail_accounts" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "own_address" text NOT NULL,
  "display_name" text,
  "auth_method" text DEFAULT 'password' NOT NULL,
  "imap_host" text,
  "imap_port" integer,
  "imap_security" text DEFAULT 'tls' NOT NULL,
  "imap_user" text,
  "imap_secret" text,
  "smtp_host" text,
  "smtp_port" integer,
  "smtp_security" text DEFAULT 'starttls' NOT NULL,
  "smtp_user" text,
  "smtp_secret" text,
  "folders" text[] DEFAULT '{INBOX,Sent}' NOT NULL,
  "sync_enabled" boolean DEFAULT true NOT NULL,
  "no_reply_days" integer DEFAULT 7 NOT NULL,
  "last_sync_at" timestamp with time zone,
  "last_sync_error" text,
  "last_sync_count" integer,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "mail_accounts_auth_method" CHECK ("auth_method" IN ('password', 'oauth2')),
  CONSTRAINT "mail_accounts_imap_security" CHECK ("imap_security" IN ('tls', 'starttls', 'none')),
  CONSTRAINT "mail_accounts_smtp_security" CHECK ("smtp_security" IN ('tls', 'starttls', 'none')),
  CONSTRAINT "mail_accounts_ports" CHECK (("imap_port" IS NULL OR "imap_port" BETWEEN 1 AND 65535) AND ("smtp_port" IS NULL OR "smtp_port" BETWEEN 1 AND 65535)),
  CONSTRAINT "mail_accounts_no_reply_days" CHECK ("no_reply_days" BETWEEN 1 AND 365)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mail_accounts_user_idx" ON "mail_accounts" USING btree ("user_id");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_accounts TO kith_app;
--> statement-breakpoint
ALTER TABLE mail_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_accounts_owner ON mail_accounts USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
