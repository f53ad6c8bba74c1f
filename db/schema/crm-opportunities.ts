import { pgTable, uuid, text, timestamp, date, real, index, uniqueIndex, check, jsonb } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from './users.js';
import { teams } from './teams.js';
import { crmContacts } from './crm-contacts.js';
import { opportunitySource, opportunityStatus, priorityLevel } from './enums.js';
import { crmResumes } from './crm-resumes.js';

export const crmOpportunities = pgTable('crm_opportunities', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  contactId: uuid('contact_id').references(() => crmContacts.id, { onDelete: 'set null' }),
  /** Who referred you (a contact), besides the contact the opportunity is with. */
  referrerId: uuid('referrer_id').references(() => crmContacts.id, { onDelete: 'set null' }),
  jobTitle: text('job_title'),
  jobUrl: text('job_url'),
  companyName: text('company_name').notNull(),
  jobDescription: text('job_description'),
  salaryRange: text('salary_range'),
  location: text('location'),
  applicationDate: date('application_date', { mode: 'string' }),
  status: opportunityStatus('status').notNull().default('interested'),
  priorityLevel: priorityLevel('priority_level'),
  matchScore: real('match_score'),
  /** How match_score was computed (skills found and missing, semantic similarity): agent/tools/match. */
  matchDetails: jsonb('match_details').$type<Record<string, unknown>>(),
  /** The résumé version sent; the match score reads it (or the latest résumé when none is named). */
  resumeId: uuid('resume_id').references(() => crmResumes.id, { onDelete: 'set null' }),
  source: opportunitySource('source'),
  /** When the job was posted (days from posting to applying feed the success prediction). */
  postedDate: date('posted_date', { mode: 'string' }),
  nextAction: text('next_action'),
  nextActionDate: date('next_action_date', { mode: 'string' }),
  /** A video-call link (Zoom, Teams, Meet) found in the notes or the calendar event. */
  meetingUrl: text('meeting_url'),
  notes: text('notes'),
  /** Private when null; else shared with this team of the owner's, which may read it (migration 0078). */
  teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('crm_opportunities_user_status_idx').on(t.userId, t.status),
  index('crm_opportunities_user_next_action_idx').on(t.userId, t.nextActionDate).where(sql`${t.nextActionDate} is not null`),
  index('crm_opportunities_contact_idx').on(t.contactId),
  index('crm_opportunities_team_idx').on(t.teamId).where(sql`${t.teamId} is not null`),
  index('crm_opportunities_referrer_idx').on(t.referrerId).where(sql`${t.referrerId} is not null`),
  index('crm_opportunities_resume_idx').on(t.resumeId).where(sql`${t.resumeId} is not null`),
  // One opportunity per posting per user (migration 0061): add_opportunity inserts with ON CONFLICT on it.
  uniqueIndex('crm_opportunities_user_job_url_key').on(t.userId, t.jobUrl).where(sql`${t.jobUrl} is not null`),
  check('crm_opportunities_match_score_range', sql`${t.matchScore} is null or (${t.matchScore} >= 0 and ${t.matchScore} <= 1)`),
]);
