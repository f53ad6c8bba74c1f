export interface Contact {
  id: string; first_name: string; last_name: string; email: string | null; phone: string | null; company: string | null;
  job_title: string | null; linkedin_url: string | null; twitter_url: string | null; location: string | null;
  contact_source: string | null; relationship_type: string | null; connection_strength: string | null;
  last_contact_date: string | null; next_follow_up_date: string | null; follow_up_reason: string | null;
  notes: string | null; tags: string[]; created_at: string; updated_at: string;
  /** Present when shared with a team: yours, or a teammate's (only its owner edits it). */
  shared?: SharedMark;
}
export interface SharedMark { team_id: string; team_name: string; owner_id: string; owner_name: string; yours: boolean }
export interface Interaction {
  id: string; contact_id: string; contact_name?: string; interaction_type: string; interaction_date: string; has_time: boolean;
  subject: string | null; notes: string | null; outcome: string | null; follow_up_required: boolean; follow_up_date: string | null;
  meeting_url?: string | null;
  /** A teammate's interaction with a shared contact. */
  logged_by?: string;
}
export interface StageChange { from_status: string | null; to_status: string; changed_at: string }
export interface Opportunity {
  id: string; job_title: string | null; company_name: string; contact_id: string | null; contact_name?: string | null;
  referrer_id: string | null; referrer_name?: string | null; job_url: string | null; job_description: string | null; application_date: string | null;
  salary_range: string | null; location: string | null; status: string; priority_level: string | null; match_score: number | null;
  next_action: string | null; next_action_date: string | null; notes: string | null; updated_at: string; created_at: string;
  meeting_url?: string | null;
  stage_history?: StageChange[];
  resume_id?: string | null; source?: string | null; posted_date?: string | null; match_details?: MatchDetails | null;
}
export interface RequirementResult { skill: string; alternatives?: string[]; section: string; weight: number; mentions: number }
export interface MatchDetails {
  score: number; summary: string; based_on: string; confidence: string; computed_at: string;
  resume: { id: string; name: string };
  skills: { score: number | null; found: RequirementResult[]; missing: RequirementResult[] };
  semantic: { similarity: number; score: number; embedder: string } | null;
}
export interface Resume { id: string; name: string; format: string; file_name: string | null; word_count: number; text_preview: string; opportunities: number; created_at: string }
export interface FollowUp {
  contact_id: string; name: string; company: string | null; email: string | null; phone: string | null;
  next_follow_up_date: string; reason: string | null; days_overdue: number;
}
export interface Task {
  id: string; title: string; notes: string | null; kind: 'follow_up' | 'todo'; status: 'open' | 'done'; due_date: string | null;
  contact_id: string | null; contact_name?: string | null; opportunity_id: string | null; opportunity_name?: string | null;
}
export interface AgendaItem {
  kind: 'follow_up' | 'todo' | 'next_action'; date: string; title: string; days_overdue: number; task_id: string | null;
  contact_id: string | null; contact_name: string | null; opportunity_id: string | null; opportunity_name: string | null;
}
export interface Activity { id: string; activity_type: string; activity_date: string; description: string; related_contact_id: string | null }
export interface Candidate { id: string; name: string; company: string | null; email: string | null }
export interface Dashboard {
  today: string;
  stats: { contacts: number; active_opportunities: number; pending_follow_ups: number; overdue_follow_ups: number; interactions_this_week: number };
  tasks: { follow_ups_due: FollowUp[]; tasks_due?: Task[]; interviews: Opportunity[]; next_actions: Opportunity[] };
  recent_activity: Activity[];
  interactions_per_week: Array<{ week_start: string; count: number }>;
  pipeline: Array<{ status: string; count: number }>;
}

export const label = (s: string | null | undefined) => (s ? s.replace(/_/g, ' ') : '');
export const fullName = (c: Pick<Contact, 'first_name' | 'last_name'>) => `${c.first_name} ${c.last_name}`.trim();
