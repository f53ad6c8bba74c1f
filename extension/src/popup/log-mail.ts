import type { KithClient } from '../shared/kith-client.js';
import { findContact, fullName } from './save-person.js';

/** log_interaction (email) with the sender, who must be in Kith (found by address, else by name). */
export async function logMail(kith: KithClient, form: Record<string, string>): Promise<{ name: string; subject: string }> {
  const contact = await findContact(kith, form.sender_email, form.sender_name);
  if (!contact) throw new Error(`${form.sender_name ?? form.sender_email} is not in Kith: save them on the Person tab first.`);
  const when = form.date && !Number.isNaN(Date.parse(form.date)) ? new Date(form.date).toISOString() : undefined;
  const subject = (form.subject ?? 'E-mail').slice(0, 500);
  await kith.post('/interactions', {
    contact: contact.id,
    interaction_type: 'email',
    ...(when ? { interaction_date: when } : {}),
    subject,
    notes: form.text,
  });
  return { name: fullName(contact), subject };
}
