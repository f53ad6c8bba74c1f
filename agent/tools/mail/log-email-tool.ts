import { z } from 'zod';
import { eq } from 'drizzle-orm';
import { users } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { InvalidInputError } from '../shared/errors.js';
import { countOf, namesOf } from '../shared/words.js';
import type { ToolContext } from '../shared/context.js';
import { findMailAccountRow } from './mail-account.js';
import { parseRawEmail } from './parse-email.js';
import { logEmails } from './log-emails.js';

/** The addresses that are the user: their mailbox's own address and the address they sign in with. */
export async function ownAddressesOf(ctx: ToolContext): Promise<string[]> {
  const [account, [user]] = await Promise.all([
    findMailAccountRow(ctx.db, ctx.userId),
    ctx.db.select({ email: users.email }).from(users).where(eq(users.id, ctx.userId)),
  ]);
  return [account?.ownAddress, user?.email].filter((a): a is string => !!a);
}

export const RAW_EMAIL_LIMIT = 25 * 1024 * 1024;

export const logEmail = defineTool({
  name: 'log_email',
  title: 'Log a raw e-mail',
  description:
    'Log one e-mail given as its raw text (an .eml file, "Show original" in Gmail, a message pasted with its headers): its thread ' +
    'becomes an email interaction with each contact it was with (matched by address), with subject, date, the new words of the ' +
    'message (quoted history and signature removed) and attachment names. A message already logged (same Message-ID) is not ' +
    'logged again; addresses that are no contact are offered as new contacts.',
  input: z.object({
    raw: z.string().min(1, 'must not be empty').max(RAW_EMAIL_LIMIT, 'must be at most 25 MB').describe('The whole message, headers first (From:, To:, Subject:, …)'),
  }),
  output: z.object({
    logged: z.array(z.object({ interaction_id: z.string(), contact_id: z.string(), contact_name: z.string(), subject: z.string().nullable(), created: z.boolean() })),
    duplicate: z.boolean(),
    unknown: z.array(z.object({ address: z.string(), name: z.string().nullable() })),
    suggestions: z.number(),
    message: z.string(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const head = input.raw.slice(0, 20_000).toLowerCase();
    if (!head.includes('from:') || !(head.includes('\nsubject:') || head.includes('\nto:') || head.startsWith('subject:') || head.startsWith('to:'))) {
      throw new InvalidInputError('raw', 'raw: is not an e-mail message (it needs its headers: From:, To: or Subject:, then the body).');
    }
    const message = await parseRawEmail(input.raw, ctx.now);
    if (!message.from.address) throw new InvalidInputError('raw', 'raw: the message has no From: address.');
    const result = await logEmails(ctx, [message], { ownAddresses: await ownAddressesOf(ctx) });
    const duplicate = result.new_messages === 0;
    const names = [...new Set(result.threads.map((t) => t.contact_name))];
    const words = duplicate
      ? 'That e-mail was already logged; nothing changed.'
      : [
        names.length > 0 ? `Logged the e-mail${message.subject ? ` "${message.subject}"` : ''} with ${namesOf(names)}.` : 'Kept the e-mail; it is with nobody in your contacts.',
        result.unknown.length > 0 ? `New to Kith: ${namesOf(result.unknown.map((u) => u.name ? `${u.name} <${u.address}>` : u.address))} (add them from the unknown senders list).` : '',
        result.suggestions > 0 ? `${countOf(result.suggestions, 'suggestion')} to confirm.` : '',
      ].filter(Boolean).join(' ');
    return { logged: result.threads, duplicate, unknown: result.unknown, suggestions: result.suggestions, message: words };
  },
});
