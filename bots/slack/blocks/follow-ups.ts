import type { FollowUpItem } from '../../../agent/tools/follow-ups.js';
import { ACTION, type Block, actions, button, context, day, esc, section } from './kit.js';
import type { types } from '@slack/bolt';
import { countOf } from '../../../agent/tools/shared/words.js';

const LOG_KINDS: Array<[string, string]> = [['email', 'an email'], ['call', 'a call'], ['meeting', 'a meeting'], ['linkedin_message', 'a LinkedIn message'], ['coffee_chat', 'a coffee chat']];

/** Done, snooze a day, snooze a week, and "log it" (which kind of contact it was). */
export function followUpActions(contactId: string, blockId: string): Block {
  const value = JSON.stringify({ c: contactId });
  const logIt: types.Overflow = {
    type: 'overflow',
    action_id: `${ACTION.logIt}:${contactId}`,
    options: LOG_KINDS.map(([kind, label]) => ({ text: { type: 'plain_text', text: `Log it: ${label}` }, value: JSON.stringify({ c: contactId, k: kind }) })),
  };
  return actions(blockId, [
    button('Done', `${ACTION.followUpDone}:${contactId}`, value, 'primary'),
    button('Snooze a day', `${ACTION.snoozeDay}:${contactId}`, value),
    button('Snooze a week', `${ACTION.snoozeWeek}:${contactId}`, value),
    logIt,
  ]);
}

export function dueWords(item: Pick<FollowUpItem, 'days_overdue' | 'next_follow_up_date'>, today?: string): string {
  if (item.days_overdue > 0) return `⚠️ ${countOf(item.days_overdue, 'day')} overdue (${day(item.next_follow_up_date, today)})`;
  if (item.days_overdue === 0) return 'due today';
  return `due ${day(item.next_follow_up_date, today)}`;
}

/** One follow-up: the person, when, why, and its buttons. */
export function followUpItemBlocks(item: FollowUpItem, options: { today?: string; buttons?: boolean } = {}): Block[] {
  const who = `*${esc(item.name)}*${item.company ? ` · ${esc(item.company)}` : ''}`;
  const reach = [item.email, item.phone].filter(Boolean).map((s) => esc(s!)).join(' · ');
  const blocks: Block[] = [section(`${who} — ${dueWords(item, options.today)}${item.reason ? `\n${esc(item.reason)}` : ''}${reach ? `\n${reach}` : ''}`)];
  if (options.buttons !== false) blocks.push(followUpActions(item.contact_id, `fu:${item.contact_id}`));
  return blocks;
}

const WINDOW_TITLE: Record<string, string> = {
  today: 'Follow-ups due today', overdue: 'Overdue follow-ups', due: 'Follow-ups due', this_week: 'Follow-ups this week', upcoming: 'Upcoming follow-ups', all: 'All follow-ups',
};

/** A list of follow-ups (list_follow_ups, the digest, App Home); at most `max` with buttons. */
export function followUpsCard(items: FollowUpItem[], options: { window?: string; title?: string; today?: string; max?: number; empty?: string } = {}): Block[] {
  const title = options.title ?? WINDOW_TITLE[options.window ?? 'due'] ?? 'Follow-ups';
  if (items.length === 0) return [section(`*${title}*\n${options.empty ?? 'Nothing here. 🎉'}`)];
  const max = options.max ?? 10;
  const blocks: Block[] = [section(`*${title}* (${items.length})`)];
  for (const item of items.slice(0, max)) blocks.push(...followUpItemBlocks(item, { today: options.today }));
  if (items.length > max) blocks.push(context(`…and ${items.length - max} more. Ask "/kith follow-ups" for the full list.`));
  return blocks;
}

/** One follow-up that was scheduled, completed or snoozed. */
export function followUpChangeCard(verb: 'scheduled' | 'completed' | 'snoozed', contact: { id: string; first_name: string; last_name: string; next_follow_up_date: string | null; follow_up_reason: string | null }, today?: string): Block[] {
  const name = esc(`${contact.first_name} ${contact.last_name}`.trim());
  if (verb === 'completed') return [section(`✅ Followed up with *${name}*.`)];
  const when = day(contact.next_follow_up_date, today);
  const text = verb === 'scheduled'
    ? `🗓️ Follow up with *${name}* on *${when}*${contact.follow_up_reason ? ` — ${esc(contact.follow_up_reason)}` : ''}`
    : `💤 Snoozed the follow-up with *${name}* to *${when}*`;
  return [section(text), followUpActions(contact.id, `fu:${contact.id}`)];
}
