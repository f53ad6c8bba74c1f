import { ACTION, type Block, actions, button, section, esc } from './kit.js';

/** A destructive action waiting for the user: what it would change, Confirm and Cancel. */
export function confirmationCard(summaries: string[], sessionId: string): Block[] {
  const value = JSON.stringify({ s: sessionId });
  return [
    section(`⚠️ ${summaries.map(esc).join('\n')}`),
    actions('confirm', [
      button('Confirm', ACTION.confirm, value, 'danger'),
      button('Cancel', ACTION.cancel, value),
    ]),
  ];
}
