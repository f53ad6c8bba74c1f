import type { types } from '@slack/bolt';

export type Block = types.KnownBlock;
export type ActionsElement = types.Button | types.Overflow;

/** action_id prefixes the listeners match (a suffix keeps ids unique within a message). */
export const ACTION = {
  followUpDone: 'kith_fu_done',
  snoozeDay: 'kith_fu_snooze_day',
  snoozeWeek: 'kith_fu_snooze_week',
  logIt: 'kith_fu_log',
  pickContact: 'kith_pick_contact',
  pickReading: 'kith_pick_reading',
  confirm: 'kith_confirm',
  cancel: 'kith_cancel',
  undo: 'kith_undo',
} as const;

/** Slack's limits: 3,000 characters in a section, 2,000 in a button value, 50 blocks a message. */
export const MAX_BLOCKS = 50;
export const MAX_VALUE = 2000;

/** Slack mrkdwn treats &, < and > as control characters. */
export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const clip = (s: string, n: number): string => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export const section = (text: string, fields?: string[]): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: clip(text, 3000) },
  ...(fields && fields.length > 0 ? { fields: fields.slice(0, 10).map((f) => ({ type: 'mrkdwn' as const, text: clip(f, 2000) })) } : {}),
});

export const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text, 3000) }] });

export const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: true } });

export const divider = (): Block => ({ type: 'divider' });

export const button = (text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button => ({
  type: 'button',
  text: { type: 'plain_text', text: clip(text, 75), emoji: true },
  action_id: actionId,
  value: value.slice(0, MAX_VALUE),
  ...(style ? { style } : {}),
});

export const actions = (blockId: string | undefined, elements: ActionsElement[]): Block => ({
  type: 'actions',
  ...(blockId ? { block_id: blockId.slice(0, 255) } : {}),
  elements: elements.slice(0, 25),
});

/** "2026-11-27" → "Fri 27 Nov"; with the year when it is not this one. */
export function day(date: string | null | undefined, today?: string): string {
  if (!date) return '';
  const d = new Date(`${date.slice(0, 10)}T12:00:00Z`);
  if (Number.isNaN(d.getTime())) return date;
  const sameYear = !today || today.slice(0, 4) === date.slice(0, 4);
  return d.toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' }).replace(',', '');
}

export const words = (s: string): string => s.replace(/_/g, ' ');

/** Keeps a message within Slack's 50 blocks, saying how much was left out. */
export function fitBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= MAX_BLOCKS) return blocks;
  const kept = blocks.slice(0, MAX_BLOCKS - 1);
  return [...kept, context(`…and more: ${blocks.length - kept.length} more blocks did not fit in one Slack message.`)];
}
