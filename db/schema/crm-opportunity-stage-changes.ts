import { pgTable, uuid, timestamp, index } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { crmOpportunities } from './crm-opportunities.js';
import { opportunityStatus } from './enums.js';

/** One row per move between pipeline stages, so the date of each move is kept. */
export const crmOpportunityStageChanges = pgTable('crm_opportunity_stage_changes', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  opportunityId: uuid('opportunity_id').notNull().references(() => crmOpportunities.id, { onDelete: 'cascade' }),
  fromStatus: opportunityStatus('from_status'),
  toStatus: opportunityStatus('to_status').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [index('crm_opportunity_stage_changes_opp_idx').on(t.opportunityId, t.changedAt)]);
