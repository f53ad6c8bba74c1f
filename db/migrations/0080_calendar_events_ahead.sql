-- An event with contacts that the calendar sync saw while it was still ahead (it became their job's
-- next action or a to-do) is logged as a meeting once it has passed, so an interview booked a week
-- ahead is still logged the day it happens and the user's automation rules see it. pending_until is
-- its start; the sync reads a calendar again when one of its events has passed this moment even if
-- the calendar's CTag did not change, and clears it when the meeting is logged.
ALTER TABLE "calendar_event_links" ADD COLUMN "pending_until" timestamp with time zone;
--> statement-breakpoint
CREATE INDEX "calendar_event_links_pending_idx" ON "calendar_event_links" ("user_id", "pending_until") WHERE "pending_until" IS NOT NULL;
