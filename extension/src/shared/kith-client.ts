import { kithOrigin, type Settings } from './settings.js';

/** An answer of the Kith API that is not a success, with the server's own message. */
export class KithError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function explain(status: number, code: string, message: string): string {
  if (status === 401) return `Kith refused the token: ${message} Open the extension's options and paste a token made with: kith token create`;
  if (status === 403) return `Kith refused the request: ${message}`;
  return message;
}

/** The REST API (/api) of the user's Kith, with the token as a bearer and no cookies. */
export function kithClient(settings: Settings, fetchImpl: typeof fetch = fetch) {
  const origin = kithOrigin(settings.kithUrl);
  async function request(method: string, path: string, body?: unknown): Promise<Response> {
    if (!settings.token) throw new KithError(401, 'unauthorized', 'No API token yet: open the extension\'s options and paste one made with: kith token create');
    let response: Response;
    try {
      response = await fetchImpl(`${origin}/api${path}`, {
        method,
        credentials: 'omit',
        headers: { Authorization: `Bearer ${settings.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new KithError(0, 'unreachable', `Kith at ${origin} does not answer: is kith serve running, and is the URL in the options right?`);
    }
    if (!response.ok) {
      const payload = await response.json().catch(() => null) as { error?: { code?: string; message?: string; details?: { field?: string } } } | null;
      const code = payload?.error?.code ?? 'error';
      const message = payload?.error?.message ?? `${response.status} ${response.statusText}`;
      throw new KithError(response.status, code, explain(response.status, code, message));
    }
    return response;
  }
  const json = async <T>(method: string, path: string, body?: unknown) => (await (await request(method, path, body)).json()) as T;
  return { origin, request, get: <T>(path: string) => json<T>('GET', path), post: <T>(path: string, body: unknown) => json<T>('POST', path, body) };
}

export type KithClient = ReturnType<typeof kithClient>;
