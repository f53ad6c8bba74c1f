import { createRequire } from 'node:module';
import type { parsePhoneNumberFromString as ParsePhone } from 'libphonenumber-js';
import { InvalidInputError } from './errors.js';

// libphonenumber-js is ~100 modules: loaded the first time a number is normalized, not at every
// start of every command (a one-shot `kith call` would pay ~35 ms for it).
let parsePhone: typeof ParsePhone | undefined;
const loadParser = (): typeof ParsePhone =>
  (parsePhone ??= (createRequire(import.meta.url)('libphonenumber-js') as { parsePhoneNumberFromString: typeof ParsePhone }).parsePhoneNumberFromString);

/** Stores numbers in international form when they parse; a number that cannot be one is refused. */
export function normalizePhone(raw: string | null | undefined, field = 'phone'): string | null | undefined {
  if (raw === undefined || raw === null) return raw;
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  const parsed = loadParser()(trimmed, 'US');
  if (parsed && parsed.isPossible()) return parsed.formatInternational();
  if (/^[+()\d\s.\-x]{5,}$/i.test(trimmed)) return trimmed;
  throw new InvalidInputError(field, `${field}: "${raw}" is not a phone number.`);
}
