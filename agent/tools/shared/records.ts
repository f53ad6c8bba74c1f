import type { crmContacts, crmInteractions, crmOpportunities, crmActivities, crmContactInsights, crmTasks } from '../../../db/schema/index.js';
import type { ContactRecord, InteractionRecord, OpportunityRecord, ActivityRecord, InsightRecord, TaskRecord } from './schemas.js';

type ContactRow = typeof crmContacts.$inferSelect;
type InteractionRow = typeof crmInteractions.$inferSelect;
type OpportunityRow = typeof crmOpportunities.$inferSelect;
type ActivityRow = typeof crmActivities.$inferSelect;
type InsightRow = typeof crmContactInsights.$inferSelect;
type TaskRow = typeof crmTasks.$inferSelect;

const iso = (d: Date | string): string => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

export const fullName = (c: { firstName: string; lastName: string }): string => `${c.firstName} ${c.lastName}`.trim();

/** Rows in the data model's column names: what tools return and what export writes. */
export function contactRecord(c: ContactRow): ContactRecord {
  return {
    id: c.id,
    first_name: c.firstName,
    last_name: c.lastName,
    email: c.email,
    phone: c.phone,
    company: c.company,
    job_title: c.jobTitle,
    linkedin_url: c.linkedinUrl,
    twitter_url: c.twitterUrl,
    location: c.location,
    contact_source: c.contactSource,
    relationship_type: c.relationshipType,
    connection_strength: c.connectionStrength,
    last_contact_date: c.lastContactDate,
    next_follow_up_date: c.nextFollowUpDate,
    follow_up_reason: c.followUpReason,
    notes: c.notes,
    tags: c.tags ?? [],
    created_at: iso(c.createdAt),
    updated_at: iso(c.updatedAt),
  };
}

export function interactionRecord(i: InteractionRow, contactName?: string): InteractionRecord {
  return {
    id: i.id,
    contact_id: i.contactId,
    ...(contactName !== undefined ? { contact_name: contactName } : {}),
    interaction_type: i.interactionType,
    interaction_date: iso(i.interactionDate),
    has_time: i.hasTime,
    subject: i.subject,
    notes: i.notes,
    outcome: i.outcome,
    follow_up_required: i.followUpRequired,
    follow_up_date: i.followUpDate,
    attachments: i.attachments ?? [],
    meeting_url: i.meetingUrl ?? null,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
  };
}

export function opportunityRecord(o: OpportunityRow, extra: Partial<Pick<OpportunityRecord, 'contact_name' | 'referrer_name' | 'resume_name' | 'stage_history'>> = {}): OpportunityRecord {
  return {
    id: o.id,
    job_title: o.jobTitle,
    company_name: o.companyName,
    contact_id: o.contactId,
    referrer_id: o.referrerId,
    job_url: o.jobUrl,
    meeting_url: o.meetingUrl ?? null,
    job_description: o.jobDescription,
    salary_range: o.salaryRange,
    location: o.location,
    application_date: o.applicationDate,
    status: o.status,
    priority_level: o.priorityLevel,
    match_score: o.matchScore,
    match_details: o.matchDetails ?? null,
    resume_id: o.resumeId,
    source: o.source,
    posted_date: o.postedDate,
    next_action: o.nextAction,
    next_action_date: o.nextActionDate,
    notes: o.notes,
    created_at: iso(o.createdAt),
    updated_at: iso(o.updatedAt),
    ...extra,
  };
}

export function activityRecord(a: ActivityRow): ActivityRecord {
  return {
    id: a.id,
    activity_type: a.activityType,
    activity_date: iso(a.activityDate),
    description: a.description,
    related_contact_id: a.relatedContactId,
    related_opportunity_id: a.relatedOpportunityId,
  };
}

export function insightRecord(i: InsightRow): InsightRecord {
  return {
    id: i.id,
    contact_id: i.contactId,
    insight_type: i.insightType,
    insight_text: i.insightText,
    confidence_score: i.confidenceScore,
    generated_at: iso(i.generatedAt),
  };
}

export function taskRecord(t: TaskRow, extra: Partial<Pick<TaskRecord, 'contact_name' | 'opportunity_name'>> = {}): TaskRecord {
  return {
    id: t.id,
    title: t.title,
    notes: t.notes,
    kind: t.kind,
    status: t.status,
    due_date: t.dueDate,
    contact_id: t.contactId,
    opportunity_id: t.opportunityId,
    completed_at: t.completedAt ? iso(t.completedAt) : null,
    automation_rule: t.automationRule as TaskRecord['automation_rule'],
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
    ...extra,
  };
}
