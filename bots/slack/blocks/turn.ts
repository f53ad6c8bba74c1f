import type { TurnResult } from '../../../agent/agent.js';
import type { Candidate } from '../../../agent/tools/shared/errors.js';
import { ACTION, type Block, actions, button, clip, context, esc, fitBlocks, section } from './kit.js';
import { contactCard } from './contact.js';
import { interactionCard } from './interaction.js';
import { followUpChangeCard, followUpsCard } from './follow-ups.js';
import { opportunityCard, opportunityListCard } from './opportunity.js';
import { pipelineCard } from './pipeline.js';
import { contactHit, genericHits, searchResultsCard } from './search-results.js';
import { chooseContactCard, type FailedCall } from './choose-contact.js';
import { findTool } from '../../../agent/tools/catalog.js';
import { confirmationCard } from './confirmation.js';
import { undoBlock } from './undo.js';

export interface TurnCardOptions {
  sessionId: string;
  /** What the user said, for "which Priya?" buttons that say it again. */
  sentence: string;
}

// Tool outputs are the catalog's records; cards read them loosely (any is local to this file).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Out = any;

/** The cards for one tool call's result; nothing for results the reply already says. */
export function toolCallBlocks(name: string, input: Out, out: Out, options: TurnCardOptions & { failed?: FailedCall[] }): Block[] {
  if (!out || typeof out !== 'object') return [];
  if (out.error) {
    if (out.error.code === 'ambiguous' && Array.isArray(out.error.candidates)) {
      return chooseContactCard(String(out.error.reference ?? 'that contact'), out.error.candidates as Candidate[], options.sentence, options.sessionId, options.failed);
    }
    return [];
  }
  if (out.status === 'confirmation_required') return [];
  if (out.status === 'deleted') {
    const what = out.contact ? `${out.contact.first_name} ${out.contact.last_name}`.trim() : out.opportunity ? `${out.opportunity.job_title ?? 'the role'} at ${out.opportunity.company_name}` : out.interaction ? 'the interaction' : 'it';
    return [context(`🗑️ Deleted ${esc(what)}.`)];
  }
  switch (name) {
    case 'add_contact': {
      const blocks = contactCard(out.contact, { note: 'Added to your contacts' });
      if (Array.isArray(out.possible_duplicates) && out.possible_duplicates.length > 0) {
        blocks.push(context(`Possible duplicates: ${out.possible_duplicates.map((d: Candidate) => esc(d.name + (d.company ? ` (${d.company})` : ''))).join(', ')}`));
      }
      return blocks;
    }
    case 'update_contact':
      return contactCard(out.contact, { note: out.changed?.length ? `Updated: ${out.changed.join(', ').replace(/_/g, ' ')}` : 'Updated' });
    case 'get_contact':
      return contactCard(out.contact, { interactions: out.interactions?.length, openOpportunities: out.open_opportunities });
    case 'find_contacts':
      return searchResultsCard((out.contacts ?? []).map(contactHit), { query: input?.query ?? input?.company ?? input?.tag });
    case 'log_interaction':
      return interactionCard(out.interaction, out.contact);
    case 'update_interaction':
      return interactionCard(out.interaction, undefined, 'Updated');
    case 'schedule_follow_up':
      return followUpChangeCard('scheduled', out.contact);
    case 'complete_follow_up':
      return followUpChangeCard('completed', out.contact);
    case 'snooze_follow_up':
      return followUpChangeCard('snoozed', out.contact);
    case 'list_follow_ups':
      return followUpsCard(out.follow_ups ?? [], { window: out.window, today: out.today });
    case 'add_opportunity':
      return opportunityCard(out.opportunity, { note: 'Added to your pipeline' });
    case 'update_opportunity':
      return opportunityCard(out.opportunity, { previousStatus: out.previous_status });
    case 'list_opportunities':
      return opportunityListCard(out.opportunities ?? []);
    case 'pipeline_summary':
      return pipelineCard(out);
    case 'dashboard_summary':
      return [
        ...followUpsCard(out.tasks?.follow_ups_due ?? [], { title: 'Follow-ups due', today: out.today, max: 5 }),
        ...(out.tasks?.next_actions?.length ? opportunityListCard(out.tasks.next_actions, { title: 'Next actions due', today: out.today }) : []),
        ...pipelineCard({ stages: out.pipeline ?? [], active_total: out.stats?.active_opportunities ?? 0 }, { list: false }),
      ];
    case 'list_activities':
      return out.activities?.length ? [section(`*Recent activity*\n${out.activities.slice(0, 15).map((a: { description: string }) => `• ${esc(a.description)}`).join('\n')}`)] : [];
    default: {
      const results = Array.isArray(out.results) ? out.results : Array.isArray(out.hits) ? out.hits : undefined;
      if (/search/.test(name) && results) return searchResultsCard(genericHits(results), { query: input?.query });
      return [];
    }
  }
}

