import type { ToolOutcome } from './conversation.js';
import { STAGE_WORDS, type Stage } from './entities.js';
import type { Answer, Plan } from './plan-types.js';
import { countOf } from '../../tools/shared/words.js';

type Rec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const KIND_WORDS: Record<string, string> = {
  email: 'an email', call: 'a call', meeting: 'a meeting', linkedin_message: 'a LinkedIn message', coffee_chat: 'a coffee chat',
};

const nameOf = (c: Rec | null | undefined): string => (c ? `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim() || c.name || 'the contact' : 'the contact');
const day = (s: unknown): string => (typeof s === 'string' ? s.slice(0, 10) : '');
const stage = (s: unknown): string => STAGE_WORDS[s as Stage] ?? String(s ?? '');
const oppName = (o: Rec): string => `${o.company_name}${o.job_title ? ` — ${o.job_title}` : ''}`;

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
function and(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** The reply to a failed call: which one, nothing matched, or what was wrong. */
export function errorReply(outcome: ToolOutcome): string {
  const e = outcome.error!;
  if (e.code === 'ambiguous') {
    const candidates = e.candidates ?? [];
    if (candidates.length === 0) return e.message;
    const names = candidates.map((c) => c.name);
    const repeated = new Set(names.filter((n, i) => names.indexOf(n) !== i));
    const shown = candidates.map((c) => (repeated.has(c.name) ? `${c.name} (${c.company ?? c.email ?? c.id})` : c.name));
    const said = String((outcome.input as Rec).contact ?? (outcome.input as Rec).opportunity ?? candidates[0].name.split(' ')[0]);
    return `Which ${said} did you mean: ${list(shown)}?`;
  }
  if (e.code === 'not_found') {
    const inp = outcome.input as Rec;
    const ref = inp.contact ?? inp.opportunity ?? inp.keep ?? (Array.isArray(inp.contacts) ? inp.contacts.join(', ') : undefined);
    return ref ? `I couldn't find anything matching "${ref}", so nothing was changed. ${e.message}`.trim() : `Nothing matched: ${e.message}`;
  }
  return `I couldn't do that: ${e.message}`;
}

function answerFromContact(out: Rec, answer: Answer | undefined): string {
  const c = out.contact as Rec;
  const name = nameOf(c);
  const interactions = (out.interactions ?? []) as Rec[];
  if (answer?.kind === 'field') {
    const labels: Record<string, string> = {
      email: 'email', phone: 'phone number', company: 'company', job_title: 'job title', linkedin_url: 'LinkedIn',
      twitter_url: 'Twitter', location: 'location', notes: 'notes', tags: 'tags', relationship_type: 'relationship', connection_strength: 'connection strength',
    };
    const value = c[answer.field];
    const shown = Array.isArray(value) ? value.join(', ') : value;
    if (shown === null || shown === undefined || shown === '') return `I don't have ${labels[answer.field]} for ${name} yet.`;
    if (answer.field === 'company') return `${name} works at ${shown}${c.job_title ? ` as ${c.job_title}` : ''}.`;
    return `${name}'s ${labels[answer.field]} ${answer.field === 'tags' || answer.field === 'notes' ? 'are' : 'is'} ${shown}.`.replace("notes are", 'notes:').replace('tags are', 'tags are');
  }
  if (answer?.kind === 'last_contact') {
    const last = interactions[0];
    if (last) {
      const what = KIND_WORDS[last.interaction_type] ?? 'an interaction';
      return `You last talked to ${name} on ${day(last.interaction_date)} (${what}${last.notes ? `: ${last.notes}` : ''}).`;
    }
    if (c.last_contact_date) return `You last talked to ${name} on ${day(c.last_contact_date)}.`;
    return `I have no interactions with ${name} on record yet.`;
  }
  if (answer?.kind === 'next_follow_up') {
    return c.next_follow_up_date
      ? `Your next follow-up with ${name} is on ${day(c.next_follow_up_date)}${c.follow_up_reason ? ` (${c.follow_up_reason})` : ''}.`
      : `There is no follow-up scheduled with ${name}.`;
  }
  const parts = [`${name}${c.job_title || c.company ? ` — ${[c.job_title, c.company].filter(Boolean).join(' at ')}` : ''}.`];
  if (c.email) parts.push(`Email: ${c.email}.`);
  if (c.phone) parts.push(`Phone: ${c.phone}.`);
  if (c.relationship_type) parts.push(`Relationship: ${String(c.relationship_type).replace('_', ' ')}.`);
  if (c.tags?.length) parts.push(`Tags: ${c.tags.join(', ')}.`);
  if (c.last_contact_date) parts.push(`Last contact: ${day(c.last_contact_date)}.`);
  if (c.next_follow_up_date) parts.push(`Next follow-up: ${day(c.next_follow_up_date)}.`);
  if (interactions.length) parts.push(`Recent: ${interactions.slice(0, 3).map((i) => `${day(i.interaction_date)} ${String(i.interaction_type).replace('_', ' ')}${i.notes ? ` (${i.notes})` : ''}`).join('; ')}.`);
  if (out.open_opportunities?.length) parts.push(`Open opportunities: ${(out.open_opportunities as Rec[]).map(oppName).join('; ')}.`);
  if (c.notes) parts.push(`Notes: ${c.notes}`);
  return parts.join(' ');
}

