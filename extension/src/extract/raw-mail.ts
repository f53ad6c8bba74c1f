import { looksLikeRawEmail } from '../../../agent/models/offline/raw-email.js';

/**
 * The message's own source, when the mail client shows it or links to it: sent to log_email as
 * it is, so the headers, the date and the Message-ID Kith keeps are the message's, not a reading
 * of the screen (and the same message logged twice is recognised by its Message-ID).
 */
export interface RawMail {
  raw: string;
  /** Where it came from: Gmail's "Show original", a <pre> or text area holding a message (Outlook's "View message source"), a page that is a message, or an .eml link. */
  source: 'gmail-original' | 'message-source' | 'message-page' | 'eml-link';
  from: string | null;
  subject: string | null;
  date: string | null;
  message_id: string | null;
}

/** log_email's limit (agent/tools/mail/log-email-tool.ts RAW_EMAIL_LIMIT). */
const LIMIT = 25 * 1024 * 1024;

/** The first value of each header the popup shows (folded lines joined); the server parses the rest. */
export function headerSummary(raw: string): Pick<RawMail, 'from' | 'subject' | 'date' | 'message_id'> {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end < 0 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const value = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() || null;
  return { from: value('From'), subject: value('Subject'), date: value('Date'), message_id: value('Message-ID') };
}

function rawOf(text: string | null | undefined, source: RawMail['source']): RawMail | null {
  const raw = text?.replace(/^\s+/, '');
  if (!raw || raw.length > LIMIT || !looksLikeRawEmail(raw)) return null;
  return { raw, source, ...headerSummary(raw) };
}

/** An .eml the page links to on its own origin (the mail client's "Download message"); other origins are not the tab's to read. */
function emlLink(doc: Document, pageUrl: string): string | null {
  const origin = new URL(pageUrl).origin;
  for (const a of Array.from(doc.querySelectorAll<HTMLAnchorElement>('a[href]'))) {
    const href = a.getAttribute('href') ?? '';
    let url: URL;
    try { url = new URL(href, pageUrl); } catch { continue; }
    const named = /\.eml$/i.test(url.pathname) || /\.eml$/i.test(a.getAttribute('download') ?? '') || a.type === 'message/rfc822';
    if (named && url.origin === origin) return url.toString();
  }
  return null;
}

/** The raw message on screen, or behind an .eml link; null when the page offers none. */
export async function findRawMail(doc: Document, pageUrl: string, fetchImpl: typeof fetch = fetch): Promise<RawMail | null> {
  // Gmail's "Show original" puts the whole message in one <pre id="raw_message_text">.
  const gmail = rawOf(doc.getElementById('raw_message_text')?.textContent, 'gmail-original');
  if (gmail) return gmail;
  // A browser shows a text/plain or message/rfc822 document as its text (in a <pre>).
  if (doc.contentType === 'text/plain' || doc.contentType === 'message/rfc822') {
    const page = rawOf(doc.body?.textContent, 'message-page');
    if (page) return page;
  }
  // Outlook's "View message source" and other clients: the source in a <pre> or a read-only text area, often in a dialog.
  const holders = Array.from(doc.querySelectorAll<HTMLElement>('[role="dialog"] pre, [role="dialog"] textarea, pre, textarea'));
  for (const holder of holders) {
    const found = rawOf(holder instanceof HTMLTextAreaElement ? holder.value : holder.textContent, 'message-source');
    if (found) return found;
  }
  const page = rawOf((doc.body as HTMLElement | null)?.innerText, 'message-page');
  if (page) return page;
  const link = emlLink(doc, pageUrl);
  if (!link) return null;
  try {
    const response = await fetchImpl(link, { credentials: 'same-origin' });
    if (!response.ok) return null;
    return rawOf(await response.text(), 'eml-link');
  } catch {
    return null;
  }
}
