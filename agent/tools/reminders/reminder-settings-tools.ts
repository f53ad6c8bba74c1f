import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { REMINDER_CHANNELS, reminderSettings, users, webPushSubscriptions } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { recordActivity } from '../shared/record-activity.js';
import { EmailAddress } from '../shared/email.js';
import type { ToolContext } from '../shared/context.js';
import { countOf } from '../shared/words.js';

const Channel = z.enum(REMINDER_CHANNELS);

const ReminderSettings = z.object({
  channels: z.array(Channel).describe('email (through the mailbox\'s SMTP server), slack (the daily DM), push (the installed web app)'),
  hour: z.number().int().describe('The hour of the user\'s day (0-23) reminders go out'),
  email_mode: z.enum(['digest', 'each']).describe('digest: one e-mail a day listing what is due; each: one e-mail per item'),
  email_to: z.string().nullable().describe('Where reminder e-mails go (the mailbox\'s own address when unset)'),
  push_subscriptions: z.number().describe('Browsers subscribed to web push'),
});

export async function reminderSettingsOf(ctx: ToolContext): Promise<z.infer<typeof ReminderSettings>> {
  const [row] = await ctx.db.select().from(reminderSettings).where(eq(reminderSettings.userId, ctx.userId));
  const subs = await ctx.db.select({ id: webPushSubscriptions.id }).from(webPushSubscriptions).where(eq(webPushSubscriptions.userId, ctx.userId));
  const [user] = await ctx.db.select({ digestHour: users.digestHour }).from(users).where(eq(users.id, ctx.userId));
  return {
    channels: (row?.channels ?? []) as Array<z.infer<typeof Channel>>,
    hour: row?.hour ?? user?.digestHour ?? 9,
    email_mode: row?.emailMode ?? 'digest',
    email_to: row?.emailTo ?? null,
    push_subscriptions: subs.length,
  };
}

export const getReminderSettings = defineTool({
  name: 'get_reminder_settings',
  title: 'Reminder settings',
  description: 'How the user is reminded of follow-ups, to-dos and next actions: the channels (email, slack, push) and the hour of their day.',
  input: z.object({}),
  output: ReminderSettings,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  run: (ctx) => reminderSettingsOf(ctx),
});

export const setReminders = defineTool({
  name: 'set_reminders',
  title: 'Set reminders',
  description:
    'Choose how reminders reach the user: channels (email through their mailbox\'s SMTP server, slack DM, push to the installed web ' +
    'app; an empty list turns reminders off) and the hour of their day (0-23) they go out, e.g. "remind me by email at 8". ' +
    'Each reminder carries Done and Snooze. Fields left out stay as they are.',
  input: z.object({
    channels: z.array(Channel).max(3).optional(),
    hour: z.number().int().min(0, 'must be an hour from 0 to 23').max(23, 'must be an hour from 0 to 23').optional(),
    email_mode: z.enum(['digest', 'each']).optional(),
    email_to: EmailAddress.nullish().describe('Where reminder e-mails go; null for the mailbox\'s own address'),
  }),
  output: ReminderSettings,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const before = await reminderSettingsOf(ctx);
    const next = {
      channels: [...new Set(input.channels ?? before.channels)],
      hour: input.hour ?? before.hour,
      emailMode: input.email_mode ?? before.email_mode,
      emailTo: input.email_to === undefined ? before.email_to : input.email_to,
    };
    await ctx.db.insert(reminderSettings).values({ userId: ctx.userId, ...next, updatedAt: ctx.now })
      .onConflictDoUpdate({ target: reminderSettings.userId, set: { ...next, updatedAt: ctx.now } });
    // the Slack digest goes out at the same hour (bots/slack/digest.ts reads digest_hour)
    await ctx.db.update(users).set({ digestHour: next.hour }).where(eq(users.id, ctx.userId));
    const said = next.channels.length === 0 ? 'Turned reminders off' : `Reminders by ${next.channels.join(', ')} at ${String(next.hour).padStart(2, '0')}:00`;
    await recordActivity(ctx, { type: 'settings_changed', description: said });
    return reminderSettingsOf(ctx);
  },
});

const PushKey = z.string().trim().min(16).max(200).regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url');

export const subscribeWebPush = defineTool({
  name: 'subscribe_web_push',
  title: 'Subscribe a browser to push reminders',
  description: 'Register a browser\'s push subscription (what PushManager.subscribe returns in the installed web app) so reminders arrive as notifications.',
  input: z.object({
    endpoint: z.url({ protocol: /^https?$/ }).max(2000).describe('The push service URL of the subscription'),
    keys: z.object({ p256dh: PushKey, auth: PushKey }),
    user_agent: z.string().max(300).optional(),
  }),
  output: z.object({ subscribed: z.boolean(), push_subscriptions: z.number() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    await ctx.db.insert(webPushSubscriptions).values({ userId: ctx.userId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: input.user_agent ?? null, createdAt: ctx.now })
      .onConflictDoUpdate({ target: webPushSubscriptions.endpoint, set: { p256dh: input.keys.p256dh, auth: input.keys.auth }, where: eq(webPushSubscriptions.userId, ctx.userId) });
    const subs = await ctx.db.select({ id: webPushSubscriptions.id }).from(webPushSubscriptions).where(eq(webPushSubscriptions.userId, ctx.userId));
    await recordActivity(ctx, { type: 'settings_changed', description: `Push reminders on ${countOf(subs.length, 'browser')}` });
    return { subscribed: true, push_subscriptions: subs.length };
  },
});

export const reminderSettingsTools = [getReminderSettings, setReminders, subscribeWebPush];
