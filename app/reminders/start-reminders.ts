import type { Kith } from '../open-kith.js';
import { createReminderChannels } from './reminder-channels.js';
import { createReminderScheduler, type ReminderChannels, type ReminderScheduler } from './reminder-scheduler.js';
import { linkSigningKey, vapidKeys } from './instance-keys.js';

/** This instance's link key and VAPID keys, read (or made) once per process. */
export function reminderKeys(kith: Pick<Kith, 'database' | 'runtime'>) {
  let link: Promise<Buffer> | undefined;
  let vapid: ReturnType<typeof vapidKeys> | undefined;
  const secrets = () => {
    if (!kith.runtime.secrets) throw new Error('reminders need the secret box (KITH_SECRET_KEY or the key file)');
    return kith.runtime.secrets;
  };
  return {
    linkKey: () => (link ??= linkSigningKey(kith.database.db, secrets()).catch((e) => { link = undefined; throw e; })),
    vapid: () => (vapid ??= vapidKeys(kith.database.db, secrets()).catch((e) => { vapid = undefined; throw e; })),
  };
}

export interface StartRemindersOptions {
  publicUrl: string;
  env?: NodeJS.ProcessEnv;
  channels?: ReminderChannels;
}

/**
 * The reminder clock of a serving process. KITH_PUBLIC_URL is where links in messages point (the
 * server's own address by default); KITH_REMINDER_INTERVAL_MS how often it looks (a minute);
 * KITH_REMINDER_STALL_MS when a send left unfinished by a crashed process is taken again.
 */
export function startReminders(kith: Pick<Kith, 'database' | 'runtime'>, options: StartRemindersOptions): ReminderScheduler {
  const env = options.env ?? process.env;
  const keys = reminderKeys(kith);
  const number = (name: string) => (env[name] && Number(env[name]) > 0 ? Number(env[name]) : undefined);
  const scheduler = createReminderScheduler({
    runtime: kith.runtime,
    channels: options.channels ?? createReminderChannels(kith.runtime, keys.vapid),
    publicUrl: env.KITH_PUBLIC_URL || options.publicUrl,
    linkKey: keys.linkKey,
    intervalMs: number('KITH_REMINDER_INTERVAL_MS'),
    stallMs: number('KITH_REMINDER_STALL_MS'),
  });
  scheduler.start();
  return scheduler;
}
