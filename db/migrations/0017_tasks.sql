-- To-dos with due dates, linked to a contact, an opportunity or neither. A contact's
-- next_follow_up_date is kept equal to the due date of its earliest open task (agent/tools keeps
-- it so); the backfill below turns every follow-up date already set into a follow-up task, so
-- that there is one model from the start.
CREATE TYPE "task_status" AS ENUM ('open', 'done');
--> statement-breakpoint
CREATE TYPE "task_kind" AS ENUM ('follow_up', 'todo');
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'task_added';
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'task_updated';
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'task_completed';
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'task_deleted';
--> statement-breakpoint
CREATE TABLE "crm_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"contact_id" uuid REFERENCES "crm_contacts"("id") ON DELETE set null,
	"opportunity_id" uuid REFERENCES "crm_opportunities"("id") ON DELETE set null,
	"kind" "task_kind" DEFAULT 'todo' NOT NULL,
	"title" text NOT NULL,
	"notes" text,
	"due_date" date,
	"status" "task_status" DEFAULT 'open' NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_tasks_title_not_empty" CHECK (length(btrim("title")) > 0)
);
--> statement-breakpoint
CREATE INDEX "crm_tasks_user_open_due_idx" ON "crm_tasks" ("user_id", "due_date") WHERE "status" = 'open';
--> statement-breakpoint
CREATE INDEX "crm_tasks_contact_idx" ON "crm_tasks" ("contact_id", "due_date") WHERE "status" = 'open';
--> statement-breakpoint
CREATE INDEX "crm_tasks_opportunity_idx" ON "crm_tasks" ("opportunity_id");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_tasks TO kith_app;
--> statement-breakpoint
ALTER TABLE crm_tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_tasks_owner ON crm_tasks USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
INSERT INTO crm_tasks (user_id, contact_id, kind, title, due_date, created_at, updated_at)
SELECT c.user_id, c.id, 'follow_up',
       coalesce(nullif(btrim(c.follow_up_reason), ''), btrim('Follow up with ' || c.first_name || ' ' || c.last_name)),
       c.next_follow_up_date, c.updated_at, c.updated_at
FROM crm_contacts c
WHERE c.next_follow_up_date IS NOT NULL;
