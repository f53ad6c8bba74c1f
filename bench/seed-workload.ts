import { sql } from 'drizzle-orm';
import type { KithDb } from '../db/types.js';
import { seedContacts } from './seed-contacts.js';

/** Opportunities per user, as a tenth of the contacts. */
const OPPORTUNITIES_PER_CONTACT = 0.1;

/** Bulk data for one user, written straight in SQL: the benchmark measures reads and single writes, not loading. */
export async function seedWorkload(db: KithDb, userId: string, contacts: number, interactions: number): Promise<void> {
  await seedContacts(db, userId, contacts);
  await db.execute(sql`
    insert into crm_interactions (user_id, contact_id, interaction_type, interaction_date, notes)
    select ${userId}::uuid, c.ids[1 + g % ${contacts}],
      (array['email','call','meeting','linkedin_message','coffee_chat'])[1 + g % 5]::interaction_type,
      timestamptz '2026-11-25 12:00+00' - (g % 365) * interval '1 day',
      case when g % 10 = 0 then 'Talked about platform work, hiring and Kubernetes migration ' || g end
    from generate_series(1, ${interactions}) g,
      (select array_agg(id order by id) as ids from crm_contacts where user_id = ${userId}::uuid) c`);
  await db.execute(sql`
    insert into crm_opportunities (user_id, company_name, job_title, status, next_action_date, contact_id)
    select ${userId}::uuid, 'Company ' || g, (array['Engineer','Designer','Product Manager','Data Scientist'])[1 + g % 4],
      (array['interested','applied','phone_screen','interview','final_round','offer','rejected','withdrawn'])[1 + g % 8]::opportunity_status,
      case when g % 3 = 0 then date '2026-11-20' + (g % 14) end, c.ids[1 + g % ${contacts}]
    from generate_series(1, ${Math.max(1, Math.round(contacts * OPPORTUNITIES_PER_CONTACT))}) g,
      (select array_agg(id order by id) as ids from crm_contacts where user_id = ${userId}::uuid) c`);
  await db.execute(sql`analyze`);
}

