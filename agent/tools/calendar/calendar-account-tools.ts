import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { calendarAccounts } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { recordActivity } from '../shared/record-activity.js';
import { InvalidInputError } from '../shared/errors.js';
import type { ToolContext } from '../shared/context.js';

/** What a sealed CalDAV password is bound to (db/secret-box.ts): its table and its user. */
export const calendarSecretPurpose = (userId: string) => `calendar_accounts:${userId}`;

const CalendarAccountView = z.object({
  server_url: z.string(),
  username: z.string(),
  password: z.enum(['set', 'not set']),
  write_calendar: z.string().nullable().describe('The calendar follow-ups, interviews and next actions are written to (its name or URL; the first one when unset)'),
  last_sync_at: z.string().nullable(),
  last_sync_error: z.string().nullable(),
});

type Row = typeof calendarAccounts.$inferSelect;
const view = (r: Row): z.infer<typeof CalendarAccountView> => ({
  server_url: r.serverUrl, username: r.username, password: r.secret ? 'set' : 'not set', write_calendar: r.writeCalendar,
  last_sync_at: r.lastSyncAt?.toISOString() ?? null, last_sync_error: r.lastSyncError,
});

async function accountRow(ctx: ToolContext): Promise<Row | undefined> {
  const [row] = await ctx.db.select().from(calendarAccounts).where(eq(calendarAccounts.userId, ctx.userId));
  return row;
}

export const connectCalendar = defineTool({
  name: 'connect_calendar',
  title: 'Connect a calendar (CalDAV)',
  description:
    'Connect the user\'s calendar over CalDAV (iCloud, Fastmail, Nextcloud, Radicale; Google through its CalDAV endpoint and an ' +
    'app password): meetings with contacts become interactions, upcoming ones next actions, and follow-ups, interviews and next ' +
    'actions are written to the calendar named by write_calendar. The password is stored encrypted and never shown.',
  input: z.object({
    server_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000).optional().describe('The CalDAV server, e.g. https://caldav.fastmail.com'),
    username: z.string().trim().min(1).max(300).optional(),
    password: z.string().min(1).max(2000).optional().describe('An app password'),
    write_calendar: z.string().trim().min(1).max(2000).nullish().describe('The calendar to write to: its display name or URL'),
  }),
  output: z.object({ account: CalendarAccountView }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const existing = await accountRow(ctx);
    if (!existing) {
      for (const field of ['server_url', 'username', 'password'] as const) {
        if (!input[field]) throw new InvalidInputError(field, `${field} is required to connect a calendar.`);
      }
    }
    if (input.password && !ctx.secrets) throw new InvalidInputError('password', 'This Kith cannot store credentials here (no secret key).');
    const secret = input.password ? ctx.secrets!.seal(input.password, calendarSecretPurpose(ctx.userId)) : existing!.secret;
    const values = {
      serverUrl: input.server_url ?? existing!.serverUrl,
      username: input.username ?? existing!.username,
      secret,
      writeCalendar: input.write_calendar === undefined ? existing?.writeCalendar ?? null : input.write_calendar,
      updatedAt: ctx.now,
    };
    const [row] = await ctx.db.insert(calendarAccounts).values({ userId: ctx.userId, ...values, createdAt: ctx.now })
      .onConflictDoUpdate({ target: calendarAccounts.userId, set: values }).returning();
    await recordActivity(ctx, { type: 'settings_changed', description: `Connected the calendar at ${new URL(values.serverUrl).host}` });
    return { account: view(row) };
  },
});

export const getCalendarAccount = defineTool({
  name: 'get_calendar_account',
  title: 'Calendar connection',
  description: 'The user\'s CalDAV connection (server, user, which calendar Kith writes to, the last sync), without the password.',
  input: z.object({}),
  output: z.object({ account: CalendarAccountView.nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const row = await accountRow(ctx);
    return { account: row ? view(row) : null };
  },
});

export const calendarAccountTools = [connectCalendar, getCalendarAccount];
