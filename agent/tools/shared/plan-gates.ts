import { sql } from 'drizzle-orm';
import type { KithDb } from '../../../db/types.js';
import { ForbiddenError } from './errors.js';

/**
 * The tools a plan feature gates, by name: the one list runTool consults, so that no tool checks
 * its plan itself. A feature that exists nowhere yet (AI insights by a model) gates nothing. Teams are
 * also refused by the database (migration 0078: a trigger on teams; adding a member checks the
 * team owner's plan, whoever asks), whatever the surface; this gate only answers first.
 */
const GATED: Record<string, 'mail' | 'calendar' | 'crm_sync' | 'teams'> = {
  connect_mailbox: 'mail',
  get_mail_account: 'mail',
  list_suggestions: 'mail',
  answer_suggestion: 'mail',
  list_unknown_senders: 'mail',
  answer_unknown_sender: 'mail',
  send_message: 'mail',
  calendar_feed: 'calendar',
  rotate_calendar_feed: 'calendar',
  calendar_file: 'calendar',
  connect_calendar: 'calendar',
  get_calendar_account: 'calendar',
  connect_crm: 'crm_sync',
  sync_crm: 'crm_sync',
  crm_sync_status: 'crm_sync',
  create_team: 'teams',
};

const FEATURE_TITLE = { mail: 'Mail integration', calendar: 'Calendar integration', crm_sync: 'HubSpot and Salesforce sync', teams: 'A team workspace' } as const;
const PLANS_WITH = { mail: 'Professional and Enterprise', calendar: 'Professional and Enterprise', crm_sync: 'Enterprise', teams: 'Enterprise' } as const;

export const gatedToolNames = (): string[] => Object.keys(GATED);

/** Refuses a gated tool the user's plan does not include (in the call's transaction: one query, gated tools only). */
export async function assertPlanAllows(tx: KithDb, userId: string, toolName: string): Promise<void> {
  const feature = GATED[toolName];
  if (!feature) return;
  const result = await tx.execute(sql`select kith_plan_allows(${userId}::uuid, ${feature}) as allowed, kith_plan_title(${userId}::uuid) as title`);
  const row = (result as unknown as { rows: { allowed: boolean; title: string | null }[] }).rows[0];
  if (row?.allowed) return;
  throw new ForbiddenError(`${FEATURE_TITLE[feature]} is not part of the ${row?.title ?? 'current'} plan: it comes with ${PLANS_WITH[feature]}.`, { reason: 'plan_feature', feature, plan: row?.title ?? null });
}
