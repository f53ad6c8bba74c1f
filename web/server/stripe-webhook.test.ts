import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { eq } from 'drizzle-orm';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../test-support/test-database.js';
import { openKith, type Kith } from '../../app/open-kith.js';
import { loadConfig } from '../../app/config.js';
import { silentLogger } from '../../agent/tools/shared/context.js';
import { users } from '../../db/schema/index.js';
import type { User } from '../../accounts/users.js';
import { createWebApp } from './create-app.js';

const SECRET = 'whsec_kith_test_secret';
const stripe = new Stripe('sk_test_unused');
let database: TestDatabase;
let kith: Kith;
let app: ReturnType<typeof createWebApp>;
let alice: User;
let bob: User;

const event = (type: string, object: Record<string, unknown>) => JSON.stringify({ id: `evt_${type}_${Math.random().toString(36).slice(2)}`, object: 'event', type, api_version: '2025-01-01', created: 1764600000, livemode: false, pending_webhooks: 1, request: null, data: { object } });
const subscription = (customer: string, status: string, lookupKey: string) => ({ id: 'sub_1', object: 'subscription', customer, status, metadata: {}, items: { object: 'list', data: [{ id: 'si_1', object: 'subscription_item', price: { id: 'price_1', object: 'price', lookup_key: lookupKey } }] } });
const send = (payload: string, signature?: string) => app.request('/webhooks/stripe', {
  method: 'POST', body: payload,
  headers: { host: '127.0.0.1:3000', 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
});
const signed = (payload: string, secret = SECRET) => send(payload, stripe.webhooks.generateTestHeaderString({ payload, secret }));
const planOf = async (id: string) => (await database.db.select({ plan: users.plan, customer: users.stripeCustomerId }).from(users).where(eq(users.id, id)))[0];

beforeAll(async () => {
  database = await createTestDatabase('pglite');
  kith = await openKith(loadConfig({}, { KITH_TZ: 'UTC', STRIPE_WEBHOOK_SECRET: SECRET } as NodeJS.ProcessEnv), { database, log: silentLogger });
  alice = await createTestUser(database, 'alice');
  bob = await createTestUser(database, 'bob');
  app = createWebApp({ kith, localOwner: false, serveClient: false, mcp: false, slack: false });
});

afterAll(async () => { await kith?.close(); });

describe('POST /webhooks/stripe', () => {
  it('links the customer at checkout and sets the plan from the subscription, for that user only', async () => {
    const checkout = await signed(event('checkout.session.completed', { id: 'cs_1', object: 'checkout.session', client_reference_id: alice.id, customer: 'cus_alice', metadata: { kith_plan: 'personal' } }));
    expect(checkout.status).toBe(200);
    expect(await planOf(alice.id)).toEqual({ plan: 'personal', customer: 'cus_alice' });
    const upgraded = await signed(event('customer.subscription.updated', subscription('cus_alice', 'active', 'professional')));
    expect(await upgraded.json()).toMatchObject({ received: true, applied: true, userId: alice.id, plan: 'professional' });
    expect(await planOf(alice.id)).toEqual({ plan: 'professional', customer: 'cus_alice' });
    expect(await planOf(bob.id)).toEqual({ plan: null, customer: null });
  });

  it('falls back to Free when the subscription ends', async () => {
    await signed(event('customer.subscription.deleted', subscription('cus_alice', 'canceled', 'professional')));
    expect((await planOf(alice.id)).plan).toBe('free');
  });

  it('refuses a bad, foreign or missing signature with 400 and changes nothing', async () => {
    const payload = event('customer.subscription.updated', subscription('cus_alice', 'active', 'enterprise'));
    const forged = await signed(payload, 'whsec_someone_else');
    expect(forged.status).toBe(400);
    expect(await forged.json()).toMatchObject({ error: { code: 'bad_signature' } });
    const tampered = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
    expect((await send(payload.replace('enterprise', 'professional'), tampered)).status).toBe(400);
    expect((await send(payload)).status).toBe(400);
    const stale = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect((await send(payload, stale)).status).toBe(400);
    expect((await planOf(alice.id)).plan).toBe('free');
  });

  it('changes nothing for an unknown customer or plan', async () => {
    const unknown = await signed(event('customer.subscription.updated', subscription('cus_nobody', 'active', 'enterprise')));
    expect(await unknown.json()).toMatchObject({ applied: false });
    const noPlan = await signed(event('customer.subscription.updated', subscription('cus_alice', 'active', 'platinum')));
    expect(await noPlan.json()).toMatchObject({ applied: false });
    expect((await planOf(alice.id)).plan).toBe('free');
  });
});
