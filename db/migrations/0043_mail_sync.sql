-- What the mail sync has read, so that it is incremental and resumable: per folder the
-- UIDVALIDITY and the highest UID committed (written in the same transaction as the batch of
-- messages it covers), every message seen (deduplicated by Message-ID, kept with its cleaned body
-- so that a sender accepted later as a contact still gets their thread logged), which interaction
-- holds each thread for each contact, and the unknown addresses offered as new contacts.
CREATE TABLE "mail_folder_states" (
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "folder" text NOT NULL,
  "uid_validity" bigint NOT NULL,
  "last_uid" bigint DEFAULT 0 NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL,
  PRIMARY KEY ("user_id", "folder")
);
--> statement-breakpoint
CREATE TABLE "mail_messages" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "message_id" text NOT NULL,
  "thread_key" text NOT NULL,
  "folder" text,
  "direction" text NOT NULL,
  "from_address" text NOT NULL,
  "from_name" text,
  "to_addresses" text[] DEFAULT '{}' NOT NULL,
  "subject" text,
  "sent_at" timestamp with time zone NOT NULL,
  "body" text NOT NULL,
  "attachments" text[] DEFAULT '{}' NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  CONSTRAINT "mail_messages_direction" CHECK ("direction" IN ('incoming', 'outgoing'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mail_messages_user_message_idx" ON "mail_messages" ("user_id", "message_id");
--> statement-breakpoint
CREATE INDEX "mail_messages_user_thread_idx" ON "mail_messages" ("user_id", "thread_key", "sent_at");
--> statement-breakpoint
CREATE TABLE "mail_thread_interactions" (
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "thread_key" text NOT NULL,
  "contact_id" uuid NOT NULL REFERENCES "crm_contacts"("id") ON DELETE CASCADE,
  "interaction_id" uuid NOT NULL REFERENCES "crm_interactions"("id") ON DELETE CASCADE,
  PRIMARY KEY ("user_id", "thread_key", "contact_id")
);
--> statement-breakpoint
CREATE INDEX "mail_thread_interactions_interaction_idx" ON "mail_thread_interactions" ("interaction_id");
--> statement-breakpoint
CREATE TABLE "mail_unknown_senders" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "address" text NOT NULL,
  "address_key" text NOT NULL,
  "name" text,
  "message_count" integer DEFAULT 1 NOT NULL,
  "last_subject" text,
  "first_seen_at" timestamp with time zone NOT NULL,
  "last_seen_at" timestamp with time zone NOT NULL,
  "status" text DEFAULT 'pending' NOT NULL,
  "contact_id" uuid REFERENCES "crm_contacts"("id") ON DELETE SET NULL,
  CONSTRAINT "mail_unknown_senders_status" CHECK ("status" IN ('pending', 'accepted', 'dismissed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "mail_unknown_senders_user_address_idx" ON "mail_unknown_senders" ("user_id", "address_key");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_folder_states, mail_messages, mail_thread_interactions, mail_unknown_senders TO kith_app;
--> statement-breakpoint
ALTER TABLE mail_folder_states ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_folder_states FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_folder_states_owner ON mail_folder_states USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TABLE mail_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_messages_owner ON mail_messages USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TABLE mail_thread_interactions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_thread_interactions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_thread_interactions_owner ON mail_thread_interactions USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TABLE mail_unknown_senders ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_unknown_senders FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_unknown_senders_owner ON mail_unknown_senders USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