const ASK = 'Please confirm: reply yes to go ahead or no to cancel.';

/** The reply without its first request to confirm and the whitespace before it (the buttons ask instead). */
function withoutAsk(reply: string): string {
  const at = reply.indexOf(ASK);
  return at < 0 ? reply : reply.slice(0, at).trimEnd() + reply.slice(at + ASK.length);
}

/** A whole turn as one Slack message: the agent's reply, then a card per result, then any confirmation. */
export function turnBlocks(result: TurnResult, options: TurnCardOptions): { text: string; blocks: Block[] } {
  let reply = result.reply;
  if (result.pendingConfirmations.length > 0) {
    reply = withoutAsk(reply);
    for (const c of result.pendingConfirmations) reply = reply.replace(c.summary, '').trim();
  }
  const blocks: Block[] = [];
  // Models write Markdown; Slack's mrkdwn bolds with one star and links differently.
  if (reply) blocks.push(section(esc(reply).replace(/\*\*(.+?)\*\*/g, '*$1*').replace(/\[([^[\]]+)\]\((https?:[^()\s]+)\)/g, '<$2|$1>')));
  // Every call that failed on one ambiguous name is asked about once, and re-run together.
  const failedOn = new Map<string, FailedCall[]>();
  for (const call of result.toolCalls) {
    const out = call.output as Out;
    if (out?.error?.code !== 'ambiguous') continue;
    const ref = String(out.error.reference).toLowerCase();
    const tool = findTool(call.name);
    failedOn.set(ref, [...(failedOn.get(ref) ?? []), { name: call.name, input: call.input, destructive: !tool || (tool.needsConfirmation?.(call.input as never) ?? tool.annotations.destructiveHint) }]);
  }
  const asked = new Set<string>();
  for (const call of result.toolCalls) {
    const out = call.output as Out;
    const ref = out?.error?.code === 'ambiguous' ? String(out.error.reference).toLowerCase() : undefined;
    if (ref !== undefined) {
      if (asked.has(ref)) continue;
      asked.add(ref);
    }
    blocks.push(...toolCallBlocks(call.name, call.input, out, { ...options, failed: ref !== undefined ? failedOn.get(ref) : undefined }));
  }
  const changes = result.toolCalls.map((c) => (c.output as Out)?.change_id).filter((id): id is string => typeof id === 'string');
  if (changes.length > 0 && changes.length === new Set(changes).size) blocks.push(...undoBlock(changes));
  // "Did you mean: 1. … 2. …?": one button per reading; a click sends its number in this conversation.
  const choices = result.choices ?? [];
  if (choices.length > 0) {
    blocks.push(actions('readings', choices.slice(0, 5).map((c, i) => button(clip(`${c.reply}. ${c.label}`, 75), `${ACTION.pickReading}:${i}`, JSON.stringify({ s: options.sessionId, t: c.reply })))));
  }
  if (result.pendingConfirmations.length > 0) {
    blocks.push(...confirmationCard(result.pendingConfirmations.map((c) => c.summary), options.sessionId, result.pendingConfirmations.map((c) => c.approvalId)));
  }
  const text = reply || result.pendingConfirmations.map((c) => c.summary).join(' ') || 'Done.';
  return { text, blocks: uniqueBlockIds(fitBlocks(blocks)) };
}

/** Slack refuses a message in which two blocks share a block_id. */
export function uniqueBlockIds(blocks: Block[]): Block[] {
  const seen = new Map<string, number>();
  return blocks.map((b) => {
    const id = (b as { block_id?: string }).block_id;
    if (!id) return b;
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    return n === 0 ? b : { ...b, block_id: `${id}#${n}` } as Block;
  });
}
