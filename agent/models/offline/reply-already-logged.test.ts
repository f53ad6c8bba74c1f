import { describe as suite, expect, it } from 'vitest';
import { describe } from './reply.js';
import type { Plan } from './plan-types.js';

// log_interaction answers already_logged for an e-mail logged before: the reply must not say "Logged".
suite('the reply to log_interaction', () => {
  const plan = { intent: 'log_interaction', steps: [] } as unknown as Plan;
  const input = { contact: 'Priya', interaction_type: 'email', interaction_date: '2026-03-03T09:42:00Z', subject: 'Re: the role' };
  const interaction = { interaction_type: 'email', interaction_date: '2026-03-03T09:42:00.000Z', contact_name: 'Priya Patel' };
  const contact = { first_name: 'Priya', last_name: 'Patel' };

  it('says a new interaction was logged', () => {
    expect(describe({ toolName: 'log_interaction', input, output: { interaction, contact } }, plan)).toMatch(/^Logged an? e-?mail with Priya Patel on 2026-03-03/);
  });

  it('says an e-mail logged before was already logged and nothing changed', () => {
    expect(describe({ toolName: 'log_interaction', input, output: { interaction, contact, already_logged: true } }, plan)).toBe('That e-mail with Priya Patel on 2026-03-03 was already logged; nothing changed.');
  });
});
