import { describe, expect, it } from 'vitest';
import { angleAt, emailAt, firstEmail, matchesOf, replaceSpans } from './text-spans.js';
import { trimEndOf, trimStartOf } from './trim.js';

// The expressions these stand for, run on short texts only.
const EMAIL = /[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+/g;

describe('text spans', () => {
  it('find the addresses the expression finds', () => {
    for (const text of ['mail ana.b+x@stripe.com.', 'a@b then c@d.com', 'a@b.c+x@d.e', 'x@y z@w.v', 'foo@bar', '@a.b', 'a@.b', 'a@b..c', 'p@q.r.s-t_u']) {
      expect(replaceSpans(text, [emailAt], '#')).toBe(text.replace(EMAIL, '#'));
      expect(firstEmail(text)).toBe(text.match(/[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+/)?.[0]);
    }
  });

  it('replace an alternation leftmost first, the earlier finder on a tie', () => {
    const links = /\bwww\.\S+/g;
    for (const text of ['www.x@y.com', 'abc.www.x@y.com', '<a@b.c> d@e.f <', 'x <y> www.z w@v.u']) {
      expect(replaceSpans(text, [matchesOf(links), emailAt], ' ')).toBe(text.replace(/\bwww\.\S+|[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+/g, ' '));
      expect(replaceSpans(text, [angleAt, emailAt], '')).toBe(text.replace(/<[^>]*>|[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ''));
    }
  });

  it('answer on a megabyte with no address in it', () => {
    for (const text of ['a.'.repeat(500_000), 'a@'.repeat(500_000), '<'.repeat(1_000_000)]) {
      expect(firstEmail(text)).toBeUndefined();
      expect(replaceSpans(text, [angleAt, emailAt], '')).toBe(text);
    }
  });

  it('trim a run of characters from either end', () => {
    expect(trimEndOf('https://x.io//', '/')).toBe('https://x.io');
    expect(trimEndOf('...', '.')).toBe('');
    expect(trimStartOf('<<id>', '<')).toBe('id>');
    expect(trimEndOf('a.b', '.')).toBe('a.b');
  });
});
