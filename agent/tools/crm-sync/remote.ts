import type { CrmProvider } from '../../../db/schema/index.js';
import { ToolError, type ToolErrorCode } from '../shared/errors.js';

/** The contact fields both CRMs carry and Kith syncs, each as text or null. */
export const CONTACT_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'company', 'job_title'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export type ContactValues = Record<ContactField, string | null>;

/** A deal (HubSpot) or opportunity (Salesforce): its name and its stage in the remote's own words. */
export const DEAL_FIELDS = ['name', 'stage'] as const;
export type DealField = (typeof DEAL_FIELDS)[number];
export type DealValues = Record<DealField, string | null> & { close_date: string };

export interface ActivityValues {
  /** Kith's interaction type: call, meeting, email, linkedin_message, coffee_chat. */
  type: string;
  subject: string;
  body: string | null;
  at: Date;
}

export interface RemoteRecord<V> {
  id: string;
  modifiedAt: Date;
  values: V;
}

export interface RemoteStats {
  requests: number;
  /** Answers of 429 (too many requests) the sync waited out. */
  rate_limited: number;
  waited_ms: number;
}

/**
 * One remote CRM as the sync sees it: the same calls for HubSpot (@hubspot/api-client) and
 * Salesforce (jsforce), each honouring the remote's rate limits and naming what it refused.
 */
export interface CrmRemote {
  readonly provider: CrmProvider;
  readonly stats: RemoteStats;
  /** Every contact changed at or after `since` (all of them when null), page by page. */
  contactsChangedSince(since: Date | null, onPage?: (read: number) => void): Promise<RemoteRecord<ContactValues>[]>;
  contactsByEmail(emails: string[]): Promise<RemoteRecord<ContactValues>[]>;
  createContacts(values: ContactValues[]): Promise<RemoteRecord<ContactValues>[]>;
  updateContacts(changes: { id: string; values: Partial<ContactValues> }[]): Promise<RemoteRecord<ContactValues>[]>;
  dealsChangedSince(since: Date | null): Promise<RemoteRecord<Pick<DealValues, DealField>>[]>;
  createDeals(deals: { values: DealValues; contactId: string | null }[]): Promise<RemoteRecord<Pick<DealValues, DealField>>[]>;
  updateDeals(changes: { id: string; values: Partial<DealValues> }[]): Promise<RemoteRecord<Pick<DealValues, DealField>>[]>;
  createActivities(activities: { values: ActivityValues; contactId: string }[]): Promise<string[]>;
}

/** Kith's opportunity stages in each CRM's default pipeline (HubSpot's stage ids, Salesforce's StageName picklist). */
export const STAGE_MAP: Record<CrmProvider, Record<string, string>> = {
  hubspot: {
    interested: 'appointmentscheduled', applied: 'qualifiedtobuy', phone_screen: 'presentationscheduled', interview: 'decisionmakerboughtin',
    final_round: 'contractsent', offer: 'closedwon', rejected: 'closedlost', withdrawn: 'closedlost',
  },
  salesforce: {
    interested: 'Prospecting', applied: 'Qualification', phone_screen: 'Needs Analysis', interview: 'Id. Decision Makers',
    final_round: 'Proposal/Price Quote', offer: 'Closed Won', rejected: 'Closed Lost', withdrawn: 'Closed Lost',
  },
};

/** A remote stage as Kith's status (the first Kith stage that maps to it); null when the pipeline has a stage Kith does not know. */
export function kithStatusOf(provider: CrmProvider, stage: string | null): string | null {
  if (!stage) return null;
  const found = Object.entries(STAGE_MAP[provider]).find(([, s]) => s.toLowerCase() === stage.toLowerCase());
  return found?.[0] ?? null;
}

export const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const codeFor = (status: number): ToolErrorCode => (status === 401 || status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 409 ? 'conflict' : 'invalid');

/**
 * A remote's refusal in words for the user: the status and the remote's own message (never a
 * credential). The sync's transaction rolls back, so Kith keeps nothing of a failed sync.
 */
export class RemoteError extends ToolError {
  constructor(provider: CrmProvider, status: number, message: string, remoteCode?: string) {
    const name = provider === 'hubspot' ? 'HubSpot' : 'Salesforce';
    super(codeFor(status), status === 0 ? `${name} could not be reached: ${message}` : `${name} answered ${status}${remoteCode ? ` ${remoteCode}` : ''}: ${message}`,
      { provider, status, ...(remoteCode ? { remote_code: remoteCode } : {}) });
  }
}

/** A failure to reach the remote at all (refused, reset, DNS), which no library turns into an answer. */
export function unreachable(provider: CrmProvider, error: unknown): RemoteError | null {
  const e = error as { code?: unknown; cause?: { code?: unknown }; errno?: unknown; type?: unknown };
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : null;
  if (!code || !/^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(code)) return null;
  return new RemoteError(provider, 0, `${code} (check the address in the connection)`);
}
