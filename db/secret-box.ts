import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Credentials at rest (mail and calendar passwords, OAuth tokens): AES-256-GCM, so a value read
 * from the database or a backup without the key is useless and a tampered one fails to open.
 * A sealed value is bound to its purpose (e.g. "mail_accounts.imap:<user id>"): one user's
 * ciphertext copied into another's row does not open.
 */
export interface SecretBox {
  seal(plain: string, purpose: string): string;
  /** Throws when the value was not sealed with this key for this purpose. */
  open(sealed: string, purpose: string): string;
}

const VERSION = 'v1';

export function createSecretBox(key: Buffer | (() => Buffer)): SecretBox {
  let loaded: Buffer | undefined = typeof key === 'function' ? undefined : key;
  const keyOf = () => {
    loaded ??= (key as () => Buffer)();
    if (loaded.length !== 32) throw new Error('The secret key must be 32 bytes.');
    return loaded;
  };
  return {
    seal(plain, purpose) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), iv);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed, purpose) {
      const [version, data] = sealed.split(':', 2);
      if (version !== VERSION || !data) throw new Error('Not a sealed secret.');
      const bytes = Buffer.from(data, 'base64');
      if (bytes.length < 28) throw new Error('Not a sealed secret.');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(), bytes.subarray(0, 12));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(bytes.subarray(12, 28));
      try {
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('A stored secret could not be opened: it was sealed with another key (KITH_SECRET_KEY) or changed.');
      }
    },
  };
}

/** KITH_SECRET_KEY: 32 bytes as 64 hex digits or base64. */
export function parseSecretKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('KITH_SECRET_KEY must be 32 bytes, written as 64 hex digits or in base64.');
  return key;
}

/** Where the generated key lives when KITH_SECRET_KEY is not set: beside the data directory, like DATA.endpoint. */
export function secretKeyFileFor(dataDir: string): string {
  let end = dataDir.length; // without its trailing separators (a loop: /[\\/]+$/ is quadratic on a long run of them)
  while (end > 0 && (dataDir[end - 1] === '/' || dataDir[end - 1] === '\\')) end--;
  return `${dataDir.slice(0, end)}.secret-key`;
}

/**
 * The key from KITH_SECRET_KEY, or else from the key file, made on first use (mode 0600: only its
 * owner reads it). Several `kith serve` processes on other machines must share KITH_SECRET_KEY.
 */
export function loadSecretKey(options: { env?: NodeJS.ProcessEnv; keyFile: string }): Buffer {
  const fromEnv = (options.env ?? process.env).KITH_SECRET_KEY;
  if (fromEnv) return parseSecretKey(fromEnv);
  try {
    const text = readFileSync(options.keyFile, 'utf8');
    if ((statSync(options.keyFile).mode & 0o077) !== 0) chmodSync(options.keyFile, 0o600);
    return parseSecretKey(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(options.keyFile), { recursive: true });
  try {
    // wx: two processes starting at once never overwrite each other's key
    writeFileSync(options.keyFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseSecretKey(readFileSync(options.keyFile, 'utf8'));
}
