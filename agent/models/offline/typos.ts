/**
 * Everyday words of CRM requests, for mending typos ("lgo coffe with priya" → "log coffee with priya").
 * Only lowercase words are mended (names are the tools' to match), only at one edit from exactly one
 * of these words, and only words of four letters or more (or three, for a swap of two letters).
 */
const VOCABULARY = `log coffee lunch dinner breakfast meeting email emailed emailing messaged linkedin follow followup following
remind reminder schedule snooze postpone interview interviews interviewed application applications applied pipeline
opportunity opportunities recruiter referral referred tomorrow yesterday tonight monday tuesday wednesday thursday friday
saturday sunday about with`.split(/\s+/);
// Ordinary words one edit from a keyword ("sent" and "went", "and" and "add"): never mended.
const ORDINARY = `and the dog cat sent send want wait mean lead leads need tell fell sell will wall deal dear near year hear here have
gave game same name came come some home hope help held hold told sold cold bold nice mice rice ice doe does dole role rule
roles plan plane late date data fate mate rate gate hate taste tasks mask asked week work word ward card hard heard head read
ready reads meal seal team tea seat sell test text next nest best rest west list lost last past fast cast most post host cost
core more more wore were where there then them they than when what whet who how now new news few dew flow slow show shot
shop stop step stay stray great treat create crate fine find contract contact cell call tall ball wait lunches
launch bunch punch hunch lynch inner winner diner blog logo clog fellow hollow remainder deferred deferral abort wish width witch wits
kith melting`.split(/\s+/);
const KNOWN = new Set([...VOCABULARY, ...ORDINARY]);

function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return false;
  if (Math.abs(a.length - b.length) > 1) return false;
  if (a.length === b.length) {
    const diff: number[] = [];
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
    if (diff.length === 1) return true;
    return diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]];
  }
  const [s, l] = a.length < b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  return s.slice(i) === l.slice(i + 1);
}

// Shorthand people type in notes and chat: read as the words they stand for.
const SHORTHAND: Record<string, string> = {
  abt: 'about', tmrw: 'tomorrow', tmr: 'tomorrow', tmrrw: 'tomorrow', yday: 'yesterday', mtg: 'meeting', mtgs: 'meetings', appt: 'appointment',
  msg: 'message', msgd: 'messaged', mgr: 'manager', mgmt: 'management', whats: "what's", wheres: "where's", whos: "who's", pls: 'please', plz: 'please', convo: 'conversation', intvw: 'interview', wk: 'week', wks: 'weeks',
  nxt: 'next', tdy: 'today', tonite: 'tonight', yest: 'yesterday', thru: 'through', ppl: 'people', cuz: 'because', coz: 'because', thx: 'thanks',
  ur: 'your', yr: 'year', yrs: 'years', mos: 'months', hrs: 'hours', mins: 'minutes', chk: 'check', txt: 'text', txted: 'texted', msged: 'messaged',
  rcrtr: 'recruiter', recr: 'recruiter', tues: 'tuesday', thurs: 'thursday', weds: 'wednesday',
};

// Shorthand with a slash or a digit, and the one-letter words of chat ("w zoe", "can u"): whole tokens only.
const SYMBOLIC: Array<[RegExp, string]> = [
  [/(?<![\w@.\/:-])w\/o(?![\w\/])/gi, 'without'],
  [/(?<![\w@.\/:-])w\/\s*(?=[A-Za-zÀ-ÿ])/gi, 'with '],
  [/(?<![\w@.\/:-])b\/c(?![\w\/])/gi, 'because'],
  [/(?<![\w@.\/:-])f\/u(?![\w\/])/gi, 'follow up'],
  [/(?<![\w@.\/:-])(?:2morrow|2moro|2mrw)(?![\w\/])/gi, 'tomorrow'],
  [/(?<![\w@.\/:'’-])b4(?![\w\/])/gi, 'before'],
  // "follow up w zoe", "call w/ her": a lone lowercase w before a word is "with", a lone u is "you"
  [/(?<![\w@.\/:'’-])w(?=\s+[A-Za-zÀ-ÿ])/g, 'with'],
  [/(?<![\w@.\/:'’-])u(?=\s|[?!]|$)/g, 'you'],
];

/**
 * "scheduled" and "schedule", "recruited" and "recruiter", "messages" and "messaged": another
 * regular form of the same word is a word, not a typo of it.
 */
function isInflectionOf(word: string, of: string): boolean {
  const lemma = of.replace(/(?:ing|ed|er|es|s)$/, '');
  if (lemma.length < 3) return false;
  const forms = ['', 's', 'es', 'ed', 'er', 'ers', 'ing', ...(lemma.endsWith('e') ? ['d', 'r', 'rs'] : [])];
  return forms.some((f) => word === lemma + f) || (lemma.endsWith('e') && ['ing', 'ed', 'er'].some((f) => word === lemma.slice(0, -1) + f));
}

/** Characters at the start and end two words share: the tie-break between two near keywords. */
function sharedEnds(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  return i + j;
}

/** The message with chat shorthand spelt out ("w/", "w", "b/c", "tmrw", "nxt wk") and one-letter typos of everyday words mended. */
export function mendTypos(text: string): string {
  // Whole words between spaces and punctuation only: never a piece of an address or a link.
  const spelt = SYMBOLIC.reduce((t, [re, word]) => t.replace(re, word), text);
  return spelt.replace(/[a-z]{2,}/g, (word: string, at: number) => {
    // what (?<![\w@.\/:-]) before and (?![\w@\/-]|:\/\/|\.\w) after the word checked
    if (/[\w@.\/:-]/.test(spelt[at - 1] ?? '') || /^(?:[\w@\/-]|:\/\/|\.\w)/.test(spelt.slice(at + word.length, at + word.length + 3))) return word;
    if (KNOWN.has(word)) return word;
    if (Object.hasOwn(SHORTHAND, word)) return SHORTHAND[word];
    if (word.length < 3) return word;
    // Three-letter words only by a swap of two letters ("lgo"), longer ones by any one edit.
    if (VOCABULARY.some((v) => isInflectionOf(word, v))) return word;
    const near = VOCABULARY.filter((v) => withinOneEdit(word, v) && (word.length >= 4 || (v.length === 3 && [...word].sort().join('') === [...v].sort().join(''))));
    if (near.length <= 1) return near[0] ?? word;
    // "emaild" is one edit from "email" and from "emailed": the one that keeps its ending wins.
    const ranked = near.map((v) => ({ v, shared: sharedEnds(word, v) })).sort((a, b) => b.shared - a.shared);
    return ranked[0].shared > ranked[1].shared ? ranked[0].v : word;
  });
}
