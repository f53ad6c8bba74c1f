import type { z } from 'zod';
import { crmContacts } from '../../../db/schema/index.js';
import type { ContactFields } from './schemas.js';
import { normalizePhone } from './phone.js';

type ContactInsert = Partial<typeof crmContacts.$inferInsert>;

/** Maps the snake_case fields of a tool's input onto the table's columns (only those given). */
export function contactColumns(input: Partial<z.output<typeof ContactFields>>): ContactInsert {
  const out: ContactInsert = {};
  const set = <K extends keyof ContactInsert>(key: K, value: ContactInsert[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  set('firstName', input.first_name);
  set('lastName', input.last_name);
  set('email', input.email === undefined ? undefined : input.email?.toLowerCase() ?? null);
  set('phone', normalizePhone(input.phone));
  set('company', input.company);
  set('jobTitle', input.job_title);
  set('linkedinUrl', input.linkedin_url);
  set('twitterUrl', input.twitter_url);
  set('location', input.location);
  set('contactSource', input.contact_source);
  set('relationshipType', input.relationship_type);
  set('connectionStrength', input.connection_strength);
  set('notes', input.notes);
  if (input.tags !== undefined) out.tags = uniqueTags(input.tags);
  return out;
}

export const uniqueTags = (tags: string[]): string[] => [...new Set(tags.map((t) => t.toLowerCase()))].sort();
