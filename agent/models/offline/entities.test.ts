import { describe, expect, it } from 'vitest';
import { findEmail, findPhone, findUrls } from './entities.js';

describe('entity finders', () => {
  it('find the same emails, phones and links as before the linear-time rewrite', () => {
    expect(findEmail('mail me at ana.b+x@stripe.com.')).toBe('ana.b+x@stripe.com');
    expect(findEmail('a@b then c@d.com')).toBe('c@d.com');
    expect(findEmail('foo@bar')).toBeUndefined();
    expect(findPhone('call ana.b@stripe.com or +1 415 555 0100')).toBe('+1 415 555 0100');
    expect(findUrls('see linkedin.com/in/ana and https://x.com/ana')).toEqual({ linkedin: 'https://linkedin.com/in/ana', twitter: 'https://x.com/ana' });
  });

  it('answer on a long run of address characters with no address in it', () => {
    const run = 'a.'.repeat(50_000);
    expect(findEmail(run)).toBeUndefined();
    expect(findPhone(run)).toBeUndefined();
    expect(findUrls(run)).toEqual({});
  });
});
