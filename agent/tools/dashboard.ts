import { z } from 'zod';
import { and, desc, eq, gte, inArray, isNotNull, lt, lte, sql } from 'drizzle-orm';
import { crmActivities, crmContacts, crmInteractions, crmOpportunities, crmUserCounters } from '../../db/schema/index.js';
import { defineTool } from './define-tool.js';
import { ActivityRecord, ActivityType, OpportunityRecord, PageInput } from './shared/schemas.js';
import { activityRecord, opportunityRecord } from './shared/records.js';
import { ACTIVE_STATUSES } from './shared/resolve-opportunity.js';
import { addDays, startOfDay, todayIn, weekOf } from './shared/user-dates.js';
import { decodeCursor, pageOf } from './shared/cursor.js';
import { FollowUpItem, followUpItem, followUpsQuery } from './follow-ups.js';
import { PipelineStage, pipelineCountsQuery, pipelineOf } from './opportunities.js';
import { jsonList, rowsFromJson } from './shared/json-rows.js';
import { crmTasks } from '../../db/schema/index.js';
import { TaskRecord } from './shared/schemas.js';
import { namedTaskRecord, tasksQuery } from './tasks.js';

const WEEKS_CHARTED = 8;
const SCHEDULED_STAGES = ['phone_screen', 'interview', 'final_round'] as const;

