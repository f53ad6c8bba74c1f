import { z } from 'zod';
import {
  CONTACT_SOURCES, RELATIONSHIP_TYPES, CONNECTION_STRENGTHS, INTERACTION_TYPES,
  INTERACTION_OUTCOMES, OPPORTUNITY_STATUSES, PRIORITY_LEVELS, ACTIVITY_TYPES, TASK_STATUSES, TASK_KINDS, OPPORTUNITY_SOURCES, RESUME_FORMATS,
} from '../../../db/schema/enums.js';
import { EmailAddress } from './email.js';
import { normalizePageUrl } from './posting-url.js';
import { RuleNameSchema } from '../automation/rules.js';

/**
 * The limits every surface inherits: the tools' inputs, the import (same schemas) and the chat.
 * A reference is looked up by trigram similarity over all of a user's contacts, so its length is
 * the work a request can cause; a chat message goes through the offline parser's expressions.
 */
export const LIMITS = {
  /** A contact or opportunity reference: an id, an email, a name or "title at company". */
  reference: 300,
  /** One chat message, on every surface (web, Slack, CLI, MCP prompts). */
  message: 4_000,
  /** Dates and date-times: years a CRM means, inside what PostgreSQL and JavaScript both hold. */
  firstDay: '1900-01-01',
  lastDay: '2999-12-31',
} as const;

const isCalendarDay = (day: string): boolean => {
  const at = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().startsWith(day);
};
const inDateRange = (day: string): boolean => day >= LIMITS.firstDay && day <= LIMITS.lastDay;
const DATE_RANGE_MESSAGE = `must be between ${LIMITS.firstDay} and ${LIMITS.lastDay}`;

export const DayString = z
  .string()
  .max(10, 'must be a date as YYYY-MM-DD')
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(isCalendarDay, 'is not a real calendar date')
  .refine(inDateRange, DATE_RANGE_MESSAGE)
  .describe('A calendar date, YYYY-MM-DD, in the user\'s time zone');

// ISO 8601 as JSON writes it: a date, or a date with a time and an optional zone.
const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})(?:[T ]([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3])(?::?[0-5]\d)?)?)?$/i;

export const InstantString = z
  .string()
  .max(40, 'must be an ISO 8601 date or date-time')
  .refine((s) => ISO_INSTANT.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or date-time')
  .refine((s) => !ISO_INSTANT.test(s) || isCalendarDay(ISO_INSTANT.exec(s)![1]), 'is not a real calendar date')
  .refine((s) => !ISO_INSTANT.test(s) || inDateRange(ISO_INSTANT.exec(s)![1]), DATE_RANGE_MESSAGE)
  .describe('An ISO 8601 date-time (or a YYYY-MM-DD date)');

export const ContactRef = z
  .string()
  .trim()
  .min(1, 'must name a contact')
  .max(LIMITS.reference, `must be at most ${LIMITS.reference} characters`)
  .describe('The contact: its id, email address, or name (first, last or full name)');

export const OpportunityRef = z
  .string()
  .trim()
  .min(1, 'must name an opportunity')
  .max(LIMITS.reference, `must be at most ${LIMITS.reference} characters`)
  .describe('The opportunity: id, company name, job title, or "title at company"');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id of a record (a UUID). */
export const RecordId = z.string().trim().max(36, 'must be an id (a UUID)').regex(UUID, 'must be an id (a UUID)');

/** One chat message; every surface that takes a sentence checks it here before parsing it. */
export const ChatMessageText = z.string().max(LIMITS.message, `must be at most ${LIMITS.message} characters`);

export const ContactSource = z.enum(CONTACT_SOURCES);
export const RelationshipType = z.enum(RELATIONSHIP_TYPES);
export const ConnectionStrength = z.enum(CONNECTION_STRENGTHS);
export const InteractionType = z.enum(INTERACTION_TYPES);
export const InteractionOutcome = z.enum(INTERACTION_OUTCOMES);
export const OpportunityStatus = z.enum(OPPORTUNITY_STATUSES);
export const PriorityLevel = z.enum(PRIORITY_LEVELS);
export const ActivityType = z.enum(ACTIVITY_TYPES);
export const TaskStatus = z.enum(TASK_STATUSES);
export const TaskKind = z.enum(TASK_KINDS);
export const AutomationRuleName = RuleNameSchema;
export const OpportunitySource = z.enum(OPPORTUNITY_SOURCES);
export const ResumeFormat = z.enum(RESUME_FORMATS);

export const ResumeRef = z
  .string()
  .trim()
  .min(1, 'must name a résumé')
  .max(LIMITS.reference, `must be at most ${LIMITS.reference} characters`)
  .describe('The résumé version: its id or its name ("latest" for the most recent)');

export const Tag = z.string().trim().min(1).max(50).transform((t) => t.toLowerCase());

const Url = z.url('must be a URL').max(2000, 'must be at most 2000 characters');
/** A web page's address, kept normalised (see posting-url.ts) so that it can be compared. */
export const PostingUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000, 'must be at most 2000 characters').transform(normalizePageUrl);

