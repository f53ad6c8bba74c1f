-- Outgoing webhooks (issue 19 item 5). crm_webhooks: a user's endpoints (the URL, the events chosen,
-- the signing secret sealed by db/secret-box.ts). crm_webhook_deliveries: one row per event per
-- endpoint, written by AFTER triggers on the CRM tables in the same transaction as the change, so
-- every surface that writes those tables (tools, imports, mail and calendar sync, the CRM sync,
-- undo) raises the same events and a rolled-back change raises none. `kith serve` leases due rows
-- (FOR UPDATE SKIP LOCKED: several processes on one database never take the same row), sends them
-- and writes the outcome back; "follow_up.due" is added by the reminder scheduler, once per
-- follow-up and due date (event_key).
CREATE TABLE "crm_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"url" text NOT NULL,
	"events" text[] NOT NULL,
	"secret" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crm_webhooks_url_http" CHECK ("url" ~* '^https?://'),
	CONSTRAINT "crm_webhooks_events_known" CHECK (cardinality("events") > 0 AND "events" <@ ARRAY['contact.added', 'interaction.logged', 'opportunity.stage_changed', 'follow_up.due']::text[])
);
--> statement-breakpoint
CREATE INDEX "crm_webhooks_user_idx" ON "crm_webhooks" ("user_id");
--> statement-breakpoint
CREATE TABLE "crm_webhook_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"webhook_id" uuid NOT NULL REFERENCES "crm_webhooks"("id") ON DELETE cascade,
	"event" text NOT NULL,
	"event_key" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"leased_until" timestamp with time zone,
	"last_status_code" integer,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "crm_webhook_deliveries_status" CHECK ("status" IN ('pending', 'sending', 'delivered', 'failed')),
	CONSTRAINT "crm_webhook_deliveries_event" CHECK ("event" IN ('contact.added', 'interaction.logged', 'opportunity.stage_changed', 'follow_up.due', 'ping'))
);
--> statement-breakpoint
-- A follow-up is raised once per endpoint and due date, whichever process raises it first.
CREATE UNIQUE INDEX "crm_webhook_deliveries_event_key_idx" ON "crm_webhook_deliveries" ("webhook_id", "event_key") WHERE "event_key" IS NOT NULL;
--> statement-breakpoint
-- What the worker leases: waiting rows (no time yet = at once) and sends whose lease ran out.
CREATE INDEX "crm_webhook_deliveries_due_idx" ON "crm_webhook_deliveries" ("next_attempt_at" NULLS FIRST, "created_at") WHERE "status" IN ('pending', 'sending');
--> statement-breakpoint
CREATE INDEX "crm_webhook_deliveries_webhook_idx" ON "crm_webhook_deliveries" ("webhook_id", "created_at");
--> statement-breakpoint
CREATE INDEX "crm_webhook_deliveries_user_idx" ON "crm_webhook_deliveries" ("user_id", "created_at");
--> statement-breakpoint
-- A delivery is something that happened outside Kith: undo never takes one back. An endpoint is
-- undoable like any crm_ table (a deleted one comes back with its secret and receivers keep working).
COMMENT ON TABLE "crm_webhook_deliveries" IS 'kith:no-undo: a delivery was sent (or will be); undo cannot take it back.';
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "crm_webhooks" TO kith_app;
--> statement-breakpoint
-- The app role reads its log and adds a row only for its own endpoint (test_webhook's ping); sending,
-- retrying and marking rows is the server's (the worker), so a user cannot rewrite the log.
GRANT SELECT, INSERT ON "crm_webhook_deliveries" TO kith_app;
--> statement-breakpoint
ALTER TABLE "crm_webhooks" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "crm_webhooks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "crm_webhooks_owner" ON "crm_webhooks" USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
ALTER TABLE "crm_webhook_deliveries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "crm_webhook_deliveries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The foreign key alone would let a row name another user's endpoint (a key check ignores row-level
-- security), and the worker would sign it with that user's secret: the check names the owner too.
CREATE POLICY "crm_webhook_deliveries_owner" ON "crm_webhook_deliveries" USING (user_id = kith_current_user_id())
	WITH CHECK (user_id = kith_current_user_id() AND EXISTS (SELECT 1 FROM crm_webhooks w WHERE w.id = webhook_id AND w.user_id = kith_current_user_id()));
--> statement-breakpoint
-- The triggers, per statement from the transition tables (an import of 10,000 contacts is one insert),
-- as the owner (SECURITY DEFINER): the app role has no UPDATE on deliveries, and a trigger must not
-- depend on what the caller may read. Each joins on user_id itself, so one user's change only ever
-- reaches that user's endpoints. Records go out as their columns, without the internal ones.
-- The contact a record is about, in brief; only the same user's (an id alone could name anyone's).
CREATE FUNCTION kith_webhook_contact(p_user_id uuid, p_contact_id uuid) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = public AS $$
  SELECT jsonb_build_object('id', c.id, 'first_name', c.first_name, 'last_name', c.last_name, 'email', c.email, 'company', c.company)
    FROM crm_contacts c WHERE c.id = p_contact_id AND c.user_id = p_user_id
$$;
--> statement-breakpoint
CREATE FUNCTION kith_webhooks_contact_added() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO crm_webhook_deliveries (user_id, webhook_id, event, payload)
  SELECT n.user_id, w.id, 'contact.added',
         jsonb_build_object('contact', to_jsonb(n) - ARRAY['user_id', 'search_text', 'email_key', 'first_name_key', 'last_name_key', 'full_name_key', 'company_key'])
    FROM new_rows n JOIN crm_webhooks w ON w.user_id = n.user_id AND 'contact.added' = ANY (w.events);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kith_webhooks_interaction_logged() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO crm_webhook_deliveries (user_id, webhook_id, event, payload)
  SELECT n.user_id, w.id, 'interaction.logged',
         jsonb_build_object('interaction', to_jsonb(n) - 'user_id', 'contact', kith_webhook_contact(n.user_id, n.contact_id))
    FROM new_rows n JOIN crm_webhooks w ON w.user_id = n.user_id AND 'interaction.logged' = ANY (w.events);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION kith_webhooks_stage_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO crm_webhook_deliveries (user_id, webhook_id, event, payload)
  SELECT n.user_id, w.id, 'opportunity.stage_changed',
         jsonb_build_object('opportunity', to_jsonb(n) - ARRAY['user_id', 'match_details'], 'from', o.status, 'to', n.status,
                            'contact', CASE WHEN n.contact_id IS NULL THEN NULL ELSE kith_webhook_contact(n.user_id, n.contact_id) END)
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id AND o.status IS DISTINCT FROM n.status
    JOIN crm_webhooks w ON w.user_id = n.user_id AND 'opportunity.stage_changed' = ANY (w.events);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "crm_contacts_webhooks_insert" AFTER INSERT ON "crm_contacts"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_webhooks_contact_added();
--> statement-breakpoint
CREATE TRIGGER "crm_interactions_webhooks_insert" AFTER INSERT ON "crm_interactions"
	REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_webhooks_interaction_logged();
--> statement-breakpoint
CREATE TRIGGER "crm_opportunities_webhooks_update" AFTER UPDATE ON "crm_opportunities"
	REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kith_webhooks_stage_changed();
