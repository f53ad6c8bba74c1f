import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A Salesforce org's REST API on 127.0.0.1 for tests, in Salesforce's shapes: OAuth refresh at
 * /services/oauth2/token, SOQL at /services/data/vXX.X/query paged by nextRecordsUrl (the subset
 * Kith sends: a field list, WHERE SystemModstamp >= or Email IN, ORDER BY), sObject Collections
 * (composite/sobjects, create and update, all or none), errors as [{message, errorCode}].
 */
export type SfRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

export interface FakeSalesforce {
  url: string;
  records(type: string): SfRecord[];
  /** Adds or changes a record as a Salesforce user would (its SystemModstamp moves on). */
  put(type: string, fields: Record<string, unknown>, id?: string): SfRecord;
  /** Ends every access token issued so far: the next call is 401 INVALID_SESSION_ID. */
  expireSessions(): void;
  /** The next `n` API calls are refused 429 REQUEST_LIMIT_EXCEEDED with Retry-After (seconds; 1 by default). */
  throttle(n: number, retryAfterSeconds?: number): void;
  requests: { method: string; path: string; status: number }[];
  tokenRefreshes: number;
  close(): Promise<void>;
}

const PREFIX: Record<string, string> = { Contact: '003', Opportunity: '006', Task: '00T' };
const sfTime = (ms: number) => new Date(ms).toISOString().replace('Z', '+0000');

