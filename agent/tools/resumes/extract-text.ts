import { InvalidInputError } from '../shared/errors.js';

export type ResumeFileFormat = 'pdf' | 'docx';

/** A file's kind from its first bytes (a name can lie): "%PDF-" or a ZIP holding word/document.xml. */
export function detectResumeFormat(bytes: Uint8Array, fileName?: string): ResumeFileFormat | null {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  if (head === '%PDF-') return 'pdf';
  if (head.startsWith('PK\u0003\u0004')) return 'docx';
  const ext = fileName?.toLowerCase().split('.').pop();
  return ext === 'pdf' || ext === 'docx' ? ext : null;
}

/** Lines trimmed, runs of blank lines and spaces squeezed: what the match score and a person read. */
export function tidyText(text: string): string {
  return text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t\u00a0]+/g, ' ').trim()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * The text of an uploaded résumé: PDF through unpdf (PDF.js, no network, no worker), DOCX through
 * mammoth. A file neither can read is refused naming the field, so nothing half-read is stored.
 */
export async function extractResumeText(bytes: Uint8Array, format: ResumeFileFormat, field = 'content_base64'): Promise<string> {
  let text: string;
  try {
    text = format === 'pdf' ? await pdfText(bytes) : await docxText(bytes);
  } catch (error) {
    throw new InvalidInputError(field, `${field}: the ${format.toUpperCase()} file could not be read (${String((error as Error)?.message ?? error).slice(0, 120)}).`);
  }
  const tidy = tidyText(text);
  if (!tidy) throw new InvalidInputError(field, `${field}: the ${format.toUpperCase()} file has no text to read (a scanned image needs OCR first; paste the text instead).`);
  return tidy;
}

// The readers load with the first résumé file, not with the catalog.
async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  return (await extractText(pdf, { mergePages: true })).text;
}

async function docxText(bytes: Uint8Array): Promise<string> {
  const { default: mammoth } = await import('mammoth');
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}
