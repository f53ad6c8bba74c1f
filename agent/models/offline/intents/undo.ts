import { single, type Plan, type PlanInput } from '../plan-types.js';

/** "undo that", "undo", "take that back", "revert my last change": the undo tool, on the latest change. */
export function planUndo(input: PlanInput): Plan | null {
  const m = /^(?:please\s+)?(?:undo|revert|reverse|take\s+(?:that|it)\s+back|cancel\s+(?:that|my\s+last\s+change))(?:\s+(?:that|it|this|the\s+last\s+(?:change|thing|one)|my\s+last\s+(?:change|edit)|what\s+you\s+(?:just\s+)?did))?(?:\s+please)?\s*[.!]*$/i
    .exec(input.text.trim());
  return m ? single('undo', 'undo', {}) : null;
}
