import type { Candidate } from '../../../agent/tools/shared/errors.js';
import { ACTION, MAX_VALUE, type Block, actions, button, context, esc, section } from './kit.js';
import { replaceReference } from '../../../agent/tools/shared/replace-reference.js';

export interface PickValue {
  /** The agent session the sentence was said in. */
  s: string;
  /** The contact chosen (its id). */
  c: string;
  /** The ambiguous reference ("Priya"). */
  r: string;
  /** The tool calls that failed on the reference, to run again with the contact id: [name, input]. */
  k?: Array<[string, unknown]>;
  /** Otherwise the sentence, said again with the contact's full name (or id) in place of the reference. */
  t?: string;
}

export interface FailedCall { name: string; input: unknown; destructive: boolean }

/**
 * "Which Priya?": one button per candidate. A click runs the calls that failed again with the chosen
 * contact id (nothing that worked is done twice); a destructive call, or calls too long for a
 * button, go back through the agent with the sentence naming the contact unambiguously.
 */
export function chooseContactCard(reference: string, candidates: Candidate[], sentence: string, sessionId: string, failed: FailedCall[] = []): Block[] {
  const blocks: Block[] = [section(`🤔 *Which ${esc(reference)}?* More than one contact matches.`)];
  const sameName = (c: Candidate) => candidates.filter((o) => o.name.toLowerCase() === c.name.toLowerCase()).length > 1;
  const rerun = failed.length > 0 && failed.every((f) => !f.destructive);
  const values = candidates.slice(0, 5).map((c) => {
    const value: PickValue = rerun
      ? { s: sessionId, c: c.id, r: reference, k: failed.map((f) => [f.name, f.input] as [string, unknown]) }
      : { s: sessionId, c: c.id, r: reference, t: replaceReference(sentence, reference, sameName(c) ? c.id : c.name) };
    const json = JSON.stringify(value);
    return json.length <= MAX_VALUE || !rerun ? json : JSON.stringify({ s: sessionId, c: c.id, r: reference, t: replaceReference(sentence, reference, sameName(c) ? c.id : c.name) });
  });
  const fits = values.every((v) => v.length <= MAX_VALUE);
  if (!fits || values.length === 0) {
    blocks.push(context(`Say it again with the contact's full name or email, e.g. ${candidates.slice(0, 2).map((c) => esc(c.email ?? c.name)).join(' or ')}.`));
    return blocks;
  }
  blocks.push(actions(`pick:${reference}`, candidates.slice(0, 5).map((c, i) => {
    const label = c.name + (c.company ? ` (${c.company})` : c.email ? ` (${c.email})` : '');
    return button(label, `${ACTION.pickContact}:${i}`, values[i]);
  })));
  if (candidates.length > 5) blocks.push(context(`…and ${candidates.length - 5} more; use an email to pick one of those.`));
  return blocks;
}


/** A failed call's input with the ambiguous reference swapped for the contact id. */
export function withContact(input: unknown, reference: string, contactId: string): unknown {
  if (Array.isArray(input)) return input.map((v) => withContact(v, reference, contactId));
  if (input && typeof input === 'object') {
    return Object.fromEntries(Object.entries(input as Record<string, unknown>).map(([k, v]) => [k, withContact(v, reference, contactId)]));
  }
  return typeof input === 'string' && input.trim().toLowerCase() === reference.trim().toLowerCase() ? contactId : input;
}