/** Before a call: who they are, what happened lately, their open jobs, what was promised. */
function briefFromContact(out: Rec): string {
  const c = out.contact as Rec;
  const interactions = (out.interactions ?? []) as Rec[];
  const parts = [`${nameOf(c)}${c.job_title || c.company ? `: ${[c.job_title, c.company].filter(Boolean).join(' at ')}` : ''}.`];
  if (c.relationship_type) parts.push(`Relationship: ${String(c.relationship_type).replace('_', ' ')}.`);
  if (interactions.length) {
    parts.push(`Last interactions: ${interactions.slice(0, 3).map((i) => `${day(i.interaction_date)} ${KIND_WORDS[i.interaction_type] ?? 'interaction'}${i.notes ? ` (${i.notes})` : ''}`).join('; ')}.`);
  } else parts.push('No interactions logged yet.');
  const opps = (out.open_opportunities ?? []) as Rec[];
  if (opps.length) parts.push(`Open jobs: ${opportunitiesLine(opps)}.`);
  const promised = [c.notes, ...interactions.map((i) => i.notes)].filter((n): n is string => typeof n === 'string' && /\b(?:promised|will send|i'?ll send|owe|committed|said I would|to send)\b/i.test(n));
  if (promised.length) parts.push(`You promised: ${promised.join('; ')}.`);
  if (c.next_follow_up_date) parts.push(`Next follow-up: ${day(c.next_follow_up_date)}${c.follow_up_reason ? ` (${c.follow_up_reason})` : ''}.`);
  if (c.notes) parts.push(`Notes: ${c.notes}`);
  return parts.join(' ');
}

function opportunitiesLine(opps: Rec[]): string {
  return opps.map((o) => `${o.company_name}${o.job_title ? ` (${o.job_title})` : ''}: ${stage(o.status)}${o.next_action_date ? `, next: ${o.next_action ?? 'action'} on ${day(o.next_action_date)}` : ''}`).join('; ');
}

/** The question's words a result matched, as its snippet marks them («…»), compared by their first letters ("raising" meets "raise"). */
const markedWords = (snippet: unknown): Set<string> =>
  new Set(marks(String(snippet ?? '')).flatMap((m) => m.toLowerCase().split(/\s+/)).map((w) => w.slice(0, 5)));

/** What each «…» holds, as /«([^»]+)»/g finds them, with indexOf (that search rescans the rest after each « with no »). */
function marks(snippet: string): string[] {
  const out: string[] = [];
  for (let open = snippet.indexOf('«'); open >= 0;) {
    const close = snippet.indexOf('»', open + 1);
    if (close < 0) break;
    if (close > open + 1) out.push(snippet.slice(open + 1, close));
    open = snippet.indexOf('«', close > open + 1 ? close + 1 : open + 1);
  }
  return out;
}

const unmarked = (snippet: unknown): string => String(snippet ?? '').replace(/[«»]/g, '').replace(/\s+/g, ' ').trim();

/**
 * The answer to a search: who and what matched, each with the passage. What matches the most of
 * the question's words is the answer; a note sharing one word of several ("owes me money" for
 * "who's raising money?") is not about it. A result found by meaning alone (no word marked) is
 * kept when it ranks near the top.
 */
function searchReply(out: Rec, query: string | undefined): string {
  const results = (out.results ?? []) as Rec[];
  if (results.length === 0) return `I found nothing about ${query ?? 'that'}.`;
  if (results.some((r) => typeof r.relevance === 'string')) return answerReply(results, query);
  const counts = results.map((r) => markedWords(r.snippet).size);
  const best = Math.max(...counts);
  const shown = results.filter((_, i) => (best > 0 ? counts[i] === best || (counts[i] === 0 && i < 3) : i < 3)).slice(0, 5);
  const people: string[] = [];
  const other: string[] = [];
  for (const r of shown) {
    const who = r.contact?.name ?? (r.kind === 'contact' ? r.title : null);
    if (who) {
      if (!people.includes(who)) people.push(who);
    } else if (r.opportunity) other.push(`${r.opportunity.company_name}${r.opportunity.job_title ? ` (${r.opportunity.job_title})` : ''}`);
    else if (r.title) other.push(String(r.title));
  }
  const bits: string[] = [];
  const others = and([...new Set(other)]);
  if (people.length) bits.push(`About ${query ?? 'that'} you talked with ${and(people)}.`);
  else if (other.length) bits.push(`${query ? `${query[0].toUpperCase()}${query.slice(1)} comes up in` : 'Found'} ${others}.`);
  if (people.length && other.length) bits.push(`Also related: ${others}.`);
  // Each match with its passage: the note is the answer's evidence.
  const passages = shown.filter((r) => unmarked(r.snippet)).slice(0, 3).map((r) => `${r.title ? `${r.title}: ` : ''}"${unmarked(r.snippet).slice(0, 160)}"`);
  if (passages.length) bits.push(`${passages.join('; ')}.`);
  return bits.join(' ') || `I found nothing about ${query ?? 'that'}.`;
}

/** Who or what a result is about: a contact's full name, or a job as "Company (Title)". */
function subjectOf(r: Rec): string | null {
  const title = String(r.title ?? '');
  // a contact's title is "Name (Company)"
  const who = r.contact?.name ?? (r.kind === 'contact' ? (title.endsWith(')') && title.includes(' (') ? title.slice(0, title.lastIndexOf(' (')) : title) : null);
  if (who) return who;
  if (r.opportunity) return `${r.opportunity.company_name}${r.opportunity.job_title ? ` (${r.opportunity.job_title})` : ''}`;
  return r.title ? String(r.title) : null;
}

const passageOf = (r: Rec, max = 160): string => {
  const text = unmarked(r.snippet);
  return text ? `"${text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text}" (${r.title})` : `(${r.title})`;
};

/** The people or jobs of results, each once, best first. */
function distinct(list: Rec[], n: number): Rec[] {
  const seen = new Set<string>();
  return list.filter((r) => {
    const s = subjectOf(r);
    if (!s || seen.has(s)) return false;
    seen.add(s);
    return true;
  }).slice(0, n);
}

/**
 * The answer to a question searched with its words (results labelled by the search tool): the
 * people or jobs that answer it, best first, each with the passage that says so. Without an answer,
 * those that mention part of it, said to be no more than that; weak matches are never stated as
 * answers: when nothing answers or mentions it, the reply says so and names the nearest as a guess.
 */
function answerReply(results: Rec[], query: string | undefined): string {
  const topic = query ?? 'that';
  const answers = distinct(results.filter((r) => r.relevance === 'answer'), 3);
  const mentions = distinct(results.filter((r) => r.relevance === 'mention'), 2);
  if (answers.length > 0) {
    // what only shares part of the topic is left out when something answers it ("Felix" for a book on negotiation)
    return `${answers.map((r) => `${subjectOf(r)}: ${passageOf(r)}`).join('; ')}.`;
  }
  if (mentions.length > 0) {
    return `Nothing answers that squarely; the closest: ${mentions.map((r) => `${subjectOf(r)}: ${passageOf(r)}`).join('; ')}.`;
  }
  const [nearest] = distinct(results, 1);
  return nearest
    ? `I found nothing that clearly matches ${topic}. The nearest note, not a sure match: ${subjectOf(nearest)}: ${passageOf(nearest)}.`
    : `I found nothing about ${topic}.`;
}

/** One sentence for one successful call. */
export function describe(outcome: ToolOutcome, plan: Plan): string | null {
  const out = (outcome.output ?? {}) as Rec;
  const input = outcome.input as Rec;
  switch (outcome.toolName) {
    case 'add_contact': {
      const c = out.contact as Rec;
      const role = [c?.job_title, c?.company].filter(Boolean).join(' at ');
      const dups = (out.possible_duplicates ?? []) as Rec[];
      return `Added ${nameOf(c)}${role ? ` (${role})` : ''}.${dups.length ? ` Heads-up: this may duplicate ${and(dups.map((d) => d.name))}.` : ''}`;
    }
    case 'update_contact': {
      const changed = ((out.changed ?? []) as string[]).map((f) => f.replace(/_/g, ' '));
      return `Updated ${nameOf(out.contact)}${changed.length ? `: ${and(changed)}` : ''}.`;
    }
    case 'get_contact':
      return plan.answer?.kind === 'brief' ? briefFromContact(out) : answerFromContact(out, plan.answer);
    case 'find_contacts': {
      if (plan.steps.length > 1 && (plan.intent === 'log_interaction' || plan.intent === 'add_contact')) return null;
      const contacts = (out.contacts ?? []) as Rec[];
      if (plan.intent === 'going_cold') {
        if (contacts.length === 0) return `Everyone has heard from you since ${plan.filter?.coldSince}.`;
        const sorted = [...contacts].sort((a, b) => String(a.last_contact_date ?? '').localeCompare(String(b.last_contact_date ?? '')));
        return `Going cold (not talked to since ${plan.filter?.coldSince}): ${sorted.map((c) => `${nameOf(c)} (${c.last_contact_date ? `last ${day(c.last_contact_date)}` : 'never'})`).join(', ')}${out.next_cursor ? ', and more' : ''}.`;
      }
      // a question no record answers was searched in the notes too (contact-filters.ts): the search's reply follows
      if (contacts.length === 0) return plan.steps.some((s) => s.toolName === 'search') ? "No contact's record says that; from your notes:" : 'No contacts match.';
      if (plan.answer?.kind === 'field') {
        const field = plan.answer.field;
        return contacts.map((c) => (c[field] ? `${nameOf(c)}${c.company ? ` (${c.company})` : ''}: ${c[field]}` : `I don't have that for ${nameOf(c)}`)).join('; ') + '.';
      }
      return `${countOf(contacts.length, 'contact')}: ${contacts.map((c) => `${nameOf(c)}${c.company ? ` (${c.company})` : ''}`).join(', ')}${out.next_cursor ? ', and more' : ''}.`;
    }
    case 'tag_contacts':
    case 'untag_contacts': {
      const names = ((out.contacts ?? []) as Rec[]).map(nameOf);
      const tags = ((out.tags ?? input.tags ?? []) as string[]).join(', ');
      return outcome.toolName === 'tag_contacts' ? `Tagged ${and(names)} as ${tags}.` : `Removed ${tags} from ${and(names)}.`;
    }
    case 'delete_contact':
      return `Deleted ${nameOf(out.contact)}${typeof out.interactions_deleted === 'number' ? ` and ${countOf(out.interactions_deleted, 'interaction')}` : ''}.`;
    case 'merge_contacts':
      return `Merged the duplicate into ${nameOf(out.contact)}.`;
    case 'log_interaction': {
      const i = (out.interaction ?? {}) as Rec;
      const who = nameOf(out.contact) !== 'the contact' ? nameOf(out.contact) : i.contact_name ?? String(input.contact);
      const follow = i.follow_up_date ?? input.follow_up_date;
      // the same e-mail logged before (log_interaction's already_logged): say so, not "Logged"
      if (out.already_logged === true) return `That e-mail with ${who} on ${day(i.interaction_date) || day(input.interaction_date)} was already logged; nothing changed.`;
      return `Logged ${KIND_WORDS[i.interaction_type ?? input.interaction_type] ?? 'an interaction'} with ${who} on ${day(i.interaction_date) || day(input.interaction_date) || 'today'}${i.outcome ? ` (${String(i.outcome).replace('_', ' ')})` : ''}.${follow ? ` Follow-up set for ${day(follow)}.` : ''}`;
    }
    case 'update_interaction':
      return 'Updated the interaction.';
    case 'delete_interaction':
      return 'Deleted the interaction.';
    case 'list_interactions': {
      const items = (out.interactions ?? []) as Rec[];
      if (plan.filter?.count) {
        const what = items.length === 1 ? plan.filter.count.replace(/s$/, '') : plan.filter.count;
        return `${items.length}${out.next_cursor ? '+' : ''} ${what.replace(/_/g, ' ')}${input.from ? ` from ${input.from} to ${input.to}` : ''}${items.length ? `: ${items.slice(0, 10).map((i) => `${day(i.interaction_date)} with ${i.contact_name}`).join('; ')}` : ''}.`;
      }
      if (items.length === 0) return 'No interactions on record.';
      return `Interactions: ${items.slice(0, 10).map((i) => `${day(i.interaction_date)} ${String(i.interaction_type).replace('_', ' ')}${i.contact_name ? ` with ${i.contact_name}` : ''}${i.notes ? ` (${i.notes})` : ''}`).join('; ')}.`;
    }
    case 'schedule_follow_up':
      return `I'll remind you to follow up with ${nameOf(out.contact)} on ${day(out.contact?.next_follow_up_date ?? input.date)}.`;
    case 'complete_follow_up':
      return `Marked the follow-up with ${nameOf(out.contact)} as done.`;
    case 'snooze_follow_up':
      return `Snoozed the follow-up with ${nameOf(out.contact)} to ${day(out.contact?.next_follow_up_date)}.`;
    case 'list_follow_ups': {
      const items = (out.follow_ups ?? []) as Rec[];
      const label: Record<string, string> = { today: 'today', overdue: 'overdue', this_week: 'this week', upcoming: 'upcoming', due: 'due' };
      const w = label[String(out.window ?? input.window)] ?? '';
      if (items.length === 0) return `No follow-ups ${w === 'overdue' ? 'are overdue' : w}. You're all caught up.`;
      const lines = items.map((f) => `${f.name}${f.company ? ` (${f.company})` : ''} — ${day(f.next_follow_up_date)}${f.days_overdue > 0 ? `, ${countOf(f.days_overdue, 'day')} overdue` : ''}${f.reason ? ` (${f.reason})` : ''}`);
      return `Follow-ups ${w}: ${lines.join('; ')}.`;
    }
    case 'add_opportunity': {
      const o = (out.opportunity ?? {}) as Rec;
      return `Added ${o.job_title ? `${o.job_title} at ` : ''}${o.company_name ?? input.company_name} to your pipeline (${stage(o.status ?? input.status)}${o.priority_level ? `, ${o.priority_level} priority` : ''}${o.salary_range ? `, ${o.salary_range}` : ''}).`;
    }
    case 'update_opportunity': {
      const o = (out.opportunity ?? {}) as Rec;
      const congrats = o.status === 'offer' ? 'Congratulations! ' : o.status === 'rejected' ? 'Sorry to hear that. ' : '';
      return `${congrats}${oppName(o)} is now at ${stage(o.status)}${o.next_action_date ? ` (${o.next_action ?? 'next step'} on ${day(o.next_action_date)})` : ''}.`;
    }
    case 'delete_opportunity':
      return `Deleted the ${out.opportunity?.company_name ?? input.opportunity} opportunity.`;
    case 'list_opportunities': {
      let opps = (out.opportunities ?? []) as Rec[];
      if (plan.intent === 'applications') {
        const f = plan.filter ?? {};
        opps = opps.filter((o) => o.application_date && (!f.from || day(o.application_date) >= f.from) && (!f.to || day(o.application_date) <= f.to));
        const span = f.from ? ` from ${f.from} to ${f.to}` : '';
        if (f.count) return `${opps.length} application${opps.length === 1 ? '' : 's'}${span}${opps.length ? `: ${opps.map((o) => `${oppName(o)} on ${day(o.application_date)}`).join('; ')}` : ''}.`;
        if (opps.length === 0) return `No applications${span}.`;
        return `Applications${span}: ${opps.map((o) => `${oppName(o)} (${stage(o.status)}, ${day(o.application_date)})`).join('; ')}.`;
      }
      if (opps.length === 0) return 'No opportunities match.';
      return `${plan.intent === 'pipeline' ? 'Active: ' : ''}${opportunitiesLine(opps)}.`;
    }
    case 'pipeline_summary': {
      const stages = ((out.stages ?? []) as Rec[]).filter((s) => s.count > 0).map((s) => `${stage(s.status)} ${s.count}`);
      const opps = (out.opportunities ?? null) as Rec[] | null;
      const head = `Your pipeline: ${out.active_total ?? 0} active${stages.length ? ` (${stages.join(', ')})` : ''}.`;
      return opps ? `${head} ${opps.length ? `${opportunitiesLine(opps)}.` : ''}`.trim() : head;
    }
    case 'dashboard_summary':
    case 'list_activities':
      return summarizeGeneric(outcome.toolName, out);
    case 'search':
      return searchReply(out, plan.query ?? String(input.query ?? ''));
    case 'undo':
      return typeof out.summary === 'string' ? out.summary : 'Undone.';
    case 'set_automation_rule':
      return typeof out.summary === 'string' ? out.summary : 'Done.';
    case 'list_automation_rules':
      return automationReply((out.rules ?? []) as Rec[], plan.query);
    case 'agenda': {
      const items = (out.items ?? []) as Rec[];
      const span = out.from === out.to ? `${out.to}` : `${out.from} to ${out.to}`;
      if (items.length === 0) return `Nothing on your plate for ${span}: no tasks, follow-ups or next steps.`;
      return `On your plate (${span}): ${items.map((i) => `${day(i.date)} ${i.title}${i.contact_name ? ` (${i.contact_name})` : ''}${i.opportunity_name ? ` — ${i.opportunity_name}${i.status ? `, ${stage(i.status)}` : ''}` : ''}${i.days_overdue > 0 ? `, ${i.days_overdue} day${i.days_overdue === 1 ? '' : 's'} overdue` : ''}`).join('; ')}.`;
    }
    case 'create_task': {
      const t = (out.task ?? {}) as Rec;
      return `Added the task "${t.title ?? input.title}"${t.due_date ? ` due ${day(t.due_date)}` : ''}${t.contact_name ? ` (${t.contact_name})` : ''}${t.opportunity_name ? ` (${t.opportunity_name})` : ''}.`;
    }
    case 'list_tasks': {
      const tasks = (out.tasks ?? []) as Rec[];
      if (tasks.length === 0) return `No ${input.window === 'overdue' ? 'overdue ' : ''}tasks.`;
      return `Tasks: ${tasks.map((t) => `${t.title}${t.due_date ? ` (due ${day(t.due_date)}${t.days_overdue > 0 ? `, ${t.days_overdue} days overdue` : ''})` : ''}${t.contact_name ? ` — ${t.contact_name}` : ''}`).join('; ')}.`;
    }
    case 'complete_task':
      return `Done: "${(out.task as Rec | undefined)?.title ?? input.task}".`;
    case 'snooze_task':
      return `Moved "${(out.task as Rec | undefined)?.title ?? input.task}" to ${day((out.task as Rec | undefined)?.due_date)}.`;
    default:
      return out.status === 'done' || out.status === 'deleted' ? 'Done.' : null;
  }
}

/** "On: Follow up after applying (5 days after applying). Off: …", or one rule's state when the question named it. */
function automationReply(rules: Rec[], asked: string | undefined): string {
  const shown = (r: Rec) => `${r.title}${r.enabled && typeof r.params?.days === 'number' ? ` (${countOf(r.params.days, 'day')} after applying)` : ''}`;
  const one = rules.find((r) => r.rule === asked);
  if (one) return `The automation "${shown(one)}" is ${one.enabled ? 'on' : 'off'}.`;
  const on = rules.filter((r) => r.enabled);
  const off = rules.filter((r) => !r.enabled);
  if (on.length === 0) return `No automation is on. You can turn on: ${and(off.map(shown))}.`;
  return `On: ${and(on.map(shown))}.${off.length ? ` Off: ${and(off.map(shown))}.` : ''}`;
}

function summarizeGeneric(tool: string, out: Rec): string {
  if (tool === 'list_activities') {
    const acts = (out.activities ?? []) as Rec[];
    return acts.length ? `Recent activity: ${acts.slice(0, 10).map((a) => `${day(a.activity_date)} ${a.description}`).join('; ')}.` : 'No recent activity.';
  }
  const bits: string[] = [];
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'number' || typeof v === 'string') bits.push(`${k.replace(/_/g, ' ')}: ${v}`);
    else if (Array.isArray(v)) bits.push(`${k.replace(/_/g, ' ')}: ${v.length}`);
  }
  return bits.length ? `Here's where things stand — ${bits.join(', ')}.` : 'Here is your dashboard.';
}

