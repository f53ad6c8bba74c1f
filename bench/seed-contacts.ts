import { sql, type SQL } from 'drizzle-orm';
import type { KithDb } from '../db/types.js';

/**
 * Bulk contacts for one user, written straight in SQL (benchmarks measure reads and single writes,
 * not loading): varied names, companies and tags, and a follow-up on every tenth contact spread over
 * 20 days from `followUpsFrom`.
 */
export async function seedContacts(db: KithDb, userId: string, count: number, followUpsFrom: SQL = sql`date '2026-11-20'`): Promise<void> {
  await db.execute(sql`
    insert into crm_contacts (user_id, first_name, last_name, email, company, next_follow_up_date, tags, created_at, updated_at)
    select ${userId}::uuid,
      (array['Priya','Marcus','Dana','Tom','Omar','Sarah','Lucas','Kwame','Nadia','Jane','Ana','Wei'])[1 + g % 12],
      (array['Patel','Chen','Whitfield','Baker','Haddad','Kim','Silva','Mensah','Petrova','Doe','Ito','Zhang'])[1 + (g / 12) % 12] || g,
      'person' || g || '@example.com',
      (array['Stripe','Google','Acme','Globex','Initech','Vercel','Datadog','Linear'])[1 + g % 8],
      case when g % 10 = 0 then ${followUpsFrom} + (g % 20) end,
      array[(array['python','mentor','rust','recruiter'])[1 + g % 4]],
      now(), now()
    from generate_series(1, ${count}) g`);
}
