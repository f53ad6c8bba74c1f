-- The audit trail and the server-issued approvals are history, not user data: undo must never
-- rewind them, and an audit row may have no user. Opt them out of the change log (0019).
COMMENT ON TABLE crm_audit_events IS 'kith:no-undo';
--> statement-breakpoint
COMMENT ON TABLE crm_approvals IS 'kith:no-undo';
--> statement-breakpoint
DROP TRIGGER IF EXISTS kith_change_log_insert ON crm_audit_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS kith_change_log_update ON crm_audit_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS kith_change_log_delete ON crm_audit_events;
--> statement-breakpoint
DROP TRIGGER IF EXISTS kith_change_log_insert ON crm_approvals;
--> statement-breakpoint
DROP TRIGGER IF EXISTS kith_change_log_update ON crm_approvals;
--> statement-breakpoint
DROP TRIGGER IF EXISTS kith_change_log_delete ON crm_approvals;
