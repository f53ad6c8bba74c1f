import type { Clock } from './clock.js';
import type { ContactMention, ToolOutcome } from './conversation.js';
import type { IntentScore } from './intent-classifier.js';

export type ToolInput = Record<string, unknown>;

/** One planned tool call; `input` may read the results of earlier calls of the same turn. */
export interface Step {
  toolName: string;
  input: ToolInput | ((done: ToolOutcome[]) => ToolInput);
  /** Whether to make this call at all, given the earlier results (default: yes). */
  when?: (done: ToolOutcome[]) => boolean;
  /** Made after the call before it failed (that failure is expected and handled, e.g. "nobody by that name": add them). */
  afterError?: boolean;
  /** One of two branches of which exactly one runs, each keeping what the message says (add them, or log with them). */
  branch?: boolean;
}

/** What a question asks of a get_contact result. */
export type Answer =
  | { kind: 'field'; field: 'email' | 'phone' | 'company' | 'job_title' | 'linkedin_url' | 'twitter_url' | 'location' | 'notes' | 'tags' | 'relationship_type' | 'connection_strength' }
  | { kind: 'last_contact' }
  | { kind: 'next_follow_up' }
  | { kind: 'profile' }
  | { kind: 'brief' };

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
  /** For a question back: the intents offered, in the order numbered. */
  choices?: string[];
  /** Parts of the message no intent took: the reply names them ("I did not understand: …"). */
  unknown?: string[];
  /** Words the plan read as what to do rather than facts to keep (a form's "Name:" and "Email:" labels). */
  cues?: string[];
  /** Filters a list reply applies to what the tool returned (a window of days, words of a title, a place). */
  filter?: ReplyFilter;
}

/** What a question asked for that the tool does not filter by itself. */
export interface ReplyFilter {
  /** Last day (YYYY-MM-DD) of an agenda. */
  until?: string;
  /** Words the contact's title must contain ("designers"). */
  title?: string;
  /** A place the contact's location must name. */
  place?: string;
  /** A field that must be empty ("without a LinkedIn profile"). */
  missing?: string;
  /** Answer with a count ("how many …"). */
  count?: string;
  /** Contacts not talked to since this day. */
  coldSince?: string;
  /** A period (YYYY-MM-DD, inclusive) a list reply keeps. */
  from?: string;
  to?: string;
}

export interface PlanInput {
  text: string;
  clock: Clock;
  lastContact: ContactMention | null;
  /** The intents of a text, best first, as the classifier scored them (absent: the planners' own order). */
  rank?: (text: string) => IntentScore[] | undefined;
  /** Only this intent (the user picked it from a question back). */
  force?: string;
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
