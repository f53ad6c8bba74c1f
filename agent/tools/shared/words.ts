/**
 * Counted nouns, articles and lists in English, for every surface (tools, replies, Slack, the page).
 * Pure: the web client bundles this file too, so that "1 interaction" and "an email" read the same everywhere.
 */
const rules = new Intl.PluralRules('en-US');
const lists = new Intl.ListFormat('en-US', { style: 'long', type: 'conjunction' });

const IRREGULAR: Record<string, string> = { person: 'people', company: 'companies', activity: 'activities', opportunity: 'opportunities', reply: 'replies', entry: 'entries' };

/** The plural of an English noun ("follow-up" → "follow-ups", "activity" → "activities"). */
export function pluralOf(noun: string): string {
  const lower = noun.toLowerCase();
  if (IRREGULAR[lower]) return noun.slice(0, 1) + IRREGULAR[lower].slice(1);
  if (/[^aeiou]y$/i.test(noun)) return noun.slice(0, -1) + 'ies';
  if (/(s|x|z|ch|sh)$/i.test(noun)) return noun + 'es';
  return noun + 's';
}

/** The noun as `count` asks for it: nounFor(1, "contact") is "contact", nounFor(2, "contact") is "contacts". */
export function nounFor(count: number, noun: string, plural = pluralOf(noun)): string {
  return rules.select(count) === 'one' ? noun : plural;
}

/** "1 contact", "0 contacts", "3 interactions" (numbers grouped: "1,200 contacts"). */
export function countOf(count: number, noun: string, plural?: string): string {
  return `${count.toLocaleString('en-US')} ${nounFor(count, noun, plural)}`;
}

// Words that start with a vowel letter but a consonant sound, and the reverse.
const CONSONANT_SOUND = /^(one|once|uni|use|usu|uti|eu|ewe|u[bcfhjkqrst][aeiou])/i;
const VOWEL_SOUND = /^(hour|honest|honou?r|heir)/i;

/** The noun with "a" or "an": "an email", "a call", "a LinkedIn message", "an hour", "a user". */
export function withArticle(noun: string): string {
  const word = noun.trim();
  const vowel = VOWEL_SOUND.test(word) || (/^[aeiou]/i.test(word) && !CONSONANT_SOUND.test(word));
  return `${vowel ? 'an' : 'a'} ${word}`;
}

/** "Ana, Ben and Cleo"; past `max` names, "Ana, Ben and 3 others". */
export function namesOf(names: string[], max = 5): string {
  if (names.length <= max) return lists.format(names);
  const rest = names.length - (max - 1);
  return lists.format([...names.slice(0, max - 1), countOf(rest, 'other')]);
}
