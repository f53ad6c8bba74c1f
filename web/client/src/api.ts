/** The page's way to the REST API: JSON in, JSON out, errors as ApiError with the server's code. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token (from /api/me or a sign-in answer): sent with every change the page asks for. */
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

export const csrfHeaders = (): Record<string, string> => (csrfToken ? { 'X-CSRF-Token': csrfToken } : {});

/** An error answer as the ApiError the page shows; a 401 asks the page to sign in again. */
export function errorOf(res: Response, path: string, data: unknown): ApiError {
  const e = (data as { error?: { code: string; message: string } } | null)?.error;
  if (res.status === 401 && !path.startsWith('/auth/')) window.dispatchEvent(new Event('kith:signin'));
  return new ApiError(res.status, e?.code ?? 'error', e?.message ?? `HTTP ${res.status}`, (e ?? {}) as Record<string, unknown>);
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const res = await fetch(`/api${path}`, {
    method,
    headers: { ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(method === 'GET' ? {} : csrfHeaders()) },
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: 'same-origin',
  });
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) throw errorOf(res, path, data);
  const csrf = (data as { csrf_token?: string } | null)?.csrf_token;
  if (typeof csrf === 'string') setCsrfToken(csrf);
  return data as T;
}

const started = new Map<string, { request: Promise<unknown>; at: number }>();
/** A read started early and not taken by then (the route changed first) is too old to show. */
const STARTED_KEPT_MS = 5_000;

/**
 * Starts a GET before anything asks for it, for the first asker to take (`firstGet`): a first
 * load asks who is signed in and for the home page's data while its code is still arriving,
 * instead of one after the other once it has run.
 */
export function startGet(path: string): void {
  if (started.has(path)) return;
  const request = api(path);
  request.catch(() => {}); // the taker sees the error; an untaken one is not unhandled
  started.set(path, { request, at: performance.now() });
}

/** The GET started early for `path` (once), or a new one. */
export function firstGet<T>(path: string): Promise<T> {
  const early = started.get(path);
  started.delete(path);
  return early && performance.now() - early.at < STARTED_KEPT_MS ? early.request as Promise<T> : api<T>(path);
}

/** Tells every view that data changed (a chat tool ran, a card button was pressed). */
export const notifyChanged = () => window.dispatchEvent(new Event('kith:changed'));

export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
