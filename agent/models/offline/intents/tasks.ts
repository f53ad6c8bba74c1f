import { findDate } from '../dates.js';
import { compact, single, type Plan, type PlanInput } from '../plan-types.js';
import { anyPerson, contactRef } from '../references.js';

/**
 * "Create a task to send Dana the proposal by Friday", "remind me to send her my resume next Thursday":
 * a to-do about someone becomes their follow-up, with the to-do as its reason.
 */
export function planTask(input: PlanInput): Plan | null {
  const t = input.text.trim().replace(/[.!]+$/, '');
  const m = /\b(?:(?:create|add|make|set(?: up)?|new)\s+(?:a\s+|an\s+)?(?:task|to-?do|reminder)(?:\s+(?:for me\s+)?to)?|remind me to|task\s*:|to-?do\s*:|i (?:need|have|must|should) to|don'?t (?:let me )?forget to)\s+(.+)$/i.exec(t);
  if (!m) return null;
  const what = m[1];
  const person = anyPerson(what, [/\b(?:send|email|call|text|message|ping|thank|ask|tell|introduce|pay|invite|meet|see)\s+/i, /\b(?:with|to|for)\s+/i]);
  const ref = contactRef(input, person);
  if (!ref) return null;
  const date = findDate(what, input.clock, 'forward');
  const reason = (date ? what.replace(date.text, '') : what).replace(/\s+(?:by|on|before|until)\s*$/i, '').replace(/\s+/g, ' ').trim();
  const day = date?.date ?? input.clock.today;
  return single('schedule_follow_up', 'schedule_follow_up', compact({ contact: ref, date: day, reason: reason.charAt(0).toUpperCase() + reason.slice(1) }), { subject: ref });
}

/** "undo that", "revert that": the undo tool, where the surface offers it. */
export function planUndo(input: PlanInput): Plan | null {
  if (!/\b(?:undo|revert|take (?:that|it) back|roll (?:that|it) back)\b/i.test(input.text)) return null;
  return single('undo', 'undo', {});
}
