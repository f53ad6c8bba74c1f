import { cleanText } from './html-text.js';

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

const EMAIL = /[\w.+-]+@[\w-]+(\.[\w-]+)+/;
const text = (el: Element | null | undefined) => cleanText(el?.textContent);
const body = (el: Element | null | undefined) => (el as HTMLElement | null)?.innerText?.trim() || el?.textContent?.trim() || null;

function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const t = Date.parse(value.replace(/\s+at\s+/i, ' ').replace(/\(.*?\)/g, ''));
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** Gmail: the last expanded message of the open thread (h2.hP subject, span.gD[email] sender, span.g3[title] date, div.a3s body). */
function gmail(doc: Document): MailDraft | null {
  const senders = Array.from(doc.querySelectorAll('span.gD[email]'));
  if (!senders.length) return null;
  const sender = senders[senders.length - 1];
  const message = sender.closest('.adn, .h7, [data-message-id]') ?? doc;
  return {
    sender_name: cleanText(sender.getAttribute('name')) ?? text(sender),
    sender_email: sender.getAttribute('email'),
    subject: text(doc.querySelector('h2.hP')),
    date: isoDate(message.querySelector('span.g3[title]')?.getAttribute('title')),
    text: body(message.querySelector('div.a3s')),
    client: 'gmail',
  };
}

/** Outlook on the web: the reading pane's subject heading, the sender's "Name <address>" and the message body. */
function outlook(doc: Document): MailDraft | null {
  const pane = doc.querySelector('[aria-label="Message body"], [aria-label="Reading Pane"]');
  if (!pane) return null;
  const root = pane.closest('[role="main"]') ?? doc;
  const from = root.querySelector('[aria-label^="From"], [data-testid="SenderPersona"]');
  const fromText = from?.getAttribute('title') ?? from?.textContent ?? '';
  const email = EMAIL.exec(fromText)?.[0] ?? null;
  return {
    sender_name: cleanText(fromText.replace(/<[^>]*>|[\w.+-]+@[\w-]+(\.[\w-]+)+/g, '').replace(/^From:?/i, '')),
    sender_email: email,
    subject: text(root.querySelector('[role="heading"][aria-level="2"], [data-testid="subject"]')),
    date: isoDate(root.querySelector('[data-testid="SentReceivedSavedTime"], time')?.textContent),
    text: body(pane),
    client: 'outlook',
  };
}

/** A page that marks its message up as schema.org EmailMessage (microdata). */
function emailMessage(doc: Document): MailDraft | null {
  const item = doc.querySelector('[itemscope][itemtype*="schema.org/EmailMessage"]');
  if (!item) return null;
  const prop = (name: string) => item.querySelector(`[itemprop~="${name}"]`);
  const sender = prop('sender') ?? prop('author');
  const senderEmail = sender?.querySelector('[itemprop~="email"]');
  return {
    sender_name: text(sender?.querySelector('[itemprop~="name"]')) ?? text(sender),
    sender_email: cleanText(senderEmail?.getAttribute('content') ?? senderEmail?.textContent)?.replace(/^mailto:/, '') ?? EMAIL.exec(sender?.textContent ?? '')?.[0] ?? null,
    subject: text(prop('about') ?? prop('name') ?? prop('headline')),
    date: isoDate(prop('dateSent')?.getAttribute('datetime') ?? prop('dateSent')?.getAttribute('content') ?? text(prop('dateSent'))),
    text: body(prop('text') ?? prop('articleBody')),
    client: 'microdata',
  };
}

/** Any other page: the first mailto: link or address, and the page title as the subject. */
function generic(doc: Document): MailDraft {
  const mailto = doc.querySelector('a[href^="mailto:" i]');
  const address = mailto?.getAttribute('href')?.slice(7).split('?')[0] ?? EMAIL.exec(doc.body?.innerText ?? '')?.[0] ?? null;
  return { sender_name: mailto && !EMAIL.test(mailto.textContent ?? '') ? text(mailto) : null, sender_email: address, subject: cleanText(doc.title), date: null, text: null, client: address ? 'generic' : null };
}

/** The message on screen; the text the user selected wins over the visible body. */
export function extractMail(doc: Document, selection: string): MailDraft {
  const draft = gmail(doc) ?? outlook(doc) ?? emailMessage(doc) ?? generic(doc);
  if (selection.trim()) draft.text = selection.trim();
  if (draft.text && draft.text.length > 20_000) draft.text = `${draft.text.slice(0, 19_999)}…`;
  return draft;
}
