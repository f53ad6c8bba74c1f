DROP INDEX "crm_contacts_user_first_name_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_user_last_name_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_user_email_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_user_company_idx";--> statement-breakpoint
DROP INDEX "crm_contacts_name_trgm_idx";--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "email_key" text GENERATED ALWAYS AS (lower(email)) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "first_name_key" text GENERATED ALWAYS AS (lower(first_name)) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "last_name_key" text GENERATED ALWAYS AS (lower(last_name)) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "full_name_key" text GENERATED ALWAYS AS (lower(first_name || ' ' || last_name)) STORED;--> statement-breakpoint
ALTER TABLE "crm_contacts" ADD COLUMN "company_key" text GENERATED ALWAYS AS (lower(company)) STORED;--> statement-breakpoint
CREATE INDEX "crm_contacts_user_first_name_key_idx" ON "crm_contacts" USING btree ("user_id","first_name_key");--> statement-breakpoint
CREATE INDEX "crm_contacts_user_last_name_key_idx" ON "crm_contacts" USING btree ("user_id","last_name_key");--> statement-breakpoint
CREATE INDEX "crm_contacts_user_full_name_key_idx" ON "crm_contacts" USING btree ("user_id","full_name_key");--> statement-breakpoint
CREATE INDEX "crm_contacts_user_email_key_idx" ON "crm_contacts" USING btree ("user_id","email_key");--> statement-breakpoint
CREATE INDEX "crm_contacts_user_company_key_idx" ON "crm_contacts" USING btree ("user_id","company_key");--> statement-breakpoint
CREATE INDEX "crm_contacts_full_name_trgm_idx" ON "crm_contacts" USING gin ("full_name_key" gin_trgm_ops);--> statement-breakpoint
-- Fuzzy names ("Pirya Patl") through the trigram index. Under row-level security the trigram
-- operators are not leakproof, so a query as kith_app cannot use the index and compares every
-- contact of the user. This function runs as the tables' owner: when that is a superuser (PGlite,
-- most self-hosted servers) it reads the index; it filters on the transaction's user itself, so it
-- returns exactly what the policy allows. Under an owner subject to the policy it is still right,
-- only slower.
CREATE OR REPLACE FUNCTION kith_similar_contact_names(p_name text, p_limit integer)
  RETURNS TABLE (contact_id uuid, score real)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$
    SELECT id, greatest(similarity(full_name_key, p_name), word_similarity(p_name, full_name_key))
      FROM crm_contacts
     WHERE user_id = kith_current_user_id() AND (full_name_key % p_name OR p_name <% full_name_key)
     ORDER BY 2 DESC
     LIMIT p_limit
  $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION kith_similar_contact_names(text, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_similar_contact_names(text, integer) TO kith_app;