export const dashboardSummary = defineTool({
  name: 'dashboard_summary',
  title: 'Dashboard summary',
  description:
    'The user\'s day at a glance: counts of contacts, active opportunities and pending follow-ups; today\'s list (follow-ups due ' +
    'or overdue, other open tasks due or overdue, interviews and screens scheduled today, next actions due); recent activity; ' +
    'interactions per week; pipeline stages.',
  input: z.object({}),
  output: z.object({
    today: z.string(),
    stats: z.object({
      contacts: z.number(), active_opportunities: z.number(), pending_follow_ups: z.number(),
      overdue_follow_ups: z.number(), interactions_this_week: z.number(),
    }),
    tasks: z.object({
      follow_ups_due: z.array(FollowUpItem),
      /** Open tasks due today or before that no follow-up above already shows. */
      tasks_due: z.array(TaskRecord),
      interviews: z.array(OpportunityRecord),
      next_actions: z.array(OpportunityRecord),
    }),
    recent_activity: z.array(ActivityRecord),
    interactions_per_week: z.array(z.object({ week_start: z.string(), count: z.number() })),
    pipeline: z.array(PipelineStage),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const today = todayIn(ctx.now, ctx.tz);
    const week = weekOf(today);
    const firstWeek = addDays(week.start, -7 * (WEEKS_CHARTED - 1));
    const mineContacts = eq(crmContacts.userId, ctx.userId);
    // Week boundaries are computed here, in the user's zone; the database only compares instants,
    // which is far cheaper per row than converting each timestamp to a local week.
    const boundaries = Array.from({ length: WEEKS_CHARTED + 1 }, (_, i) => startOfDay(addDays(firstWeek, 7 * i), ctx.tz));
    const perWeekQuery = ctx.db.select({
      bucket: sql<number>`width_bucket(${crmInteractions.interactionDate}, ${sql.raw(`array[${boundaries.map((b) => `'${b.toISOString()}'`).join(',')}]`)}::timestamptz[])`.as('bucket'),
      count: sql<number>`count(*)::int`.as('count'),
    }).from(crmInteractions).where(and(
      eq(crmInteractions.userId, ctx.userId),
      gte(crmInteractions.interactionDate, boundaries[0]),
      lt(crmInteractions.interactionDate, boundaries[WEEKS_CHARTED]),
    )).groupBy(sql`1`);
    const dueOpportunitiesQuery = ctx.db.select().from(crmOpportunities).where(and(
      eq(crmOpportunities.userId, ctx.userId),
      inArray(crmOpportunities.status, [...ACTIVE_STATUSES]),
      isNotNull(crmOpportunities.nextActionDate),
      lte(crmOpportunities.nextActionDate, today),
    )).orderBy(crmOpportunities.nextActionDate, crmOpportunities.id).limit(50);
    const recentQuery = ctx.db.select().from(crmActivities).where(eq(crmActivities.userId, ctx.userId))
      .orderBy(desc(crmActivities.activityDate), desc(crmActivities.id)).limit(10);
    // Everything in one statement, each list aggregated in its own order (see rowsFromJson):
    // on embedded PGlite every statement has a fixed cost of its own.
    const [all] = await ctx.db.select({
      // kept by triggers (migration 0072): one row, however many contacts
      contacts: sql<number>`coalesce((select ${crmUserCounters.contacts} from ${crmUserCounters} where ${crmUserCounters.userId} = ${ctx.userId}), 0)`,
      pending: sql<number>`coalesce((select ${crmUserCounters.contactsWithFollowUp} from ${crmUserCounters} where ${crmUserCounters.userId} = ${ctx.userId}), 0)`,
      overdue: sql<number>`(select count(*)::int from ${crmContacts} where ${mineContacts} and ${crmContacts.nextFollowUpDate} < ${today}::date)`,
      pipeline: jsonList(pipelineCountsQuery(ctx)),
      perWeek: jsonList(perWeekQuery),
      followUps: jsonList(followUpsQuery(ctx, 'due', 50), 'next_follow_up_date, last_name'),
      dueOpportunities: jsonList(dueOpportunitiesQuery, 'next_action_date, id'),
      recent: jsonList(recentQuery, 'activity_date desc, id desc'),
      tasksDue: jsonList(tasksQuery(ctx, and(eq(crmTasks.status, 'open'), lte(crmTasks.dueDate, today)), 100), 'due_date, created_at, id'),
    }).from(sql`(select 1) as one`);
    const counts = { contacts: all.contacts, pending: all.pending, overdue: all.overdue };
    const pipeline = pipelineOf(all.pipeline as Array<{ status: string; count: number }>);
    const followUpsDue = rowsFromJson(crmContacts, all.followUps).map((c) => followUpItem(c, today));
    const dueOpportunities = rowsFromJson(crmOpportunities, all.dueOpportunities);
    const recent = rowsFromJson(crmActivities, all.recent);
    // A contact's follow-up is its earliest open task: that task is already in follow_ups_due.
    const shown = new Set(followUpsDue.map((f) => `${f.contact_id}|${f.next_follow_up_date}|${f.reason}`));
    const tasksDue = ((all.tasksDue ?? []) as Array<Record<string, string | null>>).map((json) => {
      const [t] = rowsFromJson(crmTasks, [json]);
      return namedTaskRecord({ ...t, contactFirst: json.first_name, contactLast: json.last_name, opportunityCompany: json.company_name, opportunityTitle: json.job_title });
    }).filter((t) => !shown.has(`${t.contact_id}|${t.due_date}|${t.title}`));
    const perWeek = all.perWeek as Array<{ bucket: number; count: number }>;
    const weekly = new Map(perWeek.map((w) => [addDays(firstWeek, 7 * (Number(w.bucket) - 1)), Number(w.count)]));
    const interactions_per_week = Array.from({ length: WEEKS_CHARTED }, (_, i) => {
      const week_start = addDays(firstWeek, 7 * i);
      return { week_start, count: weekly.get(week_start) ?? 0 };
    });
    const isScheduled = (s: string) => (SCHEDULED_STAGES as readonly string[]).includes(s);
    return {
      today,
      stats: {
        contacts: Number(counts.contacts),
        active_opportunities: pipeline.active_total,
        pending_follow_ups: Number(counts.pending),
        overdue_follow_ups: Number(counts.overdue),
        interactions_this_week: weekly.get(week.start) ?? 0,
      },
      tasks: {
        follow_ups_due: followUpsDue,
        tasks_due: tasksDue,
        interviews: dueOpportunities.filter((o) => isScheduled(o.status) && o.nextActionDate === today).map((o) => opportunityRecord(o)),
        next_actions: dueOpportunities.filter((o) => !(isScheduled(o.status) && o.nextActionDate === today)).map((o) => opportunityRecord(o)),
      },
      recent_activity: recent.map(activityRecord),
      interactions_per_week,
      pipeline: pipeline.stages,
    };
  },
});

export const listActivities = defineTool({
  name: 'list_activities',
  title: 'Activity feed',
  description: 'The activity feed: everything recorded in the CRM (contacts added, interactions logged, follow-ups, pipeline moves), newest first.',
  input: z.object({ activity_type: ActivityType.optional(), ...PageInput }),
  output: z.object({ activities: z.array(ActivityRecord), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const limit = input.limit ?? 25;
    const after = input.cursor ? decodeCursor(input.cursor, 2) : null;
    const rows = await ctx.db.select().from(crmActivities).where(and(
      eq(crmActivities.userId, ctx.userId),
      input.activity_type ? eq(crmActivities.activityType, input.activity_type) : undefined,
      after ? sql`(${crmActivities.activityDate}, ${crmActivities.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
    )).orderBy(desc(crmActivities.activityDate), desc(crmActivities.id)).limit(limit + 1);
    const { page, next_cursor } = pageOf(rows, limit, (a) => [a.activityDate.toISOString(), a.id]);
    return { activities: page.map(activityRecord), next_cursor };
  },
});

export const dashboardTools = [dashboardSummary, listActivities];
