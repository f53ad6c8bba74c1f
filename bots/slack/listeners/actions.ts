import { reportError } from '../../../agent/tools/shared/error-report.js';
import { isToolError } from '../../../agent/tools/shared/errors.js';
import type { App, BlockAction, webApi } from '@slack/bolt';
import type { SlackMessage, SlackServices } from '../services.js';
import { errorMessage, yieldToIo } from '../services.js';
import { runTool } from '../../../agent/tools/run-tool.js';
import { completeFollowUp, snoozeFollowUp } from '../../../agent/tools/follow-ups.js';
import { logInteraction } from '../../../agent/tools/interactions.js';
import { undoChange } from '../../../agent/tools/undo.js';
import type { User } from '../../../accounts/users.js';
import { ACTION, type Block, context, day, esc } from '../blocks/kit.js';
import { DIGEST_BLOCK, digestMessage } from '../blocks/digest.js';
import { withContact, type PickValue } from '../blocks/choose-contact.js';
import { turnBlocks } from '../blocks/turn.js';
import { findTool } from '../../../agent/tools/catalog.js';
import { runForAgent } from '../../../agent/agent-tools.js';
import type { ToolCallRecord } from '../../../agent/agent.js';
import { readAgenda } from '../agenda.js';

type WebClient = webApi.WebClient;
type Respond = (message: Record<string, unknown>) => Promise<unknown>;

interface ActionArgs {
  body: BlockAction;
  client: WebClient;
  respond?: Respond;
  user: User;
  /** The clicked element's value (a button's value or the chosen option's). */
  value: string;
}

/** What a click produced: a line that replaces the clicked row, or a whole new message. */
type Outcome = { line: string } | { message: SlackMessage };

const KIND: Record<string, string> = { email: 'an email', call: 'a call', meeting: 'a meeting', linkedin_message: 'a LinkedIn message', coffee_chat: 'a coffee chat' };
const nameOf = (c: { first_name: string; last_name: string }) => `${c.first_name} ${c.last_name}`.trim();

const parse = <T>(value: string): T => {
  try { return JSON.parse(value) as T; } catch { throw new Error('this button is from an older version of Kith; ask again to get a fresh one'); }
};

