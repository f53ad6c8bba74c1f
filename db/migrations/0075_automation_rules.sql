-- Workflow automation (issue 18 item 8): rules a user switches on, each with its parameters
-- (agent/tools/automation/rules.ts names them and holds their schemas). A rule without a row is
-- off. The rules run inside the transaction of the tool call whose writes they react to
-- (agent/tools/run-tool.ts), each effect as its own change set that names the call it came from
-- (caused_by): undoing the call undoes what its rules did, and a rule's effect can be undone alone.
CREATE TABLE "crm_automation_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"rule" text NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_automation_rules_user_rule" UNIQUE ("user_id", "rule"),
	CONSTRAINT "crm_automation_rules_rule" CHECK ("rule" IN ('follow_up_after_applying', 'thank_you_after_interview', 'interview_moves_stage', 'offer_closes_follow_ups')),
	CONSTRAINT "crm_automation_rules_params_object" CHECK (jsonb_typeof("params") = 'object')
);
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_automation_rules TO kith_app;
--> statement-breakpoint
ALTER TABLE crm_automation_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_automation_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_automation_rules_owner ON crm_automation_rules USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
SELECT kith_track_changes('crm_automation_rules'::regclass);
--> statement-breakpoint
-- The rule that made a task: the follow-up after applying is found again (to remove it when
-- something happens first) by this, and an offer closes the follow-ups rules made.
ALTER TABLE crm_tasks ADD COLUMN "automation_rule" text;
--> statement-breakpoint
CREATE INDEX crm_tasks_automation_idx ON crm_tasks (user_id, automation_rule, opportunity_id) WHERE automation_rule IS NOT NULL AND status = 'open';
--> statement-breakpoint
-- A rule's change set points at the tool call's change set it reacted to.
ALTER TABLE crm_change_sets ADD COLUMN "caused_by" uuid;
--> statement-breakpoint
CREATE INDEX crm_change_sets_caused_by_idx ON crm_change_sets (caused_by) WHERE caused_by IS NOT NULL;
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'automation_applied';
