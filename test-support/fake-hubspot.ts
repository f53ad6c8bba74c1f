import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/**
 * A HubSpot CRM v3 API on 127.0.0.1 for tests and the bench, in HubSpot's own shapes: objects at
 * /crm/v3/objects/{type} (list paged by `paging.next.after`, search with filterGroups, batch
 * create and update of up to 100), errors as {status, message, correlationId, category}, a
 * private-app token checked on every call, and a rolling rate limit answered with 429 and Retry-After.
 */
export interface HubObject { id: string; properties: Record<string, string | null>; createdAt: string; updatedAt: string; archived: boolean; associations: { id: string; typeId: number }[] }

export interface FakeHubSpot {
  url: string;
  objects(type: string): HubObject[];
  /** Adds or changes a record as a HubSpot user would (its lastmodifieddate moves on). */
  put(type: string, properties: Record<string, string | null>, id?: string): HubObject;
  /** The next n calls are refused with 429 and Retry-After: seconds. */
  throttle(n: number, retryAfterSeconds?: number): void;
  requests: { method: string; path: string; status: number; authorization: string | undefined }[];
  close(): Promise<void>;
}

const MODIFIED = (type: string) => (type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate');

export async function startFakeHubSpot(options: { token: string; limit?: { requests: number; perMs: number }; searchPerSecond?: number; unref?: boolean }): Promise<FakeHubSpot> {
  const store = new Map<string, Map<string, HubObject>>();
  const table = (type: string) => { let t = store.get(type); if (!t) { t = new Map(); store.set(type, t); } return t; };
  let nextId = 1000;
  let lastStamp = 0;
  const stamp = () => { lastStamp = Math.max(Date.now(), lastStamp + 1); return lastStamp; };
  let throttled = 0;
  let throttleSeconds = 1;
  const window: number[] = [];
  const searches: number[] = [];
  const requests: FakeHubSpot['requests'] = [];

  const put = (type: string, properties: Record<string, string | null>, id?: string): HubObject => {
    const t = table(type);
    const at = stamp();
    const iso = new Date(at).toISOString();
    const existing = id ? t.get(id) : undefined;
    const object: HubObject = existing ?? { id: id ?? String(nextId++), properties: {}, createdAt: iso, updatedAt: iso, archived: false, associations: [] };
    Object.assign(object.properties, properties, { hs_object_id: object.id, [MODIFIED(type)]: String(at), createdate: object.properties.createdate ?? iso });
    object.updatedAt = iso;
    t.set(object.id, object);
    return object;
  };

  const view = (o: HubObject, properties: string[] | null) => ({
    id: o.id, createdAt: o.createdAt, updatedAt: o.updatedAt, archived: o.archived,
    properties: Object.fromEntries(Object.entries(o.properties).filter(([k]) => !properties || properties.includes(k) || ['hs_object_id', 'createdate'].includes(k))),
  });

  const error = (res: ServerResponse, status: number, category: string, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
    res.end(JSON.stringify({ status: 'error', message, correlationId: randomUUID(), category, ...extra }));
  };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const validateContact = (type: string, properties: Record<string, string | null>, selfId?: string): string | null => {
    if (type !== 'contacts' || !properties.email) return null;
    const email = properties.email.toLowerCase();
    const dup = [...table('contacts').values()].find((c) => c.id !== selfId && c.properties.email?.toLowerCase() === email);
    return dup ? `Contact already exists. Existing ID: ${dup.id}` : null;
  };

  async function handle(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization;
    if (auth !== `Bearer ${options.token}`) {
      return error(res, 401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    const now = Date.now();
    if (throttled > 0) {
      throttled--;
      return error(res, 429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': String(throttleSeconds) });
    }
    if (options.limit) {
      while (window.length && window[0] <= now - options.limit.perMs) window.shift();
      if (window.length >= options.limit.requests) {
        const wait = Math.max(1, Math.ceil((window[0] + options.limit.perMs - now) / 1000));
        return error(res, 429, 'RATE_LIMITS', 'You have reached your ten_secondly_rolling limit.', { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' }, { 'retry-after': String(wait) });
      }
      window.push(now);
    }
    const m = /^\/crm\/v3\/objects\/([a-z_]+)(?:\/(search|batch\/create|batch\/update|[0-9]+))?$/.exec(url.pathname);
    if (!m) return error(res, 404, 'OBJECT_NOT_FOUND', `No route for ${req.method} ${url.pathname}`);
    const [, type, action] = m;
    const t = table(type);

    if (req.method === 'GET' && !action) {
      const limit = Math.min(100, Number(url.searchParams.get('limit') ?? 10));
      const props = url.searchParams.getAll('properties').flatMap((p) => p.split(',')).filter(Boolean);
      const all = [...t.values()].sort((a, b) => Number(a.id) - Number(b.id));
      const after = url.searchParams.get('after');
      const start = after ? all.findIndex((o) => Number(o.id) > Number(after)) : 0;
      const page = start < 0 ? [] : all.slice(start, start + limit);
      const more = start >= 0 && start + limit < all.length;
      const nextAfter = more ? String(Number(page[page.length - 1].id) + 0) : null;
      return json(res, 200, {
        results: page.map((o) => view(o, props.length ? props : null)),
        ...(more ? { paging: { next: { after: nextAfter, link: `${server.url}/crm/v3/objects/${type}?after=${nextAfter}` } } } : {}),
      });
    }
    if (req.method === 'POST' && action === 'search') {
      if (options.searchPerSecond) {
        while (searches.length && searches[0] <= now - 1000) searches.shift();
        if (searches.length >= options.searchPerSecond) return error(res, 429, 'RATE_LIMITS', 'You have reached your secondly limit.', { errorType: 'RATE_LIMIT', policyName: 'SECONDLY' }, { 'retry-after': '1' });
        searches.push(now);
      }
      const request = body as { filterGroups?: { filters: { propertyName: string; operator: string; value?: string; values?: string[] }[] }[]; sorts?: unknown[]; properties?: string[]; limit?: number; after?: string };
      const limit = request.limit ?? 10;
      if (limit > 200) return error(res, 400, 'VALIDATION_ERROR', 'limit must be at most 200');
      const matches = (o: HubObject) => !request.filterGroups?.length || request.filterGroups.some((g) => g.filters.every((f) => {
        const v = o.properties[f.propertyName];
        switch (f.operator) {
          case 'GTE': return v != null && Number(v) >= Number(f.value);
          case 'GT': return v != null && Number(v) > Number(f.value);
          case 'EQ': return String(v ?? '').toLowerCase() === String(f.value ?? '').toLowerCase();
          case 'IN': return (f.values ?? []).some((x) => x.toLowerCase() === String(v ?? '').toLowerCase());
          default: return false;
        }
      }));
      const modified = MODIFIED(type);
      const found = [...t.values()].filter(matches).sort((a, b) => Number(a.properties[modified]) - Number(b.properties[modified]) || Number(a.id) - Number(b.id));
      const offset = Number(request.after ?? 0);
      if (offset + limit > 10_000) return error(res, 400, 'VALIDATION_ERROR', 'There was a problem with the request.', { subCategory: 'SearchApiError.MAX_RESULTS_EXCEEDED' });
      const page = found.slice(offset, offset + limit);
      const more = offset + limit < found.length;
      return json(res, 200, { total: found.length, results: page.map((o) => view(o, request.properties ?? null)), ...(more ? { paging: { next: { after: String(offset + limit) } } } : {}) });
    }
    if (req.method === 'POST' && (action === 'batch/create' || action === 'batch/update')) {
      const inputs = (body as { inputs?: { id?: string; properties: Record<string, string | null>; associations?: { to: { id: string }; types: { associationTypeId: number }[] }[] }[] }).inputs;
      if (!Array.isArray(inputs) || inputs.length === 0) return error(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1, column 12: inputs is required');
      if (inputs.length > 100) return error(res, 400, 'VALIDATION_ERROR', 'Batch input length must be at most 100');
      const startedAt = new Date().toISOString();
      if (action === 'batch/update') {
        const missing = inputs.find((i) => !i.id || !t.has(i.id));
        if (missing) return error(res, 400, 'VALIDATION_ERROR', `Object with id ${missing.id} does not exist`);
      }
      for (const i of inputs) {
        const dup = validateContact(type, i.properties, i.id);
        if (dup) return error(res, 409, 'CONFLICT', dup);
      }
      const results = inputs.map((i) => {
        const o = put(type, i.properties, action === 'batch/update' ? i.id : undefined);
        for (const a of i.associations ?? []) o.associations.push({ id: a.to.id, typeId: a.types[0]?.associationTypeId ?? 0 });
        return view(o, null);
      });
      // HubSpot promises no order in a batch answer: the fake answers in reverse, so a client relying on it fails.
      return json(res, action === 'batch/create' ? 201 : 200, { status: 'COMPLETE', results: results.reverse(), startedAt, completedAt: new Date().toISOString() });
    }
    if (req.method === 'POST' && !action) {
      const input = body as { properties: Record<string, string | null>; associations?: { to: { id: string }; types: { associationTypeId: number }[] }[] };
      const dup = validateContact(type, input.properties ?? {});
      if (dup) return error(res, 409, 'CONFLICT', dup);
      const o = put(type, input.properties ?? {});
      for (const a of input.associations ?? []) o.associations.push({ id: a.to.id, typeId: a.types[0]?.associationTypeId ?? 0 });
      return json(res, 201, view(o, null));
    }
    return error(res, 405, 'VALIDATION_ERROR', `Method ${req.method} not allowed`);
  }

  const httpServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = undefined;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text) { try { body = JSON.parse(text); } catch { return error(res, 400, 'VALIDATION_ERROR', 'Invalid input JSON'); } }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      res.on('finish', () => requests.push({ method: req.method ?? '', path, status: res.statusCode, authorization: req.headers.authorization }));
      handle(req, res, body).catch((e) => error(res, 500, 'INTERNAL_ERROR', String(e)));
    });
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  if (options.unref) httpServer.unref();
  const server: FakeHubSpot = {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    objects: (type) => [...table(type).values()],
    put,
    throttle(n, seconds = 1) { throttled = n; throttleSeconds = seconds; },
    requests,
    close: () => new Promise((r) => { httpServer.closeAllConnections(); httpServer.close(() => r()); }),
  };
  return server;
}