/** An error the plan recovered from: "nobody by that name" (or no such job) followed by adding them. */
const recovered = (done: ToolOutcome[], i: number): boolean =>
  done[i].error?.code === 'not_found' && (done[i + 1]?.toolName === 'add_contact' || (done[i].toolName === 'update_opportunity' && done[i + 1]?.toolName === 'add_opportunity')) && !done[i + 1].error;

/** "Marcus Lee is new: I added them and logged a call on 2026-11-24." */
function newPersonLine(added: ToolOutcome, logged: ToolOutcome | undefined): string {
  const c = (added.output as Rec).contact as Rec;
  const role = [c?.job_title, c?.company].filter(Boolean).join(' at ');
  if (!logged || logged.error) return `${nameOf(c)} is new: I added them${role ? ` (${role})` : ''}.`;
  const i = ((logged.output as Rec).interaction ?? {}) as Rec;
  const follow = i.follow_up_date ?? (logged.input as Rec).follow_up_date;
  return `${nameOf(c)} is new: I added them${role ? ` (${role})` : ''} and logged ${KIND_WORDS[i.interaction_type] ?? 'an interaction'} on ${day(i.interaction_date) || 'today'}.${follow ? ` Follow-up set for ${day(follow)}.` : ''}`;
}

/** The reply after the calls of this turn: an error, a confirmation question, or what was done. */
export function writeReply(plan: Plan, done: ToolOutcome[]): string {
  if (plan.text !== undefined && plan.steps.length === 0) return plan.text;
  const denied = done.find((d) => d.denied);
  if (denied) return "OK, I didn't do that. Nothing was changed.";
  const failedAt = done.findIndex((d, i) => !!d.error && !recovered(done, i));
  const failed = failedAt >= 0 ? done[failedAt] : undefined;
  const before = failed ? done.slice(0, failedAt) : done;
  const confirm = done.find((d) => (d.output as Rec | null)?.status === 'confirmation_required');
  const lines: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const d = before[i];
    if (d === confirm || d.error) continue;
    if (d.toolName === 'add_contact' && i > 0 && recovered(before, i - 1)) {
      const logged = before[i + 1]?.toolName === 'log_interaction' ? before[i + 1] : undefined;
      lines.push(newPersonLine(d, logged));
      if (logged) i++;
      continue;
    }
    const line = describe(d, plan);
    if (line) lines.push(line);
  }
  if (failed) lines.push(errorReply(failed));
  if (confirm) {
    const summary = String((confirm.output as Rec).summary ?? 'This change needs your approval.').trim();
    lines.push(`${summary.endsWith('?') ? summary : summary.replace(/[.!]?$/, '?')} Please confirm (yes/no).`);
  }
  if (plan.unknown?.length) lines.push(`I did not understand: ${plan.unknown.map((u) => `"${u}"`).join(', ')}.`);
  return lines.join(' ') || 'Done.';
}

