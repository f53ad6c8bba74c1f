import jsforce from 'jsforce';
import { chunks, RemoteError, unreachable, type ContactValues, type CrmRemote, type DealField, type DealValues, type RemoteRecord, type RemoteStats } from './remote.js';
import { parseRetryAfter, withRetries, type Refusal, type RetryPolicy } from './rate-limit.js';

/** Salesforce's Contact has no company of its own (that is its Account), so Kith syncs the rest. */
const CONTACT_FIELDS = { first_name: 'FirstName', last_name: 'LastName', email: 'Email', phone: 'Phone', job_title: 'Title' } as const;
const API_VERSION = '59.0';

interface SfRecord { Id: string; SystemModstamp?: string; [field: string]: unknown }
interface SfSave { id?: string; success: boolean; errors: { message: string; statusCode?: string; errorCode?: string; fields?: string[] }[] }

const soqlDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const soqlString = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const contactOf = (r: SfRecord): RemoteRecord<ContactValues> => ({
  id: r.Id, modifiedAt: new Date(String(r.SystemModstamp ?? Date.now())),
  values: { ...Object.fromEntries(Object.entries(CONTACT_FIELDS).map(([k, f]) => [k, (r[f] as string | null) || null])), company: null } as ContactValues,
});
const dealOf = (r: SfRecord): RemoteRecord<Pick<DealValues, DealField>> => ({
  id: r.Id, modifiedAt: new Date(String(r.SystemModstamp ?? Date.now())), values: { name: (r.Name as string) || null, stage: (r.StageName as string) || null },
});
const contactFields = (v: Partial<ContactValues>) => Object.fromEntries(
  Object.entries(v).filter(([k]) => k in CONTACT_FIELDS).map(([k, value]) => [CONTACT_FIELDS[k as keyof typeof CONTACT_FIELDS], value]),
);
const dealFields = (v: Partial<DealValues>) => ({
  ...(v.name !== undefined ? { Name: v.name } : {}), ...(v.stage !== undefined ? { StageName: v.stage } : {}), ...(v.close_date !== undefined ? { CloseDate: v.close_date } : {}),
});

/** jsforce's error ([{message, errorCode}] from Salesforce, or an OAuth refusal) in the user's words. */
function salesforceError(error: unknown): unknown {
  const e = error as { errorCode?: string; name?: string; message?: string };
  const down = unreachable('salesforce', error);
  if (down) return down;
  if (!e || typeof e.message !== 'string') return error;
  const code = e.errorCode ?? e.name;
  const status = /^ERROR_HTTP_(\d+)$/.exec(code ?? '')?.[1];
  if (code === 'invalid_grant' || /Unable to refresh session/.test(e.message)) return new RemoteError('salesforce', 400, 'the refresh token was refused; connect Salesforce again', 'invalid_grant');
  return new RemoteError('salesforce', status ? Number(status) : 400, e.message.slice(0, 500), status ? undefined : code);
}

/**
 * jsforce names an answer's status only in its error code; Salesforce's own limit errors are
 * REQUEST_LIMIT_EXCEEDED (403 for an org's daily limit, 429 from a gateway). The error carries no
 * headers, so the Retry-After of a refusal is the one `limitWaits` saw on that response.
 */
const refusalOf = (limitWaits: { take(): number | null }) => (error: unknown): Refusal | null => {
  const code = (error as { errorCode?: string })?.errorCode ?? '';
  if (code === 'ERROR_HTTP_429' || code === 'REQUEST_LIMIT_EXCEEDED') return { status: 429, retryAfterMs: limitWaits.take() };
  const status = /^ERROR_HTTP_(5\d\d)$/.exec(code)?.[1];
  return status ? { status: Number(status), retryAfterMs: limitWaits.take() } : null;
};

interface Transport {
  httpRequest(req: unknown, options?: { retry?: Record<string, unknown> }): Promise<{ statusCode: number; headers: Record<string, string | undefined> }>;
}

/**
 * jsforce retries a 429 or a 5xx itself (500 ms, then doubling), deaf to Retry-After and uncounted;
 * at its transport (Connection's `_transport`, the one layer that sees response headers; not public,
 * and the Salesforce rate-limit test fails if it stops being there) that retry is turned off for
 * answers (kept for network errors), so withRetries waits as asked, and the Retry-After of the last
 * refused answer (429, 403, 5xx) is kept for refusalOf. Taken once.
 */
function retryAsAsked(conn: jsforce.Connection): { take(): number | null } {
  const transport = (conn as unknown as { _transport?: Transport })._transport;
  let last: number | null = null;
  if (transport) {
    const httpRequest = transport.httpRequest.bind(transport);
    transport.httpRequest = (req, options) => {
      const answer = httpRequest(req, { ...options, retry: { ...options?.retry, statusCodes: [] } });
      // Registered before jsforce's own await, so it runs first: the value is there when the error is thrown.
      answer.then((res) => { if (res.statusCode === 429 || res.statusCode === 403 || res.statusCode >= 500) last = parseRetryAfter(res.headers['retry-after']); }, () => {});
      return answer;
    };
  }
  return { take: () => { const ms = last; last = null; return ms; } };
}

export interface SalesforceOptions {
  instanceUrl: string;
  /** Where the refresh token is exchanged (https://login.salesforce.com, a My Domain, or a server the tests start). */
  loginUrl: string;
  clientId: string;
  clientSecret?: string;
  refreshToken: string;
  retry: RetryPolicy;
}

