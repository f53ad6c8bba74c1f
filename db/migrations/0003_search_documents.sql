CREATE TABLE "search_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"contact_id" uuid,
	"opportunity_id" uuid,
	"title" text DEFAULT '' NOT NULL,
	"content" text NOT NULL,
	"tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || setweight(to_tsvector('english'::regconfig, content), 'B')) STORED NOT NULL,
	"content_hash" text NOT NULL,
	"embedding_status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now(),
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_documents_kind_check" CHECK ("search_documents"."source_kind" in ('interaction', 'contact', 'opportunity')),
	CONSTRAINT "search_documents_status_check" CHECK ("search_documents"."embedding_status" in ('pending', 'done', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "search_documents" ADD CONSTRAINT "search_documents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "search_documents_source_idx" ON "search_documents" USING btree ("source_kind","source_id");--> statement-breakpoint
CREATE INDEX "search_documents_user_idx" ON "search_documents" USING btree ("user_id","source_kind");--> statement-breakpoint
CREATE INDEX "search_documents_tsv_idx" ON "search_documents" USING gin ("tsv");--> statement-breakpoint
CREATE INDEX "search_documents_pending_idx" ON "search_documents" USING btree ("next_attempt_at") WHERE embedding_status = 'pending';