import type { Conversation } from './conversation.js';

/** The header names a pasted message starts with; two of them in its first lines make it an e-mail. */
const HEADERS = ['from:', 'to:', 'subject:', 'date:', 'message-id:', 'cc:', 'reply-to:', 'mime-version:', 'content-type:', 'received:', 'return-path:', 'delivered-to:', 'in-reply-to:', 'references:'];

/**
 * Whether a chat message is a raw e-mail pasted whole (headers first, e.g. Gmail's "Show
 * original"): it starts with header lines, among them From: and at least one more of the usual
 * ones, before a blank line. One pass over at most its first 40 lines; no regular expression.
 */
export function looksLikeRawEmail(text: string): boolean {
  const lines = text.replace(/^\s+/, '').split('\n', 40);
  let from = false;
  let others = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) continue; // a folded header
    const lower = line.toLowerCase();
    const header = HEADERS.find((h) => lower.startsWith(h));
    if (!header) {
      // a first line that is no header is a sentence, not a message
      if (i === 0) return false;
      continue;
    }
    if (header === 'from:') from = true;
    else others++;
  }
  return from && others >= 1;
}

/**
 * The offline model's step for a pasted e-mail, consulted before its parser: log it with
 * log_email, then answer with what the tool said. Undefined for any other message.
 */
export function rawEmailStep(conv: Conversation): { type: 'tool-call'; toolName: string; input: Record<string, unknown> } | { type: 'text'; text: string } | undefined {
  if (!looksLikeRawEmail(conv.userText)) return undefined;
  const done = conv.done.find((d) => d.toolName === 'log_email');
  if (!done) return { type: 'tool-call', toolName: 'log_email', input: { raw: conv.userText } };
  if (done.error) return { type: 'text', text: `I could not log that e-mail: ${done.error.message}` };
  const message = (done.output as { message?: unknown } | null)?.message;
  return { type: 'text', text: typeof message === 'string' ? message : 'Logged the e-mail.' };
}
