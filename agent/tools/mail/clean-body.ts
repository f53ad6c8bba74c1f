import EmailReplyParser from 'email-reply-parser';

const parser = new EmailReplyParser();

/** Headers of a message quoted below a reply in Outlook's style, which has no "wrote:" line. */
const QUOTE_HEADERS = ['sent:', 'date:', 'to:', 'subject:', 'cc:'];

function cutOutlookQuote(lines: string[]): string[] {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim().toLowerCase();
    if (line.startsWith('-----original message-----') || line.startsWith('________________________________')) return lines.slice(0, i);
    if (line.startsWith('from:') && line.includes('@')) {
      const next = lines.slice(i + 1, i + 4).map((l) => l.trim().toLowerCase());
      if (next.some((l) => QUOTE_HEADERS.some((h) => l.startsWith(h)))) return lines.slice(0, i);
    }
  }
  return lines;
}

const MOBILE_FOOTERS = ['sent from my ', 'get outlook for ', 'sent from outlook', 'sent from yahoo mail'];

/**
 * The new words of a message: quoted history ("On … wrote:", "> " lines, Outlook's "From: … Sent:"
 * block, "-----Original Message-----") and the signature ("-- " and what follows, "Sent from my
 * iPhone") taken away by email-reply-parser plus those Outlook forms. Whitespace runs are kept
 * short. Falls back to the whole text when nothing would remain (a message that is all quote).
 */
export function cleanEmailBody(text: string, maxLength = 8000): string {
  const normalized = text.replace(/\r\n?/g, '\n').slice(0, 200_000);
  const cut = cutOutlookQuote(normalized.split('\n')).join('\n');
  let visible = parser.parseReply(cut);
  const lines = visible.split('\n');
  const footer = lines.findIndex((l) => MOBILE_FOOTERS.some((f) => l.trim().toLowerCase().startsWith(f)));
  if (footer >= 0) visible = lines.slice(0, footer).join('\n');
  visible = visible.split('\n').map((l) => l.trimEnd()).join('\n').replace(/\n{3,}/g, '\n\n').trim();
  if (!visible) visible = normalized.trim();
  return visible.length > maxLength ? `${visible.slice(0, maxLength - 1)}…` : visible;
}
