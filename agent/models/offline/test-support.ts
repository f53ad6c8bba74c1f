import type { ContactMention, ToolOutcome } from './conversation.js';
import { makeClock } from './clock.js';
import { nextStep, planMessage } from './plan.js';
import type { ToolInput } from './plan-types.js';

/** Wednesday 2026-11-25 15:00 UTC, as in the evaluation. */
export const NOW = new Date('2026-11-25T15:00:00Z');
export const CLOCK = makeClock(NOW, 'UTC');

/** The calls a message plans, with find_contacts finding nobody and writes echoing a contact. */
export function plannedCalls(say: string, lastContact: ContactMention | null = null): Array<{ toolName: string; input: ToolInput }> {
  const plan = planMessage(say, { clock: CLOCK, lastContact });
  const done: ToolOutcome[] = [];
  const calls: Array<{ toolName: string; input: ToolInput }> = [];
  for (let i = 0; i < 8; i++) {
    const next = nextStep(plan, done);
    if (!next) break;
    calls.push(next);
    const output = next.toolName === 'find_contacts'
      ? { contacts: [], next_cursor: null }
      : next.toolName === 'add_contact'
        ? { contact: { id: 'new-id', first_name: next.input.first_name, last_name: next.input.last_name }, possible_duplicates: [] }
        : { ok: true };
    done.push({ toolName: next.toolName, input: next.input, output });
  }
  return calls;
}

function matchValue(expected: unknown, actual: unknown): boolean {
  if (typeof expected === 'string') {
    if (typeof actual !== 'string' && typeof actual !== 'number') return false;
    const a = String(actual).toLowerCase();
    return expected.startsWith('~') ? a.includes(expected.slice(1).toLowerCase()) : a === expected.toLowerCase();
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.every((e) => actual.some((a) => matchValue(e, a)));
  }
  return expected === actual;
}

/** Expected calls appear in order (others may come between) with inputs matching as subsets. */
export function callsMatch(expected: Array<{ tool: string; input: Record<string, unknown> }>, actual: Array<{ toolName: string; input: ToolInput }>): boolean {
  if (expected.length === 0) return actual.length === 0;
  let k = 0;
  for (const call of actual) {
    const want = expected[k];
    if (!want) break;
    const names = want.tool.split('|');
    if (names.includes(call.toolName) && Object.entries(want.input).every(([key, v]) => matchValue(v, call.input[key]))) k++;
  }
  return k === expected.length;
}
