import { InvalidInputError } from '../shared/errors.js';
import { readCsv, lineStartingWith } from './csv-table.js';
import { parseDay, parseInstant } from './day-values.js';
import { emptyContact, type ContactDraft, type InteractionDraft } from './drafts.js';
import { linkedinKey } from './clean-contact.js';

export const CONNECTIONS_HEADER = ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'];
export const MESSAGES_HEADER_START = ['CONVERSATION ID', 'CONVERSATION TITLE', 'FROM', 'SENDER PROFILE URL', 'TO'];

const startsWithColumns = (line: string, columns: string[]) => line.replace(/^\uFEFF/, '').startsWith(columns.join(','));

/**
 * LinkedIn's Connections.csv: a "Notes:" paragraph, a blank line, then the header. The
 * connection date has no column in Kith; it becomes a line of the notes.
 */
export function parseLinkedinConnections(text: string, name: string): ContactDraft[] {
  const headerLine = lineStartingWith(text, (l) => startsWithColumns(l, CONNECTIONS_HEADER.slice(0, 2)));
  if (headerLine === -1) throw new InvalidInputError('file', `${name}: no "First Name,Last Name,..." header line; is it LinkedIn's Connections.csv? Nothing was imported.`);
  const table = readCsv(text, name, headerLine);
  const missing = ['First Name', 'Last Name'].filter((h) => !table.header.includes(h));
  if (missing.length) throw new InvalidInputError('file', `${name}: the header has no ${missing.join(', ')} column. Nothing was imported.`);
  return table.rows.map(({ line, values: v }) => {
    const draft = emptyContact(`line ${line}`);
    draft.first_name = v['First Name'];
    draft.last_name = v['Last Name'];
    if (v['Email Address']) draft.emails.push(v['Email Address']);
    draft.company = v['Company'];
    draft.job_title = v['Position'];
    draft.linkedin_url = v['URL'];
    draft.contact_source = 'linkedin';
    const connected = v['Connected On']?.trim();
    if (connected) draft.notes.push(`Connected on LinkedIn: ${parseDay(connected) ?? connected}`);
    return draft;
  });
}

/**
 * LinkedIn's messages.csv: one row per message. The account owner is in every conversation;
 * each message becomes a linkedin_message interaction with the other people in it.
 */
export function parseLinkedinMessages(text: string, name: string): InteractionDraft[] {
  const headerLine = lineStartingWith(text, (l) => startsWithColumns(l, MESSAGES_HEADER_START.slice(0, 2)));
  if (headerLine === -1) throw new InvalidInputError('file', `${name}: no "CONVERSATION ID,..." header line; is it LinkedIn's messages.csv? Nothing was imported.`);
  const table = readCsv(text, name, headerLine);
  for (const h of ['CONVERSATION ID', 'FROM', 'SENDER PROFILE URL', 'TO', 'RECIPIENT PROFILE URLS', 'DATE', 'CONTENT']) {
    if (!table.header.includes(h)) throw new InvalidInputError('file', `${name}: the header has no ${h} column. Nothing was imported.`);
  }
  const rows = table.rows.map(({ line, values: v }) => {
    const senderUrl = v['SENDER PROFILE URL']?.trim();
    const recipientUrls = splitList(v['RECIPIENT PROFILE URLS']);
    const recipientNames = splitList(v['TO']);
    const people = [
      { name: v['FROM']?.trim(), linkedin_url: senderUrl },
      ...recipientUrls.map((url, i) => ({ name: recipientNames[i], linkedin_url: url })),
    ].filter((p) => p.linkedin_url || p.name);
    return { line, v, people, conversation: v['CONVERSATION ID'] };
  });
  // The owner: the profile found in the most conversations (every one, in a real export).
  const conversationsOf = new Map<string, Set<string>>();
  for (const r of rows) for (const p of r.people) {
    const key = linkedinKey(p.linkedin_url) ?? p.name ?? '';
    if (!conversationsOf.has(key)) conversationsOf.set(key, new Set());
    conversationsOf.get(key)!.add(r.conversation);
  }
  const owner = [...conversationsOf.entries()].sort((a, b) => b[1].size - a[1].size)[0]?.[0];
  const interactions: InteractionDraft[] = [];
  for (const r of rows) {
    const date = parseInstant(r.v['DATE']);
    if (!date) throw new InvalidInputError('file', `${name}: line ${r.line}, column DATE: "${r.v['DATE']}" is not a date. Nothing was imported.`);
    const others = r.people.filter((p) => (linkedinKey(p.linkedin_url) ?? p.name) !== owner);
    const fromOwner = (linkedinKey(r.people[0]?.linkedin_url) ?? r.people[0]?.name) === owner;
    const content = r.v['CONTENT']?.trim() ?? '';
    interactions.push({
      at: `line ${r.line}`,
      people: others,
      interaction_type: 'linkedin_message',
      interaction_date: date,
      subject: r.v['SUBJECT']?.trim() || r.v['CONVERSATION TITLE']?.trim() || undefined,
      notes: `${fromOwner ? 'Sent' : `From ${r.v['FROM']?.trim()}`}: ${content}`,
    });
  }
  return interactions;
}

const splitList = (value: string | undefined): string[] => (value ?? '').split(/,\s*/).map((s) => s.trim()).filter(Boolean);
