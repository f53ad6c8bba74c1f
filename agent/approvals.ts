import type { ModelMessage } from 'ai';

export interface PendingApproval {
  approvalId: string;
  toolCallId: string;
  toolName: string;
  input: unknown;
}

type Part = { type: string; approvalId?: string; toolCallId?: string; toolName?: string; input?: unknown };

const partsOf = (m: ModelMessage): Part[] => (Array.isArray(m.content) ? (m.content as Part[]) : []);

/** Approval requests in the conversation that no later message has answered. */
export function pendingApprovals(messages: ModelMessage[]): PendingApproval[] {
  const answered = new Set<string>();
  const calls = new Map<string, Part>();
  const requests: Part[] = [];
  for (const m of messages) {
    for (const p of partsOf(m)) {
      if (p.type === 'tool-call' && p.toolCallId) calls.set(p.toolCallId, p);
      if (p.type === 'tool-approval-request') requests.push(p);
      if (p.type === 'tool-approval-response' && p.approvalId) answered.add(p.approvalId);
    }
  }
  return requests
    .filter((r) => r.approvalId && !answered.has(r.approvalId))
    .map((r) => {
      const call = calls.get(r.toolCallId!);
      return { approvalId: r.approvalId!, toolCallId: r.toolCallId!, toolName: call?.toolName ?? 'unknown', input: call?.input };
    });
}

const YES = /^\s*(yes|y|yeah|yep|yup|sure|ok|okay|confirm(ed)?|do it|go ahead|please do|proceed|approved?)\b/i;
const NO = /^\s*(no|n|nope|nah|cancel|stop|don'?t|never ?mind|abort|keep (it|them))\b/i;

/** Reads a reply to "are you sure?": true, false, or undefined when it is about something else. */
export function readConfirmation(text: string): boolean | undefined {
  if (YES.test(text)) return true;
  if (NO.test(text)) return false;
  return undefined;
}

export function approvalResponses(pending: PendingApproval[], approved: boolean): ModelMessage {
  return {
    role: 'tool',
    content: pending.map((p) => ({ type: 'tool-approval-response' as const, approvalId: p.approvalId, approved, ...(approved ? {} : { reason: 'The user declined.' }) })),
  };
}
