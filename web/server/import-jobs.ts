import { randomUUID } from 'node:crypto';
import { runTool, type ToolRuntime } from '../../agent/tools/run-tool.js';
import { importFile } from '../../agent/tools/imports/import-file-tool.js';
import { ImportCancelledError } from '../../agent/tools/imports/apply-plan.js';
import { errorAnswer, type ApiErrorBody } from './http-errors.js';

export type ImportJobState = 'running' | 'done' | 'failed' | 'cancelled';

/** What the page and GET/DELETE /api/imports/:id see of an import. */
export interface ImportJobView {
  id: string;
  state: ImportJobState;
  /** reading: parsing the file and looking for duplicates (no count yet); importing: records written so far, of total. */
  phase: 'reading' | 'importing';
  done: number;
  total: number;
  result?: unknown;
  error?: ApiErrorBody['error'];
}

export interface ImportJob {
  readonly view: ImportJobView;
  /** Resolves once the import's transaction has committed or rolled back. */
  readonly settled: Promise<ImportJobView>;
  /** Called on every step and once when it settles; returns the unsubscribe. */
  watch(listener: (view: ImportJobView) => void): () => void;
  /** Aborts the import (the transaction rolls back at its next batch) and answers how it ended. */
  cancel(): Promise<ImportJobView>;
}

export interface ImportJobs {
  start(userId: string, input: unknown): ImportJob;
  /** The user's own job; another user's id is answered like a missing one. */
  find(userId: string, id: string): ImportJob | undefined;
}

/**
 * The imports of one server process, each one import_file call with its progress and its abort.
 * A finished job is kept `keepMs` so a page that lost its stream can still ask how it ended.
 */
export function createImportJobs(runtime: ToolRuntime, options: { keepMs?: number } = {}): ImportJobs {
  const keepMs = options.keepMs ?? 10 * 60_000;
  const jobs = new Map<string, { userId: string; job: ImportJob }>();
  return {
    start(userId, input) {
      const view: ImportJobView = { id: randomUUID(), state: 'running', phase: 'reading', done: 0, total: 0 };
      const listeners = new Set<(view: ImportJobView) => void>();
      const tell = () => { for (const fn of listeners) fn({ ...view }); };
      const controller = new AbortController();
      const settled = runTool(runtime, userId, importFile, input, {
        signal: controller.signal,
        progress: (done, total) => { Object.assign(view, { phase: 'importing', done, total }); tell(); },
      }).then((result) => {
        Object.assign(view, { state: 'done', result });
      }, (error) => {
        if (error instanceof ImportCancelledError) Object.assign(view, { state: 'cancelled', error: { code: 'cancelled', message: error.message } });
        else Object.assign(view, { state: 'failed', error: errorAnswer(error, runtime.log, { method: 'POST', path: '/api/imports' }).body.error });
      }).then(() => {
        tell();
        listeners.clear();
        setTimeout(() => jobs.delete(view.id), keepMs).unref();
        return { ...view };
      });
      const job: ImportJob = {
        get view() { return { ...view }; },
        settled,
        watch(listener) {
          listeners.add(listener);
          return () => { listeners.delete(listener); };
        },
        cancel() {
          controller.abort();
          return settled;
        },
      };
      jobs.set(view.id, { userId, job });
      return job;
    },
    find(userId, id) {
      const entry = jobs.get(id);
      return entry?.userId === userId ? entry.job : undefined;
    },
  };
}
