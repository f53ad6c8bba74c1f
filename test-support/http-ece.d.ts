// http_ece ships no types; only decrypt is used (by the push-service stand-in).
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  const ece: { decrypt(buffer: Buffer, params: { version: 'aes128gcm' | 'aesgcm'; privateKey?: ECDH; authSecret?: string; dh?: string; key?: string }): Buffer };
  export default ece;
}
