-- Incremental sync by the servers' own change counters: a mail folder's HIGHESTMODSEQ (CONDSTORE,
-- RFC 7162) at its last sync, so an unchanged folder is not read and a changed one reports only
-- its flag changes and expunges since; a calendar's sync-token (RFC 6578), so a changed calendar
-- reports only the events added, changed or removed since. Null: the server offers neither, and
-- UID / CTag and ETag remain the way.
ALTER TABLE "mail_folder_states" ADD COLUMN "highest_modseq" bigint;
--> statement-breakpoint
ALTER TABLE "calendar_sync_states" ADD COLUMN "sync_token" text;
