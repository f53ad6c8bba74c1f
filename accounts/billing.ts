import { eq } from 'drizzle-orm';
import type Stripe from 'stripe';
import { users } from '../db/schema/index.js';
import type { KithDb } from '../db/types.js';
import { findPlan } from './plans.js';

export interface BillingOutcome { applied: boolean; userId?: string; plan?: string | null; reason?: string }

/** A subscription in these states pays for its plan; any other (canceled, unpaid, ...) falls back to Free. */
const PAYING = new Set(['active', 'trialing', 'past_due']);

/**
 * A verified Stripe event applied to the user it names: checkout links the Stripe customer to the
 * user (client_reference_id or metadata.kith_user_id), subscriptions set the plan from
 * metadata.kith_plan or the price's lookup_key. Events that name no known user or plan change nothing.
 */
export async function applyStripeEvent(db: KithDb, event: Stripe.Event): Promise<BillingOutcome> {
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const userId = session.client_reference_id ?? session.metadata?.kith_user_id;
      const customer = typeof session.customer === 'string' ? session.customer : session.customer?.id;
      if (!userId || !customer) return { applied: false, reason: 'the session names no user or customer' };
      const plan = session.metadata?.kith_plan ? await findPlan(db, session.metadata.kith_plan) : undefined;
      const updated = await db.update(users).set({ stripeCustomerId: customer, ...(plan ? { plan: plan.name } : {}) }).where(eq(users.id, userId)).returning({ id: users.id, plan: users.plan });
      return updated[0] ? { applied: true, userId, plan: updated[0].plan } : { applied: false, reason: 'no such user' };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const subscription = event.data.object;
      const customer = typeof subscription.customer === 'string' ? subscription.customer : subscription.customer.id;
      const wanted = subscription.metadata?.kith_plan ?? subscription.items.data[0]?.price.lookup_key ?? undefined;
      const paying = event.type !== 'customer.subscription.deleted' && PAYING.has(subscription.status);
      const plan = paying ? (wanted ? await findPlan(db, wanted) : undefined) : await findPlan(db, 'free');
      if (!plan) return { applied: false, reason: `no plan "${wanted ?? ''}"` };
      const byUser = subscription.metadata?.kith_user_id;
      const updated = await db.update(users).set({ plan: plan.name, ...(byUser ? { stripeCustomerId: customer } : {}) })
        .where(byUser ? eq(users.id, byUser) : eq(users.stripeCustomerId, customer)).returning({ id: users.id });
      return updated[0] ? { applied: true, userId: updated[0].id, plan: plan.name } : { applied: false, reason: 'no user for this customer' };
    }
    default:
      return { applied: false, reason: `ignored ${event.type}` };
  }
}
