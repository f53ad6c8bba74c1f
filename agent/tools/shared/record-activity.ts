import { crmActivities } from '../../../db/schema/index.js';
import type { ToolContext } from './context.js';
import type { ActivityRecord } from './schemas.js';

/** Every write records what it did, in the same transaction as the write. */
export async function recordActivity(
  ctx: ToolContext,
  activity: {
    type: ActivityRecord['activity_type'];
    description: string;
    contactId?: string | null;
    opportunityId?: string | null;
  },
): Promise<void> {
  await ctx.db.insert(crmActivities).values({
    userId: ctx.userId,
    activityType: activity.type,
    activityDate: ctx.now,
    description: activity.description,
    relatedContactId: activity.contactId ?? null,
    relatedOpportunityId: activity.opportunityId ?? null,
  });
}
