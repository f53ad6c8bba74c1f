/**
 * When a logged interaction is an interview, and for which job. An interaction has no link to an
 * opportunity, only to a contact: it is about a job when it is with the job's contact, and among
 * several jobs with that contact it is about the one its subject or notes name (company or job
 * title); with several and none named, it is about none of them (never a guess).
 */

export interface InteractionFacts {
  contactId: string;
  type: string;
  subject: string | null;
  notes: string | null;
}

export interface JobFacts {
  id: string;
  contactId: string | null;
  companyName: string;
  jobTitle: string | null;
  status: string;
}

/** Stages where a call or meeting with the job's contact is an interview. */
export const INTERVIEW_STAGES = ['phone_screen', 'interview', 'final_round'] as const;
/** Stages an interview moves forward to interview (never backwards). */
export const BEFORE_INTERVIEW = ['interested', 'applied', 'phone_screen'] as const;
/** Stages in which an interview can still happen. */
export const OPEN_STAGES = [...BEFORE_INTERVIEW, 'interview', 'final_round'] as const;

const textOf = (i: InteractionFacts) => `${i.subject ?? ''}\n${i.notes ?? ''}`.toLowerCase();

/**
 * Written messages (an e-mail, a LinkedIn message) are about an interview, never the interview:
 * the invitation, the scheduling, the confirmation and the rejection all say "interview".
 */
export const isWritten = (i: Pick<InteractionFacts, 'type'>): boolean => i.type === 'email' || i.type === 'linkedin_message';

/** The interaction says it was an interview ("interview", "interviewed", "interviewing"). */
export const saysInterview = (i: InteractionFacts): boolean => /\binterview/.test(textOf(i));

/**
 * A written message that turns the interview down or calls it off ("we won't be moving forward to
 * interviews", "unfortunately …", "the interview is cancelled"): it says the word, and is no
 * invitation. Read only for e-mails and messages, where refusals and invitations sound alike.
 */
export const refusesInterview = (i: InteractionFacts): boolean =>
  /\b(?:not|no longer|never|unfortunately|regret|decided|declined?|cancel(?:led|ed|s)?|other candidates|another candidate|rejected)\b|n't\b/.test(textOf(i));

/** A written message that tells of an interview to come or held, and does not refuse it. */
export const invitesToInterview = (i: InteractionFacts): boolean => isWritten(i) && saysInterview(i) && !refusesInterview(i);

/** A phone screen is not an interview for the pipeline: "phone interview", "phone screen", "screening call". */
export const saysPhoneScreen = (i: InteractionFacts): boolean => /\bphone[ -](?:interview|screen)|\bscreening\b|\bscreen(?:er)? call\b/.test(textOf(i));

/** Whether `i` is an interview for `job` (with its contact; said so, or a call or meeting while interviewing). */
export function isInterviewFor(i: InteractionFacts, job: JobFacts): boolean {
  if (!job.contactId || job.contactId !== i.contactId) return false;
  if (!(OPEN_STAGES as readonly string[]).includes(job.status)) return false;
  if (saysInterview(i)) return true;
  return (i.type === 'call' || i.type === 'meeting') && (INTERVIEW_STAGES as readonly string[]).includes(job.status);
}

/** The one job among `jobs` the interaction is about: the only one, or the only one it names; else none. */
export function jobMeant<J extends JobFacts>(i: InteractionFacts, jobs: J[]): J | null {
  if (jobs.length === 1) return jobs[0];
  const text = textOf(i);
  const named = jobs.filter((j) => text.includes(j.companyName.toLowerCase()) || (!!j.jobTitle && text.includes(j.jobTitle.toLowerCase())));
  return named.length === 1 ? named[0] : null;
}
