import { EventSourceParserStream } from 'eventsource-parser/stream';
import { csrfHeaders, errorOf } from './api.js';

/** An import as the server tells it (web/server/import-jobs.ts ImportJobView). */
export interface ImportJobView {
  id: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase: 'reading' | 'importing';
  done: number;
  total: number;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * POST /api/imports and follow its server-sent events: `onProgress` for `started` and each
 * `progress`, then the answer is the last event (done, failed or cancelled). Aborting `signal`
 * closes the stream, which cancels the import on the server.
 */
export async function streamImport(body: Record<string, unknown>, onProgress: (view: ImportJobView) => void, signal: AbortSignal): Promise<ImportJobView> {
  const res = await fetch('/api/imports', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...csrfHeaders() },
    body: JSON.stringify(body),
    credentials: 'same-origin',
    signal,
  });
  if (!res.ok || !res.body) throw errorOf(res, '/imports', res.headers.get('content-type')?.includes('json') ? await res.json() : null);
  const reader = res.body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error('The connection to the server closed before the import ended; reload the page to see what it holds.');
    const view = JSON.parse(value.data) as ImportJobView;
    if (value.event === 'started' || value.event === 'progress') onProgress(view);
    else return view;
  }
}
