import { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../module-worker.js';
import type { FromPlanner, ToPlanner } from './planner-protocol.js';
import type { Classify, Decision, DecideStep, TurnRequest } from './turn-decider.js';

export interface PlannerThread {
  decide: DecideStep;
  close(): Promise<void>;
}

/**
 * The offline model's planning in a thread of its own: a server's event loop keeps answering other
 * users while one long message is parsed (a 4,000-character message of 150 requests takes
 * 0.2–0.9 s). Steps are decided one at a time in the order asked; the thread starts at once (its
 * modules take a moment to load), is unref'd while idle, and is started again if it dies.
 */
export function createPlannerThread(classify: Classify): PlannerThread {
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve(d: Decision): void; reject(e: Error): void }>();

  const idle = () => { if (pending.size === 0) worker?.unref(); };
  const start = (): Worker => {
    const w = startModuleWorker(import.meta.url, 'planner-worker');
    w.unref();
    w.on('message', (message: FromPlanner) => {
      if (message.type === 'classify') {
        const answer = (m: ToPlanner) => { if (worker === w) w.postMessage(m); };
        classify(message.texts).then(
          (scores) => answer({ type: 'scores', id: message.id, scores }),
          (error: Error) => answer({ type: 'scores-failed', id: message.id, message: error.message }),
        );
        return;
      }
      const step = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'decision') step?.resolve(message.decision);
      else step?.reject(new Error(`the offline model failed: ${message.message}`));
      idle();
    });
    const fail = (error: Error) => {
      if (worker === w) worker = null;
      const lost = [...pending.values()];
      pending.clear();
      for (const step of lost) step.reject(new Error(`the offline model's thread stopped: ${error.message}`));
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return w;
  };
  worker = start();

  return {
    decide(request: TurnRequest) {
      if (closed) return Promise.reject(new Error('the offline model is closed'));
      worker ??= start();
      const id = nextId++;
      return new Promise<Decision>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.ref(); // a step in flight keeps the process alive until it is answered
        try {
          worker!.postMessage({ type: 'decide', id, request } satisfies ToPlanner);
        } catch {
          // a part the offline model never reads (a file given as a URL) cannot be cloned: send the prompt as JSON
          worker!.postMessage({ type: 'decide', id, request: JSON.parse(JSON.stringify(request)) as TurnRequest } satisfies ToPlanner);
        }
      });
    },
    async close() {
      closed = true;
      const w = worker;
      worker = null;
      w?.ref(); // see sentence-encoder.ts close(): an unref'd thread's exit may not hold the event loop
      await w?.terminate();
    },
  };
}
