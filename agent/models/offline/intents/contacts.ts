import { findEmail, findInteractionKind, findPhone, findRelationship, findStrength, findUrls, parseTagList } from '../entities.js';
import type { ToolOutcome } from '../conversation.js';
import { findDate } from '../dates.js';
import { readCompany, readName, splitName, titleCase, type NameMatch } from '../names.js';
import { compact, single, type Plan, type PlanInput, type ToolInput } from '../plan-types.js';
import { anyPerson, contactRef, nameAfter, possessiveName } from '../references.js';
import { contactDetails, isCity, locationOf, sourceOf } from './contact-details.js';
import { followUpClause } from './follow-ups.js';

/** Splits "Priya, Marcus and Tom" into names. */
function nameList(text: string): NameMatch[] {
  const out: NameMatch[] = [];
  let pos = 0;
  while (pos < text.length) {
    const found = readName(text, pos);
    if (!found) break;
    out.push(found);
    const sep = /^\s*(?:,\s*(?:and\s+)?|\s*and\s+|\s*&\s*)/i.exec(text.slice(found.end));
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
  const intro = /\b(?:got introduced to|was introduced to|introduced to|connected with|new connection:?)\s+/i.exec(t);
  const trigger = add ?? (met && /\b(?:met|bumped into|ran into|got to know)\s+\S+(?:\s+\S+){0,3}\s+(?:at|during)\b|\bmet\s+(?:a|an)\s+/i.test(t) ? met : null) ?? intro;
  if (!trigger) return null;
  if (/\bto (?:my )?(?:pipeline|opportunities)\b|\b(?:role|position|opening)\s+at\b/i.test(t)) return null;
  const name = readName(t, trigger.index + trigger[0].length);
  if (!name || name.pronoun) return null;
  const rest = t.slice(name.end);
  // "at the re:Invent happy hour — she's a PM at Twilio": a dash ends where they met
  const eventAt = /^\s*(?:at|during)\s+(?:the\s+|a\s+|an\s+)?[^,.;!—–]+?(?=\s+-\s|\s*[,.;!—–]|$)/i.exec(rest);
  const details = contactDetails(trigger === met && eventAt ? rest.slice(eventAt[0].length) : rest);
  if (trigger === met) {
    details.contact_source ??= 'networking_event';
    if (eventAt) {
      const event = eventAt[0].replace(/^\s*(?:at|during)\s+/i, '').trim();
      details.contact_source = 'networking_event';
      details.notes = [`Met at ${event}`, details.notes].filter(Boolean).join('. ');
    }
  }
  if (intro && trigger === intro) {
    const by = /\bby\s+([A-Z]\w+(?:\s+[A-Z]\w+)?)/.exec(rest);
    details.contact_source ??= /linked[\s\-]?in/i.test(t) ? 'linkedin' : by ? 'referral' : undefined;
    if (by) details.notes = [`Introduced by ${by[1]}`, details.notes].filter(Boolean).join('. ');
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
  const bits = bracket[1].split(/\s*,\s*/).filter((b) => b && !/@|\bhttps?:|\bwww\.|\.(?:com|io|dev|so)\b|\d{3}/i.test(b));
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
  const t = input.text.trim().replace(/[.!]+$/, '');
  // "add my two referrals at Canva: …", "add these people: …": any plural noun for the people listed after the colon
  const head = /^(?:please\s+)?(?:add|create|save|record|put in)\s+(?:(?:these|the following|a few|some|several|my|our|\d+|two|three|four|five|six|seven|eight|nine|ten|new)\s+)*(people|folks|[a-z][a-z\-]*s)\b([^:]*):\s*(.+)$/i.exec(t);
  if (!head) return null;
  const people: string[] = [];
  for (const item of topLevelItems(head[3])) {
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
  const t = input.text.trim().replace(/[.!]+$/, '');
  let m = /\b(untag|tag|label)\s+(.+?)\s+(?:as|with)\s+(?:an?\s+|the\s+)?(.+)$/i.exec(t);
  let remove = false;
  let who = '';
  let tags: string[] = [];
  if (m) {
    remove = m[1].toLowerCase() === 'untag';
    who = m[2];
    tags = parseTagList(m[3]);
  } else if ((m = /\b(?:add|put)\s+(?:the\s+)?tags?\s+(.+?)\s+(?:to|on)\s+(.+)$/i.exec(t))) {
    tags = parseTagList(m[1]);
    who = m[2];
  } else if ((m = /\b(?:remove|delete|drop|take off)\s+(?:the\s+)?(?:tags?\s+)?(.+?)(?:\s+tags?)?\s+(?:from|off)\s+(.+)$/i.exec(t)) && /\btags?\b/i.test(t)) {
    remove = true;
    tags = parseTagList(m[1]);
    who = m[2];
  } else if ((m = /\buntag\s+(.+?)\s+from\s+(.+)$/i.exec(t))) {
    // "untag Raj from investors" or "untag investors from Raj": the person is the capitalized side
    remove = true;
    const leftIsPerson = /^[A-Z]/.test(m[1]) && !/^[A-Z]/.test(m[2]);
    who = leftIsPerson ? m[1] : m[2];
    tags = parseTagList(leftIsPerson ? m[2] : m[1]);
  } else if ((m = /\buntag\s+(\S+)\s+(.+)$/i.exec(t))) {
    remove = true;
    who = m[1];
    tags = parseTagList(m[2]);
  } else {
    return null;
  }
  let names = nameList(who);
  if (names.length === 0 && remove && m) {
    // "remove Priya from the mentor tag": the person and the tag the other way round
    names = nameList(m[1]);
    tags = parseTagList(m[2].replace(/\btags?\b/gi, ''));
  }
  const refs = names.map((n) => contactRef(input, n)).filter((r): r is string => !!r);
  if (refs.length === 0 || tags.length === 0) return null;
  return single(remove ? 'untag' : 'tag', remove ? 'untag_contacts' : 'tag_contacts', { contacts: refs, tags }, { subject: refs[0] });
}

/** "note on Marcus: prefers Tuesday mornings", "remember that Priya has two kids". */
export function planNote(input: PlanInput): Plan | null {
  const t = input.text.trim();
  let m = /^(?:please\s+)?(?:add\s+)?(?:a\s+)?note\s+(?:on|for|about|to|re)\s+(.+?)\s*(?::|-|—|,|\bthat\b)\s*(.+)$/i.exec(t)
    ?? /^(?:please\s+)?(?:add|put|write|jot down)\s+(?:a\s+)?note\s+(?:on|for|to)\s+(.+?)(?:'s)?\s+(?:profile|contact|record)?\s*(?::|-|—|,|saying|that)\s*(.+)$/i.exec(t);
  let who: NameMatch | null = null;
  let note = '';
  if (m) {
    who = readName(m[1], 0);
    note = m[2];
  } else if ((m = /^(.+?)\s+notes?\s*:\s*(.+)$/i.exec(t))) {
    who = readName(m[1], 0);
    note = m[2];
  } else if ((m = /^(?:please\s+)?(?:remember|note|jot down|keep in mind)\s+(?:that\s+)?(.+)$/i.exec(t))) {
    const possessive = possessiveName(m[1]);
    who = possessive && possessive.index === 0 ? possessive : readName(m[1], 0);
    note = m[1];
  }
  if (!who) return null;
  const ref = contactRef(input, who);
  if (!ref || !note.trim()) return null;
  return single('note', 'update_contact', { contact: ref, append_notes: note.trim().replace(/^["']|["']$/g, '') }, { subject: ref });
}

/** "delete Tom Baker", "merge Priya P into Priya Patel". */
export function planDeleteOrMerge(input: PlanInput): Plan | null {
  const t = input.text.trim().replace(/[.!]+$/, '');
  let m = /\bmerge\s+(.+?)\s+(into|with|and)\s+(.+)$/i.exec(t);
  if (m) {
    const a = contactRef(input, readName(m[1].replace(/^(?:contact\s+)/i, ''), 0));
    const b = contactRef(input, readName(m[3], 0));
    if (!a || !b) return null;
    return m[2].toLowerCase() === 'into'
      ? single('merge', 'merge_contacts', { keep: b, duplicate: a }, { subject: b })
      : single('merge', 'merge_contacts', { keep: a, duplicate: b }, { subject: a });
  }
  m = /^(.+?)\s+and\s+(.+?)\s+are\s+(?:the\s+same(?:\s+person)?|duplicates)\b/i.exec(t);
  if (m) {
    const a = contactRef(input, readName(m[1], 0));
    const b = contactRef(input, readName(m[2], 0));
    if (a && b) return single('merge', 'merge_contacts', { keep: a, duplicate: b }, { subject: a });
  }
  m = /^(?:please\s+)?(?:delete|remove|erase|get rid of|forget)\s+(?:the\s+)?(?:contact\s+(?:for\s+)?)?/i.exec(t);
  if (!m) return null;
  if (/\b(?:opportunity|application|tag|follow[\s\-]?up|interaction|note)\b/i.test(t)) return null;
  const who = readName(t, m[0].length);
  const ref = contactRef(input, who);
  if (!ref) return null;
  return single('delete_contact', 'delete_contact', { contact: ref }, { subject: ref });
}

/** "Priya moved to Google as Engineering Manager", "Priya's number is …", "mark Omar as a strong connection". */
/** "hiring manager for the platform role": the relationship, and what it is for (kept in the notes). */
const RELATIONSHIP_FOR = /^(?:hiring manager|recruiter|mentor|peer|referral)\s+(?:for|on|of)\s/i;

export function planUpdateContact(input: PlanInput): Plan | null {
  // "Sara's now at Figma": the 's is "is", not a possessive
  const t = input.text.trim().replace(/[!]+$/, '').replace(/^((?:(?:fyi|btw|update|news)[,:]?\s+)?[A-Za-zÀ-ÿ][\wÀ-ÿ\-]*(?:\s+[A-Z][\wÀ-ÿ\-]*)?)['’]s\s+(?=(?:now|at|in|based|moving|leaving|joining|currently|no longer|back|over)\b)/i, '$1 is ');
  const fields: ToolInput = {};
  let who: NameMatch | null = null;

  // field statements: "Priya's email is x", "update Priya's phone to y", "Priya's new title is z"
  const fieldRe = /^(?:please\s+)?(?:(?:update|set|change)\s+)?(.+?)['’]s?\s+(?:new\s+|updated\s+|current\s+)?(e-?mail(?:\s+address)?|phone(?:\s+number)?|number|cell|mobile|company|employer|(?:job\s+)?title|role|position|linked[\s\-]?in(?:\s+url|\s+profile)?|twitter|location|city)\s+(?:is|to|=|:|has changed to|changed to|is now)\s+(.+?)[.]?$/i;
  let m = fieldRe.exec(t) ?? /^(?:please\s+)?(?:update|set|change)\s+(?:the\s+)?(e-?mail(?:\s+address)?|phone(?:\s+number)?|number|company|(?:job\s+)?title|role|linked[\s\-]?in(?:\s+url)?|twitter|location)\s+(?:for|of)\s+(.+?)\s+to\s+(.+?)[.]?$/i.exec(t);
  if (m) {
    const swapped = !fieldRe.test(t);
    const person = swapped ? m[2] : m[1];
    const field = (swapped ? m[1] : m[2]).toLowerCase();
    const value = m[3].trim();
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
    m = /^(?:(?:fyi|btw|update|news)[,:]?\s+)?(.+?)\s+(?:has\s+|just\s+|recently\s+)*(?:moved|switched|went|left for|jumped|joined|started(?: a new job)? at|is now at|now works at|works at|is working at|took a job at|accepted (?:a job|an offer) at|got (?:a job|hired) at)\s*(?:over\s+)?(?:to\s+)?(.+)$/i.exec(t);
    if (m) {
      const person = readName(m[1], 0) ?? possessiveName(m[1]);
      const rest = m[2];
      const company = readCompany(rest, 0);
      if (person && company) {
        who = person;
        if (isCity(company.name) || /^(?:relocated|moved)\b/i.test(t.slice(person.end).trim()) && /\b(?:city|town)\b/i.test(rest)) {
          fields.location = company.name;
        } else {
          fields.company = company.name;
          const as = /\bas\s+(?:an?\s+|the\s+|their\s+(?:new\s+)?)?(.+?)(?:[.,;]|$)/i.exec(rest.slice(company.end));
          if (as) fields.job_title = titleCase(as[1].trim());
        }
      }
    }
  }
  // "Ethan Cole is the hiring manager for the role": what someone is to the user, said plainly
  if (!who) {
    const person = readName(t, 0);
    const rel = person && !person.pronoun ? /^\s+is\s+(?:an?|the|my|our)\s+(hiring manager|recruiter|mentor|peer|referral)\b(?:\s+(?:for|on|of)\s[^,.;!]*)?[.!]?$/i.exec(t.slice(person.end)) : null;
    if (rel) {
      fields.relationship_type = findRelationship(rel[1]);
      who = person;
    }
  }
  if (!who) {
    m = /^(.+?)\s+(?:is now|is currently|now is|became|has become|got promoted to|was promoted to|has been promoted to)\s+(?:an?\s+|the\s+)?(.+?)\s*(?:(?:at|@)\s+(.+?))?[.]?$/i.exec(t);
    if (m) {
      const person = readName(m[1], 0);
      if (person && !person.pronoun || person?.pronoun) {
        const roleText = m[2];
        const strength = findStrength(roleText + ' connection');
        const rel = findRelationship(roleText);
        if (/\bconnection|close\b/i.test(roleText) && strength) {
          fields.connection_strength = strength;
        } else if (rel && !m[3] && (roleText.split(/\s+/).length <= 2 || RELATIONSHIP_FOR.test(roleText))) {
          fields.relationship_type = rel;
        } else if (!/\b(?:close|friends?|busy|available|interested|open|looking)\b/i.test(roleText)) {
          fields.job_title = titleCase(roleText);
          if (m[3]) fields.company = readCompany(m[3], 0)?.name ?? m[3];
        }
        if (Object.keys(fields).length > 0) who = person;
      }
    }
  }

  // strength and relationship: "mark Omar as a strong connection", "Omar and I are close now"
  if (!who) {
    let strength = findStrength(t);
    const rel = findRelationship(t);
    m = /\b(?:mark|set|make|flag|change|update|consider|downgrade|upgrade|bump|move|demote|promote|put)\s+(.+?)\s+(?:as|to|down to|up to)\s+(?:an?\s+|my\s+)?(.+)$/i.exec(t);
    // "downgrade brian to weak": a strength said alone after the verb of a change
    const bare = m && !strength ? /^(strong|medium|weak|new)\b/i.exec(m[2])?.[1].toLowerCase() as 'strong' | 'medium' | 'weak' | 'new' | undefined : undefined;
    if (bare && /^(?:downgrade|upgrade|bump|demote|promote|mark|set|change|update|move)$/i.test(/\b(mark|set|make|flag|change|update|consider|downgrade|upgrade|bump|move|demote|promote|put)\b/i.exec(t)![1])) strength = bare;
    if (m && (strength || rel)) {
      who = readName(m[1].replace(/^(?:the\s+)?connection\s+(?:strength\s+)?(?:for|with|of)\s+/i, ''), 0) ?? possessiveName(m[1]);
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
    m = /^(.+?)\s+(?:relocated to|moved to|is based in|lives in|is living in|now lives in|is now based in)\s+(.+?)(?:\s+now)?[.]?$/i.exec(t);
    if (m) {
      who = readName(m[1], 0);
      if (who) fields.location = locationOf(t) ?? m[2];
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
    const left = /\bleft\s+[\w&.\-]+(?:\s+[\w&.\-]+)?\s+(?:for|to join)\s+|\b(?:joined|now works at|is now at|moved over to)\s+/i.exec(t.slice(who.end));
    const company = left ? readCompany(t.slice(who.end), left.index + left[0].length) : null;
    if (company && !isCity(company.name)) fields.company = company.name;
  }
  const ref = contactRef(input, who);
  if (!ref || Object.keys(fields).length === 0) return null;
  return single('update_contact', 'update_contact', { contact: ref, ...compact(fields) }, { subject: ref });
}

