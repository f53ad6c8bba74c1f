-- One opportunity per posting per user, kept by the database: two saves of one posting at the same
-- instant (the extension's button pressed twice, two tabs) both passed add_opportunity's look-up
-- before either inserted. job_url is stored normalised (agent/tools/shared/posting-url.ts), so the
-- index is on the column itself. Duplicates already saved keep their rows, stage history, tasks and
-- notes (nothing is lost): all but the oldest give up the address, which moves to their notes with
-- the id of the opportunity that keeps it, so the user can see and merge them.
WITH ranked AS (
  SELECT id, job_url,
         first_value(id) OVER (PARTITION BY user_id, job_url ORDER BY created_at, id) AS kept_id,
         row_number() OVER (PARTITION BY user_id, job_url ORDER BY created_at, id) AS n
    FROM crm_opportunities
   WHERE job_url IS NOT NULL
)
UPDATE crm_opportunities o
   SET notes = concat_ws(E'\n', o.notes, 'Same posting as opportunity ' || r.kept_id || ': ' || r.job_url),
       job_url = NULL
  FROM ranked r
 WHERE o.id = r.id AND r.n > 1;
--> statement-breakpoint
DROP INDEX IF EXISTS "crm_opportunities_user_job_url_idx";
--> statement-breakpoint
CREATE UNIQUE INDEX "crm_opportunities_user_job_url_key" ON "crm_opportunities" ("user_id", "job_url") WHERE "job_url" IS NOT NULL;