/** Buttons on cards: follow-up done, snooze, log it; "which Priya?"; confirm or cancel. */
export function registerActions(app: App, s: SlackServices): void {
  const on = (pattern: RegExp, handle: (args: ActionArgs) => Promise<Outcome>) => {
    app.action(pattern, async ({ ack, body, action, client, respond }) => {
      await ack();
      const b = body as BlockAction;
      const a = action as { value?: string; selected_option?: { value: string } };
      const value = a.selected_option?.value ?? a.value ?? '';
      try {
        await yieldToIo();
      if (!(await s.firstDelivery(b as unknown as Record<string, unknown>))) return;
        const { user } = await s.identify(client, { teamId: b.team?.id ?? b.user.team_id ?? '', slackUserId: b.user.id });
        const outcome = await handle({ body: b, client, respond: respond as Respond | undefined, user, value });
        await update(s, { body: b, client, respond: respond as Respond | undefined, user, value }, outcome);
      } catch (error) {
        const errorId = isToolError(error) ? undefined : reportError(s.kith.log, 'slack: a button failed', error);
        const message = errorMessage(error, errorId);
        if (respond) await respond({ response_type: 'ephemeral', replace_original: false, ...message }).catch(() => undefined);
        else if (b.view?.type === 'home') await s.publishHome(client, b.user.id, (await s.identify(client, { teamId: b.team?.id ?? '', slackUserId: b.user.id })).user, message.text).catch(() => undefined);
      }
    });
  };

  on(new RegExp(`^${ACTION.followUpDone}`), async ({ user, value }) => {
    const { c } = parse<{ c: string }>(value);
    const out = await runTool(s.runtimeFor(user), user.id, completeFollowUp, { contact: c });
    return { line: `✅ Followed up with *${esc(nameOf(out.contact))}*.` };
  });

  for (const [id, days] of [[ACTION.snoozeDay, 1], [ACTION.snoozeWeek, 7]] as const) {
    on(new RegExp(`^${id}`), async ({ user, value }) => {
      const { c } = parse<{ c: string }>(value);
      const out = await runTool(s.runtimeFor(user), user.id, snoozeFollowUp, { contact: c, days });
      return { line: `💤 Snoozed *${esc(nameOf(out.contact))}* to ${day(out.contact.next_follow_up_date)}.` };
    });
  }

  on(new RegExp(`^${ACTION.logIt}`), async ({ user, value }) => {
    const { c, k } = parse<{ c: string; k: string }>(value);
    const runtime = s.runtimeFor(user);
    const logged = await runTool(runtime, user.id, logInteraction, { contact: c, interaction_type: k });
    await runTool(runtime, user.id, completeFollowUp, { contact: c });
    return { line: `📝 Logged ${KIND[k] ?? 'an interaction'} with *${esc(nameOf(logged.contact))}* and marked the follow-up done.` };
  });

  on(new RegExp(`^${ACTION.pickContact}`), async ({ user, value }) => {
    const pick = parse<PickValue>(value);
    if (pick.k && pick.k.length > 0) {
      const runtime = s.runtimeFor(user);
      const toolCalls: ToolCallRecord[] = [];
      for (const [name, input] of pick.k) {
        const tool = findTool(name);
        if (!tool || tool.annotations.destructiveHint) continue;
        const fixed = withContact(input, pick.r, pick.c);
        // A call that needs a yes never runs from a chooser: only an approval the server issued runs it.
        const parsed = tool.input.safeParse(fixed);
        if (!parsed.success || (tool.needsConfirmation?.(parsed.data as never) ?? false)) continue;
        toolCalls.push({ name, input: fixed, output: await runForAgent(runtime, user.id, tool, fixed) });
      }
      return { message: turnBlocks({ sessionId: pick.s, reply: '', toolCalls, pendingConfirmations: [], choices: [] }, { sessionId: pick.s, sentence: '' }) };
    }
    const { message } = await s.converse(user, pick.t ?? '', { sessionId: pick.s });
    return { message };
  });

  on(new RegExp(`^${ACTION.undo}$`), async ({ user, value }) => {
    const { x: changeIds = [] } = parse<{ x?: string[] }>(value);
    const runtime = s.runtimeFor(user);
    const undone: string[] = [];
    // Newest first, so that a later change of the same record is reversed before the one under it.
    for (const changeId of [...changeIds].reverse().slice(0, 40)) {
      const out = await runTool(runtime, user.id, undoChange, { change_id: String(changeId) });
      undone.push(out.summary);
    }
    return { line: `↩️ ${esc(undone.join(' '))}` };
  });

  // A reading picked from a question back: the same as typing its number in that conversation.
  on(new RegExp(`^${ACTION.pickReading}`), async ({ user, value }) => {
    const { s: sessionId, t } = parse<{ s: string; t: string }>(value);
    if (!/^\d{1,2}$/.test(String(t))) throw new Error('this button is from an older version of Kith; ask again to get a fresh one');
    const { message } = await s.converse(user, String(t), { sessionId });
    return { message };
  });

  for (const [id, answer] of [[ACTION.confirm, 'yes'], [ACTION.cancel, 'no']] as const) {
    on(new RegExp(`^${id}$`), async ({ user, value }) => {
      const { s: sessionId, a: approvalIds = [] } = parse<{ s: string; a?: string[] }>(value);
      // Each button answers the approvals the server issued for its card, by id; nothing else.
      let last: { message: SlackMessage } | undefined;
      for (const approvalId of approvalIds.slice(0, 10)) {
        last = await s.converse(user, { text: answer, approval: { id: String(approvalId), approved: answer === 'yes' } }, { sessionId });
      }
      if (!last) last = await s.converse(user, { text: answer, approval: { id: 'none', approved: false } }, { sessionId });
      return { message: last.message };
    });
  }
}

/** After a click the original is updated: App Home republished, the digest redrawn, or the clicked row replaced. */
async function update(s: SlackServices, args: ActionArgs, outcome: Outcome): Promise<void> {
  const { body, client, respond, user } = args;
  if (body.view?.type === 'home' || body.container?.type === 'view') {
    await s.publishHome(client, body.user.id, user, 'line' in outcome ? outcome.line : outcome.message.text);
    return;
  }
  let message: SlackMessage;
  const original = (body.message?.blocks ?? []) as Block[];
  if ('message' in outcome) {
    message = outcome.message;
  } else if ((original[0] as { block_id?: string } | undefined)?.block_id === DIGEST_BLOCK) {
    const runtime = s.runtimeFor(user);
    const fresh = digestMessage(await readAgenda(runtime, user.id, runtime.tz));
    message = { text: fresh.text, blocks: [fresh.blocks[0], context(outcome.line), ...fresh.blocks.slice(1)] };
  } else if (original.length > 0) {
    const clicked = body.actions[0]?.block_id;
    message = { text: body.message?.text ?? outcome.line, blocks: original.map((b) => ((b as { block_id?: string }).block_id === clicked ? context(outcome.line) : b)) };
  } else {
    message = { text: outcome.line.replace(/\*/g, ''), blocks: [context(outcome.line)] };
  }
  const channel = body.container?.channel_id ?? body.channel?.id;
  const ts = body.container?.message_ts ?? body.message?.ts;
  if (!body.container?.is_ephemeral && channel && ts) {
    await client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
  } else if (respond) {
    await respond({ replace_original: true, text: message.text, blocks: message.blocks });
  }
}
