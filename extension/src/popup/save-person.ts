import type { KithClient } from '../shared/kith-client.js';

interface Contact { id: string; first_name: string; last_name: string; email: string | null; company: string | null }

const fullName = (c: Contact) => `${c.first_name} ${c.last_name}`.trim();

function splitName(name: string): { first_name: string; last_name: string } {
  const parts = name.trim().split(/\s+/);
  return { first_name: parts[0], last_name: parts.slice(1).join(' ') };
}

const isLinkedIn = (url: string) => /(^|\.)linkedin\.com$/i.test(new URL(url).hostname);

/** add_contact: the tool returns the one already saved (same e-mail or profile URL) with already_saved. */
export async function saveContact(kith: KithClient, form: Record<string, string>): Promise<{ contact: Contact; alreadySaved: boolean }> {
  const url = form.profile_url;
  const profile = url && isLinkedIn(url) ? { linkedin_url: url } : {};
  const notes = [form.note, url && !isLinkedIn(url) ? `Profile: ${url}` : null].filter(Boolean).join('\n');
  const result = await kith.post<{ contact: Contact; already_saved?: boolean }>('/contacts', {
    ...splitName(form.name ?? ''),
    job_title: form.job_title,
    company: form.company,
    email: form.email,
    ...profile,
    ...(notes ? { notes } : {}),
    ...(url && isLinkedIn(url) ? { contact_source: 'linkedin' } : {}),
  });
  return { contact: result.contact, alreadySaved: result.already_saved === true };
}

/** The contact already in Kith this person is: by e-mail first, else by name. */
export async function findContact(kith: KithClient, email: string | undefined, name: string | undefined): Promise<Contact | null> {
  for (const query of [email, name]) {
    if (!query) continue;
    const { contacts } = await kith.get<{ contacts: Contact[] }>(`/contacts?q=${encodeURIComponent(query)}&limit=5`);
    const exact = contacts.find((c) => (email && c.email === email.toLowerCase()) || fullName(c).toLowerCase() === query.toLowerCase());
    if (exact) return exact;
    if (contacts.length === 1) return contacts[0];
  }
  return null;
}

/** log_interaction with someone already in Kith, with the note. */
export async function logInteraction(kith: KithClient, form: Record<string, string>): Promise<{ contact: Contact; subject: string }> {
  const contact = await findContact(kith, form.email, form.name);
  if (!contact) throw new Error(`${form.name ?? form.email ?? 'This person'} is not in Kith yet: save the contact first.`);
  const subject = form.note ? form.note.split('\n')[0].slice(0, 200) : `Note from ${form.profile_url ?? 'the browser'}`;
  await kith.post('/interactions', { contact: contact.id, interaction_type: form.interaction_type ?? (isLinkedInUrl(form.profile_url) ? 'linkedin_message' : 'meeting'), subject, notes: form.note });
  return { contact, subject };
}

function isLinkedInUrl(url: string | undefined): boolean {
  try {
    return !!url && isLinkedIn(url);
  } catch {
    return false;
  }
}

export { fullName };
