import { z } from 'zod';

// RFC 6531 (SMTPUTF8) addresses: the local part and the domain may hold any letter, digit or mark
// of any script, so `josé.15@figma.com` and `用户@例子.广告` are addresses. The local part is a
// dot-atom (RFC 5322 atext plus non-ASCII), the domain is dot-separated labels with a TLD of two
// or more letters (an IDN TLD counts). Quoted local parts and address literals are not accepted:
// no contact export writes them, and a typo is likelier than one.
const ATEXT = "[\\p{L}\\p{N}\\p{M}!#$%&'*+/=?^_`{|}~-]";
const LABEL = '[\\p{L}\\p{N}\\p{M}](?:[\\p{L}\\p{N}\\p{M}-]{0,61}[\\p{L}\\p{N}\\p{M}])?';
const ADDRESS = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+(?:\\p{L}[\\p{L}\\p{M}]+|xn--[a-z0-9-]+)$`, 'u');

/** Whether `value` is an e-mail address, internationalized ones included (RFC 6531). */
export const isEmailAddress = (value: string): boolean => value.length <= 254 && ADDRESS.test(value.normalize('NFC'));

/** An e-mail address of any script; stored as typed (NFC), compared lower-cased. */
export const EmailAddress = z
  .string()
  .trim()
  .transform((s) => s.normalize('NFC'))
  .refine(isEmailAddress, 'must be an email address');
