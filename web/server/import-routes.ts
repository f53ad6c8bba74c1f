import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Kith } from '../../app/open-kith.js';
import { importFile } from '../../agent/tools/imports/import-file-tool.js';
import { parseToolInput } from '../../agent/tools/run-tool.js';
import { assertScopeAllows, type WebEnv } from './auth.js';
import { ApiError } from './http-errors.js';
import { bodyInput } from './tool-input.js';
import { createImportJobs, type ImportJob, type ImportJobs, type ImportJobView } from './import-jobs.js';

/**
 * POST /api/imports: import_file with its progress, as server-sent events on the response:
 * `started`, `progress` (records written of total, after each batch), then one of `done` (the
 * tool's answer), `failed` (the error body) or `cancelled`. The stream is the import's own
 * connection, so it needs no second request while the import holds the database (on PGlite a
 * signed-in request would wait for it); closing it before the end cancels the import.
 * GET /api/imports/:id answers how it stands; DELETE cancels and answers how it ended, after the
 * rollback ("cancelled") or, when it had already committed, "done".
 */
export function mountImportRoutes(api: Hono<WebEnv>, kith: Pick<Kith, 'runtime'>, jobs: ImportJobs = createImportJobs(kith.runtime)): void {
  api.post('/imports', async (c) => {
    assertScopeAllows(c, importFile);
    const input = await bodyInput(c);
    // A bad input is a 400 answer, before any stream starts.
    parseToolInput(importFile, input);
    const job = jobs.start(c.get('user').id, input);
    const cancel = () => { void job.cancel(); };
    c.req.raw.signal.addEventListener('abort', cancel, { once: true });
    c.header('Cache-Control', 'no-store');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      stream.onAbort(cancel);
      let seq = 0;
      let queue = Promise.resolve();
      const send = (event: string, view: ImportJobView) => (queue = queue.then(() => stream.writeSSE({ event, data: JSON.stringify(view), id: String(++seq) })).catch(() => {}));
      void send('started', job.view);
      const unwatch = job.watch((view) => { if (view.state === 'running') void send('progress', view); });
      const end = await job.settled;
      unwatch();
      await send(end.state, end);
      c.req.raw.signal.removeEventListener('abort', cancel);
    });
  });
  api.get('/imports/:id', (c) => c.json(jobOf(c, jobs).view));
  api.delete('/imports/:id', async (c) => c.json(await jobOf(c, jobs).cancel()));
}

function jobOf(c: Context<WebEnv>, jobs: ImportJobs): ImportJob {
  const job = jobs.find(c.get('user').id, c.req.param('id') ?? '');
  if (!job) throw new ApiError(404, 'not_found', 'No such import (it ended more than ten minutes ago, or ran on another server).');
  return job;
}
