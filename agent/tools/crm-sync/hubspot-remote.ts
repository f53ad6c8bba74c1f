import { Client } from '@hubspot/api-client';
import { chunks, RemoteError, unreachable, type ActivityValues, type ContactValues, type CrmRemote, type DealField, type DealValues, type RemoteRecord, type RemoteStats } from './remote.js';
import { parseRetryAfter, withRetries, type Refusal, type RetryPolicy } from './rate-limit.js';
import { trimEndOf } from '../shared/trim.js';

const CONTACT_PROPS = { first_name: 'firstname', last_name: 'lastname', email: 'email', phone: 'phone', company: 'company', job_title: 'jobtitle' } as const;
const CONTACT_PROPERTIES = [...Object.values(CONTACT_PROPS), 'lastmodifieddate'];
const DEAL_PROPERTIES = ['dealname', 'dealstage', 'pipeline', 'closedate', 'hs_lastmodifieddate'];
/** HubSpot-defined association types (v4 ids), from the record to its contact. */
const ASSOCIATION = { deal: 3, call: 194, email: 198, meeting: 200, note: 202 } as const;

interface HubObject { id: string; properties: Record<string, string | null>; updatedAt: Date }

const contactOf = (o: HubObject): RemoteRecord<ContactValues> => ({
  id: o.id, modifiedAt: new Date(o.updatedAt),
  values: Object.fromEntries(Object.entries(CONTACT_PROPS).map(([k, p]) => [k, o.properties[p] || null])) as ContactValues,
});
const dealOf = (o: HubObject): RemoteRecord<Pick<DealValues, DealField>> => ({
  id: o.id, modifiedAt: new Date(o.updatedAt), values: { name: o.properties.dealname || null, stage: o.properties.dealstage || null },
});
const contactProps = (v: Partial<ContactValues>) => Object.fromEntries(
  Object.entries(v).filter(([k]) => k in CONTACT_PROPS).map(([k, value]) => [CONTACT_PROPS[k as keyof typeof CONTACT_PROPS], value ?? '']),
);
const dealProps = (v: Partial<DealValues>) => {
  const p: Record<string, string> = {};
  if (v.name !== undefined) p.dealname = v.name ?? '';
  if (v.stage !== undefined) { p.dealstage = v.stage ?? ''; p.pipeline = 'default'; }
  if (v.close_date !== undefined) p.closedate = v.close_date;
  return p;
};
const toContact = (id: string, typeId: number) => [{ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }];

/** HubSpot's error ({status, message, correlationId, category}) in the user's words; never the token. */
function hubspotError(error: unknown): unknown {
  const e = error as { code?: number; body?: { message?: string; category?: string; correlationId?: string } };
  if (typeof e?.code !== 'number') return unreachable('hubspot', error) ?? error;
  const body = typeof e.body === 'string' ? safeJson(e.body) : e.body;
  return new RemoteError('hubspot', e.code, `${body?.message ?? 'the request was refused'}${body?.correlationId ? ` (correlation id ${body.correlationId})` : ''}`, body?.category);
}
const safeJson = (s: string) => { try { return JSON.parse(s) as { message?: string; category?: string; correlationId?: string }; } catch { return { message: s.slice(0, 300) }; } };

const refusalOf = (error: unknown): Refusal | null => {
  const e = error as { code?: number; headers?: Record<string, string> };
  if (typeof e?.code !== 'number' || e.code === 0) return null;
  return { status: e.code, retryAfterMs: parseRetryAfter(e.headers?.['retry-after']) };
};

export interface HubSpotOptions {
  accessToken: string;
  /** https://api.hubapi.com, or a server the tests start. */
  basePath: string;
  retry: RetryPolicy;
  /** Requests per second Kith allows itself (HubSpot's private apps: 190 per 10 s on Enterprise). */
  perSecond?: number;
}

/**
 * HubSpot's CRM v3 through @hubspot/api-client: objects read by paging (`paging.next.after`) on a
 * first sync and by search on lastmodifieddate after it; written by the batch endpoints, 100 at a
 * time. The client's own retry is off (it ignores Retry-After); withRetries honours it.
 */
