-- Confirmations the server itself issued: a destructive call that waits for the user's yes is
-- stored here with its exact input, and runs only when an answer names this id (or, in a chat, a
-- plain yes answers the ones open in that chat). A client cannot approve a call nobody asked for.
CREATE TABLE "crm_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"session_id" uuid REFERENCES "crm_chat_sessions"("id") ON DELETE cascade,
	"tool_name" text NOT NULL,
	"input" jsonb NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "crm_approvals_status" CHECK ("status" IN ('pending', 'approved', 'denied'))
);
--> statement-breakpoint
CREATE INDEX "crm_approvals_pending_idx" ON "crm_approvals" ("user_id", "session_id") WHERE "status" = 'pending';
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_approvals TO kith_app;
--> statement-breakpoint
ALTER TABLE crm_approvals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_approvals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_approvals_owner ON crm_approvals USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
COMMENT ON TABLE crm_approvals IS 'kith:no-undo: an answered confirmation stays answered; undoing the action it approved is its own change.';