/** Free text fields, the same for a tool's input and an imported record. */
export const Subject = z.string().trim().max(500);
export const NoteText = z.string().max(20_000);
export const Attachments = z.array(z.string().max(2000)).max(50);
export const CompanyName = z.string().trim().min(1, 'must not be empty').max(200);
export const ActivityDescription = z.string().max(250_000);
export const InsightType = z.string().trim().min(1).max(100);

/** The editable fields of an opportunity, shared by add, update and import. */
export const OpportunityFields = z.object({
  job_title: z.string().trim().max(200).nullish(),
  job_url: PostingUrl.nullish().describe('The job posting\'s address; an opportunity whose posting is already saved is not added twice'),
  job_description: z.string().max(50_000).nullish(),
  meeting_url: z.url({ protocol: /^https$/, error: 'must be an https URL' }).max(2000).nullish().describe('The interview\'s video-call link (Zoom, Teams, Meet); found in the notes or next action when not given'),
  salary_range: z.string().trim().max(100).nullish(),
  location: z.string().trim().max(200).nullish(),
  application_date: DayString.nullish(),
  priority_level: PriorityLevel.nullish(),
  match_score: z.number().min(0).max(1).nullish().describe('How well the role fits, 0..1 (computed by score_opportunity from the description and the résumé; give it only to override)'),
  source: OpportunitySource.nullish().describe('Where you found it: job_board, company_site, linkedin, referral, recruiter, networking, other'),
  posted_date: DayString.nullish().describe('The day the job was posted'),
  next_action: z.string().trim().max(500).nullish(),
  next_action_date: DayString.nullish(),
  notes: NoteText.nullish(),
});

/** The editable fields of a contact, shared by add, update and import. */
export const ContactFields = z.object({
  first_name: z.string().trim().min(1, 'must not be empty').max(100),
  last_name: z.string().trim().max(100),
  email: EmailAddress.nullish(),
  phone: z.string().trim().max(40).nullish(),
  company: z.string().trim().max(200).nullish(),
  job_title: z.string().trim().max(200).nullish(),
  linkedin_url: Url.nullish(),
  twitter_url: Url.nullish(),
  location: z.string().trim().max(200).nullish(),
  contact_source: ContactSource.nullish(),
  relationship_type: RelationshipType.nullish(),
  connection_strength: ConnectionStrength.nullish(),
  notes: NoteText.nullish(),
  tags: z.array(Tag).max(100).optional(),
});

/** On a record shared with a team (migration 0078): which team, and whose it is. Absent on a private record. */
export const SharedMark = z.object({
  team_id: z.string(),
  team_name: z.string(),
  owner_id: z.string(),
  owner_name: z.string().describe('The person whose record it is: only they change or delete it'),
  yours: z.boolean().describe('True when you own it and shared it; false when a teammate shared it with you'),
});
export type SharedMark = z.infer<typeof SharedMark>;

