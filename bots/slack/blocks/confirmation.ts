import { ACTION, type Block, actions, button, section, esc } from './kit.js';

/**
 * A destructive action waiting for the user: what it would change, Confirm and Cancel. The buttons
 * carry the approval ids the server issued: a click answers exactly those calls.
 */
export function confirmationCard(summaries: string[], sessionId: string, approvalIds: string[]): Block[] {
  const value = JSON.stringify({ s: sessionId, a: approvalIds });
  return [
    section(`⚠️ ${summaries.map(esc).join('\n')}`),
    actions('confirm', [
      button('Confirm', ACTION.confirm, value, 'danger'),
      button('Cancel', ACTION.cancel, value),
    ]),
  ];
}
