import { KithError, type KithClient } from '../shared/kith-client.js';

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

/**
 * log_interaction with someone already in Kith, named by e-mail first, else by name: the tool
 * resolves the reference as everywhere in Kith (agent/tools/shared/resolve-contact.ts: the exact
 * address, the full name, a first or last name, a typo) and says which people a name could be.
 * null: nobody in Kith answers to either.
 */
export async function logWithContact(kith: KithClient, who: { email?: string; name?: string }, interaction: Record<string, unknown>): Promise<{ contact: Contact; already_logged?: boolean } | null> {
  for (const reference of [who.email, who.name]) {
    if (!reference) continue;
    try {
      return await kith.post<{ contact: Contact; already_logged?: boolean }>('/interactions', { ...interaction, contact: reference });
    } catch (error) {
      if (error instanceof KithError && error.code === 'not_found') continue;
      throw error;
    }
  }
  return null;
}

/** log_interaction with someone already in Kith, with the note. */
export async function logInteraction(kith: KithClient, form: Record<string, string>): Promise<{ contact: Contact; subject: string }> {
  const subject = form.note ? form.note.split('\n')[0].slice(0, 200) : `Note from ${form.profile_url ?? 'the browser'}`;
  const type = form.interaction_type ?? (isLinkedInUrl(form.profile_url) ? 'linkedin_message' : 'meeting');
  const logged = await logWithContact(kith, form, { interaction_type: type, subject, notes: form.note });
  if (!logged) throw new Error(`${form.name ?? form.email ?? 'This person'} is not in Kith yet: save the contact first.`);
  return { contact: logged.contact, subject };
}

function isLinkedInUrl(url: string | undefined): boolean {
  try {
    return !!url && isLinkedIn(url);
  } catch {
    return false;
  }
}

export { fullName };
