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
const OPENING = 'Did you mean: ';
const ENDING = `? ${CLOSING}`;

/** The question with its readings numbered. */
export function choicesText(question: string, labels: string[]): string {
  return `${question} ${OPENING}${labels.map((l, i) => `${i + 1}. ${l}`).join('; ')}${ENDING}`;
}

/** The readings a reply offers, in order; none when it is not a question back. */
export function readChoices(reply: string): Choice[] {
  // Found with indexOf, not /Did you mean: (1\. .+)\? Reply…$/, which rescans the rest from each start it tries.
  const text = reply.trimEnd();
  const start = text.indexOf(`${OPENING}1. `);
  const end = text.length - ENDING.length;
  if (start < 0 || !text.endsWith(ENDING) || end - start < `${OPENING}1. x`.length) return [];
  // The readings are split at each ";" that a number follows ("; 2. ").
  const items: string[] = [];
  for (const piece of text.slice(start + OPENING.length, end).split(';')) {
    if (items.length === 0 || /^\s*\d{1,2}\.\s/.test(piece)) items.push(piece);
    else items[items.length - 1] += `;${piece}`;
  }
  const out: Choice[] = [];
  for (const item of items) {
    const n = /^(\d{1,2})\.\s+(.+)$/s.exec(item.trim());
    if (!n || Number(n[1]) !== out.length + 1) return [];
    out.push({ reply: n[1], label: n[2].trim() });
  }
  return out.length >= 2 ? out : [];
}

/** Whether a reply asked the user to pick a number (the next message may be that number). */
export const asksForNumber = (reply: string | undefined): boolean => !!reply && reply.trimEnd().endsWith(CLOSING);
