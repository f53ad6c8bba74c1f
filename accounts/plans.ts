import { asc, count, eq } from 'drizzle-orm';
import { crmContacts, plans, users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';

/** Every feature a plan can hold (the CHECK of migration 0056). */
export const ALL_FEATURES = ['ai_insights', 'mail', 'calendar', 'crm_sync', 'teams'] as const;

export type Plan = typeof plans.$inferSelect;

export async function listPlans(db: KithDb): Promise<Plan[]> {
  return db.select().from(plans).orderBy(asc(plans.rank));
}

export async function findPlan(db: KithDb, name: string): Promise<Plan | undefined> {
  const [plan] = await db.select().from(plans).where(eq(plans.name, name.trim().toLowerCase())).limit(1);
  return plan;
}

/** Puts a user on a plan (or on none: no limits). Lowering a plan keeps every contact; only new ones are refused. */
export async function setPlan(db: KithDb, userId: string, name: string | null): Promise<Plan | null> {
  const plan = name === null ? null : await findPlan(db, name);
  if (name !== null && !plan) {
    const known = (await listPlans(db)).map((p) => p.name).join(', ');
    throw new Error(`plan: "${name}" is not a plan (one of: ${known}, or none)`);
  }
  await db.update(users).set({ plan: plan?.name ?? null }).where(eq(users.id, userId));
  return plan ?? null;
}

export interface PlanStatus { plan: string | null; title: string; contact_limit: number | null; contacts: number; features: string[] }

/** What a user's plan allows and how much of it they use (run as the server: counts every contact of theirs). */
export async function planStatus(db: KithDb, userId: string): Promise<PlanStatus> {
  const [row] = await db.select({ plan: plans }).from(users).leftJoin(plans, eq(plans.name, users.plan)).where(eq(users.id, userId)).limit(1);
  const [{ n }] = await db.select({ n: count() }).from(crmContacts).where(eq(crmContacts.userId, userId));
  const plan = row?.plan ?? null;
  return plan
    ? { plan: plan.name, title: plan.title, contact_limit: plan.contactLimit, contacts: n, features: plan.features }
    : { plan: null, title: 'No plan (self-hosted: no limits)', contact_limit: null, contacts: n, features: [...ALL_FEATURES] };
}
