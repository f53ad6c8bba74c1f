-- The threads the mail sync's no-response pass has still to look at: each thread that got a
-- message since the pass last ran, written in the transaction that stores the message (a sync
-- batch, log_email), so a crashed sync leaves them for the next. The pass takes them out as it
-- judges them. Before, it found them by mail_messages.created_at against the last sync time, which
-- under a fixed clock (tests, the bench) matched every message ever read.
CREATE TABLE "mail_threads_to_judge" (
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "thread_key" text NOT NULL,
  PRIMARY KEY ("user_id", "thread_key")
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_threads_to_judge TO kith_app;
--> statement-breakpoint
ALTER TABLE mail_threads_to_judge ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_threads_to_judge FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_threads_to_judge_owner ON mail_threads_to_judge USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
-- What the old rule would look at next: every message stored since the account's last sync.
INSERT INTO mail_threads_to_judge (user_id, thread_key)
  SELECT DISTINCT m.user_id, m.thread_key FROM mail_messages m JOIN mail_accounts a ON a.user_id = m.user_id
   WHERE a.last_sync_at IS NOT NULL AND m.created_at >= a.last_sync_at;
--> statement-breakpoint
-- The pass also looks at threads whose deadline may have passed since the last sync (by sent_at).
CREATE INDEX "mail_messages_user_sent_idx" ON "mail_messages" ("user_id", "sent_at");
--> statement-breakpoint
-- A suggestion is made once: the sync asks, per batch, which of its calls were suggested before.
CREATE INDEX "crm_approvals_suggestion_input_idx" ON "crm_approvals" ("user_id", "input") WHERE "origin" = 'suggestion';
