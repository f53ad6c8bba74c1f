import { cleanText } from './html-text.js';
import { angleAt, emailAt, firstEmail, replaceSpans } from '../../../agent/tools/shared/text-spans.js';

/** The open (or selected) message of a web mail page, for log_interaction with interaction_type email. */
export interface MailDraft {
  sender_name: string | null;
  sender_email: string | null;
  subject: string | null;
  date: string | null;
  text: string | null;
  /** Which reader found it: gmail, outlook, the page's schema.org EmailMessage, or a generic guess. */
  client: 'gmail' | 'outlook' | 'microdata' | 'generic' | null;
}

// Each field is read from the signals a client keeps stable first (schema.org microdata, ARIA roles
// and labels, data-* ids, its own attributes, mailto: links, <time>) and from class names last:
// Gmail's and Outlook's class names are generated and change without notice.

const hasEmail = (value: string) => emailAt(value, 0) !== null;
const text = (el: Element | null | undefined) => cleanText(el?.textContent);
const body = (el: Element | null | undefined) => (el as HTMLElement | null)?.innerText?.trim() || el?.textContent?.trim() || null;

/** The first element any of the selectors finds, tried in order (most stable first). */
function first(root: ParentNode, selectors: string[]): Element | null {
  for (const s of selectors) {
    const found = root.querySelector(s);
    if (found) return found;
  }
  return null;
}

function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(withoutAsides(withoutAt(value)));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** "Mar 3, 2026 at 9:42 AM" without its first " at " (the whitespace around it made one space), which Date.parse refuses. */
function withoutAt(value: string): string {
  const parts = value.split(/(\s+)/); // words and the whitespace between them, alternately
  for (let k = 2; k + 1 < parts.length; k += 2) {
    if (parts[k].toLowerCase() === 'at') return `${parts.slice(0, k - 1).join('')} ${parts.slice(k + 2).join('')}`;
  }
  return value;
}

/** `value` without its "(…)" asides ("9:42 AM (2 hours ago)"), each ending on its own line: .replace(/\(.*?\)/g, ''), in linear time. */
function withoutAsides(value: string): string {
  return value.split(/([\n\r\u2028\u2029])/).map((line, i) => {
    if (i % 2 === 1) return line; // a line break
    let out = '';
    let from = 0;
    for (let open = line.indexOf('('); open >= 0; open = line.indexOf('(', from)) {
      const close = line.indexOf(')', open + 1);
      if (close < 0) break;
      out += line.slice(from, open);
      from = close + 1;
    }
    return out + line.slice(from);
  }).join('');
}

/** A title or label that is a date a person reads ("Tue, Mar 3, 2026, 9:42 AM"), not any text Date.parse would accept. */
const DATE_LIKE = /\b(19|20)\d\d\b/;
const MONTH_OR_TIME = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{1,2}:\d\d\b|\d{4}-\d\d-\d\d/i;

/** The message's date: a <time datetime>, a data-testid'd time, an element titled or labelled with a date, then the class names. */
function dateIn(root: ParentNode, classes: string[] = []): string | null {
  const time = root.querySelector('time[datetime]');
  if (time) return isoDate(time.getAttribute('datetime'));
  const testid = root.querySelector('[data-testid="SentReceivedSavedTime"]');
  if (testid) return isoDate(testid.getAttribute('title') ?? testid.textContent);
  for (const el of Array.from(root.querySelectorAll('[title], [aria-label]'))) {
    for (const value of [el.getAttribute('title'), el.getAttribute('aria-label')]) {
      if (value && DATE_LIKE.test(value) && MONTH_OR_TIME.test(value) && !hasEmail(value)) {
        const iso = isoDate(value);
        if (iso) return iso;
      }
    }
  }
  const byClass = first(root, classes);
  return isoDate(byClass?.getAttribute('title') ?? byClass?.textContent);
}

interface Sender { name: string | null; email: string | null }