export async function startFakeSalesforce(options: { clientId: string; clientSecret?: string; refreshToken: string; pageSize?: number }): Promise<FakeSalesforce> {
  const store = new Map<string, Map<string, SfRecord>>();
  const table = (type: string) => { let t = store.get(type); if (!t) { t = new Map(); store.set(type, t); } return t; };
  const tokens = new Set<string>();
  const cursors = new Map<string, SfRecord[]>();
  let seq = 1;
  let lastStamp = 0;
  let throttled = 0;
  let throttleSeconds = 1;
  const requests: FakeSalesforce['requests'] = [];
  const stamp = () => { lastStamp = Math.max(Date.now(), lastStamp + 1); return lastStamp; };
  const put = (type: string, fields: Record<string, unknown>, id?: string): SfRecord => {
    const t = table(type);
    const existing = id ? t.get(id) : undefined;
    const rec = existing ?? { Id: `${PREFIX[type] ?? '001'}${String(seq++).padStart(12, '0')}AAA`, SystemModstamp: '' };
    Object.assign(rec, fields, { SystemModstamp: sfTime(stamp()) });
    t.set(rec.Id, rec);
    return rec;
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const fail = (res: ServerResponse, status: number, errorCode: string, message: string, headers: Record<string, string> = {}) => json(res, status, [{ message, errorCode }], headers);

  const REQUIRED: Record<string, string[]> = { Contact: ['LastName'], Opportunity: ['Name', 'StageName', 'CloseDate'], Task: [] };

  function query(soql: string): SfRecord[] | string {
    const m = /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER BY\s+(\w+))?\s*$/i.exec(soql.trim());
    if (!m) return 'unexpected token';
    const [, fieldList, type, where, orderBy] = m;
    const fields = fieldList.split(',').map((f) => f.trim());
    let rows = [...table(type).values()];
    if (where) {
      const since = /^SystemModstamp\s*>=\s*(\S+)$/i.exec(where);
      const emails = /^Email\s+IN\s*\((.*)\)$/i.exec(where);
      if (since) rows = rows.filter((r) => Date.parse(r.SystemModstamp) >= Date.parse(since[1]));
      else if (emails) {
        const wanted = new Set([...emails[1].matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((x) => x[1].replace(/\\(.)/g, '$1').toLowerCase()));
        rows = rows.filter((r) => wanted.has(String(r.Email ?? '').toLowerCase()));
      } else return `unexpected token: ${where}`;
    }
    if (orderBy) rows.sort((a, b) => String(a[orderBy]).localeCompare(String(b[orderBy])));
    return rows.map((r) => ({
      attributes: { type, url: `/services/data/v59.0/sobjects/${type}/${r.Id}` },
      ...Object.fromEntries(fields.map((f) => [f, r[f] ?? null])),
    }) as unknown as SfRecord);
  }

  const page = (res: ServerResponse, version: string, rows: SfRecord[], total: number) => {
    const size = options.pageSize ?? 2000;
    const rest = rows.slice(size);
    let nextRecordsUrl: string | undefined;
    if (rest.length) {
      const locator = `01g${randomBytes(6).toString('hex')}-${total - rest.length}`;
      cursors.set(locator, rest);
      nextRecordsUrl = `/services/data/v${version}/query/${locator}`;
    }
    return json(res, 200, { totalSize: total, done: !nextRecordsUrl, records: rows.slice(0, size), ...(nextRecordsUrl ? { nextRecordsUrl } : {}) });
  };

  function save(res: ServerResponse, body: { allOrNone?: boolean; records?: Record<string, unknown>[] }, update: boolean) {
    const records = body.records ?? [];
    if (records.length > 200) return fail(res, 400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 200 records into this call');
    const problems = records.map((r) => {
      const type = (r.attributes as { type?: string } | undefined)?.type ?? '';
      if (update && (!r.Id || !table(type).has(String(r.Id)))) return { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] as string[] };
      const missing = update ? (REQUIRED[type] ?? []).filter((f) => f in r && !r[f]) : (REQUIRED[type] ?? []).filter((f) => !r[f]);
      return missing.length ? { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing } : null;
    });
    if (problems.some(Boolean) && body.allOrNone) {
      return json(res, 200, problems.map((p) => ({ success: false, errors: [p ?? { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'Record rolled back because not all records were valid and the request was using AllOrNone header', fields: [] }] })));
    }
    return json(res, 200, records.map((r, i) => {
      if (problems[i]) return { success: false, errors: [problems[i]] };
      const { attributes, Id, ...fields } = r as { attributes: { type: string }; Id?: string };
      const saved = put(attributes.type, fields, update ? Id : undefined);
      return { id: saved.Id, success: true, errors: [] };
    }));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, text: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'POST' && url.pathname === '/services/oauth2/token') {
      const form = new URLSearchParams(text);
      if (form.get('grant_type') !== 'refresh_token') return json(res, 400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' });
      if (form.get('client_id') !== options.clientId || (options.clientSecret && form.get('client_secret') !== options.clientSecret)) return json(res, 400, { error: 'invalid_client_id', error_description: 'client identifier invalid' });
      if (form.get('refresh_token') !== options.refreshToken) return json(res, 400, { error: 'invalid_grant', error_description: 'expired access/refresh token' });
      const token = `00D000000000001!${randomBytes(24).toString('base64url')}`;
      tokens.add(token);
      server.tokenRefreshes++;
      return json(res, 200, { access_token: token, instance_url: server.url, id: `${server.url}/id/00D000000000001EAA/005000000000001AAA`, token_type: 'Bearer', issued_at: String(Date.now()), signature: randomBytes(16).toString('base64'), scope: 'api refresh_token' });
    }
    const m = /^\/services\/data\/v(\d+\.\d)\/(.+)$/.exec(url.pathname);
    if (!m) return fail(res, 404, 'NOT_FOUND', 'The requested resource does not exist');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token || !tokens.has(token)) return fail(res, 401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    if (throttled > 0) { throttled--; return fail(res, 429, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', { 'retry-after': String(throttleSeconds) }); }
    const [, version, rest] = m;
    const body = text ? JSON.parse(text) : {};
    if (req.method === 'GET' && rest === 'query') {
      const rows = query(url.searchParams.get('q') ?? '');
      if (typeof rows === 'string') return fail(res, 400, 'MALFORMED_QUERY', rows);
      return page(res, version, rows, rows.length);
    }
    const more = /^query\/(01g[0-9a-f]+-(\d+))$/.exec(rest);
    if (req.method === 'GET' && more) {
      const rows = cursors.get(more[1]);
      if (!rows) return fail(res, 400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      cursors.delete(more[1]);
      return page(res, version, rows, Number(more[2]) + rows.length);
    }
    if (rest === 'composite/sobjects' && req.method === 'POST') return save(res, body, false);
    if (rest === 'composite/sobjects' && req.method === 'PATCH') return save(res, body, true);
    const single = /^sobjects\/(\w+)$/.exec(rest);
    if (single && req.method === 'POST') {
      const missing = (REQUIRED[single[1]] ?? []).filter((f) => !body[f]);
      if (missing.length) return fail(res, 400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`);
      return json(res, 201, { id: put(single[1], body).Id, success: true, errors: [] });
    }
    return fail(res, 404, 'NOT_FOUND', `The requested resource does not exist: ${req.method} ${rest}`);
  }

  const httpServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.on('finish', () => requests.push({ method: req.method ?? '', path: new URL(req.url ?? '/', 'http://x').pathname, status: res.statusCode }));
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((e) => fail(res, 500, 'UNKNOWN_EXCEPTION', String(e)));
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const server: FakeSalesforce = {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    records: (type) => [...table(type).values()],
    put,
    expireSessions: () => tokens.clear(),
    throttle(n, retryAfterSeconds = 1) { throttled = n; throttleSeconds = retryAfterSeconds; },
    requests,
    tokenRefreshes: 0,
    close: () => new Promise((r) => { httpServer.closeAllConnections(); httpServer.close(() => r()); }),
  };
  return server;
}
