import { findEmail, findInteractionKind, findPhone, findRelationship, findStrength, findUrls, parseTagList } from '../entities.js';
import type { ToolOutcome } from '../conversation.js';
import { findDate } from '../dates.js';
import { readCompany, readName, splitName, titleCase, type NameMatch } from '../names.js';
import { compact, single, type Plan, type PlanInput, type ToolInput } from '../plan-types.js';
import { anyPerson, contactRef, nameAfter, possessiveName } from '../references.js';
import { contactDetails, isCity, locationOf, sourceOf } from './contact-details.js';
import { followUpClause } from './follow-ups.js';
import { TITLE_WORD } from './opportunities.js';
import { between, splitAround, splitTrimmed, trimEndOf } from './text.js';

/** Splits "Priya, Marcus and Tom" into names. */
function nameList(text: string): NameMatch[] {
  const out: NameMatch[] = [];
  let pos = 0;
  while (pos < text.length) {
    const found = readName(text, pos);
    if (!found) break;
    out.push(found);
    const sep = /^\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)/i.exec(text.slice(found.end));
    if (!sep) break;
    pos = found.end + sep[0].length;
  }
  return out;
}

/** "add Marcus Chen, recruiter at Google", "met Sarah Kim at React Summit, she's a hiring manager at Vercel". */
export function planAddContact(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const add = /^(?:please\s+|can you\s+|could you\s+)?(?:add|create|save|new contact\s*[:\-–—]?|put|record)\s+(?:a\s+)?(?:new\s+)?(?:contact\s*[:\-–—]?\s*(?:for\s+|named\s+|called\s+)?|person\s+(?:named\s+|called\s+)?)?(?:(?:my|our|an?)\s+(?:old\s+|former\s+|new\s+|ex-?)?(?:manager|boss|colleague|coworker|co-worker|friend|mentor|classmate|teammate|professor|client|neighbou?r|recruiter|contact)\s+)?/i.exec(t);
  // Meeting someone in person, however it is said: met, bumped into, ran into.
  const met = /\b(?:i\s+)?(?:just\s+)?(?:met|bumped into|ran into|got to know)\s+(?!with\b|up\b)/i.exec(t);
  // "Jordan put me in touch with Hannah", "Ana introduced me to Ben": someone else brought them, a referral
  const intro = /\b(?:got introduced to|was introduced to|introduced to|connected with|new connection:?|(?:put|got) me in touch with|introduced me to|connected me (?:with|to)|intro(?:'?d|duced)? me to|hooked me up with)\s+/i.exec(t);
  const trigger = add ?? (met && (metSomewhere(t) || /\bmet\s+(?:a|an)\s/i.test(t)) ? met : null) ?? intro;
  if (!trigger) return null;
  if (/\bto (?:my )?(?:pipeline|opportunities)\b|\b(?:role|position|opening)\s+at\b/i.test(t)) return null;
  const name = readName(t, trigger.index + trigger[0].length);
  if (!name || name.pronoun) return null;
  // "save this one: Senior Data Engineer at Monzo": words of a job title are no person's name
  if (name.name.split(/\s+/).every((w) => TITLE_WORD.test(w))) return null;
  const rest = t.slice(name.end);
  // "at the re:Invent happy hour — she's a PM at Twilio": a dash ends where they met
  const eventAt = eventSaid(rest);
  const details = contactDetails(trigger === met && eventAt ? rest.slice(eventAt.length) : rest);
  if (trigger === met) {
    details.contact_source ??= 'networking_event';
    if (eventAt) {
      const event = eventAt.replace(/^\s*(?:at|during)\s+/i, '').trim();
      details.contact_source = 'networking_event';
      details.notes = [`Met at ${event}`, details.notes].filter(Boolean).join('. ');
    }
  }
  if (intro && trigger === intro) {
    const by = /\bby\s+([A-Z]\w+(?:\s+[A-Z]\w+)?)/.exec(rest);
    // "Jordan Blake put me in touch with …": the one who did it is named before
    const before = /\bme\b/i.test(intro[0]) ? readName(t, 0) : null;
    const referrer = by?.[1] ?? (before && !before.pronoun && before.end <= intro.index + 1 ? before.name : undefined);
    details.contact_source ??= /linked[\s\-]?in/i.test(t) ? 'linkedin' : referrer ? 'referral' : undefined;
    if (referrer) details.notes = [`Introduced by ${referrer}`, details.notes].filter(Boolean).join('. ');
  }
  bracketDetails(rest, details);
  const follow = followUpClause(rest, input);
  const fields: ToolInput = { ...splitName(name.name), ...details };
  if (follow?.date) fields.next_follow_up_date = follow.date;
  const full = `${fields.first_name} ${fields.last_name}`.trim();
  if (trigger === met) return metSomeone(full, compact(fields), rest, t, input);
  return single('add_contact', 'add_contact', compact(fields), { subject: full });
}

/** "Kenji Watanabe (CTO, Mercari)": a title and a company, or a company alone, in brackets after the name (an e-mail or link in them is read elsewhere). */
function bracketDetails(rest: string, details: ToolInput): void {
  const bracket = /^\s*\(([^()]{2,80})\)/.exec(rest);
  if (!bracket) return;
  const bits = splitTrimmed(bracket[1], ',').filter((b) => b && !/@|\bhttps?:|\bwww\.|\.(?:com|io|dev|so)\b|\d{3}/i.test(b));
  if (bits.length === 0) return;
  // "(design lead)": a role in lower case; "(Figma)", "(CTO, Mercari)": a company last
  const { job_title: said } = contactDetails(`, ${bits.join(', ')}`);
  if (bits.length === 1 && /^[a-z]/.test(bits[0])) {
    details.job_title ??= said ?? titleCase(bits[0]);
    return;
  }
  const company = readCompany(bits[bits.length - 1], 0);
  if (company && /^[A-Z0-9]/.test(bits[bits.length - 1])) {
    details.company ??= company.name;
    if (bits.length >= 2) details.job_title ??= titleCase(bits.slice(0, -1).join(', '));
  }
}

/** Splits a list at its commas, "and" and "&", but not inside brackets ("Ben Ortiz (Notion, ben@notion.so)"). */
function topLevelItems(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    const sep = /^(?:\s*[,;]\s*(?:and\s+)?|\s+and\s+|\s*&\s*)/i.exec(text.slice(i));
    if (sep && (c === ',' || c === ';' || c === ' ' || c === '&')) {
      items.push(text.slice(start, i));
      i += sep[0].length - 1;
      start = i + 1;
    }
  }
  items.push(text.slice(start));
  return items.map((x) => x.trim()).filter(Boolean);
}

/**
 * "Add three people from yesterday's meetup: Ana Sousa (Figma), Ben Ortiz (Notion, ben@notion.so)
 * and Chloe Park, who's a recruiter at Meta": one contact per name listed after the colon, each
 * with what is said about them; what comes before the colon (where they were met) goes to each.
 */
export function planAddContacts(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  // "add my two referrals at Canva: …", "add these people: …": any plural noun for the people listed after the colon
  const colon = t.indexOf(':');
  const head = colon < 0 ? null : /^(?:please\s+)?(?:add|create|save|record|put in)\s+(?:(?:these|the following|a few|some|several|my|our|\d+|two|three|four|five|six|seven|eight|nine|ten|new)\s+)*(people|folks|[a-z][a-z\-]*s)\b([^]*)/i.exec(t.slice(0, colon));
  const listed = head ? between(t.slice(colon + 1), /^/) : null;
  if (!head || !listed) return null;
  // "save this one: …": a word ending in "s" that is no plural
  if (/^(?:this|his|its|us|yes|was|is|has|does)$/i.test(head[1])) return null;
  const people: string[] = [];
  for (const item of topLevelItems(listed)) {
    const name = readName(item, 0);
    // "…, who's a recruiter at Meta": a piece that names nobody is more about the person before it
    if (name && !name.pronoun && name.index === 0) people.push(item);
    else if (people.length > 0) people[people.length - 1] += `, ${item}`;
    else return null;
  }
  if (people.length < 2) return null;
  const where = head[2].trim();
  // "… at Canva:" is where they all work; "… from yesterday's meetup:" where they were met
  const at = /^(?:at|from|@)\s+/i.exec(where);
  const company = at ? readCompany(where, at[0].length) : null;
  const employer = company && /^[A-Z0-9]/.test(where.slice(at![0].length)) && !isCity(company.name) && !/\b(?:meetup|conference|event|summit|party|dinner|fair)\b/i.test(where) ? company.name : undefined;
  const kind = findRelationship(head[1].replace(/s$/, ''));
  const shared = compact({
    contact_source: sourceOf(where).contact_source ?? (kind === 'referral' ? 'referral' : undefined),
    company: employer,
    relationship_type: kind && kind !== 'referral' ? kind : undefined,
    notes: where && !employer ? where.charAt(0).toUpperCase() + where.slice(1) : undefined,
  });
  const steps = people.map((item) => {
    const name = readName(item, 0)!;
    const rest = item.slice(name.end);
    const details = contactDetails(rest);
    bracketDetails(rest, details);
    return { toolName: 'add_contact', input: compact({ ...splitName(name.name), ...shared, ...details, notes: [shared.notes, details.notes].filter(Boolean).join('. ') || undefined }) };
  });
  return { intent: 'add_contact', steps };
}

/**
 * "Met Tom at the conference, he wants …": if Tom is a contact already this is a meeting with him
 * (logged with what was said); if not, he is added with what the sentence says about him.
 */
function metSomeone(name: string, fields: ToolInput, rest: string, text: string, input: PlanInput): Plan {
  const matches = (done: ToolOutcome[]) => ((done[0]?.output as { contacts?: Array<{ id: string }> } | undefined)?.contacts ?? []);
  const added = (done: ToolOutcome[]) => done[1]?.toolName === 'add_contact' && !done[1].error;
  const notes = rest.replace(/^\s*[,;:.\-–—]\s*/, '').replace(/^(?:at|during)\s+/i, 'At ').trim();
  const day = findDate(text, input.clock, 'backward');
  return {
    intent: 'add_contact',
    subject: name,
    steps: [
      { toolName: 'find_contacts', input: { query: name, limit: 5 } },
      { toolName: 'add_contact', input: fields, when: (done) => matches(done).length === 0, branch: true },
      // Meeting someone is an interaction, with a new contact as with a known one. Said by name (the
      // tools resolve it as find_contacts did), so what later sentences add ("It was fine") is kept.
      {
        toolName: 'log_interaction',
        when: (done) => matches(done).length > 0 || !!added(done),
        branch: true,
        input: compact({
          contact: name,
          interaction_type: findInteractionKind(text)?.kind === 'coffee_chat' ? 'coffee_chat' : 'meeting',
          interaction_date: day && day.date !== input.clock.today ? day.date : undefined,
          notes: notes ? notes.charAt(0).toUpperCase() + notes.slice(1) : undefined,
        }),
      },
    ],
  };
}

/** "tag Priya as mentor", "untag Marcus python", "remove the mentor tag from Priya". */
export function planTags(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  // m: the two sides read, as the expressions that read them had them (m[1] and m[2])
  let m: string[] | null = null;
  let remove = false;
  let who = '';
  let tags: string[] = [];
  let side: ReturnType<typeof splitAround> = null;
  const verb = /\b(untag|tag|label)\s/i.exec(t);
  const tagAs = verb ? splitAround(t.slice(verb.index + verb[0].length).trimStart(), /\s(?:as|with)\s/i) : null;
  if (verb && tagAs) {
    m = [verb[1], tagAs[0]];
    remove = verb[1].toLowerCase() === 'untag';
    who = tagAs[0];
    tags = parseTagList(tagAs[1].replace(/^(?:an?\s+|the\s+)/i, ''));
  } else if ((side = afterCue(t, /\b(?:add|put)\s+(?:the\s+)?tags?\s/i, /\s(?:to|on)\s/i))) {
    m = [side[0], side[1]];
    tags = parseTagList(side[0]);
    who = side[1];
  } else if ((side = afterCue(t, /\b(?:remove|delete|drop|take off)\s+(?:the\s+)?(?:tags?\s+)?/i, /\s(?:from|off)\s/i)) && /\btags?\b/i.test(t)) {
    const what = side[0].replace(/\stags?$/i, '').trim();
    m = [what, side[1]];
    remove = true;
    tags = parseTagList(what);
    who = side[1];
  } else if ((side = afterCue(t, /\buntag\s/i, /\sfrom\s/i))) {
    // "untag Raj from investors" or "untag investors from Raj": the person is the capitalized side
    m = [side[0], side[1]];
    remove = true;
    const leftIsPerson = /^[A-Z]/.test(side[0]) && !/^[A-Z]/.test(side[1]);
    who = leftIsPerson ? side[0] : side[1];
    tags = parseTagList(leftIsPerson ? side[1] : side[0]);
  } else if ((side = afterCue(t, /\buntag\s/i, /\s/))) {
    m = [side[0], side[1]];
    remove = true;
    who = side[0];
    tags = parseTagList(side[1]);
  } else {
    return null;
  }
  let names = nameList(who);
  if (names.length === 0 && remove && m) {
    // "remove Priya from the mentor tag": the person and the tag the other way round
    names = nameList(m[0]);
    tags = parseTagList(m[1].replace(/\btags?\b/gi, ''));
  }
  const refs = names.map((n) => contactRef(input, n)).filter((r): r is string => !!r);
  if (refs.length === 0 || tags.length === 0) return null;
  return single(remove ? 'untag' : 'tag', remove ? 'untag_contacts' : 'tag_contacts', { contacts: refs, tags }, { subject: refs[0] });
}

/** The two sides of `middle` in the text after `cue` (its first match), as splitAround reads them. */
function afterCue(text: string, cue: RegExp, middle: RegExp): ReturnType<typeof splitAround> {
  const c = cue.exec(text);
  return c ? splitAround(text.slice(c.index + c[0].length).trimStart(), middle) : null;
}

/** "met Sarah Kim at React Summit": met (or bumped into …), one to four words, then "at" or "during". */
function metSomewhere(text: string): boolean {
  for (const m of text.matchAll(/\b(?:met|bumped into|ran into|got to know)\s/gi)) {
    const words = text.slice(m.index! + m[0].length, m.index! + m[0].length + 200).trimStart().split(/\s+/);
    if (words.slice(1, 5).some((w) => /^(?:at|during)\b/i.test(w))) return true;
  }
  return false;
}

/**
 * "at the re:Invent happy hour — she's a PM at Twilio": where they met, from "at" up to a comma, a
 * dash or the end (what it reads, with the words before).
 */
function eventSaid(rest: string): string | null {
  const at = /^\s*(?:at|during)\s+/i.exec(rest);
  if (!at) return null;
  const article = /^(?:the|a|an)\s+/i.exec(rest.slice(at[0].length, at[0].length + 12));
  for (const start of article ? [at[0].length + article[0].length, at[0].length] : [at[0].length]) {
    for (let p = start + 1; p <= rest.length; p++) {
      if (/[,.;!—–]/.test(rest[p - 1])) break;
      let q = p;
      while (q < rest.length && /\s/.test(rest[q])) q++;
      if (q === rest.length || /[,.;!—–]/.test(rest[q]) || (q > p && rest[q] === '-' && /\s/.test(rest[q + 1] ?? ''))) return rest.slice(0, p);
      p = Math.max(p, q - 1);
    }
  }
  return null;
}

/** "note on Marcus: prefers Tuesday mornings", "remember that Priya has two kids". */
export function planNote(input: PlanInput): Plan | null {
  const t = input.text.trim();
  // [who, note]: "note on Marcus: …", "add a note to Priya's profile saying …", "Marcus notes: …"
  const m = afterCue(t, /^(?:please\s+)?(?:add\s+)?(?:a\s+)?note\s+(?:on|for|about|to|re)\s/i, /[:\-—,]|\bthat\b/i)
    ?? noteOnProfile(t)
    ?? splitAround(t, /\snotes?\s*:/i);
  let who: NameMatch | null = null;
  let note = '';
  const remembered = m ? null : between(t, /^(?:please\s+)?(?:remember|note|jot down|keep in mind)\s+(?:that\s)?/i);
  if (m) {
    who = readName(m[0], 0);
    note = m[1];
  } else if (remembered) {
    const possessive = possessiveName(remembered);
    who = possessive && possessive.index === 0 ? possessive : readName(remembered, 0);
    note = remembered;
  }
  if (!who) return null;
  const ref = contactRef(input, who);
  if (!ref || !note.trim()) return null;
  return single('note', 'update_contact', { contact: ref, append_notes: note.trim().replace(/^["']|["']$/g, '') }, { subject: ref });
}

/** "add a note to Priya's profile saying …": the person (before "'s profile", "contact" …) and the note. */
function noteOnProfile(text: string): [string, string] | null {
  const cue = /^(?:please\s+)?(?:add|put|write|jot down)\s+(?:a\s+)?note\s+(?:on|for|to)\s/i.exec(text);
  if (!cue) return null;
  const rest = text.slice(cue[0].length).trimStart();
  for (const sep of rest.matchAll(/:|-|—|,|saying|that/gi)) {
    const before = rest.slice(0, sep.index);
    const bare = before.trimEnd();
    // the words before it end in a space, or in a space and "profile", "contact" or "record"
    const kind = /\s(?:profile|contact|record)$/i.exec(bare);
    const said = kind ? bare.slice(0, kind.index).trimEnd() : bare.length < before.length ? bare : '';
    const who = said.replace(/'s$/, '');
    const note = rest.slice(sep.index! + sep[0].length).trim();
    if (who && note) return [who, note];
  }
  return null;
}

/** "delete Tom Baker", "merge Priya P into Priya Patel". */
export function planDeleteOrMerge(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  const merge = afterCue(t, /\bmerge\s/i, /\s(into|with|and)\s/i);
  if (merge) {
    const a = contactRef(input, readName(merge[0].replace(/^(?:contact\s+)/i, ''), 0));
    const b = contactRef(input, readName(merge[1], 0));
    if (!a || !b) return null;
    return merge[2][1].toLowerCase() === 'into'
      ? single('merge', 'merge_contacts', { keep: b, duplicate: a }, { subject: b })
      : single('merge', 'merge_contacts', { keep: a, duplicate: b }, { subject: a });
  }
  // "Priya P and Priya Patel are the same person"
  const both = splitAround(t, /\sand\s/i);
  const same = both ? /\sare\s+(?:the\s+same|duplicates)\b/i.exec(both[1].slice(1)) : null;
  if (both && same) {
    const a = contactRef(input, readName(both[0], 0));
    const b = contactRef(input, readName(both[1].slice(0, same.index + 1), 0));
    if (a && b) return single('merge', 'merge_contacts', { keep: a, duplicate: b }, { subject: a });
  }
  const m = /^(?:please\s+)?(?:delete|remove|erase|get rid of|forget)\s+(?:the\s+)?(?:contact\s+(?:for\s+)?)?/i.exec(t);
  if (!m) return null;
  if (/\b(?:opportunity|application|tag|follow[\s\-]?up|interaction|note)\b/i.test(t)) return null;
  const who = readName(t, m[0].length);
  const ref = contactRef(input, who);
  if (!ref) return null;
  return single('delete_contact', 'delete_contact', { contact: ref }, { subject: ref });
}

/**
 * "Priya's email is x", "update Priya's phone to y", "change the title for Dana to z": the person, the
 * field and its new value.
 */
function fieldSaid(t: string): { person: string; field: string; value: string } | null {
  const lead = /^(?:please\s+)?(?:(?:update|set|change)\s+)?/i.exec(t)![0];
  // "stephanie morales cell is …": typed fast, the possessive may lose its apostrophe and "s"
  const own = splitAround(t.slice(lead.length), /(?:['’]s?|\b)\s+(?:new\s+|updated\s+|current\s+)?(e-?mail(?:\s+address)?|phone(?:\s+number)?|number|cell|mobile|company|employer|(?:job\s+)?title|role|position|linked[\s\-]?in(?:\s+url|\s+profile)?|twitter|location|city)\s+(?:is|to|=|:|has changed to|changed to|is now)\s/i);
  if (own) return { person: own[0], field: own[2][1], value: own[1].replace(/\.$/, '').trim() || own[1] };
  const of = /^(?:please\s+)?(?:update|set|change)\s+(?:the\s+)?(e-?mail(?:\s+address)?|phone(?:\s+number)?|number|company|(?:job\s+)?title|role|linked[\s\-]?in(?:\s+url)?|twitter|location)\s+(?:for|of)\s/i.exec(t);
  const sides = of ? splitAround(t.slice(of[0].length).trimStart(), /\sto\s/i) : null;
  if (of && sides) return { person: sides[0], field: of[1], value: sides[1].replace(/\.$/, '').trim() || sides[1] };
  return null;
}

const JOB_CHANGE = /\s(?:moved|switched|went|left for|jumped|joined|started(?: a new job)? at|is now at|now works at|works at|is working at|took a job at|accepted (?:a job|an offer) at|got (?:a job|hired) at)/i;

/** "Priya has just moved over to Google": the person (before "has", "just", "recently" and the change) and what follows. */
function jobChange(text: string): [string, string] | null {
  const change = JOB_CHANGE.exec(text.slice(1));
  if (!change) return null;
  let who = text.slice(0, change.index + 1).trimEnd();
  for (let adverb = /\s(?:has|just|recently)$/i.exec(who); adverb; adverb = /\s(?:has|just|recently)$/i.exec(who)) who = who.slice(0, adverb.index).trimEnd();
  const rest = text.slice(change.index + 1 + change[0].length).trim();
  return who && rest && !/[\n\r\u2028\u2029]/.test(who + rest) ? [who.trim(), rest] : null;
}

/** "left Acme for Globex", "joined Stripe": where the name of a new employer starts, if the text says one. */
function newEmployerAt(text: string): number | null {
  for (const m of text.matchAll(/\bleft\s|\b(?:joined|now works at|is now at|moved over to)\s/gi)) {
    const after = m.index! + m[0].length;
    if (!/^left/i.test(m[0])) return after;
    // "left Acme (Corp) for", "left Acme to join": one or two words, then "for" or "to join"
    const words = [...text.slice(after, after + 120).matchAll(/\S+/g)];
    for (const n of [2, 1]) {
      if (!words.slice(0, n).every((w) => /^[\w&.\-]+$/.test(w[0]))) continue;
      const next = words[n];
      if (next && /^for$/i.test(next[0]) && words[n + 1]) return after + words[n + 1].index!;
      if (next && /^to$/i.test(next[0]) && words[n + 1] && /^join$/i.test(words[n + 1][0]) && words[n + 2]) return after + words[n + 2].index!;
    }
  }
  return null;
}

/** "Priya moved to Google as Engineering Manager", "Priya's number is …", "mark Omar as a strong connection". */
/** "hiring manager for the platform role": the relationship, and what it is for (kept in the notes). */
const RELATIONSHIP_FOR = /^(?:hiring manager|recruiter|mentor|peer|referral)\s+(?:for|on|of)\s/i;

/** "for my Brex application", "on the Stripe role": the company of a job named after a relationship. */
function jobOfRole(rest: string): string | null {
  const m = /^\s+(?:for|on)\s+(?:my|the)\s+(?=[A-Z0-9])/.exec(rest);
  if (!m) return null;
  const company = readCompany(rest, m[0].length);
  if (!company) return null;
  return /^\s+(?:application|role|job|position|opening|process|interview|loop)s?\b/i.test(rest.slice(company.end)) ? company.name : null;
}

export function planUpdateContact(input: PlanInput): Plan | null {
  // "Sara's now at Figma": the 's is "is", not a possessive
  const t = trimEndOf(input.text.trim(), '!').replace(/^((?:(?:fyi|btw|update|news)[,:]?\s+)?[A-Za-zÀ-ÿ][\wÀ-ÿ\-]*(?:\s+[A-Z][\wÀ-ÿ\-]*)?)['’]s\s+(?=(?:now|at|in|based|moving|leaving|joining|currently|no longer|back|over)\b)/i, '$1 is ');
  const fields: ToolInput = {};
  let who: NameMatch | null = null;

  // field statements: "Priya's email is x", "update Priya's phone to y", "Priya's new title is z"
  const said = fieldSaid(t);
  let m: string[] | null = said ? [] : null;
  if (said) {
    const { person, value } = said;
    const field = said.field.toLowerCase();
    who = readName(person.replace(/^(?:the\s+)/i, ''), 0) ?? possessiveName(person);
    if (/mail/.test(field)) fields.email = findEmail(value) ?? value;
    else if (/phone|number|cell|mobile/.test(field)) fields.phone = findPhone(value) ?? value;
    else if (/linked/.test(field)) fields.linkedin_url = findUrls(value).linkedin ?? (/^https?:/i.test(value) ? value : `https://${value.replace(/^\/+/, '')}`);
    else if (/twitter/.test(field)) fields.twitter_url = findUrls(value).twitter ?? (/^https?:/i.test(value) ? value : `https://x.com/${value.replace(/^@/, '')}`);
    else if (/company|employer/.test(field)) fields.company = readCompany(value, 0)?.name ?? value;
    else if (/location|city/.test(field)) fields.location = value;
    else fields.job_title = titleCase(value.replace(/^(?:an?|the)\s+/i, ''));
  }

  // job changes: "X moved to Google as EM", "X joined Stripe", "X is now a Staff Engineer at Acme", "X got promoted to VP"
  if (!m) {
    // "fyi Priya has just moved over to Google": the person before the change, the company after it
    const lead = /^(?:(?:fyi|btw|update|news)[,:]?\s+)?/i.exec(t)![0];
    const moved = jobChange(t.slice(lead.length));
    m = moved ? [moved[0], moved[1].replace(/^(?:over\s+)?(?:to\s+)?/i, '')] : null;
    if (m && m[1]) {
      const person = readName(m[0], 0) ?? possessiveName(m[0]);
      const rest = m[1];
      const company = readCompany(rest, 0);
      if (person && company) {
        who = person;
        if (isCity(company.name) || /^(?:relocated|moved)\b/i.test(t.slice(person.end).trim()) && /\b(?:city|town)\b/i.test(rest)) {
          fields.location = company.name;
        } else {
          fields.company = company.name;
          // "… as (a) Staff Engineer, …": the title, up to the first period, comma or semicolon
          const as = between(rest.slice(company.end), /\bas\s/i);
          const title = as?.replace(/^(?:an?\s+|the\s+|their\s+(?:new\s+)?)/i, '').split(/[.,;]/)[0];
          if (title) fields.job_title = titleCase(title.trim());
        }
      }
    }
  }
  // "Ethan Cole is the hiring manager for the role": what someone is to the user, said plainly
  if (!who) {
    const person = readName(t, 0);
    const rel = person && !person.pronoun ? /^\s+is\s+(?:an?|the|my|our)\s+(hiring manager|recruiter|mentor|peer|referral)\b(?:\s+(?:for|on|of)\s[^,.;!]*)?[.!]?$/i.exec(t.slice(person.end)) : null;
    if (person && rel) {
      fields.relationship_type = findRelationship(rel[1]);
      who = person;
      // "… is the recruiter for my Brex application": the job goes through them too
      const job = jobOfRole(t.slice(person.end + rel[0].indexOf(rel[1]) + rel[1].length));
      const ref = job ? contactRef(input, person) : null;
      if (job && ref) {
        return {
          intent: 'update_contact',
          subject: ref,
          steps: [
            { toolName: 'update_contact', input: { contact: ref, relationship_type: fields.relationship_type } },
            { toolName: 'update_opportunity', input: { opportunity: job, contact: ref } },
          ],
        };
      }
    }
  }
  if (!who) {
    // "Dana is now a Staff Engineer at Acme": who, what they are, and where ("at" may end a word, as it always could)
    const became = splitAround(t, /\s(?:is now|is currently|now is|became|has become|got promoted to|was promoted to|has been promoted to)\s/i);
    const role = became?.[1].replace(/^(?:an?\s+|the\s+)/i, '');
    const at = role ? splitAround(role, /(?:at|@)\s/i) : null;
    m = became && role ? [became[0], at ? at[0] : role.replace(/\.$/, '').trimEnd(), ...(at ? [at[1].replace(/\.$/, '')] : [])] : null;
    if (m) {
      const person = readName(m[0], 0);
      if (person && !person.pronoun || person?.pronoun) {
        const roleText = m[1];
        const strength = findStrength(roleText + ' connection');
        const rel = findRelationship(roleText);
        if (/\bconnection|close\b/i.test(roleText) && strength) {
          fields.connection_strength = strength;
        } else if (rel && !m[2] && (roleText.split(/\s+/).length <= 2 || RELATIONSHIP_FOR.test(roleText))) {
          fields.relationship_type = rel;
        } else if (!/\b(?:close|friends?|busy|available|interested|open|looking)\b/i.test(roleText)) {
          fields.job_title = titleCase(roleText);
          if (m[2]) fields.company = readCompany(m[2], 0)?.name ?? m[2];
        }
        if (Object.keys(fields).length > 0) who = person;
      }
    }
  }

  // strength and relationship: "mark Omar as a strong connection", "Omar and I are close now"
  if (!who) {
    let strength = findStrength(t);
    const rel = findRelationship(t);
    const marked = afterCue(t, /\b(?:mark|set|make|flag|change|update|consider|downgrade|upgrade|bump|move|demote|promote|put)\s/i, /\s(?:as|to|down to|up to)\s/i);
    m = marked ? [marked[0], marked[1].replace(/^(?:an?\s+|my\s+)/i, '')] : null;
    // "downgrade brian to weak": a strength said alone after the verb of a change
    const bare = m && !strength ? /^(strong|medium|weak|new)\b/i.exec(m[1])?.[1].toLowerCase() as 'strong' | 'medium' | 'weak' | 'new' | undefined : undefined;
    if (bare && /^(?:downgrade|upgrade|bump|demote|promote|mark|set|change|update|move)$/i.test(/\b(mark|set|make|flag|change|update|consider|downgrade|upgrade|bump|move|demote|promote|put)\b/i.exec(t)![1])) strength = bare;
    if (m && (strength || rel)) {
      who = readName(m[0].replace(/^(?:the\s+)?connection\s+(?:strength\s+)?(?:for|with|of)\s+/i, ''), 0) ?? possessiveName(m[0]);
    }
    if (!who && strength) who = nameAfter(t, /^(?:me\s+and\s+)?/i) ?? anyPerson(t, [/\b(?:with|mark|set)\s+/i]);
    if (!who && rel && /^(\S+(?:\s+\S+)?)\s+is\s+(?:an?\s+|my\s+)/i.test(t)) who = readName(t, 0);
    if (who) {
      if (strength) fields.connection_strength = strength;
      else if (rel) fields.relationship_type = rel;
    }
  }

  // location: "Priya relocated to Berlin", "Priya is based in London now"
  if (!who) {
    const lives = splitAround(t, /\s(?:relocated to|moved to|is based in|lives in|is living in|now lives in|is now based in)\s/i);
    if (lives) {
      who = readName(lives[0], 0);
      if (who) fields.location = locationOf(t) ?? lives[1].replace(/\.$/, '').replace(/\snow$/i, '').trimEnd();
    }
  }
  // "add Priya's email priya@x.com", "Priya's LinkedIn: linkedin.com/in/priya"
  if (!who) {
    const email = findEmail(t);
    const urls = findUrls(t);
    const phone = email || urls.linkedin ? undefined : /\b(?:phone|number|cell|mobile)\b/i.test(t) ? findPhone(t) : undefined;
    if (email || urls.linkedin || urls.twitter || phone) {
      who = possessiveName(t) ?? anyPerson(t, [/\b(?:for|to|of)\s+/i]);
      if (who) Object.assign(fields, compact({ email, linkedin_url: urls.linkedin, twitter_url: urls.twitter, phone }));
    }
  }
  if (!who) return null;
  // "… — she left acme for globex": a change of employer said beside another change
  if (!fields.company) {
    const after = t.slice(who.end);
    const left = newEmployerAt(after);
    const company = left !== null ? readCompany(after, left) : null;
    if (company && !isCity(company.name)) fields.company = company.name;
  }
  const ref = contactRef(input, who);
  if (!ref || Object.keys(fields).length === 0) return null;
  return single('update_contact', 'update_contact', { contact: ref, ...compact(fields) }, { subject: ref });
}

