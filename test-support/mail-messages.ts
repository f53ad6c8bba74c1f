import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export interface TestMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  attachments?: Array<{ filename: string; content: string }>;
  headers?: Record<string, string>;
}

/** A real RFC 5322 message (nodemailer's composer), as a mail client would have stored it. */
export async function composeMessage(m: TestMessage): Promise<Buffer> {
  const composer = new MailComposer({
    from: m.from, to: m.to, subject: m.subject, text: m.text, date: new Date(m.date), messageId: `<${m.messageId}>`,
    inReplyTo: m.inReplyTo ? `<${m.inReplyTo}>` : undefined,
    references: m.references?.map((r) => `<${r}>`),
    attachments: m.attachments,
    headers: m.headers,
  });
  return composer.compile().build();
}
