-- A suggestion is an approval Kith issued itself: a call (mark a reply positive, move an
-- opportunity to phone_screen) stored with its exact input, run only when the user accepts it,
-- by the same one-answer-wins rule as a confirmation. `origin` tells them apart; `reason` says
-- what in the mail led to it.
ALTER TABLE "crm_approvals" ADD COLUMN "origin" text DEFAULT 'confirmation' NOT NULL;
--> statement-breakpoint
ALTER TABLE "crm_approvals" ADD COLUMN "reason" text;
--> statement-breakpoint
ALTER TABLE "crm_approvals" ADD CONSTRAINT "crm_approvals_origin" CHECK ("origin" IN ('confirmation', 'suggestion'));
--> statement-breakpoint
CREATE INDEX "crm_approvals_suggestions_idx" ON "crm_approvals" ("user_id", "created_at") WHERE "origin" = 'suggestion' AND "status" = 'pending';
