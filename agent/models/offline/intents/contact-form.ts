import { findRelationship, findStrength } from '../entities.js';
import { splitName } from '../names.js';
import { sourceOf } from './contact-details.js';
import { compact, single, type Plan, type PlanInput, type ToolInput } from '../plan-types.js';
import { splitTrimmed } from './text.js';

/** Field labels people paste, mapped to add_contact's fields. */
const LABELS: Array<[RegExp, string]> = [
  [/^(?:full\s+)?name$/i, 'name'],
  [/^first(?:\s+name)?$/i, 'first_name'],
  [/^(?:last|sur)(?:\s*name)?$/i, 'last_name'],
  [/^e-?mail(?:\s+address)?$/i, 'email'],
  [/^(?:phone|mobile|cell|tel)(?:\s+number)?$/i, 'phone'],
  [/^(?:company|employer|organi[sz]ation|org)$/i, 'company'],
  [/^(?:title|job\s+title|role|position)$/i, 'job_title'],
  [/^linked[\s\-]?in(?:\s+url)?$/i, 'linkedin_url'],
  [/^twitter|x$/i, 'twitter_url'],
  [/^(?:location|city|based)$/i, 'location'],
  [/^(?:notes?|comments?)$/i, 'notes'],
  [/^tags?$/i, 'tags'],
  [/^(?:connection\s+)?strength$|^connection$/i, 'connection_strength'],
  [/^(?:relationship|relation|type)$/i, 'relationship_type'],
  [/^(?:source|met via|met at|how (?:we )?met)$/i, 'contact_source'],
];
const LABEL_WORDS = 'full name|first name|last name|surname|name|first|last|e-?mail(?: address)?|phone(?: number)?|mobile|cell|tel|company|employer|organi[sz]ation|org|job title|title|role|position|linked[ -]?in(?: url)?|twitter|location|city|notes?|comments?|tags?|connection strength|strength|connection|relationship|relation|source|met via|met at|how we met';
const FIELD = new RegExp(String.raw`(?:^|\n|[,;]\s*|\s)(${LABEL_WORDS})\s*:\s*`, 'gi');

/** A pasted block: "Name: Sofia Alvarez / Email: … / Company: …", read field by field. */
export function planContactForm(input: PlanInput): Plan | null {
  const t = input.text;
  const marks = [...t.matchAll(FIELD)];
  if (marks.length < 2 || !marks.some((m) => /name|first/i.test(m[1]))) return null;
  const fields: ToolInput = {};
  const leftovers: string[] = [];
  marks.forEach((m, i) => {
    const start = m.index! + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1].index! : t.length;
    const value = t.slice(start, end).trim().replace(/[,;]$/, '').trim();
    const field = LABELS.find(([re]) => re.test(m[1].trim()))?.[1];
    if (!field || !value) return;
    if (field === 'name') Object.assign(fields, splitName(value));
    else if (field === 'tags') fields.tags = splitTrimmed(value, ',').map((x) => x.toLowerCase()).filter(Boolean);
    else if (field === 'linkedin_url' || field === 'twitter_url') fields[field] = /^https?:\/\//i.test(value) ? value : `https://${value}`;
    else if (field === 'connection_strength' || field === 'relationship_type' || field === 'contact_source') {
      // a choice the data model has, in everyday words; anything else is kept in the notes
      const choice = field === 'connection_strength' ? findStrength(`${value} connection`) : field === 'relationship_type' ? findRelationship(value) : sourceOf(value).contact_source;
      if (choice) fields[field] = choice;
      else fields.notes = [fields.notes, `${m[1].trim()}: ${value}`].filter(Boolean).join('. ');
    }
    else fields[field] = value;
  });
  const lead = t.slice(0, marks[0].index).trim();
  const before = /^(?:please\s+)?(?:create|add|save|new)(?:\s+a)?(?:\s+new)?(?:\s+(?:contact|person|lead))?\s*:?$/i.test(lead) ? '' : lead;
  if (before) leftovers.push(before);
  if (typeof fields.first_name !== 'string' || !fields.first_name) return null;
  fields.last_name ??= '';
  const full = `${fields.first_name} ${fields.last_name}`.trim();
  return single('add_contact', 'add_contact', compact(fields), { subject: full, unknown: leftovers.length ? leftovers : undefined, cues: marks.map((m) => m[1]) });
}
