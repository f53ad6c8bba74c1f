-- The embedding job state (pending or failed, attempts, next attempt, last error) moves from
-- search_documents to a small queue table: claiming and finishing a job then rewrites a few bytes
-- of a queue row instead of the document and its full-text index entries. A document without a
-- queue row has a vector of its current text.
CREATE TABLE "search_embedding_queue" (
	"document_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now(),
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_embedding_queue_status_check" CHECK ("search_embedding_queue"."status" in ('pending', 'failed'))
);
--> statement-breakpoint
INSERT INTO "search_embedding_queue" ("document_id", "user_id", "status", "attempts", "next_attempt_at", "last_error")
SELECT "id", "user_id", "embedding_status", "attempts", "next_attempt_at", "last_error" FROM "search_documents"
WHERE "embedding_status" <> 'done';
--> statement-breakpoint
ALTER TABLE "search_documents" DROP CONSTRAINT "search_documents_status_check";--> statement-breakpoint
DROP INDEX "search_documents_pending_idx";--> statement-breakpoint
ALTER TABLE "search_embedding_queue" ADD CONSTRAINT "search_embedding_queue_document_id_search_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."search_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "search_embedding_queue_due_idx" ON "search_embedding_queue" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "search_embedding_queue_user_idx" ON "search_embedding_queue" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "embedding_status";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "attempts";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "next_attempt_at";--> statement-breakpoint
ALTER TABLE "search_documents" DROP COLUMN "last_error";--> statement-breakpoint
ALTER TABLE "search_embedding_queue" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "search_embedding_queue" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY search_embedding_queue_owner ON "search_embedding_queue"
  USING (user_id = kith_current_user_id()) WITH CHECK (user_id = kith_current_user_id());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON "search_embedding_queue" TO kith_app;
--> statement-breakpoint
-- As in 0004, with the job state in the queue: a new or changed text is queued (again, from the start).
CREATE OR REPLACE FUNCTION kith_search_put(
  p_user uuid, p_kind text, p_source uuid, p_contact uuid, p_opportunity uuid, p_title text, p_content text
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_id uuid;
  v_hash text;
  v_old_hash text;
  v_old_title text;
  v_old_contact uuid;
  v_old_opportunity uuid;
  v_old_user uuid;
BEGIN
  IF p_content IS NULL OR btrim(p_content) = '' THEN
    DELETE FROM search_documents WHERE source_kind = p_kind AND source_id = p_source;
    RETURN;
  END IF;
  v_hash := md5(p_content);
  SELECT id, content_hash, title, contact_id, opportunity_id, user_id
    INTO v_id, v_old_hash, v_old_title, v_old_contact, v_old_opportunity, v_old_user
    FROM search_documents WHERE source_kind = p_kind AND source_id = p_source;
  IF NOT FOUND THEN
    INSERT INTO search_documents (user_id, source_kind, source_id, contact_id, opportunity_id, title, content, content_hash, updated_at)
    VALUES (p_user, p_kind, p_source, p_contact, p_opportunity, coalesce(p_title, ''), p_content, v_hash, now())
    RETURNING id INTO v_id;
    INSERT INTO search_embedding_queue (document_id, user_id) VALUES (v_id, p_user);
  ELSIF v_old_hash IS DISTINCT FROM v_hash OR v_old_user IS DISTINCT FROM p_user THEN
    UPDATE search_documents
       SET user_id = p_user, contact_id = p_contact, opportunity_id = p_opportunity, title = coalesce(p_title, ''),
           content = p_content, content_hash = v_hash, updated_at = now()
     WHERE id = v_id;
    INSERT INTO search_embedding_queue (document_id, user_id) VALUES (v_id, p_user)
      ON CONFLICT (document_id) DO UPDATE
      SET user_id = excluded.user_id, status = 'pending', attempts = 0, next_attempt_at = now(), last_error = NULL, updated_at = now();
    IF to_regclass('public.embeddings') IS NOT NULL THEN
      EXECUTE 'DELETE FROM embeddings WHERE document_id = $1' USING v_id;
    END IF;
  ELSIF v_old_title IS DISTINCT FROM coalesce(p_title, '') OR v_old_contact IS DISTINCT FROM p_contact
        OR v_old_opportunity IS DISTINCT FROM p_opportunity THEN
    -- the embedded text is unchanged: keep the vector, refresh what is shown and filtered on
    UPDATE search_documents
       SET contact_id = p_contact, opportunity_id = p_opportunity, title = coalesce(p_title, ''), updated_at = now()
     WHERE id = v_id;
  END IF;
END
$$;