/**
 * Salesforce's REST API through jsforce: SOQL queries paged by nextRecordsUrl (incremental by
 * SystemModstamp), writes by the sObject Collections endpoint (composite/sobjects, 200 at a time,
 * all or none), the access token got and refreshed from the refresh token at /services/oauth2/token.
 */
export function salesforceRemote(options: SalesforceOptions): CrmRemote {
  const conn = new jsforce.Connection({
    oauth2: { clientId: options.clientId, clientSecret: options.clientSecret, loginUrl: options.loginUrl },
    instanceUrl: options.instanceUrl, refreshToken: options.refreshToken, version: API_VERSION,
  });
  const stats: RemoteStats = { requests: 0, rate_limited: 0, waited_ms: 0 };
  const refusal = refusalOf(retryAsAsked(conn));
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await withRetries(fn, refusal, stats, options.retry);
    } catch (error) {
      throw salesforceError(error);
    }
  };

  async function queryAll(soql: string, onPage?: (n: number) => void): Promise<SfRecord[]> {
    let page = await call(async () => await conn.query<SfRecord>(soql, { autoFetch: false }));
    const out = [...page.records];
    onPage?.(out.length);
    while (!page.done && page.nextRecordsUrl) {
      const next = page.nextRecordsUrl;
      page = await call(async () => await conn.queryMore<SfRecord>(next));
      out.push(...page.records);
      onPage?.(out.length);
    }
    return out;
  }

  async function save(type: string, records: Record<string, unknown>[], method: 'create' | 'update'): Promise<string[]> {
    const ids: string[] = [];
    for (const group of chunks(records, 200)) {
      const results = await call(() => (method === 'create'
        ? conn.sobject(type).create(group, { allOrNone: true })
        : conn.sobject(type).update(group as never, { allOrNone: true }))) as unknown as SfSave[];
      const failed = results.find((r) => !r.success);
      if (failed) {
        const err = failed.errors[0];
        throw new RemoteError('salesforce', 400, `${type}: ${err?.message ?? 'refused'}${err?.fields?.length ? ` (${err.fields.join(', ')})` : ''}`, err?.statusCode ?? err?.errorCode);
      }
      ids.push(...results.map((r, i) => r.id ?? String(group[i].Id)));
    }
    return ids;
  }

  const contactSelect = `SELECT Id, ${Object.values(CONTACT_FIELDS).join(', ')}, SystemModstamp FROM Contact`;
  return {
    provider: 'salesforce',
    stats,
    async contactsChangedSince(since, onPage) {
      const where = since ? ` WHERE SystemModstamp >= ${soqlDate(since)}` : '';
      return (await queryAll(`${contactSelect}${where} ORDER BY SystemModstamp`, onPage)).map(contactOf);
    },
    async contactsByEmail(emails) {
      const out: RemoteRecord<ContactValues>[] = [];
      for (const group of chunks(emails, 100)) out.push(...(await queryAll(`${contactSelect} WHERE Email IN (${group.map(soqlString).join(', ')})`)).map(contactOf));
      return out;
    },
    async createContacts(values) {
      const ids = await save('Contact', values.map((v) => ({ ...contactFields(v), LastName: v.last_name || v.first_name || '(no name)' })), 'create');
      const now = new Date();
      return ids.map((id, i) => ({ id, modifiedAt: now, values: { ...values[i], company: null } }));
    },
    async updateContacts(changes) {
      const ids = await save('Contact', changes.map((c) => ({ Id: c.id, ...contactFields(c.values) })), 'update');
      const now = new Date();
      return ids.map((id, i) => ({ id, modifiedAt: now, values: { ...(changes[i].values as ContactValues), company: null } }));
    },
    async dealsChangedSince(since) {
      const where = since ? ` WHERE SystemModstamp >= ${soqlDate(since)}` : '';
      return (await queryAll(`SELECT Id, Name, StageName, SystemModstamp FROM Opportunity${where} ORDER BY SystemModstamp`)).map(dealOf);
    },
    async createDeals(deals) {
      const ids = await save('Opportunity', deals.map((d) => ({ ...dealFields(d.values), ...(d.contactId ? { ContactId: d.contactId } : {}) })), 'create');
      const now = new Date();
      return ids.map((id, i) => ({ id, modifiedAt: now, values: { name: deals[i].values.name, stage: deals[i].values.stage } }));
    },
    async updateDeals(changes) {
      const ids = await save('Opportunity', changes.map((c) => ({ Id: c.id, ...dealFields(c.values) })), 'update');
      const now = new Date();
      return ids.map((id, i) => ({ id, modifiedAt: now, values: { name: changes[i].values.name ?? null, stage: changes[i].values.stage ?? null } }));
    },
    async createActivities(activities) {
      // Every interaction is a completed Task on the contact (Call and Email are Task subtypes).
      const subtype = (t: string) => (t === 'call' ? 'Call' : t === 'email' ? 'Email' : 'Task');
      return save('Task', activities.map((a) => ({
        Subject: a.values.subject.slice(0, 255), Description: a.values.body, ActivityDate: a.values.at.toISOString().slice(0, 10),
        WhoId: a.contactId, Status: 'Completed', TaskSubtype: subtype(a.values.type),
      })), 'create');
    },
  };
}
