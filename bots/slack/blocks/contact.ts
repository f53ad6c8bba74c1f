import type { ContactRecord } from '../../../agent/tools/shared/schemas.js';
import { type Block, context, day, esc, section, words } from './kit.js';
import { followUpActions } from './follow-ups.js';
import { countOf } from '../../../agent/tools/shared/words.js';

const name = (c: { first_name: string; last_name: string }) => `${c.first_name} ${c.last_name}`.trim();

export interface ContactExtras {
  interactions?: number;
  openOpportunities?: Array<{ job_title: string | null; company_name: string; status: string }>;
  today?: string;
  /** A line above the card, e.g. "Added" or "Updated: email, phone". */
  note?: string;
}

/** A contact: who, where, how to reach them, when you last spoke and when to follow up. */
export function contactCard(c: ContactRecord, extras: ContactExtras = {}): Block[] {
  const role = [c.job_title, c.company].filter(Boolean).map((s) => esc(s!)).join(' at ');
  const fields: string[] = [];
  if (c.email) fields.push(`*Email*\n${esc(c.email)}`);
  if (c.phone) fields.push(`*Phone*\n${esc(c.phone)}`);
  if (c.last_contact_date) fields.push(`*Last contact*\n${day(c.last_contact_date, extras.today)}`);
  if (c.next_follow_up_date) fields.push(`*Follow up*\n${day(c.next_follow_up_date, extras.today)}${c.follow_up_reason ? ` — ${esc(c.follow_up_reason)}` : ''}`);
  if (c.relationship_type) fields.push(`*Relationship*\n${words(c.relationship_type)}${c.connection_strength ? ` (${c.connection_strength})` : ''}`);
  if (c.location) fields.push(`*Location*\n${esc(c.location)}`);
  const blocks: Block[] = [];
  if (extras.note) blocks.push(context(esc(extras.note)));
  blocks.push(section(`*${esc(name(c))}*${role ? `\n${role}` : ''}`, fields));
  const facts: string[] = [];
  if (c.tags.length > 0) facts.push(c.tags.map((t) => `#${esc(t)}`).join(' '));
  if (extras.interactions !== undefined) facts.push(countOf(extras.interactions, 'interaction'));
  for (const o of extras.openOpportunities ?? []) facts.push(`${esc(o.job_title ?? 'Role')} at ${esc(o.company_name)} (${words(o.status)})`);
  if (c.notes) facts.push(`_${esc(c.notes.slice(0, 300))}${c.notes.length > 300 ? '…' : ''}_`);
  if (facts.length > 0) blocks.push(context(facts.join('  ·  ')));
  if (c.next_follow_up_date) blocks.push(followUpActions(c.id, `contact:${c.id}`));
  return blocks;
}
