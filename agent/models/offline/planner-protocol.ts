import type { IntentScore } from './intent-classifier.js';
import type { Decision, TurnRequest } from './turn-decider.js';

/** Main thread → planner thread. */
export type ToPlanner =
  | { type: 'decide'; id: number; request: TurnRequest }
  | { type: 'scores'; id: number; scores: IntentScore[][] }
  | { type: 'scores-failed'; id: number; message: string };

/** Planner thread → main thread: a decision, or texts it needs scored by the main thread's classifier. */
export type FromPlanner =
  | { type: 'decision'; id: number; decision: Decision }
  | { type: 'failed'; id: number; message: string }
  | { type: 'classify'; id: number; texts: string[] };
