import { describe, expect, it } from 'vitest';
import { mkdtempSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { createSecretBox, loadSecretKey, parseSecretKey, secretKeyFileFor } from './secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('seals a secret so that it opens only with the same key and purpose', () => {
    const sealed = box.seal('app-password-123', 'mail_accounts.imap:alice');
    expect(sealed).not.toContain('app-password');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(box.open(sealed, 'mail_accounts.imap:alice')).toBe('app-password-123');
    expect(box.seal('same', 'p')).not.toBe(box.seal('same', 'p'));
    expect(() => box.open(sealed, 'mail_accounts.imap:bob')).toThrow(/could not be opened/);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'mail_accounts.imap:alice')).toThrow(/another key/);
  });

  it('refuses a changed ciphertext', () => {
    const sealed = box.seal('secret', 'p');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`v1:${bytes.toString('base64')}`, 'p')).toThrow();
    expect(() => box.open('plain text', 'p')).toThrow(/Not a sealed secret/);
  });

  it('takes KITH_SECRET_KEY, else makes a key file readable only by its owner, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kith-key-'));
    const keyFile = secretKeyFileFor(join(dir, 'data'));
    expect(keyFile).toBe(join(dir, 'data.secret-key'));
    const first = loadSecretKey({ env: {}, keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ env: {}, keyFile }).equals(first)).toBe(true);
    expect(readFileSync(keyFile, 'utf8')).not.toBe('');
    const hex = randomBytes(32).toString('hex');
    expect(loadSecretKey({ env: { KITH_SECRET_KEY: hex }, keyFile }).toString('hex')).toBe(hex);
    expect(() => parseSecretKey('short')).toThrow(/32 bytes/);
  });

  it('reads the key only when a secret is first sealed', () => {
    let reads = 0;
    const lazy = createSecretBox(() => { reads++; return randomBytes(32); });
    expect(reads).toBe(0);
    lazy.open(lazy.seal('x', 'p'), 'p');
    expect(reads).toBe(1);
  });
});
