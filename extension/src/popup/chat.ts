import type { KithClient } from '../shared/kith-client.js';
import { readChatStream, type ChatTurn } from '../shared/chat-stream.js';
import { el } from './dom.js';

type UIMessage = { id: string; role: 'user' | 'assistant'; parts: Array<Record<string, unknown>> };

const id = () => crypto.randomUUID();

/** One conversation per popup: the messages go back to /api/chat each turn, as the web page sends them. */
export function chatSession(kith: KithClient) {
  const chatId = id();
  const messages: UIMessage[] = [];
  return async function send(text: string): Promise<ChatTurn> {
    messages.push({ id: id(), role: 'user', parts: [{ type: 'text', text }] });
    let response: Response;
    try {
      response = await kith.request('POST', '/chat', { id: chatId, messages });
    } catch (error) {
      messages.pop(); // not sent: the next turn must not carry it unanswered
      throw error;
    }
    const turn = await readChatStream(response);
    messages.push({ id: id(), role: 'assistant', parts: [{ type: 'text', text: turn.text }] });
    return turn;
  };
}

const TITLES: Record<string, string> = {
  log_interaction: 'Logged', add_contact: 'Added contact', update_contact: 'Updated contact', add_opportunity: 'Added opportunity',
  update_opportunity: 'Updated opportunity', schedule_follow_up: 'Follow-up scheduled', create_task: 'Task created',
};

function fieldsOf(output: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const contact = output.contact as Record<string, string | null> | undefined;
  const interaction = output.interaction as Record<string, string | null> | undefined;
  const opportunity = output.opportunity as Record<string, string | null> | undefined;
  const task = output.task as Record<string, string | null> | undefined;
  if (interaction) out.push(['What', `${interaction.interaction_type?.replace('_', ' ')}${interaction.subject ? `: ${interaction.subject}` : ''}`], ['When', String(interaction.interaction_date ?? '').slice(0, 10)]);
  if (contact) {
    out.push(['Who', `${contact.first_name} ${contact.last_name ?? ''}`.trim() + (contact.company ? ` (${contact.company})` : '')]);
    if (contact.next_follow_up_date) out.push(['Follow up', contact.next_follow_up_date]);
  }
  if (opportunity) out.push(['Role', `${opportunity.job_title ?? ''} at ${opportunity.company_name}`.trim()], ['Stage', String(opportunity.status)]);
  if (task) out.push(['Task', String(task.title ?? '')], ['Due', String(task.due_date ?? '')]);
  return out;
}

/** A card for each change the turn made (the tool's own output), as the web page shows. */
export function turnCards(turn: ChatTurn): HTMLElement[] {
  return turn.tools
    .filter((t) => t.output && typeof t.output === 'object' && TITLES[t.tool])
    .map((t) => {
      const fields = fieldsOf(t.output as Record<string, unknown>);
      const kind = (t.output as { interaction?: { interaction_type?: string } }).interaction?.interaction_type;
      const title = t.tool === 'log_interaction' && kind ? `Logged ${kind.replace('_', ' ')}` : TITLES[t.tool];
      const card = el('article', { className: 'card' }, el('h3', { text: title }));
      const dl = el('dl');
      for (const [k, v] of fields) dl.append(el('dt', { text: k }), el('dd', { text: v }));
      card.append(dl);
      card.setAttribute('aria-label', `${title} ${fields.map(([, v]) => v).join(' ')}`);
      return card;
    });
}