export const ContactRecord = z.object({
  id: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  job_title: z.string().nullable(),
  linkedin_url: z.string().nullable(),
  twitter_url: z.string().nullable(),
  location: z.string().nullable(),
  contact_source: ContactSource.nullable(),
  relationship_type: RelationshipType.nullable(),
  connection_strength: ConnectionStrength.nullable(),
  last_contact_date: z.string().nullable(),
  next_follow_up_date: z.string().nullable(),
  follow_up_reason: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  shared: SharedMark.optional(),
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export const InteractionRecord = z.object({
  id: z.string(),
  contact_id: z.string(),
  contact_name: z.string().optional(),
  interaction_type: InteractionType,
  interaction_date: z.string(),
  /** False when only a day was given (the instant is then that day's noon, or now for today). */
  has_time: z.boolean(),
  subject: z.string().nullable(),
  notes: z.string().nullable(),
  outcome: InteractionOutcome.nullable(),
  follow_up_required: z.boolean(),
  follow_up_date: z.string().nullable(),
  attachments: z.array(z.string()),
  meeting_url: z.string().nullable().optional().describe('A Zoom, Teams or Meet link found in the notes or the calendar event'),
  created_at: z.string(),
  updated_at: z.string(),
  logged_by: z.string().optional().describe('Who logged it, when a teammate did (on a contact shared with your team)'),
});
export type InteractionRecord = z.infer<typeof InteractionRecord>;

export const StageChange = z.object({ from_status: OpportunityStatus.nullable(), to_status: OpportunityStatus, changed_at: z.string() });

export const OpportunityRecord = z.object({
  id: z.string(),
  job_title: z.string().nullable(),
  company_name: z.string(),
  contact_id: z.string().nullable(),
  contact_name: z.string().nullable().optional(),
  referrer_id: z.string().nullable(),
  referrer_name: z.string().nullable().optional(),
  job_url: z.string().nullable(),
  meeting_url: z.string().nullable().optional().describe('The interview\'s Zoom, Teams or Meet link'),
  job_description: z.string().nullable(),
  salary_range: z.string().nullable(),
  location: z.string().nullable(),
  application_date: z.string().nullable(),
  status: OpportunityStatus,
  priority_level: PriorityLevel.nullable(),
  match_score: z.number().nullable(),
  match_details: z.record(z.string(), z.unknown()).nullable().optional().describe('How match_score was computed: skills found and missing, semantic similarity'),
  resume_id: z.string().nullable(),
  resume_name: z.string().nullable().optional(),
  source: OpportunitySource.nullable(),
  posted_date: z.string().nullable(),
  next_action: z.string().nullable(),
  next_action_date: z.string().nullable(),
  notes: z.string().nullable(),
  stage_history: z.array(StageChange).optional(),
  created_at: z.string(),
  updated_at: z.string(),
  shared: SharedMark.optional(),
});
export type OpportunityRecord = z.infer<typeof OpportunityRecord>;

export const TaskRecord = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string().nullable(),
  kind: TaskKind,
  status: TaskStatus,
  due_date: z.string().nullable(),
  contact_id: z.string().nullable(),
  contact_name: z.string().nullable().optional(),
  opportunity_id: z.string().nullable(),
  opportunity_name: z.string().nullable().optional(),
  completed_at: z.string().nullable(),
  automation_rule: AutomationRuleName.nullable().optional().describe('The automation rule that added the task; null for one the user added'),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TaskRecord = z.infer<typeof TaskRecord>;

export const ActivityRecord = z.object({
  id: z.string(),
  activity_type: ActivityType,
  activity_date: z.string(),
  description: z.string(),
  related_contact_id: z.string().nullable(),
  related_opportunity_id: z.string().nullable(),
});
export type ActivityRecord = z.infer<typeof ActivityRecord>;

export const InsightRecord = z.object({
  id: z.string(),
  contact_id: z.string(),
  insight_type: z.string(),
  insight_text: z.string(),
  confidence_score: z.number().nullable(),
  generated_at: z.string(),
});
export type InsightRecord = z.infer<typeof InsightRecord>;

export const PageInput = {
  limit: z.number().int().min(1).max(200).optional().describe('How many to return (default 25)'),
  cursor: z.string().max(500).optional().describe('The next_cursor of a previous page'),
};
