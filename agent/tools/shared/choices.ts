/**
 * A question back with numbered readings ("Did you mean: 1. log an interaction; 2. add a new
 * contact? Reply with the number."): written once here, and read back here by every surface that
 * shows the readings as buttons (the web chat, Slack). A button sends its number, as typing it would.
 */
export interface Choice {
  /** What the user sends to pick it: "1", "2", … */
  reply: string;
  label: string;
}

const CLOSING = 'Reply with the number.';

/** The question with its readings numbered. */
export function choicesText(question: string, labels: string[]): string {
  return `${question} Did you mean: ${labels.map((l, i) => `${i + 1}. ${l}`).join('; ')}? ${CLOSING}`;
}

/** The readings a reply offers, in order; none when it is not a question back. */
export function readChoices(reply: string): Choice[] {
  const m = /Did you mean: (1\. .+)\? Reply with the number\.\s*$/s.exec(reply);
  if (!m) return [];
  const out: Choice[] = [];
  for (const item of m[1].split(/;\s*(?=\d{1,2}\.\s)/)) {
    const n = /^(\d{1,2})\.\s+(.+)$/s.exec(item.trim());
    if (!n || Number(n[1]) !== out.length + 1) return [];
    out.push({ reply: n[1], label: n[2].trim() });
  }
  return out.length >= 2 ? out : [];
}

/** Whether a reply asked the user to pick a number (the next message may be that number). */
export const asksForNumber = (reply: string | undefined): boolean => !!reply && reply.trimEnd().endsWith(CLOSING);
