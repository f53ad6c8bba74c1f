import type { Kith } from './open-kith.js';
import { startMailSyncScheduler } from './mail-sync-scheduler.js';
import { startMailCaptureServer } from './mail-capture-server.js';

function whole(text: string | undefined, name: string, fallback: number, max: number): number {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`${name}: "${text}" is not a whole number from 0 to ${max}`);
  return n;
}

/** What `kith serve` runs for mail: the periodic sync and, when asked, the "BCC Kith" SMTP port. */
export async function startMailJobs(kith: Kith, options: { host: string; smtpPort?: string; syncMinutes?: string }) {
  const minutes = whole(options.syncMinutes, '--mail-sync-minutes', 10, 10_080);
  const smtpPort = options.smtpPort ? whole(options.smtpPort, '--smtp-port', 0, 65535) : undefined;
  const scheduler = minutes > 0 ? startMailSyncScheduler(kith, { minutes }) : undefined;
  const capture = smtpPort !== undefined ? await startMailCaptureServer(kith, { port: smtpPort, host: options.host }) : undefined;
  if (capture) process.stderr.write(`Kith accepts mail for your own address on SMTP port ${capture.port}\n`);
  return {
    capturePort: capture?.port,
    async close() {
      await scheduler?.close();
      await capture?.close();
    },
  };
}
