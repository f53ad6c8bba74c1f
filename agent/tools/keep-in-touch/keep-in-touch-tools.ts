import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { crmKeepInTouch } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { ContactRef, Tag } from '../shared/schemas.js';
import { resolveContact } from '../shared/resolve-contact.js';
import { fullName } from '../shared/records.js';
import { InvalidInputError, NotFoundError } from '../shared/errors.js';
import { recordActivity } from '../shared/record-activity.js';
import { todayIn } from '../shared/user-dates.js';
import type { ToolContext } from '../shared/context.js';
import { followUpsQuery } from '../follow-ups.js';
import { cadenceStatuses, type CadenceStatus } from './keep-in-touch-query.js';
import { cadenceWords, parseCadence } from './cadence.js';

const Target = {
  contact: ContactRef.optional().describe('The contact to keep in touch with (give this or tag)'),
  tag: Tag.optional().describe('Everyone with this tag (give this or contact)'),
};
const Status = z.object({
  contact_id: z.string(), name: z.string(), company: z.string().nullable(), every_days: z.number(), cadence: z.string(),
  via_tag: z.string().nullable(), last_touch: z.string().nullable(), next_date: z.string(), days_overdue: z.number(), reason: z.string(),
});

const daysAgo = (n: number) => (n === 0 ? 'today' : n === 1 ? 'yesterday' : `${n} days ago`);
const dayDiff = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

function described(s: CadenceStatus, today: string): z.infer<typeof Status> {
  const cadence = cadenceWords(s.every_days);
  const last = s.last_touch ? `last in touch ${daysAgo(dayDiff(s.last_touch, today))}` : 'never in touch yet';
  const when = s.days_overdue > 0 ? `${s.days_overdue} days overdue` : s.days_overdue === 0 ? 'due today' : `next on ${s.next_date}`;
  return { ...s, cadence, reason: `${cadence}${s.via_tag ? ` (tag ${s.via_tag})` : ''}; ${last}; ${when}` };
}

async function target(ctx: ToolContext, input: { contact?: string; tag?: string }) {
  if (!!input.contact === !!input.tag) throw new InvalidInputError(input.contact ? 'tag' : 'contact', 'Give either a contact or a tag, not both and not neither.');
  return input.contact ? { contact: await resolveContact(ctx, input.contact), tag: null } : { contact: null, tag: input.tag! };
}

