-- Sign-in for a hosted instance: passwords (scrypt, kept apart from users so that no query that
-- reads a user reads a hash), server-side sessions (only the cookie's hash is stored, so signing
-- out everywhere is one delete), e-mail verification and reset tokens, passkeys (WebAuthn) and
-- their one-time challenges, and each user's role in the instance. The application role gets no
-- grant on these tables: only the server, before it knows who is asking, reads them.
ALTER TABLE "users" ADD COLUMN "email_verified_at" timestamp with time zone;
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "role" text DEFAULT 'member' NOT NULL;
--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_role_known" CHECK ("role" IN ('owner', 'admin', 'member'));
--> statement-breakpoint
UPDATE "users" SET "role" = 'owner' WHERE "is_local_owner";
--> statement-breakpoint
CREATE TABLE "auth_passwords" (
	"user_id" uuid PRIMARY KEY NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"hash" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "auth_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"token_hash" text NOT NULL UNIQUE,
	"method" text NOT NULL,
	-- A session opened with an API token ends when the token is revoked, and has its scope.
	"api_token_id" uuid REFERENCES "api_tokens"("id") ON DELETE cascade,
	"scope" text DEFAULT 'admin' NOT NULL,
	"user_agent" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auth_sessions_method_known" CHECK ("method" IN ('password', 'passkey', 'token', 'email')),
	CONSTRAINT "auth_sessions_scope_known" CHECK ("scope" IN ('read', 'write', 'admin'))
);
--> statement-breakpoint
CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions" ("user_id");
--> statement-breakpoint
CREATE TABLE "auth_email_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL UNIQUE,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "auth_email_tokens_purpose_known" CHECK ("purpose" IN ('verify', 'reset'))
);
--> statement-breakpoint
CREATE INDEX "auth_email_tokens_user_idx" ON "auth_email_tokens" ("user_id");
--> statement-breakpoint
CREATE TABLE "passkeys" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL REFERENCES "users"("id") ON DELETE cascade,
	"public_key" bytea NOT NULL,
	"counter" bigint DEFAULT 0 NOT NULL,
	"transports" text[] DEFAULT '{}'::text[] NOT NULL,
	"name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "passkeys_user_idx" ON "passkeys" ("user_id");
--> statement-breakpoint
-- A WebAuthn challenge lives until it is answered once or expires; a sign-in's has no user yet.
CREATE TABLE "auth_challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid REFERENCES "users"("id") ON DELETE cascade,
	"purpose" text NOT NULL,
	"challenge" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	CONSTRAINT "auth_challenges_purpose_known" CHECK ("purpose" IN ('register', 'sign_in'))
);
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['auth_passwords', 'auth_sessions', 'auth_email_tokens', 'passkeys', 'auth_challenges']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id())', t || '_owner', t);
    -- credentials and sessions are not user data to undo
    EXECUTE format('COMMENT ON TABLE %I IS %L', t, 'kith:no-undo');
  END LOOP;
END
$$;
