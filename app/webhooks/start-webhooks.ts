import type { Kith } from '../open-kith.js';
import { createWebhookWorker, type WebhookWorker } from './webhook-worker.js';

/**
 * The webhook worker of a serving process. KITH_WEBHOOK_INTERVAL_MS: how often it looks for due
 * deliveries (5 s); KITH_WEBHOOK_TIMEOUT_MS: the longest one attempt may take (10 s);
 * KITH_WEBHOOK_MAX_ATTEMPTS: attempts before a delivery is marked failed (8).
 */
export function startWebhooks(kith: Pick<Kith, 'runtime'>, env: NodeJS.ProcessEnv = process.env): WebhookWorker {
  const number = (name: string) => (env[name] && Number(env[name]) > 0 ? Number(env[name]) : undefined);
  const worker = createWebhookWorker({
    runtime: kith.runtime,
    intervalMs: number('KITH_WEBHOOK_INTERVAL_MS'),
    timeoutMs: number('KITH_WEBHOOK_TIMEOUT_MS'),
    maxAttempts: number('KITH_WEBHOOK_MAX_ATTEMPTS'),
  });
  worker.start();
  return worker;
}