export const setKeepInTouch = defineTool({
  name: 'set_keep_in_touch',
  title: 'Keep in touch every …',
  description:
    'Sets how often the user wants to be in touch with a contact, or with everyone under a tag: "every 3 weeks", "monthly", "10 days" ' +
    '(or every_days). A contact\'s own cadence wins over its tags\'; among tags the shortest applies. The next date is the last ' +
    'interaction plus the cadence, so logging any interaction resets it. Setting it again changes it.',
  input: z.object({
    ...Target,
    every: z.string().trim().max(40).optional().describe('How often, in words: "3 weeks", "every month", "fortnightly", "10 days"'),
    every_days: z.number().int().min(1).max(3650).optional().describe('How often, in days (instead of every)'),
  }),
  output: z.object({ every_days: z.number(), cadence: z.string(), contact_id: z.string().nullable(), tag: z.string().nullable(), contacts: z.array(Status), summary: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const days = input.every_days ?? (input.every ? parseCadence(input.every) : null);
    if (days === null) throw new InvalidInputError(input.every ? 'every' : 'every_days', input.every ? `"${input.every}" is not a cadence; say for example "3 weeks" or "monthly".` : 'Say how often: every (e.g. "3 weeks") or every_days.');
    const t = await target(ctx, input);
    const where = t.contact ? eq(crmKeepInTouch.contactId, t.contact.id) : eq(crmKeepInTouch.tag, t.tag!);
    const [existing] = await ctx.db.select().from(crmKeepInTouch).where(and(eq(crmKeepInTouch.userId, ctx.userId), where));
    if (existing) await ctx.db.update(crmKeepInTouch).set({ everyDays: days, updatedAt: ctx.now }).where(eq(crmKeepInTouch.id, existing.id));
    else await ctx.db.insert(crmKeepInTouch).values({ userId: ctx.userId, contactId: t.contact?.id ?? null, tag: t.tag, everyDays: days, createdAt: ctx.now, updatedAt: ctx.now });
    const who = t.contact ? fullName(t.contact) : `everyone tagged ${t.tag}`;
    await recordActivity(ctx, { type: 'keep_in_touch_set', description: `Keep in touch with ${who} ${cadenceWords(days)}`, contactId: t.contact?.id });
    const today = todayIn(ctx.now, ctx.tz);
    const all = await cadenceStatuses(ctx, today, t.contact?.id);
    const contacts = (t.contact ? all : all.filter((s) => s.via_tag === t.tag)).map((s) => described(s, today));
    const next = contacts[0];
    return {
      every_days: days, cadence: cadenceWords(days), contact_id: t.contact?.id ?? null, tag: t.tag, contacts,
      summary: `Keeping in touch with ${who} ${cadenceWords(days)}${t.contact && next ? `; next on ${next.next_date}` : `; ${contacts.length} contacts`}.`,
    };
  },
});

export const stopKeepInTouch = defineTool({
  name: 'stop_keep_in_touch',
  title: 'Stop a keep-in-touch cadence',
  description: 'Removes the keep-in-touch cadence of a contact or of a tag (the contacts and their interactions stay). Undo brings it back.',
  input: z.object(Target),
  output: z.object({ removed: z.boolean(), summary: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const t = await target(ctx, input);
    const where = t.contact ? eq(crmKeepInTouch.contactId, t.contact.id) : eq(crmKeepInTouch.tag, t.tag!);
    const gone = await ctx.db.delete(crmKeepInTouch).where(and(eq(crmKeepInTouch.userId, ctx.userId), where)).returning();
    const who = t.contact ? fullName(t.contact) : `tag ${t.tag}`;
    if (gone.length === 0) throw new NotFoundError(`There is no keep-in-touch cadence for ${who}.`, { reference: input.contact ?? input.tag });
    await recordActivity(ctx, { type: 'keep_in_touch_set', description: `Stopped keeping in touch with ${who} on a cadence`, contactId: t.contact?.id });
    return { removed: true, summary: `No cadence for ${who} any more.` };
  },
});

export const goingCold = defineTool({
  name: 'going_cold',
  title: 'Going cold',
  description:
    'Contacts with a keep-in-touch cadence whose next date has passed (most overdue first, relative to their cadence), with when they ' +
    'were last in touch; include_upcoming adds those due in the next days. Use for "who am I losing touch with?".',
  input: z.object({
    include_upcoming: z.number().int().min(0).max(90).optional().describe('Also those due within this many days'),
    limit: z.number().int().min(1).max(200).optional(),
  }),
  output: z.object({ contacts: z.array(Status), with_cadence: z.number(), summary: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const today = todayIn(ctx.now, ctx.tz);
    const all = await cadenceStatuses(ctx, today);
    const upto = -(input.include_upcoming ?? 0);
    const cold = all.filter((s) => s.days_overdue > 0 || (upto < 0 && s.days_overdue >= upto))
      .sort((a, b) => b.days_overdue / b.every_days - a.days_overdue / a.every_days || a.name.localeCompare(b.name))
      .slice(0, input.limit ?? 50).map((s) => described(s, today));
    const overdue = cold.filter((s) => s.days_overdue > 0).length;
    const summary = all.length === 0 ? 'No keep-in-touch cadences yet: say for example "keep in touch with Priya every 3 weeks".'
      : overdue === 0 ? `Nobody is going cold (${all.length} contacts on a cadence).`
        : `${overdue} going cold: ${cold.filter((s) => s.days_overdue > 0).slice(0, 3).map((s) => `${s.name} (${s.reason})`).join('; ')}.`;
    return { contacts: cold, with_cadence: all.length, summary };
  },
});

const Suggestion = z.object({ contact_id: z.string(), name: z.string(), company: z.string().nullable(), reasons: z.array(z.string()), priority: z.number() });

export const whoToContactToday = defineTool({
  name: 'who_to_contact_today',
  title: 'Whom to contact today',
  description:
    'Suggestions of whom to get in touch with today, each with the reason: follow-ups due or overdue, and keep-in-touch cadences due ' +
    'or overdue. Use for "who should I reach out to today?".',
  input: z.object({ limit: z.number().int().min(1).max(50).optional() }),
  output: z.object({ today: z.string(), suggestions: z.array(Suggestion), summary: z.string() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const today = todayIn(ctx.now, ctx.tz);
    const [cadences, followUps] = [await cadenceStatuses(ctx, today), await followUpsQuery(ctx, 'due', 50)];
    const by = new Map<string, z.infer<typeof Suggestion>>();
    const add = (id: string, name: string, company: string | null, reason: string, priority: number) => {
      const s = by.get(id) ?? { contact_id: id, name, company, reasons: [], priority: 0 };
      s.reasons.push(reason);
      s.priority += priority;
      by.set(id, s);
    };
    for (const f of followUps) {
      const late = dayDiff(f.nextFollowUpDate!, today);
      add(f.id, fullName(f), f.company, `follow-up ${late > 0 ? `${late} days overdue` : 'due today'}${f.followUpReason ? `: ${f.followUpReason}` : ''}`, 2 + Math.min(late, 30) / 10);
    }
    for (const c of cadences.filter((s) => s.days_overdue >= 0)) add(c.contact_id, c.name, c.company, described(c, today).reason, 1 + Math.min(c.days_overdue / c.every_days, 3));
    const suggestions = [...by.values()].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name)).slice(0, input.limit ?? 10)
      .map((s) => ({ ...s, priority: Math.round(s.priority * 100) / 100 }));
    const summary = suggestions.length === 0 ? 'Nobody needs you today: no follow-up or keep-in-touch date has come.'
      : `Today: ${suggestions.slice(0, 3).map((s) => `${s.name} (${s.reasons[0]})`).join('; ')}${suggestions.length > 3 ? ` and ${suggestions.length - 3} more` : ''}.`;
    return { today, suggestions, summary };
  },
});

export const keepInTouchTools = [setKeepInTouch, stopKeepInTouch, goingCold, whoToContactToday];
