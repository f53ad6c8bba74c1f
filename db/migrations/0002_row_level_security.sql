-- Every user's rows are theirs alone: the application runs its queries as kith_app with
-- kith.user_id set for the transaction, and these policies hide everything else, even from a
-- query that forgot its user filter.
CREATE OR REPLACE FUNCTION kith_current_user_id() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('kith.user_id', true), '')::uuid $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO kith_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_current_user_id() TO kith_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON
  crm_contacts, crm_interactions, crm_opportunities, crm_opportunity_stage_changes,
  crm_activities, crm_contact_insights, crm_chat_sessions, crm_chat_messages
  TO kith_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kith_app;
--> statement-breakpoint
GRANT SELECT, UPDATE (time_zone, display_name, digest_hour) ON users TO kith_app;
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE users FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_self ON users TO kith_app USING (id = kith_current_user_id());
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['api_tokens', 'crm_contacts', 'crm_interactions', 'crm_opportunities',
    'crm_opportunity_stage_changes', 'crm_activities', 'crm_contact_insights',
    'crm_chat_sessions', 'crm_chat_messages']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
  END LOOP;
END
$$;
