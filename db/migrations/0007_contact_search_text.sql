DROP INDEX "crm_contacts_search_trgm_idx";--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "search_text" text GENERATED ALWAYS AS (lower(first_name || ' ' || last_name || ' ' || coalesce(email, '') || ' ' || coalesce(company, ''))) STORED;--> statement-breakpoint
CREATE INDEX "crm_contacts_search_text_trgm_idx" ON "crm_contacts" USING gin ("search_text" gin_trgm_ops);