import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { InvalidInputError } from './errors.js';

/** Stores numbers in international form when they parse; a number that cannot be one is refused. */
export function normalizePhone(raw: string | null | undefined, field = 'phone'): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const parsed = parsePhoneNumberFromString(trimmed, 'US');
  if (parsed && parsed.isPossible()) return parsed.formatInternational();
  if (/^[+()\d\s.\-x]{5,}$/i.test(trimmed)) return trimmed;
  throw new InvalidInputError(field, `${field}: "${raw}" is not a phone number.`);
}
