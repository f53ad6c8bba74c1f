import type { LanguageModelV3Prompt, LanguageModelV3ToolResultOutput } from '@ai-sdk/provider';
import { clockFromSystem, type Clock } from './clock.js';

/** A tool error as tools report it: `{ error: { code, message, candidates? } }`. */
export interface ToolErrorInfo {
  code: string;
  message: string;
  candidates?: Array<{ id: string; name: string; company?: string | null; email?: string | null }>;
}

/** One tool call of this turn and what it returned. */
export interface ToolOutcome {
  toolName: string;
  input: Record<string, unknown>;
  output: unknown;
  error?: ToolErrorInfo;
  denied?: boolean;
}

/** Who "her" or "him" means: the last contact spoken of. */
export interface ContactMention {
  id?: string;
  name: string;
}

export interface Conversation {
  clock: Clock;
  /** The text of the last user message. */
  userText: string;
  /** Tool calls made since the last user message, in order, with their results. */
  done: ToolOutcome[];
  /** The last contact spoken of before this turn. */
  lastContact: ContactMention | null;
  /** The user message before the last one, and the reply to it (for an answer to a question back). */
  previousUserText?: string;
  previousReply?: string;
  /** A destructive call of the previous turn that asked for confirmation. */
  pendingConfirmation: { toolName: string; input: Record<string, unknown>; summary: string } | null;
}

const asObject = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function errorOf(value: unknown): ToolErrorInfo | undefined {
  const o = asObject(value);
  const e = o && asObject(o.error);
  if (!e) return undefined;
  return {
    code: typeof e.code === 'string' ? e.code : 'error',
    message: typeof e.message === 'string' ? e.message : 'The tool failed.',
    candidates: Array.isArray(e.candidates) ? (e.candidates as ToolErrorInfo['candidates']) : undefined,
  };
}

/** "no … matches" on one line (as /no .* matches/i finds it), with indexOf: that search rescans the line after each "no ". */
function saysNoneMatch(message: string): boolean {
  return message.split(/[\n\r\u2028\u2029]/).some((line) => {
    const lower = line.toLowerCase();
    const no = lower.indexOf('no ');
    return no >= 0 && lower.includes(' matches', no + 3);
  });
}

function guessCode(message: string): string {
  if (/more than one|ambiguous|which one/i.test(message)) return 'ambiguous';
  if (/no contact matches|not found|does not exist/i.test(message) || saysNoneMatch(message)) return 'not_found';
  if (/invalid|required|must/i.test(message)) return 'invalid';
  return 'error';
}

/** A tool result part's output as a value plus, when it failed, the error. */
export function readToolOutput(output: LanguageModelV3ToolResultOutput): Pick<ToolOutcome, 'output' | 'error' | 'denied'> {
  switch (output.type) {
    case 'json': {
      return { output: output.value, error: errorOf(output.value) };
    }
    case 'text': {
      const value = parseMaybeJson(output.value);
      return { output: value, error: errorOf(value) };
    }
    case 'error-json': {
      const error = errorOf(output.value) ?? { code: 'error', message: JSON.stringify(output.value) };
      return { output: output.value, error };
    }
    case 'error-text': {
      const value = parseMaybeJson(output.value);
      const error = errorOf(value) ?? { code: guessCode(output.value), message: output.value };
      return { output: value, error };
    }
    case 'execution-denied':
      return { output: null, denied: true };
    case 'content': {
      const text = output.value.map((p) => (p.type === 'text' ? p.text : '')).join('');
      const value = parseMaybeJson(text);
      return { output: value, error: errorOf(value) };
    }
    default:
      return { output: null };
  }
}

function contactFromRecord(v: unknown): ContactMention | null {
  const o = asObject(v);
  if (!o || typeof o.first_name !== 'string') return null;
  const name = `${o.first_name} ${typeof o.last_name === 'string' ? o.last_name : ''}`.trim();
  return { id: typeof o.id === 'string' ? o.id : undefined, name };
}

