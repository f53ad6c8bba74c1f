import { createRequire } from 'node:module';
import type { parsePhoneNumberFromString as ParsePhone, CountryCode } from 'libphonenumber-js';
import { InvalidInputError } from './errors.js';

// libphonenumber-js is ~100 modules: loaded the first time a number is normalized, not at every
// start of every command (a one-shot `kith call` would pay ~35 ms for it).
let parsePhone: typeof ParsePhone | undefined;
const loadParser = (): typeof ParsePhone =>
  (parsePhone ??= (createRequire(import.meta.url)('libphonenumber-js') as { parsePhoneNumberFromString: typeof ParsePhone }).parsePhoneNumberFromString);

/** A number without a country code is read as one of this country (a "+" number needs none). */
const DEFAULT_COUNTRY: CountryCode = 'US';

/**
 * A number that is valid for its country is stored in international form; anything else with
 * digits in it (an extension, a local format libphonenumber does not know, "ask reception: 0 12")
 * is kept exactly as typed, so no country's format is refused. Only text without a digit is not a
 * phone number.
 */
export function normalizePhone(raw: string | null | undefined, field = 'phone'): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const parsed = loadParser()(trimmed, DEFAULT_COUNTRY);
  if (parsed && parsed.isValid() && !parsed.ext) return parsed.formatInternational();
  if (isPhoneLike(trimmed)) return trimmed;
  throw new InvalidInputError(field, `${field}: "${raw}" is not a phone number.`);
}

/** Whether a value could be a phone number as typed: it has digits. */
export const isPhoneLike = (value: string): boolean => /\p{Nd}/u.test(value);

/** One key per number for duplicate detection: E.164 when it parses, its digits otherwise. */
export function phoneKey(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = loadParser()(raw.trim(), DEFAULT_COUNTRY);
  if (parsed && parsed.isPossible()) return parsed.number;
  const digits = raw.normalize('NFKC').replace(/\D/g, '');
  return digits.length >= 6 ? digits : null;
}
