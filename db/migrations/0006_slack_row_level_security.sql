-- The Slack tables with a user_id get the same forced row-level security as the CRM tables.
-- slack_threads is read and written by the application role for the user in the transaction;
-- identities, link codes and digest claims are system records that the server reads as the owner
-- (like api_tokens): a Slack request or the digest clock arrives before any user is known.
GRANT SELECT, INSERT, UPDATE, DELETE ON slack_threads TO kith_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['slack_identities', 'slack_link_codes', 'slack_threads', 'slack_digest_claims']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
  END LOOP;
END
$$;
