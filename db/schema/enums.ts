import { pgEnum } from 'drizzle-orm/pg-core';

export const contactSource = pgEnum('contact_source', ['networking_event', 'linkedin', 'referral', 'cold_outreach']);
export const relationshipType = pgEnum('relationship_type', ['recruiter', 'hiring_manager', 'peer', 'mentor', 'referral']);
export const connectionStrength = pgEnum('connection_strength', ['strong', 'medium', 'weak', 'new']);
export const interactionType = pgEnum('interaction_type', ['email', 'call', 'meeting', 'linkedin_message', 'coffee_chat']);
export const interactionOutcome = pgEnum('interaction_outcome', ['positive', 'neutral', 'negative', 'no_response']);
export const opportunityStatus = pgEnum('opportunity_status', [
  'interested', 'applied', 'phone_screen', 'interview', 'final_round', 'offer', 'rejected', 'withdrawn',
]);
export const priorityLevel = pgEnum('priority_level', ['high', 'medium', 'low']);
export const activityType = pgEnum('activity_type', [
  'contact_added', 'contact_updated', 'contact_deleted', 'contacts_merged', 'contacts_tagged',
  'interaction_logged', 'interaction_updated', 'interaction_deleted',
  'follow_up_scheduled', 'follow_up_completed', 'follow_up_snoozed',
  'opportunity_added', 'opportunity_updated', 'opportunity_deleted',
  'data_imported', 'change_undone',
  'task_added', 'task_updated', 'task_completed', 'task_deleted',
  'settings_changed',
  'resume_added', 'resume_deleted',
  'keep_in_touch_set',
  'automation_applied',
]);
export const taskStatus = pgEnum('task_status', ['open', 'done']);
export const taskKind = pgEnum('task_kind', ['follow_up', 'todo']);
export const resumeFormat = pgEnum('resume_format', ['text', 'pdf', 'docx']);
/** Where the user found an opportunity (the success prediction compares them). */
export const opportunitySource = pgEnum('opportunity_source', ['job_board', 'company_site', 'linkedin', 'referral', 'recruiter', 'networking', 'other']);

export const CONTACT_SOURCES = contactSource.enumValues;
export const RELATIONSHIP_TYPES = relationshipType.enumValues;
export const CONNECTION_STRENGTHS = connectionStrength.enumValues;
export const INTERACTION_TYPES = interactionType.enumValues;
export const INTERACTION_OUTCOMES = interactionOutcome.enumValues;
export const OPPORTUNITY_STATUSES = opportunityStatus.enumValues;
export const PRIORITY_LEVELS = priorityLevel.enumValues;
export const ACTIVITY_TYPES = activityType.enumValues;
export const TASK_STATUSES = taskStatus.enumValues;
export const TASK_KINDS = taskKind.enumValues;
export const RESUME_FORMATS = resumeFormat.enumValues;
export const OPPORTUNITY_SOURCES = opportunitySource.enumValues;
