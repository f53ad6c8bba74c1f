-- Enterprise sync with HubSpot and Salesforce. crm_sync_accounts: the user's connection to each
-- (credentials sealed by db/secret-box.ts as one JSON value, never readable without the key) and
-- how far the last sync read the remote (remote_cursor: the newest modification time it saw, so
-- the next sync asks only for what changed since). crm_sync_links: each Kith record and the remote
-- record it is, with the values both agreed on at the last sync (synced_values), so a second sync
-- creates nothing twice and a change on either side is found field by field.
CREATE TABLE "crm_sync_accounts" (
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"provider" text NOT NULL,
	"secret" text NOT NULL,
	"base_url" text NOT NULL,
	"login_url" text,
	"remote_cursor" timestamp with time zone,
	"last_sync_at" timestamp with time zone,
	"last_sync_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_sync_accounts_pk" PRIMARY KEY("user_id", "provider"),
	CONSTRAINT "crm_sync_accounts_provider" CHECK ("provider" IN ('hubspot', 'salesforce'))
);
--> statement-breakpoint
CREATE TABLE "crm_sync_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"provider" text NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"contact_id" uuid REFERENCES "crm_contacts"("id") ON DELETE cascade,
	"opportunity_id" uuid REFERENCES "crm_opportunities"("id") ON DELETE cascade,
	"interaction_id" uuid REFERENCES "crm_interactions"("id") ON DELETE cascade,
	"synced_values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"remote_modified_at" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_sync_links_external_unique" UNIQUE("user_id", "provider", "kind", "external_id"),
	CONSTRAINT "crm_sync_links_provider" CHECK ("provider" IN ('hubspot', 'salesforce')),
	CONSTRAINT "crm_sync_links_kind" CHECK (
		("kind" = 'contact' AND "contact_id" IS NOT NULL AND "opportunity_id" IS NULL AND "interaction_id" IS NULL) OR
		("kind" = 'opportunity' AND "opportunity_id" IS NOT NULL AND "contact_id" IS NULL AND "interaction_id" IS NULL) OR
		("kind" = 'interaction' AND "interaction_id" IS NOT NULL AND "contact_id" IS NULL AND "opportunity_id" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "crm_sync_links_contact_unique" ON "crm_sync_links" ("user_id", "provider", "contact_id") WHERE "contact_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "crm_sync_links_opportunity_unique" ON "crm_sync_links" ("user_id", "provider", "opportunity_id") WHERE "opportunity_id" IS NOT NULL;
--> statement-breakpoint
CREATE UNIQUE INDEX "crm_sync_links_interaction_unique" ON "crm_sync_links" ("user_id", "provider", "interaction_id") WHERE "interaction_id" IS NOT NULL;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON crm_sync_accounts, crm_sync_links TO kith_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['crm_sync_accounts', 'crm_sync_links']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
  END LOOP;
END
$$;
--> statement-breakpoint
-- "Export everything" and "delete my account" read every table with the user's rows, including
-- those the app role may not read directly (Slack links, API tokens): this function returns the
-- current user's rows of one such table as JSON, without the columns named in p_withheld
-- (credentials, vectors), and refuses any table that has no user_id column.
CREATE FUNCTION kith_my_rows(p_table text, p_withheld text[]) RETURNS SETOF jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF kith_current_user_id() IS NULL THEN RAISE EXCEPTION 'no current user'; END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relname = p_table AND a.attname = 'user_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')
  ) THEN
    RAISE EXCEPTION 'not a table of user rows: %', p_table;
  END IF;
  RETURN QUERY EXECUTE format('SELECT to_jsonb(t) - $1 FROM %I t WHERE t.user_id = kith_current_user_id()', p_table) USING p_withheld;
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION kith_my_rows(text, text[]) TO kith_app;
