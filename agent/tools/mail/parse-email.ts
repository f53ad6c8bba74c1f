import { createHash } from 'node:crypto';
import type { AddressObject, ParsedMail } from 'mailparser';
import { cleanEmailBody } from './clean-body.js';
import { trimEndOf, trimStartOf } from '../shared/trim.js';

export interface MailAddress { address: string; name: string | null }

/** One message as the log keeps it: addresses, threading headers, and the cleaned body. */
export interface EmailMessage {
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  date: Date;
  from: MailAddress;
  to: MailAddress[];
  cc: MailAddress[];
  body: string;
  attachments: string[];
  /** A mailing list or bulk mail (List-Id, List-Unsubscribe: mailparser folds them into "list"; Precedence): nobody to offer as a contact. */
  bulk: boolean;
  folder?: string;
  uid?: number;
}

const stripBrackets = (id: string) => trimEndOf(trimStartOf(id.trim(), '<'), '>').trim();

function addressesOf(field: AddressObject | AddressObject[] | undefined): MailAddress[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const out: MailAddress[] = [];
  const walk = (values: AddressObject['value']) => {
    for (const v of values) {
      if (v.group) walk(v.group);
      else if (v.address) out.push({ address: v.address.trim(), name: v.name?.trim() || null });
    }
  };
  for (const a of list) walk(a.value);
  return out;
}

const idList = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : []).map(stripBrackets).filter(Boolean);

/**
 * A message read by mailparser, as the log keeps it. `fallbackDate` is used when it has no Date
 * header; `attachments` names them when mailparser saw only the start of the message.
 */
export function emailFromParsed(mail: ParsedMail, fallbackDate: Date, attachments?: string[]): EmailMessage {
  const from = addressesOf(mail.from)[0] ?? { address: '', name: null };
  const text = mail.text ?? '';
  const date = mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : fallbackDate;
  const references = idList(mail.references);
  const inReplyTo = idList(mail.inReplyTo)[0] ?? null;
  // A message without a Message-ID still has one identity, so that reading it twice logs it once.
  const messageId = mail.messageId ? stripBrackets(mail.messageId)
    : `kith-${createHash('sha256').update([from.address, date.toISOString(), mail.subject ?? '', text].join('\n')).digest('hex').slice(0, 32)}@kith.invalid`;
  const headers = mail.headers;
  const precedence = String(headers.get('precedence') ?? '').toLowerCase();
  return {
    messageId,
    inReplyTo,
    references,
    subject: mail.subject?.trim() || null,
    date,
    from,
    to: addressesOf(mail.to),
    cc: addressesOf(mail.cc),
    body: cleanEmailBody(text),
    attachments: (attachments ?? (mail.attachments ?? []).filter((a) => a.contentDisposition !== 'inline' || a.filename).map((a) => a.filename ?? 'attachment')).slice(0, 50),
    bulk: headers.has('list') || headers.has('list-id') || headers.has('list-unsubscribe') || precedence === 'bulk' || precedence === 'list' || precedence === 'junk',
  };
}

/** A raw RFC 5322 message (an .eml file, a paste, what SMTP received) parsed by mailparser. */
export async function parseRawEmail(raw: string | Buffer, fallbackDate: Date): Promise<EmailMessage> {
  // mailparser (with its charset tables) loads on the first message, not with the catalog
  const { simpleParser } = await import('mailparser');
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  return emailFromParsed(mail, fallbackDate);
}