export function hubspotRemote(options: HubSpotOptions): CrmRemote {
  const perSecond = options.perSecond ?? 18;
  const client = new Client({
    accessToken: options.accessToken, basePath: trimEndOf(options.basePath, '/'), numberOfApiCallRetries: 0,
    limiterOptions: { minTime: Math.ceil(1000 / perSecond), maxConcurrent: 4 },
  });
  const stats: RemoteStats = { requests: 0, rate_limited: 0, waited_ms: 0 };
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await withRetries(fn, refusalOf, stats, options.retry);
    } catch (error) {
      throw hubspotError(error);
    }
  };

  async function searchAll(api: 'contacts' | 'deals', property: string, since: Date, properties: string[], onPage?: (n: number) => void): Promise<HubObject[]> {
    const out: HubObject[] = [];
    let after: string | undefined;
    do {
      const request = {
        filterGroups: [{ filters: [{ propertyName: property, operator: 'GTE', value: String(since.getTime()) }] }],
        sorts: [`${property}`], properties, limit: 200, after,
      };
      const page = await call(() => client.crm[api].searchApi.doSearch(request as never)) as unknown as { results: HubObject[]; paging?: { next?: { after: string } } };
      out.push(...page.results);
      onPage?.(out.length);
      after = page.paging?.next?.after;
    } while (after);
    return out;
  }

  async function pageAll(api: 'contacts' | 'deals', properties: string[], onPage?: (n: number) => void): Promise<HubObject[]> {
    const out: HubObject[] = [];
    let after: string | undefined;
    do {
      const page = await call(() => client.crm[api].basicApi.getPage(100, after, properties)) as unknown as { results: HubObject[]; paging?: { next?: { after: string } } };
      out.push(...page.results);
      onPage?.(out.length);
      after = page.paging?.next?.after;
    } while (after);
    return out;
  }

  /** Batch results come back in no promised order: each created contact is found by its e-mail, else its name. */
  const matchCreated = (inputs: ContactValues[], results: HubObject[]): RemoteRecord<ContactValues>[] => {
    const created = results.map(contactOf);
    const key = (v: ContactValues) => v.email ? `e:${v.email.toLowerCase()}` : `n:${(v.first_name ?? '').toLowerCase()} ${(v.last_name ?? '').toLowerCase()}`;
    const byKey = new Map<string, RemoteRecord<ContactValues>[]>();
    for (const c of created) byKey.set(key(c.values), [...(byKey.get(key(c.values)) ?? []), c]);
    return inputs.map((v, i) => byKey.get(key(v))?.shift() ?? created[i]);
  };

  return {
    provider: 'hubspot',
    stats,
    async contactsChangedSince(since, onPage) {
      const objects = since ? await searchAll('contacts', 'lastmodifieddate', since, CONTACT_PROPERTIES, onPage) : await pageAll('contacts', CONTACT_PROPERTIES, onPage);
      return objects.map(contactOf);
    },
    async contactsByEmail(emails) {
      const out: RemoteRecord<ContactValues>[] = [];
      for (const group of chunks(emails, 100)) {
        const request = { filterGroups: [{ filters: [{ propertyName: 'email', operator: 'IN', values: group }] }], properties: CONTACT_PROPERTIES, limit: 200 };
        const page = await call(() => client.crm.contacts.searchApi.doSearch(request as never)) as unknown as { results: HubObject[] };
        out.push(...page.results.map(contactOf));
      }
      return out;
    },
    async createContacts(values) {
      const out: RemoteRecord<ContactValues>[] = [];
      for (const group of chunks(values, 100)) {
        const res = await call(() => client.crm.contacts.batchApi.create({ inputs: group.map((v) => ({ properties: contactProps(v), associations: [] })) })) as unknown as { results: HubObject[] };
        out.push(...matchCreated(group, res.results));
      }
      return out;
    },
    async updateContacts(changes) {
      const out: RemoteRecord<ContactValues>[] = [];
      for (const group of chunks(changes, 100)) {
        const res = await call(() => client.crm.contacts.batchApi.update({ inputs: group.map((c) => ({ id: c.id, properties: contactProps(c.values) })) })) as unknown as { results: HubObject[] };
        out.push(...res.results.map(contactOf));
      }
      return out;
    },
    async dealsChangedSince(since) {
      const objects = since ? await searchAll('deals', 'hs_lastmodifieddate', since, DEAL_PROPERTIES) : await pageAll('deals', DEAL_PROPERTIES);
      return objects.map(dealOf);
    },
    async createDeals(deals) {
      const out: RemoteRecord<Pick<DealValues, DealField>>[] = [];
      for (const group of chunks(deals, 100)) {
        const inputs = group.map((d) => ({ properties: dealProps(d.values), associations: d.contactId ? toContact(d.contactId, ASSOCIATION.deal) : [] }));
        const res = await call(() => client.crm.deals.batchApi.create({ inputs } as never)) as unknown as { results: HubObject[] };
        const created = res.results.map(dealOf);
        out.push(...group.map((d, i) => created.find((c) => c.values.name === d.values.name && !out.includes(c)) ?? created[i]));
      }
      return out;
    },
    async updateDeals(changes) {
      const out: RemoteRecord<Pick<DealValues, DealField>>[] = [];
      for (const group of chunks(changes, 100)) {
        const res = await call(() => client.crm.deals.batchApi.update({ inputs: group.map((c) => ({ id: c.id, properties: dealProps(c.values) })) })) as unknown as { results: HubObject[] };
        out.push(...res.results.map(dealOf));
      }
      return out;
    },
    async createActivities(activities) {
      const ids: string[] = [];
      // Each interaction is the engagement HubSpot has for it: a call, a meeting, or a note for the rest.
      for (const a of activities) {
        const at = a.values.at.toISOString();
        const body = [a.values.subject, a.values.body].filter(Boolean).join('\n\n');
        let created: HubObject;
        if (a.values.type === 'call') {
          created = await call(() => client.crm.objects.calls.basicApi.create({ properties: { hs_timestamp: at, hs_call_title: a.values.subject, hs_call_body: a.values.body ?? '', hs_call_status: 'COMPLETED' }, associations: toContact(a.contactId, ASSOCIATION.call) } as never)) as unknown as HubObject;
        } else if (a.values.type === 'meeting' || a.values.type === 'coffee_chat') {
          created = await call(() => client.crm.objects.meetings.basicApi.create({ properties: { hs_timestamp: at, hs_meeting_title: a.values.subject, hs_meeting_body: a.values.body ?? '', hs_meeting_start_time: at, hs_meeting_outcome: 'COMPLETED' }, associations: toContact(a.contactId, ASSOCIATION.meeting) } as never)) as unknown as HubObject;
        } else {
          created = await call(() => client.crm.objects.notes.basicApi.create({ properties: { hs_timestamp: at, hs_note_body: `${a.values.type === 'email' ? 'E-mail' : 'LinkedIn message'}: ${body}` }, associations: toContact(a.contactId, ASSOCIATION.note) } as never)) as unknown as HubObject;
        }
        ids.push(created.id);
      }
      return ids;
    },
  };
}

export type { ActivityValues };
