import type { Candidate } from '../../../agent/tools/shared/errors.js';
import { ACTION, MAX_VALUE, type Block, actions, button, context, esc, section } from './kit.js';

export interface PickValue {
  /** The agent session the sentence was said in. */
  s: string;
  /** The contact chosen. */
  c: string;
  /** The ambiguous reference ("Priya"). */
  r: string;
  /** The sentence, to run again with the chosen contact. */
  t: string;
}

/** "Which Priya?": one button per candidate; a click runs the sentence again with that contact. */
export function chooseContactCard(reference: string, candidates: Candidate[], sentence: string, sessionId: string): Block[] {
  const blocks: Block[] = [section(`🤔 *Which ${esc(reference)}?* More than one contact matches.`)];
  const elements = candidates.slice(0, 5).map((c, i) => {
    const value: PickValue = { s: sessionId, c: c.id, r: reference, t: sentence };
    const label = c.name + (c.company ? ` (${c.company})` : c.email ? ` (${c.email})` : '');
    return button(label, `${ACTION.pickContact}:${i}`, JSON.stringify(value));
  });
  const tooLong = JSON.stringify({ s: sessionId, c: candidates[0]?.id ?? '', r: reference, t: sentence }).length > MAX_VALUE;
  if (tooLong || elements.length === 0) {
    blocks.push(context(`Say it again with the contact's email or full name, e.g. ${candidates.slice(0, 2).map((c) => esc(c.email ?? c.name)).join(' or ')}.`));
  } else {
    blocks.push(actions(`pick:${reference}`, elements));
    if (candidates.length > 5) blocks.push(context(`…and ${candidates.length - 5} more; use an email to pick one of those.`));
  }
  return blocks;
}
