-- The address of the job posting an opportunity was saved from (the browser extension, a pasted
-- link). One opportunity per posting and user: saving the same posting again finds the one there is.
ALTER TABLE "crm_opportunities" ADD COLUMN IF NOT EXISTS "posting_url" text;
--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "crm_opportunities_user_posting_url_idx" ON "crm_opportunities" ("user_id", "posting_url") WHERE "posting_url" IS NOT NULL;
