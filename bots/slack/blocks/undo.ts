import { ACTION, type Block, actions, button } from './kit.js';

/** How many changes one Undo button carries (each id is 36 characters; a value holds 2,000). */
const MAX_CHANGES = 40;

/**
 * An Undo button under a turn that changed something: it carries the ids of the turn's changes
 * (the change log's, `change_id` on each result), undone newest first, exactly.
 */
export function undoBlock(changeIds: string[]): Block[] {
  if (changeIds.length === 0) return [];
  return [actions('undo', [button('Undo', ACTION.undo, JSON.stringify({ x: changeIds.slice(-MAX_CHANGES) }))])];
}
