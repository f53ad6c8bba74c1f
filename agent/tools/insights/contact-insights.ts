/**
 * What Kith can say about one contact from the user's own data, each with a confidence 0..1 and
 * what it rests on: when they answer, how they like to talk and in what tone, what they talk about,
 * who else the user knows through them, and how strong the relationship is. Pure: rows in, insights out.
 */
import Sentiment from 'sentiment';
import { DateTime } from 'luxon';
import { relationshipStrength, type RelationshipStrength } from './relationship-strength.js';
import { trimEndOf } from '../shared/trim.js';

export interface InsightInteraction { type: string; at: Date; hasTime: boolean; outcome: string | null; subject: string | null; notes: string | null }
export interface InsightInput {
  name: string;
  notes: string | null;
  storedStrength: string | null;
  interactions: InsightInteraction[];
  /** Other contacts of the user at the same company, and those sharing a tag (with the tag). */
  colleagues: string[];
  sharedTags: Array<{ tag: string; names: string[] }>;
  /** Opportunities this contact referred the user to, or is the contact for. */
  referred: string[];
  contactFor: string[];
}
export interface Insight { insight_type: string; insight_text: string; confidence_score: number }

const analyzer = new Sentiment();
const r2 = (x: number) => Math.round(x * 100) / 100;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** Confidence from how many cases: 0 at none, about 0.5 at `half`, towards 1 with more. */
const byCount = (n: number, half: number) => n / (n + half);
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const BLOCKS = ['night', 'night', 'early morning', 'morning', 'afternoon', 'afternoon', 'evening', 'evening'];
const TYPE_WORDS: Record<string, string> = { email: 'email', call: 'calls', meeting: 'meetings', linkedin_message: 'LinkedIn messages', coffee_chat: 'coffee chats' };
const STOP = new Set(('a an the and or but of to in on at for with from by about as is are was were be been being it its this that these those i me my we our you your he him his she her they them their ' +
  'not no yes so if then than too very just also really can could would should will shall may might must do does did done have has had having ' +
  'get got go went going say said talk talked call called chat meet met meeting email emailed sent send week weeks day days today tomorrow yesterday ' +
  'time next last new good great nice thanks thank back up out over into more some any all what when where who how why which there here').split(' '));

function mode<T>(xs: T[]): { value: T; count: number } | null {
  const m = new Map<T, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  let best: { value: T; count: number } | null = null;
  for (const [value, count] of m) if (!best || count > best.count) best = { value, count };
  return best;
}

/** The day and part of day of the interactions that got an answer. */
function bestTime(xs: InsightInteraction[], tz: string): Insight | null {
  const answered = xs.filter((i) => i.outcome && i.outcome !== 'no_response');
  if (answered.length < 2) return null;
  const day = mode(answered.map((i) => DateTime.fromJSDate(i.at, { zone: tz }).weekday - 1))!;
  const timed = answered.filter((i) => i.hasTime);
  const block = timed.length >= 2 ? mode(timed.map((i) => BLOCKS[Math.floor(DateTime.fromJSDate(i.at, { zone: tz }).hour / 3)]))! : null;
  const text = `${WEEKDAYS[day.value]}s${block ? `, in the ${block.value}` : ''}: ${day.count} of ${plural(answered.length, 'answered interaction')} fell on that day` +
    `${block ? `, ${block.count} of ${timed.length} with a time in that part of the day` : ''}.`;
  return { insight_type: 'best_contact_time', insight_text: text, confidence_score: r2((day.count / answered.length) * byCount(answered.length, 5)) };
}

function preferredChannel(xs: InsightInteraction[]): Insight | null {
  if (xs.length === 0) return null;
  const top = mode(xs.map((i) => i.type))!;
  return {
    insight_type: 'preferred_channel',
    insight_text: `Mostly ${TYPE_WORDS[top.value] ?? top.value}: ${top.count} of ${plural(xs.length, 'interaction')}.`,
    confidence_score: r2((top.count / xs.length) * byCount(xs.length, 4)),
  };
}

/** How reliably they answer (the interactions record an outcome, not reply times). */
function responsiveness(xs: InsightInteraction[]): Insight | null {
  const judged = xs.filter((i) => i.outcome);
  if (judged.length === 0) return null;
  const answered = judged.filter((i) => i.outcome !== 'no_response').length;
  const share = answered / judged.length;
  const word = share >= 0.75 ? 'Answers reliably' : share >= 0.4 ? 'Answers sometimes' : 'Rarely answers';
  return { insight_type: 'responsiveness', insight_text: `${word}: ${answered} of ${plural(judged.length, 'interaction')} with an outcome got an answer.`, confidence_score: r2(byCount(judged.length, 4)) };
}

function tone(xs: InsightInteraction[], notes: string | null): Insight | null {
  const texts = [...xs.map((i) => [i.subject, i.notes].filter(Boolean).join('. ')), notes ?? ''].filter((t) => t.trim());
  if (texts.length === 0) return null;
  const scores = texts.map((t) => analyzer.analyze(t));
  const words = scores.reduce((a, s) => a + s.tokens.length, 0);
  if (words < 5) return null;
  const mean = scores.reduce((a, s) => a + s.comparative, 0) / scores.length;
  const word = mean > 0.1 ? 'warm' : mean < -0.05 ? 'cool or tense' : 'neutral';
  const positive = [...new Set(scores.flatMap((s) => s.positive))].slice(0, 4);
  const negative = [...new Set(scores.flatMap((s) => s.negative))].slice(0, 4);
  const cues = [positive.length ? `“${positive.join('”, “')}”` : '', negative.length ? `against “${negative.join('”, “')}”` : ''].filter(Boolean).join(' ');
  return {
    insight_type: 'tone',
    insight_text: `The notes read ${word} (sentiment ${r2(mean)} per word over ${plural(texts.length, 'note')})${cues ? `: ${cues}` : ''}.`,
    confidence_score: r2(byCount(words, 60) * Math.min(1, 0.4 + Math.abs(mean) * 3)),
  };
}

