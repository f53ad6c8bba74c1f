import type { OpportunityRecord } from '../../../agent/tools/shared/schemas.js';
import { type Block, context, day, esc, section, words } from './kit.js';

const STAGE_EMOJI: Record<string, string> = {
  interested: '👀', applied: '📨', phone_screen: '📞', interview: '🗣️', final_round: '🏁', offer: '🎉', rejected: '✖️', withdrawn: '↩️',
};

export const stageLabel = (s: string): string => `${STAGE_EMOJI[s] ?? ''} ${words(s)}`.trim();

const title = (o: OpportunityRecord) => `${esc(o.job_title ?? 'Role')} at ${esc(o.company_name)}`;

/** An opportunity: the role, its stage, priority, next action and the person behind it. */
export function opportunityCard(o: OpportunityRecord, options: { note?: string; previousStatus?: string; today?: string } = {}): Block[] {
  const fields: string[] = [`*Stage*\n${options.previousStatus && options.previousStatus !== o.status ? `${words(options.previousStatus)} → ` : ''}${stageLabel(o.status)}`];
  if (o.priority_level) fields.push(`*Priority*\n${o.priority_level}`);
  if (o.next_action) fields.push(`*Next*\n${esc(o.next_action)}${o.next_action_date ? ` (${day(o.next_action_date, options.today)})` : ''}`);
  if (o.contact_name) fields.push(`*Contact*\n${esc(o.contact_name)}`);
  if (o.salary_range) fields.push(`*Salary*\n${esc(o.salary_range)}`);
  if (o.location) fields.push(`*Location*\n${esc(o.location)}`);
  if (o.match_score !== null && o.match_score !== undefined) fields.push(`*Match*\n${Math.round(o.match_score * 100)}%`);
  const blocks: Block[] = [];
  if (options.note) blocks.push(context(esc(options.note)));
  blocks.push(section(`💼 *${title(o)}*`, fields));
  return blocks;
}

/** One line per opportunity, for lists. */
export function opportunityLine(o: OpportunityRecord, today?: string): string {
  const next = o.next_action ? ` — next: ${esc(o.next_action)}${o.next_action_date ? ` (${day(o.next_action_date, today)})` : ''}` : '';
  return `• *${title(o)}* · ${stageLabel(o.status)}${next}`;
}

export function opportunityListCard(list: OpportunityRecord[], options: { title?: string; today?: string; max?: number } = {}): Block[] {
  const header = options.title ?? 'Opportunities';
  if (list.length === 0) return [section(`*${header}*\nNone.`)];
  const max = options.max ?? 15;
  const blocks: Block[] = [section(`*${header}* (${list.length})\n${list.slice(0, max).map((o) => opportunityLine(o, options.today)).join('\n')}`)];
  if (list.length > max) blocks.push(context(`…and ${list.length - max} more.`));
  return blocks;
}
