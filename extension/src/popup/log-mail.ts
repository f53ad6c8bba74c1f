import type { KithClient } from '../shared/kith-client.js';
import type { RawMail } from '../extract/raw-mail.js';
import { fullName, logWithContact } from './save-person.js';
import { angleAt, firstEmail } from '../../../agent/tools/shared/text-spans.js';

/**
 * log_interaction (email) with the sender, who must be in Kith (found by address, else by name).
 * A message the user sent is with someone else: its sender is not whom to log it with.
 */
export async function logMail(kith: KithClient, form: Record<string, string>): Promise<{ name: string; subject: string; alreadyLogged: boolean }> {
  const address = form.sender_email?.toLowerCase();
  if (address) {
    const { user } = await kith.get<{ user: { email: string | null } }>('/me');
    if (user.email?.toLowerCase() === address) throw new Error(`This message is from you (${form.sender_email}): put the address of the person it was with in Address, or open their message.`);
  }
  const when = form.date && !Number.isNaN(Date.parse(form.date)) ? new Date(form.date).toISOString() : undefined;
  const subject = (form.subject ?? 'E-mail').slice(0, 500);
  const logged = await logWithContact(kith, { email: form.sender_email, name: form.sender_name }, {
    interaction_type: 'email',
    ...(when ? { interaction_date: when } : {}),
    subject,
    notes: form.text,
  });
  if (!logged) throw new Error(`${form.sender_name ?? form.sender_email} is not in Kith: save them on the Person tab first.`);
  // the same message (sender, subject, sent time) logged before: log_interaction keeps the one
  return { name: fullName(logged.contact), subject, alreadyLogged: logged.already_logged === true };
}

/** The message's source to log_email, which reads its headers, threads it and knows it again by its Message-ID. */
export async function logRawMail(kith: KithClient, raw: RawMail): Promise<{ message: string; duplicate: boolean }> {
  const result = await kith.post<{ message: string; duplicate: boolean }>('/tools/log_email', { raw: raw.raw });
  return { message: result.message, duplicate: result.duplicate };
}

/** "Name <address>" (or a bare address) of a From: header, for the form the popup shows. */
export function senderOf(from: string | null): { sender_name: string | null; sender_email: string | null } {
  if (!from) return { sender_name: null, sender_email: null };
  const address = bracketed(from) ?? firstEmail(from) ?? null;
  const angle = angleAt(from, 0);
  const name = (angle ? from.slice(0, angle.index) + from.slice(angle.end) : from).replace(/^"|"$/g, '').trim();
  return { sender_name: name && name !== address ? name.replace(/^"|"$/g, '') : null, sender_email: address };
}

/** What the first "<…>" holds that holds anything (/<([^>]+)>/), found with indexOf. */
function bracketed(from: string): string | undefined {
  for (let open = from.indexOf('<'); open >= 0; open = from.indexOf('<', open + 1)) {
    const close = from.indexOf('>', open + 1);
    if (close < 0) return undefined;
    if (close > open + 1) return from.slice(open + 1, close);
  }
  return undefined;
}