/** Words and two-word phrases that come back across the notes, common words left out. */
export function keyPhrases(texts: string[], max = 5): Array<{ phrase: string; count: number }> {
  const counts = new Map<string, { n: number; docs: Set<number> }>();
  texts.forEach((t, d) => {
    const words = t.toLowerCase().replace(/[’']/g, '').split(/[^a-z0-9+#.]+/).map((w) => trimEndOf(w, '.')).filter(Boolean);
    const add = (p: string) => { const c = counts.get(p) ?? { n: 0, docs: new Set<number>() }; c.n++; c.docs.add(d); counts.set(p, c); };
    words.forEach((w, i) => {
      if (w.length > 2 && !STOP.has(w) && !/^\d+$/.test(w)) add(w);
      const next = words[i + 1];
      if (next && !STOP.has(w) && !STOP.has(next) && w.length > 2 && next.length > 2) add(`${w} ${next}`);
    });
  });
  const ranked = [...counts.entries()].filter(([, c]) => c.n >= 2)
    .map(([phrase, c]) => ({ phrase, count: c.n, score: c.docs.size * 2 + c.n + (phrase.includes(' ') ? 1.5 : 0) }))
    .sort((a, b) => b.score - a.score || a.phrase.localeCompare(b.phrase));
  const out: Array<{ phrase: string; count: number }> = [];
  for (const r of ranked) {
    // a phrase already covers its words ("machine learning" over "learning")
    if (out.some((o) => o.phrase.split(' ').includes(r.phrase) || r.phrase.split(' ').every((w) => o.phrase.includes(w)))) continue;
    out.push({ phrase: r.phrase, count: r.count });
    if (out.length >= max) break;
  }
  return out;
}

function interests(xs: InsightInteraction[], notes: string | null): Insight | null {
  const texts = [...xs.map((i) => [i.subject, i.notes].filter(Boolean).join('. ')), notes ?? ''].filter((t) => t.trim());
  const phrases = keyPhrases(texts);
  if (phrases.length === 0) return null;
  return {
    insight_type: 'interests',
    insight_text: `Comes up in the notes: ${phrases.map((p) => `${p.phrase} (${p.count}×)`).join(', ')}.`,
    confidence_score: r2(byCount(phrases.reduce((a, p) => a + p.count, 0), 8)),
  };
}

function mutual(input: InsightInput): Insight | null {
  const parts: string[] = [];
  const names = (xs: string[]) => (xs.length <= 3 ? xs.join(', ') : `${xs.slice(0, 3).join(', ')} and ${xs.length - 3} more`);
  if (input.colleagues.length) parts.push(`same company as ${names(input.colleagues)}`);
  for (const t of input.sharedTags) parts.push(`tag ${t.tag} with ${names(t.names)}`);
  if (input.referred.length) parts.push(`referred you for ${names(input.referred)}`);
  if (input.contactFor.length) parts.push(`your contact for ${names(input.contactFor)}`);
  if (parts.length === 0) return null;
  const ties = input.colleagues.length + input.sharedTags.reduce((a, t) => a + t.names.length, 0) + input.referred.length + input.contactFor.length;
  return { insight_type: 'mutual_connections', insight_text: `${parts.join('; ')}.`, confidence_score: 1 - 0.5 / (1 + ties) };
}

export interface ContactInsights { insights: Insight[]; strength: RelationshipStrength; suggested_connection_strength: string | null }

export function contactInsights(input: InsightInput, now: Date, tz: string): ContactInsights {
  const xs = input.interactions;
  const strength = relationshipStrength(input.storedStrength, {
    dates: xs.map((i) => i.at),
    positive: xs.filter((i) => i.outcome === 'positive').length,
    negative: xs.filter((i) => i.outcome === 'negative').length,
    noResponse: xs.filter((i) => i.outcome === 'no_response').length,
  }, now);
  // the stored label is a person's judgement: suggest a change only with interactions behind it
  const suggested = xs.length >= 2 && input.storedStrength !== strength.label ? strength.label : null;
  const strengthInsight: Insight = {
    insight_type: 'relationship_strength',
    insight_text: `${strength.label} (${strength.score}): ${strength.based_on}.${suggested ? ` Suggested connection strength: ${suggested} (stored: ${input.storedStrength ?? 'not set'}).` : ''}`,
    confidence_score: r2(0.3 + 0.7 * byCount(xs.length, 4)),
  };
  const insights = [bestTime(xs, tz), preferredChannel(xs), responsiveness(xs), tone(xs, input.notes), interests(xs, input.notes), mutual(input), strengthInsight]
    .filter((i): i is Insight => i !== null)
    .map((i) => ({ ...i, confidence_score: r2(Math.max(0, Math.min(1, i.confidence_score))) }));
  return { insights, strength, suggested_connection_strength: suggested };
}
