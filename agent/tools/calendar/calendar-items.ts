import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import { crmContacts, crmOpportunities, crmTasks } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { ACTIVE_STATUSES, opportunityLabel } from '../shared/resolve-opportunity.js';
import { fullName } from '../shared/records.js';

/**
 * One dated thing to act on, as calendars, reminders and CalDAV see it: an open task (a
 * follow-up with a contact or another to-do) or an active opportunity's next step (an interview,
 * a screen, something to send). `key` is stable across edits, so it names the calendar event.
 */
export interface CalendarItem {
  kind: 'task' | 'next_action';
  key: string;
  id: string;
  date: string;
  title: string;
  description: string | null;
  contactId: string | null;
  opportunityId: string | null;
  /** A video-call link kept on the opportunity (Zoom, Teams, Meet). */
  meetingUrl: string | null;
  /** The opportunity's stage, for a next action. */
  status: string | null;
  /** What a calendar shows it as (its category). */
  category: 'Follow-up' | 'To-do' | 'Interview' | 'Next action';
}

const INTERVIEW_STAGES = new Set(['phone_screen', 'interview', 'final_round']);

export const itemKey = (kind: CalendarItem['kind'], id: string): string => `${kind === 'task' ? 'task' : 'opportunity'}-${id}`;

/** Every open dated task and active next step of the user (the feed covers past-due ones too). */
export async function calendarItems(ctx: ToolContext, options: { limit?: number; from?: string; to?: string } = {}): Promise<CalendarItem[]> {
  const limit = options.limit ?? 5000;
  // only the columns a calendar shows: a feed reads every open dated item of the user
  const tasks = await ctx.db.select({
    id: crmTasks.id, kind: crmTasks.kind, title: crmTasks.title, notes: crmTasks.notes, dueDate: crmTasks.dueDate,
    contactId: crmTasks.contactId, opportunityId: crmTasks.opportunityId,
    contactFirst: crmContacts.firstName, contactLast: crmContacts.lastName,
    opportunityCompany: crmOpportunities.companyName, opportunityTitle: crmOpportunities.jobTitle,
  }).from(crmTasks)
    .leftJoin(crmContacts, eq(crmContacts.id, crmTasks.contactId))
    .leftJoin(crmOpportunities, eq(crmOpportunities.id, crmTasks.opportunityId))
    .where(and(eq(crmTasks.userId, ctx.userId), eq(crmTasks.status, 'open'), isNotNull(crmTasks.dueDate)))
    .limit(limit);
  const opportunities = await ctx.db.select({
    id: crmOpportunities.id, companyName: crmOpportunities.companyName, jobTitle: crmOpportunities.jobTitle, status: crmOpportunities.status,
    nextAction: crmOpportunities.nextAction, nextActionDate: crmOpportunities.nextActionDate, jobUrl: crmOpportunities.jobUrl,
    notes: crmOpportunities.notes, contactId: crmOpportunities.contactId, meetingUrl: crmOpportunities.meetingUrl,
  }).from(crmOpportunities).where(and(
    eq(crmOpportunities.userId, ctx.userId), inArray(crmOpportunities.status, [...ACTIVE_STATUSES]), isNotNull(crmOpportunities.nextActionDate),
  )).orderBy(asc(crmOpportunities.nextActionDate), asc(crmOpportunities.id)).limit(limit);
  const items: CalendarItem[] = [
    ...tasks.map((t) => {
      const about = [
        t.contactFirst !== null ? fullName({ firstName: t.contactFirst, lastName: t.contactLast ?? '' }) : null,
        t.opportunityCompany !== null ? (t.opportunityTitle ? `${t.opportunityTitle} at ${t.opportunityCompany}` : t.opportunityCompany) : null,
      ].filter(Boolean).join(' · ');
      return {
        kind: 'task' as const, key: itemKey('task', t.id), id: t.id, date: t.dueDate!, title: t.title,
        description: [about || null, t.notes].filter(Boolean).join('\n\n') || null,
        contactId: t.contactId, opportunityId: t.opportunityId, meetingUrl: null, status: null, category: t.kind === 'follow_up' ? 'Follow-up' as const : 'To-do' as const,
      };
    }),
    ...opportunities.map((o) => ({
      kind: 'next_action' as const, key: itemKey('next_action', o.id), id: o.id, date: o.nextActionDate!,
      title: `${o.nextAction ?? 'Next step'}: ${opportunityLabel(o as Parameters<typeof opportunityLabel>[0])}`,
      description: [o.jobUrl, o.notes].filter(Boolean).join('\n\n') || null,
      contactId: o.contactId, opportunityId: o.id, meetingUrl: o.meetingUrl, status: o.status, category: INTERVIEW_STAGES.has(o.status) ? 'Interview' as const : 'Next action' as const,
    })),
  ];
  return items
    .filter((i) => (!options.from || i.date >= options.from) && (!options.to || i.date <= options.to))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.key < b.key ? -1 : 1));
}
