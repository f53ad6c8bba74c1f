import { z } from 'zod';
import {
  CONTACT_SOURCES, RELATIONSHIP_TYPES, CONNECTION_STRENGTHS, INTERACTION_TYPES,
  INTERACTION_OUTCOMES, OPPORTUNITY_STATUSES, PRIORITY_LEVELS, ACTIVITY_TYPES, TASK_STATUSES, TASK_KINDS,
} from '../../../db/schema/enums.js';
import { EmailAddress } from './email.js';

export const DayString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s + 'T00:00:00Z')) && new Date(s + 'T00:00:00Z').toISOString().startsWith(s), 'is not a real calendar date')
  .describe('A calendar date, YYYY-MM-DD, in the user\'s time zone');

export const InstantString = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or date-time')
  .describe('An ISO 8601 date-time (or a YYYY-MM-DD date)');

export const ContactRef = z
  .string()
  .trim()
  .min(1, 'must name a contact')
  .describe('The contact: its id, email address, or name (first, last or full name)');

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

export const Tag = z.string().trim().min(1).max(50).transform((t) => t.toLowerCase());

/** The editable fields of a contact, shared by add, update and import. */
export const ContactFields = z.object({
  first_name: z.string().trim().min(1, 'must not be empty').max(100),
  last_name: z.string().trim().max(100),
  email: EmailAddress.nullish(),
  phone: z.string().trim().max(40).nullish(),
  company: z.string().trim().max(200).nullish(),
  job_title: z.string().trim().max(200).nullish(),
  linkedin_url: z.url('must be a URL').nullish(),
  twitter_url: z.url('must be a URL').nullish(),
  location: z.string().trim().max(200).nullish(),
  contact_source: ContactSource.nullish(),
  relationship_type: RelationshipType.nullish(),
  connection_strength: ConnectionStrength.nullish(),
  notes: z.string().max(20_000).nullish(),
  tags: z.array(Tag).max(100).optional(),
});

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
});
export type ContactRecord = z.infer<typeof ContactRecord>;

export const InteractionRecord = z.object({
  id: z.string(),
  contact_id: z.string(),
  contact_name: z.string().optional(),
  interaction_type: InteractionType,
  interaction_date: z.string(),
  subject: z.string().nullable(),
  notes: z.string().nullable(),
  outcome: InteractionOutcome.nullable(),
  follow_up_required: z.boolean(),
  follow_up_date: z.string().nullable(),
  attachments: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});
export type InteractionRecord = z.infer<typeof InteractionRecord>;

export const StageChange = z.object({ from_status: OpportunityStatus.nullable(), to_status: OpportunityStatus, changed_at: z.string() });

export const OpportunityRecord = z.object({
  id: z.string(),
  job_title: z.string().nullable(),
  company_name: z.string(),
  contact_id: z.string().nullable(),
  contact_name: z.string().nullable().optional(),
  job_description: z.string().nullable(),
  salary_range: z.string().nullable(),
  location: z.string().nullable(),
  application_date: z.string().nullable(),
  status: OpportunityStatus,
  priority_level: PriorityLevel.nullable(),
  match_score: z.number().nullable(),
  next_action: z.string().nullable(),
  next_action_date: z.string().nullable(),
  notes: z.string().nullable(),
  stage_history: z.array(StageChange).optional(),
  created_at: z.string(),
  updated_at: z.string(),
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
  cursor: z.string().optional().describe('The next_cursor of a previous page'),
};
