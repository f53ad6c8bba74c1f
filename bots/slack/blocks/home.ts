import type { Agenda } from '../agenda.js';
import { type Block, context, day, divider, header, section } from './kit.js';
import { followUpsCard } from './follow-ups.js';
import { opportunityListCard } from './opportunity.js';
import { pipelineCard } from './pipeline.js';
import { uniqueBlockIds } from './turn.js';

/** App Home: today's follow-ups, overdue ones, next actions and the pipeline counts. */
export function homeView(agenda: Agenda, options: { note?: string } = {}): { type: 'home'; blocks: Block[] } {
  const blocks: Block[] = [header(`Kith — ${day(agenda.today)}`)];
  if (options.note) blocks.push(context(options.note));
  blocks.push(...followUpsCard(agenda.dueToday, { title: '📌 Today', today: agenda.today, max: 10, empty: 'No follow-ups due today.' }));
  blocks.push(divider());
  blocks.push(...followUpsCard(agenda.overdue, { title: '⚠️ Overdue', today: agenda.today, max: 10, empty: 'Nothing overdue.' }));
  if (agenda.nextActions.length > 0) blocks.push(divider(), ...opportunityListCard(agenda.nextActions, { title: '💼 Next actions due', today: agenda.today }));
  blocks.push(divider());
  if (agenda.pipeline) blocks.push(...pipelineCard(agenda.pipeline, { list: false }));
  blocks.push(context('Talk to Kith with `/kith`, by mentioning @Kith, or in a DM here. `/kith help` lists what it understands.'));
  return { type: 'home', blocks: uniqueBlockIds(blocks.slice(0, 100)) };
}

export function homeErrorView(message: string): { type: 'home'; blocks: Block[] } {
  return { type: 'home', blocks: [header('Kith'), section(message)] };
}
