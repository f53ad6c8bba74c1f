import type { Agenda } from '../agenda.js';
import { type Block, context, day, divider, fitBlocks, header } from './kit.js';
import { followUpsCard } from './follow-ups.js';
import { opportunityListCard } from './opportunity.js';
import { uniqueBlockIds } from './turn.js';
import { countOf } from '../../../agent/tools/shared/words.js';

export const DIGEST_BLOCK = 'kith_digest';

/** The daily digest DM: overdue follow-ups, today's, and next actions due, with buttons. */
export function digestMessage(agenda: Agenda): { text: string; blocks: Block[] } {
  const count = agenda.overdue.length + agenda.dueToday.length;
  const text = `Your Kith digest for ${day(agenda.today)}: ${countOf(count, 'follow-up')} due${agenda.overdue.length ? ` (${agenda.overdue.length} overdue)` : ''}, ${countOf(agenda.nextActions.length, 'next action')}.`;
  const blocks: Block[] = [{ ...header(`☀️ Your day — ${day(agenda.today)}`), block_id: DIGEST_BLOCK } as Block];
  if (agenda.overdue.length > 0) blocks.push(...followUpsCard(agenda.overdue, { title: '⚠️ Overdue follow-ups', today: agenda.today, max: 8 }));
  if (agenda.dueToday.length > 0) blocks.push(...followUpsCard(agenda.dueToday, { title: '📌 Follow-ups due today', today: agenda.today, max: 8 }));
  if (agenda.nextActions.length > 0) blocks.push(divider(), ...opportunityListCard(agenda.nextActions, { title: '💼 Next actions due', today: agenda.today, max: 10 }));
  if (count === 0 && agenda.nextActions.length === 0) blocks.push(context('Nothing due today. 🎉'));
  blocks.push(context('Kith sends this once a day. Change the hour with `/kith digest 8`.'));
  return { text, blocks: uniqueBlockIds(fitBlocks(blocks)) };
}
