import { readName, findCapitalizedName, isPronoun, type NameMatch } from './names.js';
import type { PlanInput } from './plan-types.js';

/** The reference a tool gets for a name as said: pronouns become the last contact spoken of. */
export function contactRef(input: PlanInput, match: NameMatch | null): string | null {
  if (!match) return null;
  if (match.pronoun || isPronoun(match.name)) {
    // "Omar and I are close, mark him as strong": someone named in the same sentence comes first
    const sameSentence = findCapitalizedName(input.text, 0, (w, at) =>
      isPronoun(w) || /\b(?:at|from|for|with|to|joined|of|as)\s+$/i.test(input.text.slice(Math.max(0, at - 8), at)));
    if (sameSentence && !sameSentence.pronoun) return sameSentence.name;
    if (!input.lastContact) return null;
    return input.lastContact.id ?? input.lastContact.name;
  }
  return match.name;
}

/** The name read right after the first match of `trigger` that yields one. */
export function nameAfter(text: string, trigger: RegExp): NameMatch | null {
  const re = new RegExp(trigger.source, trigger.flags.includes('g') ? trigger.flags : trigger.flags + 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const found = readName(text, m.index + m[0].length);
    if (found) return found;
    if (m[0].length === 0) re.lastIndex++;
  }
  return null;
}

const POSSESSIVE = /^([A-Za-zÀ-ÿ][\wÀ-ÿ\-]*(?: [A-Za-zÀ-ÿ][\wÀ-ÿ\-]*)?)['’]s?\b/;

/**
 * The possessives of `text` in order, as /([A-Za-zÀ-ÿ][\wÀ-ÿ\-]*(?: …)?)['’]s?\b/g finds them: tried
 * at the first letter of each word, since one found from a later letter of the word is found from
 * there too (and a search from each letter would rescan a long word).
 */
function* possessives(text: string): Generator<{ index: number; 0: string; 1: string }> {
  const words = /[\wÀ-ÿ\-]+/g;
  for (let w = words.exec(text); w; w = words.exec(text)) {
    const letter = w[0].search(/[A-Za-zÀ-ÿ]/);
    if (letter < 0) continue;
    const index = w.index + letter;
    const m = POSSESSIVE.exec(text.slice(index));
    if (!m) continue;
    yield { index, 0: m[0], 1: m[1] };
    words.lastIndex = index + m[0].length;
  }
}

/** A possessive name: "Priya's email", "dana whitfield's number". */
export function possessiveName(text: string): NameMatch | null {
  for (const m of possessives(text)) {
    const words = m[1].split(' ');
    // "it's", "what's", "i'm": a contraction, whichever word comes before it ("anyone i'm supposed to …")
    if (/^(?:it|that|what|who|there|here|let|he|she|where|when|how|today|tomorrow|yesterday|i)$/i.test(words[words.length - 1])) continue;
    for (let k = 0; k < words.length; k++) {
      const start = m.index + words.slice(0, k).join(' ').length + (k > 0 ? 1 : 0);
      const found = readName(text, start);
      if (found && found.end >= m.index + m[0].length - 2) return found;
    }
  }
  return null;
}

/** Someone named anywhere: after a trigger, or any capitalized name that is not a company. */
export function anyPerson(text: string, triggers: RegExp[], skip?: (word: string, at: number) => boolean): NameMatch | null {
  for (const t of triggers) {
    const found = nameAfter(text, t);
    if (found) return found;
  }
  return findCapitalizedName(text, 0, skip ?? ((_, at) => /\b(?:at|from|for|with|to|joined|of)\s+$/i.test(text.slice(Math.max(0, at - 8), at))));
}

/** "what's her email?", "when did I last talk to him?": a pronoun, for the contact the conversation is about. */
export function pronounMention(text: string): NameMatch | null {
  const m = /\b(his|her|hers|their|him|them|she|he|they)\b/i.exec(text);
  return m ? { name: m[1].toLowerCase(), index: m.index, end: m.index + m[1].length, pronoun: true } : null;
}
