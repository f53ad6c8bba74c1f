-- The column mapping a user confirmed for a CSV layout (its header), used again the next time a
-- file with the same header is imported. Theirs alone, like every CRM table.
CREATE TABLE "import_mappings" (
  "id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
  "user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE CASCADE,
  "header_signature" text NOT NULL,
  "header" text[] NOT NULL,
  "columns" jsonb NOT NULL,
  "created_at" timestamp with time zone DEFAULT now() NOT NULL,
  "updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_user_header_idx" ON "import_mappings" USING btree ("user_id", "header_signature");
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON import_mappings TO kith_app;
--> statement-breakpoint
ALTER TABLE import_mappings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_mappings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_mappings_owner ON import_mappings USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