/** The contact a tool result or call is about, if any. */
export function contactOfOutcome(toolName: string, input: Record<string, unknown> | null, output: unknown): ContactMention | null {
  const out = asObject(output);
  if (out && !out.error) {
    const fromRecord = contactFromRecord(out.contact);
    if (fromRecord) return fromRecord;
    if (Array.isArray(out.contacts) && out.contacts.length === 1) {
      const c = contactFromRecord(out.contacts[0]);
      if (c) return c;
    }
    const interaction = asObject(out.interaction);
    if (interaction && typeof interaction.contact_id === 'string' && typeof interaction.contact_name === 'string') {
      return { id: interaction.contact_id, name: interaction.contact_name };
    }
  }
  if (input) {
    if (typeof input.contact === 'string' && input.contact) return { name: input.contact };
    if (Array.isArray(input.contacts) && input.contacts.length === 1 && typeof input.contacts[0] === 'string') return { name: input.contacts[0] };
    if (toolName === 'add_contact' && typeof input.first_name === 'string') {
      return { name: `${input.first_name} ${typeof input.last_name === 'string' ? input.last_name : ''}`.trim() };
    }
  }
  return null;
}

const textOf = (content: ReadonlyArray<{ type: string; text?: string }>): string =>
  content.filter((p) => p.type === 'text').map((p) => p.text ?? '').join('\n');

/** Reads what the model needs from the whole prompt of one step. */
export function readConversation(prompt: LanguageModelV3Prompt, fallbackNow?: Date): Conversation {
  const system = prompt.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  const clock = clockFromSystem(system, fallbackNow);
  let lastUser = -1;
  prompt.forEach((m, i) => {
    if (m.role === 'user') lastUser = i;
  });
  const userText = lastUser >= 0 ? textOf(prompt[lastUser].content as Array<{ type: string; text?: string }>) : '';

  const calls = new Map<string, { toolName: string; input: Record<string, unknown> }>();
  const outcomesBefore: Array<{ toolName: string; input: Record<string, unknown>; output: unknown; error?: ToolErrorInfo }> = [];
  const done: ToolOutcome[] = [];
  let lastContact: ContactMention | null = null;
  let pendingConfirmation: Conversation['pendingConfirmation'] = null;

  prompt.forEach((m, i) => {
    if (m.role === 'user' && i < lastUser) pendingConfirmation = null;
    if (m.role !== 'assistant' && m.role !== 'tool') return;
    for (const part of m.content) {
      if (part.type === 'tool-call') {
        const input = asObject(typeof part.input === 'string' ? parseMaybeJson(part.input) : part.input) ?? {};
        calls.set(part.toolCallId, { toolName: part.toolName, input });
        if (i < lastUser) lastContact = contactOfOutcome(part.toolName, input, null) ?? lastContact;
      } else if (part.type === 'tool-result') {
        const call = calls.get(part.toolCallId) ?? { toolName: part.toolName, input: {} };
        const read = readToolOutput(part.output);
        const outcome: ToolOutcome = { toolName: part.toolName, input: call.input, ...read };
        if (i > lastUser) {
          done.push(outcome);
        } else {
          outcomesBefore.push(outcome);
          if (!read.error) lastContact = contactOfOutcome(part.toolName, call.input, read.output) ?? lastContact;
          const o = asObject(read.output);
          if (o && o.status === 'confirmation_required') {
            pendingConfirmation = { toolName: part.toolName, input: call.input, summary: typeof o.summary === 'string' ? o.summary : '' };
          }
        }
      }
    }
  });
  let previousUser = -1;
  prompt.forEach((m, i) => {
    if (m.role === 'user' && i < lastUser) previousUser = i;
  });
  const previousUserText = previousUser >= 0 ? textOf(prompt[previousUser].content as Array<{ type: string; text?: string }>) : undefined;
  const replies = prompt.slice(previousUser + 1, lastUser).filter((m) => m.role === 'assistant');
  const previousReply = previousUser >= 0 && replies.length
    ? textOf(replies[replies.length - 1].content as Array<{ type: string; text?: string }>).trim()
    : undefined;
  return { clock, userText, done, lastContact, pendingConfirmation, previousUserText, previousReply };
}
