import { findDate } from '../dates.js';
import { compact, single, type Plan, type PlanInput } from '../plan-types.js';
import { anyPerson, contactRef } from '../references.js';
import { between, trimEndOf } from './text.js';

/**
 * "Create a task to send Dana the proposal by Friday", "remind me to check in after the interview": a
 * to-do (create_task), about the contact it names, if any.
 */
export function planTask(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  const what = between(t, /\b(?:(?:create|add|make|set(?: up)?|new)\s+(?:a\s+|an\s+)?(?:task|to-?do|reminder)(?:\s+(?:for me\s+)?to)?|remind me to|task\s*:|to-?do\s*:|i (?:need|have|must|should) to|don'?t (?:let me )?forget to)\s/i);
  if (!what) return null;
  const person = anyPerson(what, [/\b(?:send|email|call|text|message|ping|thank|ask|tell|introduce|pay|invite|meet|see)\s/i, /\b(?:with|to|for)\s+/i]);
  const ref = person && !person.pronoun ? person.name : contactRef(input, person);
  const date = findDate(what, input.clock, 'forward');
  const title = (date ? what.replace(date.text, '') : what).replace(/\s(?:by|on|before|until|due)\s*$/i, '').replace(/\s+/g, ' ').trim();
  if (!title) return null;
  return single('create_task', 'create_task', compact({
    title: title.charAt(0).toUpperCase() + title.slice(1),
    due_date: date?.date,
    contact: ref ?? undefined,
  }), ref ? { subject: ref } : {});
}

/** "show me all overdue tasks", "what tasks are due this week?". */
export function planListTasks(input: PlanInput): Plan | null {
  const t = input.text;
  if (!/\b(?:tasks?|to-?dos?)\b/i.test(t)) return null;
  const window = /\boverdue|late|past due\b/i.test(t) ? 'overdue' : /\btoday\b/i.test(t) ? 'today' : /\bthis week\b|\bweek\b/i.test(t) ? 'this_week'
    : /\bupcoming|coming up|next\b/i.test(t) ? 'upcoming' : /\bdone|completed|finished\b/i.test(t) ? 'all' : 'all';
  const status = /\b(?:done|completed|finished)\b/i.test(t) ? 'done' : 'open';
  return single('list_tasks', 'list_tasks', { window, status });
}

/** "mark the proposal task as done", "done with the task send Dana the proposal". */
export function planCompleteTask(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  // the task's words: after the verb (and "task"), before "as done" or "task done" at the end
  const task = between(t, /\b(?:mark|check off|tick off|complete|finish|close)\s+(?:the\s+|my\s+)?(?:task|to-?do)\s+(?:to\s+)?["“]?/i, /["”]?(?:\s(?:as\s+)?(?:done|complete|completed|finished))?$/i)
    ?? between(t, /\b(?:mark|check off)\s+(?:the\s+|my\s+)?["“]?/i, /["”]?\s(?:task|to-?do)\s+(?:as\s+)?(?:done|complete|completed|finished)$/i)
    ?? between(t, /\bdone with (?:the\s+)?(?:task|to-?do)\s/i);
  if (!task) return null;
  return single('complete_task', 'complete_task', { task });
}
