import type { Clock } from './clock.js';
import type { ContactMention, ToolOutcome } from './conversation.js';

export type ToolInput = Record<string, unknown>;

/** One planned tool call; `input` may read the results of earlier calls of the same turn. */
export interface Step {
  toolName: string;
  input: ToolInput | ((done: ToolOutcome[]) => ToolInput);
  /** Whether to make this call at all, given the earlier results (default: yes). */
  when?: (done: ToolOutcome[]) => boolean;
}

/** What a question asks of a get_contact result. */
export type Answer =
  | { kind: 'field'; field: 'email' | 'phone' | 'company' | 'job_title' | 'linkedin_url' | 'twitter_url' | 'location' | 'notes' | 'tags' | 'relationship_type' | 'connection_strength' }
  | { kind: 'last_contact' }
  | { kind: 'next_follow_up' }
  | { kind: 'profile' };

export interface Plan {
  intent: string;
  steps: Step[];
  /** A reply without tool calls (help, "OK, cancelled"). */
  text?: string;
  answer?: Answer;
  /** The contact this plan is about, for "her" in the next clause. */
  subject?: string;
  /** For search replies: the words searched for. */
  query?: string;
}

export interface PlanInput {
  text: string;
  clock: Clock;
  lastContact: ContactMention | null;
}

export const single = (intent: string, toolName: string, input: ToolInput, extra: Partial<Plan> = {}): Plan => ({
  intent,
  steps: [{ toolName, input }],
  ...extra,
});

/** Drops undefined fields, so that tool inputs carry only what was said. */
export function compact<T extends ToolInput>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))) as T;
}
