import { InvalidInputError } from '../shared/errors.js';

/** Line and column (1-based) of a character offset in a text. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * The text of an uploaded file. UTF-8 (with or without a byte-order mark) and UTF-16 with its
 * mark are read; any other byte sequence refuses the whole file at the line and column of the
 * first bad byte, instead of importing garbled names (a Latin-1 file read as UTF-8).
 */
export function decodeFile(bytes: Uint8Array, name = 'file'): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, bad));
    const { line, column } = positionOf(before, before.length);
    throw new InvalidInputError('file', `${name} is not UTF-8 text: line ${line}, column ${column} holds the byte 0x${bytes[bad].toString(16).padStart(2, '0')} ` +
      `(save it as UTF-8 and import again). Nothing was imported.`);
  }
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (size === 0) return i;
    for (let k = 1; k < size; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += size;
  }
  return bytes.length - 1;
}

/** A text that was decoded leniently somewhere upstream carries U+FFFD where bytes were lost. */
export function refuseReplacementCharacters(text: string, name = 'file'): void {
  const at = text.indexOf('\uFFFD');
  if (at === -1) return;
  const { line, column } = positionOf(text, at);
  throw new InvalidInputError('file', `${name} is not clean UTF-8 text: line ${line}, column ${column} holds a replacement character (\uFFFD), ` +
    `where bytes were lost when it was read. Save it as UTF-8 and import again. Nothing was imported.`);
}

export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
