import type { Hono } from 'hono';
import type Stripe from 'stripe';
import type { Kith } from '../../app/open-kith.js';
import { applyStripeEvent } from '../../accounts/billing.js';
import type { WebEnv } from './auth.js';

/**
 * POST /webhooks/stripe: events verified with the stripe package's own constructEvent over the raw
 * body, against STRIPE_WEBHOOK_SECRET. A bad or missing signature is a 400 and changes nothing.
 */
export function mountStripeWebhook(app: Hono<WebEnv>, kith: Kith, secret: string): void {
  // Loaded on the first event: start-up stays short. The key is only for API calls, which this
  // route never makes; verification needs the signing secret alone.
  let stripe: Promise<Stripe> | undefined;
  const client = () => (stripe ??= import('stripe').then(({ default: S }) => new S(kith.config.stripeSecretKey ?? 'sk_unused_for_verification')));
  app.post('/webhooks/stripe', async (c) => {
    const signature = c.req.header('stripe-signature');
    const body = await c.req.text();
    let event: Stripe.Event;
    try {
      if (!signature) throw new Error('no Stripe-Signature header');
      event = (await client()).webhooks.constructEvent(body, signature, secret);
    } catch (error) {
      kith.log.info('stripe webhook refused', { reason: (error as Error).message.slice(0, 120) });
      return c.json({ error: { code: 'bad_signature', message: 'The Stripe signature is missing or does not match.' } }, 400);
    }
    const outcome = await applyStripeEvent(kith.database.db, event);
    kith.log.info('stripe webhook', { type: event.type, applied: outcome.applied, reason: outcome.reason });
    return c.json({ received: true, ...outcome });
  });
}
