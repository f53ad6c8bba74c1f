-- The audit log: sign-ins, token use and destructive actions, one row each, readable by the user
-- they are about (list_audit_events). Rows are only ever added: the application role may insert
-- and read its own user's rows, never change or delete them, and undo leaves them alone.
CREATE TABLE crm_audit_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('sign_in', 'token_used', 'destructive_action')),
  surface text NOT NULL DEFAULT '',
  tool_name text,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
--> statement-breakpoint
COMMENT ON TABLE crm_audit_events IS 'kith:no-undo (an audit trail is never rewound)';
--> statement-breakpoint
CREATE INDEX crm_audit_events_user_at_idx ON crm_audit_events (user_id, at DESC, id DESC);
--> statement-breakpoint
GRANT SELECT, INSERT ON crm_audit_events TO kith_app;
--> statement-breakpoint
ALTER TABLE crm_audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_audit_events_owner ON crm_audit_events USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
