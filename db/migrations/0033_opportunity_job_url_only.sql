-- 0022 (job_url) and 0023 (posting_url) both added the posting's address, in parallel: job_url is
-- the one kept. The tools normalise it and add_opportunity finds a saved posting by it (per user).
-- Not unique: job_url may already hold the same address twice from before the tools deduplicated.
UPDATE "crm_opportunities" SET "job_url" = "posting_url" WHERE "job_url" IS NULL AND "posting_url" IS NOT NULL;
--> statement-breakpoint
DROP INDEX IF EXISTS "crm_opportunities_user_posting_url_idx";
--> statement-breakpoint
ALTER TABLE "crm_opportunities" DROP COLUMN IF EXISTS "posting_url";
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "crm_opportunities_user_job_url_idx" ON "crm_opportunities" ("user_id", "job_url") WHERE "job_url" IS NOT NULL;
