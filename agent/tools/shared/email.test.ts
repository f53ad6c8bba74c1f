import { describe, it, expect } from 'vitest';
import { isEmailAddress, EmailAddress } from './email.js';
import { normalizePhone, phoneKey } from './phone.js';

describe('international values', () => {
  it('accepts internationalized addresses (RFC 6531) and refuses what is not an address', () => {
    for (const ok of ['josé.15@figma.com', '用户@例子.广告', 'अजय@डाटा.भारत', 'priya+kith@stripe.com', "o'brien@example.ie", 'x@example.xn--fiqs8s']) {
      expect(isEmailAddress(ok), ok).toBe(true);
    }
    for (const bad of ['a@b', 'bad@@x.com', 'x y@z.com', '.dot@x.com', 'dot.@x.com', 'a..b@x.com', 'nobody', '@x.com', 'a@-x.com']) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
    // a decomposed é (e + combining accent) is stored composed, so it matches the composed one
    expect(EmailAddress.parse('jose\u0301.15@figma.com')).toBe('josé.15@figma.com');
  });

  it('keeps a number it cannot parse as typed instead of refusing it', () => {
    expect(normalizePhone('+34 612 34 56 78')).toBe('+34 612 34 56 78');
    expect(normalizePhone('(415) 555-0134')).toBe('+1 415 555 0134');
    expect(normalizePhone('+81 3-1234-5678')).toBe('+81 3 1234 5678');
    expect(normalizePhone('030 1234567 (Zentrale)')).toBe('030 1234567 (Zentrale)');
    expect(normalizePhone('٠١٢٣٤٥٦٧٨٩')).toBe('٠١٢٣٤٥٦٧٨٩');
    expect(() => normalizePhone('call me')).toThrow(/not a phone number/);
    expect(phoneKey('+1 (415) 555-0134')).toBe(phoneKey('415.555.0134'));
  });
});