/** "Name <address>", "From: Name", a mailto: link: the name and the address apart. */
function senderFrom(value: string | null | undefined): Sender {
  const email = firstEmail(value ?? '') ?? null;
  const name = cleanText(replaceSpans(value ?? '', [angleAt, emailAt], '').replace(/^From:?/i, '').replace(/[<>()"]/g, ''));
  return { name, email };
}

function mailtoSender(root: ParentNode): Sender | null {
  const link = root.querySelector('a[href^="mailto:" i]');
  if (!link) return null;
  const email = decodeURIComponent(link.getAttribute('href')!.slice(7).split('?')[0]);
  const label = text(link);
  return { email: email || null, name: label && !hasEmail(label) ? label : null };
}

/** Top-level text blocks of a message (Gmail writes its body in dir="ltr"/"auto" blocks), quoted replies included. */
function directedBlocks(message: Element): string | null {
  const topLevel = (d: Element) => {
    for (let p = d.parentElement; p && p !== message; p = p.parentElement) if (p.matches('div[dir]')) return false;
    return true;
  };
  const blocks = Array.from(message.querySelectorAll('div[dir]')).filter(topLevel);
  const texts = blocks.map((b) => body(b)).filter(Boolean);
  return texts.length ? texts.join('\n') : null;
}

/**
 * Gmail: the last expanded message of the open thread. Messages carry data-message-id (or
 * data-legacy-message-id); the sender is the element with Gmail's email and name attributes (or a
 * hovercard id, or a mailto: link); the subject is the h2 with the thread's data-thread-perm-id.
 * Class names (div.adn, span.gD, h2.hP, span.g3, div.a3s) only when those are missing.
 */
function gmail(doc: Document): MailDraft | null {
  const messages = Array.from(doc.querySelectorAll('[data-message-id], [data-legacy-message-id]'));
  if (!messages.length) messages.push(...Array.from(doc.querySelectorAll('div.adn')));
  const senderOf = (m: Element): Sender | null => {
    const el = first(m, ['[email][name]', '[email]', '[data-hovercard-id*="@"]']);
    if (el) return { email: el.getAttribute('email') ?? el.getAttribute('data-hovercard-id'), name: cleanText(el.getAttribute('name')) ?? text(el) };
    const mailto = mailtoSender(m);
    if (mailto) return mailto;
    const byClass = m.querySelector('span.gD');
    return byClass ? { email: byClass.getAttribute('email') ?? firstEmail(byClass.textContent ?? '') ?? null, name: text(byClass) } : null;
  };
  // Nested ids (a message inside its thread's element): the innermost is the message.
  const withSender = messages.filter((m) => !messages.some((o) => o !== m && m.contains(o))).map((m) => ({ m, s: senderOf(m) })).filter((x) => x.s?.email);
  if (!withSender.length) return null;
  const { m: message, s: sender } = withSender[withSender.length - 1];
  const subject = first(doc, ['h2[data-thread-perm-id]', 'h2[data-legacy-thread-id]', '[role="main"] h2', 'h2.hP']);
  return {
    sender_name: sender!.name,
    sender_email: sender!.email,
    subject: text(subject) ?? cleanText(doc.title.split(' - ')[0]),
    date: dateIn(message, ['span.g3[title]', 'span.g3']),
    text: directedBlocks(message) ?? body(message.querySelector('div.a3s')),
    client: 'gmail',
  };
}

/**
 * Outlook on the web: the reading pane (role main) with its message body (labelled "Message body",
 * or the UniqueMessageBody id), the sender ("From" label, the sender persona's test id, a mailto:
 * link), the subject heading (ARIA level 2) and the sent time.
 */
function outlook(doc: Document): MailDraft | null {
  const pane = first(doc, ['[aria-label="Message body"]', '[id^="UniqueMessageBody"]', '[aria-label="Reading Pane"]']);
  if (!pane) return null;
  const root = pane.closest('[role="main"]') ?? pane.closest('[role="region"]') ?? doc;
  const from = first(root, ['[aria-label^="From"]', '[data-testid="SenderPersona"]']);
  // The persona's title is "Name <address>"; a "From: Name" label has the name only, the address then in its text or a mailto: link.
  let sender = senderFrom(from?.getAttribute('title') ?? from?.getAttribute('aria-label') ?? from?.textContent);
  if (!sender.email) {
    const found = senderFrom(from?.textContent).email ? senderFrom(from?.textContent) : mailtoSender(from ?? root);
    if (found) sender = { email: found.email, name: sender.name ?? found.name };
  }
  return {
    sender_name: sender.name,
    sender_email: sender.email,
    subject: text(first(root, ['[role="heading"][aria-level="2"]', '[data-testid="subject"]', '[role="heading"]'])),
    date: dateIn(root),
    text: body(pane),
    client: 'outlook',
  };
}

/** A page that marks its message up as schema.org EmailMessage (microdata): the most explicit signal, read first. */
function emailMessage(doc: Document): MailDraft | null {
  const item = doc.querySelector('[itemscope][itemtype*="schema.org/EmailMessage"]');
  if (!item) return null;
  const prop = (name: string) => item.querySelector(`[itemprop~="${name}"]`);
  const sender = prop('sender') ?? prop('author');
  const senderEmail = sender?.querySelector('[itemprop~="email"]');
  const sent = prop('dateSent') ?? prop('dateReceived');
  return {
    sender_name: text(sender?.querySelector('[itemprop~="name"]')) ?? text(sender),
    sender_email: cleanText(senderEmail?.getAttribute('content') ?? senderEmail?.getAttribute('href') ?? senderEmail?.textContent)?.replace(/^mailto:/i, '') ?? firstEmail(sender?.textContent ?? '') ?? null,
    subject: text(prop('about') ?? prop('name') ?? prop('headline')),
    date: isoDate(sent?.getAttribute('datetime') ?? sent?.getAttribute('content') ?? text(sent)),
    text: body(prop('text') ?? prop('articleBody')),
    client: 'microdata',
  };
}

/** Any other page: the first mailto: link or address, and the page title as the subject. */
function generic(doc: Document): MailDraft {
  const mailto = mailtoSender(doc);
  const address = mailto?.email ?? firstEmail(doc.body?.innerText ?? '') ?? null;
  return { sender_name: mailto?.name ?? null, sender_email: address, subject: cleanText(doc.title), date: null, text: null, client: address ? 'generic' : null };
}

/** The message on screen; the text the user selected wins over the visible body. */
export function extractMail(doc: Document, selection: string): MailDraft {
  const draft = emailMessage(doc) ?? gmail(doc) ?? outlook(doc) ?? generic(doc);
  if (selection.trim()) draft.text = selection.trim();
  if (draft.text && draft.text.length > 20_000) draft.text = `${draft.text.slice(0, 19_999)}…`;
  return draft;
}
