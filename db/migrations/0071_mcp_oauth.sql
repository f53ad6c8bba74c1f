-- OAuth 2.1 for /mcp (RFC 8414, 9728, 7591, PKCE): clients registered dynamically, the user's
-- consent and the code it gives, and access/refresh token pairs. Only SHA-256 hashes of secrets,
-- codes and tokens are stored. A token request arrives before any user is known, so the server
-- looks these up as the owner, like api_tokens; the policies still keep each user's rows theirs.
CREATE TABLE "oauth_clients" (
	"client_id" text PRIMARY KEY NOT NULL,
	"client_secret_hash" text,
	"client_secret_expires_at" timestamp with time zone,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "oauth_authorizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"client_id" text NOT NULL REFERENCES "oauth_clients"("client_id") ON DELETE cascade,
	"redirect_uri" text NOT NULL,
	"code_challenge" text NOT NULL,
	"requested_scope" text NOT NULL,
	"scope" text,
	"resource" text,
	"state" text,
	"request_hash" text NOT NULL,
	"code_hash" text,
	"expires_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_authorizations_request_hash_unique" UNIQUE("request_hash"),
	CONSTRAINT "oauth_authorizations_code_hash_unique" UNIQUE("code_hash"),
	CONSTRAINT "oauth_authorizations_scope_known" CHECK ("scope" IS NULL OR "scope" IN ('read', 'write'))
);
--> statement-breakpoint
CREATE INDEX "oauth_authorizations_user_idx" ON "oauth_authorizations" USING btree ("user_id");
--> statement-breakpoint
CREATE TABLE "oauth_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"client_id" text NOT NULL REFERENCES "oauth_clients"("client_id") ON DELETE cascade,
	"scope" text NOT NULL,
	"resource" text,
	"access_hash" text NOT NULL,
	"access_expires_at" timestamp with time zone NOT NULL,
	"refresh_hash" text NOT NULL,
	"refresh_expires_at" timestamp with time zone NOT NULL,
	"rotated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oauth_tokens_access_hash_unique" UNIQUE("access_hash"),
	CONSTRAINT "oauth_tokens_refresh_hash_unique" UNIQUE("refresh_hash"),
	CONSTRAINT "oauth_tokens_scope_known" CHECK ("scope" IN ('read', 'write'))
);
--> statement-breakpoint
CREATE INDEX "oauth_tokens_grant_idx" ON "oauth_tokens" USING btree ("grant_id");
--> statement-breakpoint
CREATE INDEX "oauth_tokens_user_idx" ON "oauth_tokens" USING btree ("user_id");
--> statement-breakpoint
COMMENT ON TABLE oauth_authorizations IS 'kith:no-undo: a consent given or a code used is never rewound.';
--> statement-breakpoint
COMMENT ON TABLE oauth_tokens IS 'kith:no-undo: undo must not bring back a revoked or rotated token.';
--> statement-breakpoint
GRANT SELECT, DELETE ON oauth_authorizations, oauth_tokens TO kith_app;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['oauth_authorizations', 'oauth_tokens']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
  END LOOP;
END
$$;
