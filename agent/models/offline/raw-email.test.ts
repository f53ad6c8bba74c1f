import { describe, it, expect } from 'vitest';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { createOfflineModel } from './index.js';
import { createAgent } from '../../agent.js';
import { createSessionStore } from '../../sessions.js';
import { looksLikeRawEmail } from './raw-email.js';

const PASTED = [
  'From: Priya Patel <priya@stripe.test>',
  'To: alice@example.test',
  'Subject: Re: Backend Engineer',
  'Date: Tue, 24 Nov 2026 10:00:00 +0000',
  'Message-ID: <pasted-1@stripe.test>',
  '',
  'Hi Alice, thanks for your time today. We would love to move you to the next round!',
  '',
  'Priya',
].join('\n');

describe('a raw e-mail pasted in chat', () => {
  const t = withAliceAndBob('pglite');

  it('is told from a sentence that merely names a header word', () => {
    expect(looksLikeRawEmail(PASTED)).toBe(true);
    expect(looksLikeRawEmail('  \r\nReceived: from mx\r\n\tby host\r\nFrom: a@b.test\r\nSubject: x\r\n\r\nbody')).toBe(true);
    expect(looksLikeRawEmail('From: Priya, got a call today')).toBe(false);
    expect(looksLikeRawEmail('log a call with Priya. Subject: her offer')).toBe(false);
    expect(looksLikeRawEmail('Subject: hello\nbody only')).toBe(false);
  });

  it('is logged through log_email by the offline model, and the reply says so', async () => {
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.test' });
    await t.h.call(t.alice.id, 'connect_mailbox', { own_address: 'alice@example.test' });
    const agent = createAgent({ runtime: t.h.runtime, model: createOfflineModel(), sessions: createSessionStore(t.database.db) });
    const turn = await agent.turn(t.alice.id, PASTED);
    expect(turn.toolCalls.map((c) => c.name)).toEqual(['log_email']);
    expect(turn.reply).toBe('Logged the e-mail "Re: Backend Engineer" with Priya Patel. 1 suggestion to confirm.');
    const { interactions } = await t.h.call(t.alice.id, 'list_interactions', { contact: 'priya@stripe.test' });
    expect(interactions.map((i: { subject: string }) => i.subject)).toEqual(['Backend Engineer']);
    const again = await agent.turn(t.alice.id, PASTED, turn.sessionId);
    expect(again.reply).toMatch(/already logged/);
  });
});
