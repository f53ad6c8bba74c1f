-- Résumé versions per user (pasted text, or the text extracted from an uploaded PDF or DOCX, with
-- the file kept as it came), the résumé sent with each opportunity, and what the match score and
-- success prediction read: where the opportunity came from, when the job was posted, and the
-- explanation of its score (skills found and missing, semantic similarity) beside match_score.
CREATE TYPE "resume_format" AS ENUM ('text', 'pdf', 'docx');
--> statement-breakpoint
CREATE TYPE "opportunity_source" AS ENUM ('job_board', 'company_site', 'linkedin', 'referral', 'recruiter', 'networking', 'other');
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'resume_added';
--> statement-breakpoint
ALTER TYPE "activity_type" ADD VALUE IF NOT EXISTS 'resume_deleted';
--> statement-breakpoint
CREATE TABLE "crm_resumes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"name" text NOT NULL,
	"format" "resume_format" DEFAULT 'text' NOT NULL,
	"file_name" text,
	"file_bytes" bytea,
	"content_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_resumes_name_not_empty" CHECK (length(btrim("name")) > 0),
	CONSTRAINT "crm_resumes_text_not_empty" CHECK (length(btrim("content_text")) > 0)
);
--> statement-breakpoint
CREATE INDEX "crm_resumes_user_created_idx" ON "crm_resumes" ("user_id", "created_at");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_resumes TO kith_app;
--> statement-breakpoint
ALTER TABLE crm_resumes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE crm_resumes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY crm_resumes_owner ON crm_resumes USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD COLUMN "resume_id" uuid REFERENCES "crm_resumes"("id") ON DELETE set null;
--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD COLUMN "source" "opportunity_source";
--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD COLUMN "posted_date" date;
--> statement-breakpoint
ALTER TABLE "crm_opportunities" ADD COLUMN "match_details" jsonb;
--> statement-breakpoint
CREATE INDEX "crm_opportunities_resume_idx" ON "crm_opportunities" ("resume_id") WHERE "resume_id" IS NOT NULL;
