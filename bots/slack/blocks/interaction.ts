import type { ContactRecord, InteractionRecord } from '../../../agent/tools/shared/schemas.js';
import { type Block, context, day, esc, section, words } from './kit.js';

const KIND: Record<string, string> = { email: 'email', call: 'call', meeting: 'meeting', linkedin_message: 'LinkedIn message', coffee_chat: 'coffee chat' };
const OUTCOME: Record<string, string> = { positive: '👍 positive', neutral: 'neutral', negative: '👎 negative', no_response: 'no response' };

/** A logged interaction: what, with whom, when, how it went and the follow-up it set. */
export function interactionCard(i: InteractionRecord, contact?: ContactRecord, verb = 'Logged'): Block[] {
  const who = i.contact_name ?? (contact ? `${contact.first_name} ${contact.last_name}`.trim() : 'a contact');
  const fields: string[] = [`*When*\n${day(i.interaction_date.slice(0, 10))}`];
  if (i.outcome) fields.push(`*Outcome*\n${OUTCOME[i.outcome] ?? words(i.outcome)}`);
  if (i.follow_up_date) fields.push(`*Follow up*\n${day(i.follow_up_date)}`);
  if (i.subject) fields.push(`*Subject*\n${esc(i.subject)}`);
  const blocks: Block[] = [section(`✅ ${verb} a *${KIND[i.interaction_type] ?? words(i.interaction_type)}* with *${esc(who)}*`, fields)];
  if (i.notes) blocks.push(context(esc(i.notes.slice(0, 500))));
  return blocks;
}
