import type { INTERACTION_TYPES } from '../../../db/schema/enums.js';

type InteractionType = (typeof INTERACTION_TYPES)[number];

/**
 * What a file says about a person, before it is checked: every parser (LinkedIn, Google, vCard,
 * any CSV) produces these, and one planner dedupes and writes them.
 */
export interface ContactDraft {
  /** Where it is in the file: "line 12" for a CSV, "card 3" for a vCard. */
  at: string;
  first_name?: string;
  last_name?: string;
  /** When the file has one name only ("Name", vCard FN): split into first and last. */
  full_name?: string;
  emails: string[];
  phones: string[];
  company?: string;
  job_title?: string;
  linkedin_url?: string;
  twitter_url?: string;
  location?: string;
  contact_source?: string;
  relationship_type?: string;
  connection_strength?: string;
  tags: string[];
  /** Lines for the notes: the file's notes, and what has no column of its own ("Birthday: …"). */
  notes: string[];
}

export interface InteractionDraft {
  at: string;
  /** Whom it was with, as the file names them; matched to a contact of Kith or of this file. */
  people: Array<{ name?: string; linkedin_url?: string; email?: string }>;
  interaction_type: InteractionType;
  /** ISO 8601. */
  interaction_date: string;
  subject?: string;
  notes?: string;
}

export interface OpportunityDraft {
  at: string;
  company_name?: string;
  job_title?: string;
  job_url?: string;
  status?: string;
  application_date?: string;
  location?: string;
  salary_range?: string;
  job_description?: string;
  next_action?: string;
  next_action_date?: string;
  priority_level?: string;
  notes: string[];
}

export interface ParsedImport {
  format: ImportFormat;
  contacts: ContactDraft[];
  interactions: InteractionDraft[];
  opportunities: OpportunityDraft[];
  /** The column mapping used for a CSV of no known layout (shown to the user to correct). */
  mapping?: ColumnMapping;
  warnings: string[];
}

export type ColumnMapping = Record<string, MappedField>;

export const MAPPABLE_FIELDS = [
  'first_name', 'last_name', 'full_name', 'email', 'phone', 'company', 'job_title', 'linkedin_url', 'twitter_url',
  'location', 'notes', 'tags', 'contact_source', 'relationship_type', 'connection_strength',
] as const;
/** A CSV column goes to one of these fields, or "" to leave it out on purpose. */
export type MappedField = (typeof MAPPABLE_FIELDS)[number] | '';

export const IMPORT_FORMATS = [
  'kith-json', 'kith-csv', 'linkedin-connections', 'linkedin-messages', 'google-csv', 'outlook-csv', 'vcard', 'csv',
  'huntr-csv', 'teal-csv', 'applications-csv', 'applications-json',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const emptyContact = (at: string): ContactDraft => ({ at, emails: [], phones: [], tags: [], notes: [] });
