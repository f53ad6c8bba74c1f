/**
 * The planner thread (started by planner-thread.ts): reads prompts and decides steps off the main
 * thread, so that a long message's parsing never holds other users' requests. Intent scores come
 * from the main thread, which holds the one sentence encoder.
 */
import { parentPort } from 'node:worker_threads';
import type { IntentScore } from './intent-classifier.js';
import type { FromPlanner, ToPlanner } from './planner-protocol.js';
import { createTurnDecider } from './turn-decider.js';

if (!parentPort) throw new Error('planner-worker must run in a worker thread');
const port = parentPort;
const send = (message: FromPlanner) => port.postMessage(message);

const waiting = new Map<number, { resolve(scores: IntentScore[][]): void; reject(error: Error): void }>();
let nextScoreId = 1;
const classify = (texts: string[]) => new Promise<IntentScore[][]>((resolve, reject) => {
  const id = nextScoreId++;
  waiting.set(id, { resolve, reject });
  send({ type: 'classify', id, texts });
});
const decide = createTurnDecider(classify);

port.on('message', (message: ToPlanner) => {
  if (message.type === 'decide') {
    decide(message.request).then(
      (decision) => send({ type: 'decision', id: message.id, decision }),
      (error: Error) => send({ type: 'failed', id: message.id, message: error?.stack ?? String(error) }),
    );
    return;
  }
  const pending = waiting.get(message.id);
  waiting.delete(message.id);
  if (message.type === 'scores') pending?.resolve(message.scores);
  else pending?.reject(new Error(message.message));
});
