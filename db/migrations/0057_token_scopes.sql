-- API tokens carry a scope (read: read-only tools only; write: every tool; admin: also manages the
-- user's tokens) and may expire. Tokens made before keep what they could do: admin, no expiry.
ALTER TABLE "api_tokens" ADD COLUMN "scope" text DEFAULT 'admin' NOT NULL;
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_scope_known" CHECK ("scope" IN ('read', 'write', 'admin'));
--> statement-breakpoint
ALTER TABLE "api_tokens" ADD COLUMN "expires_at" timestamp with time zone;
