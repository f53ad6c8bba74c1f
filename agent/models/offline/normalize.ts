import { readName } from './names.js';

/**
 * Everyday ways of saying something, rewritten to the plain form the slot readers read, before a
 * message is planned. Each rule is about the shape of English, never about one sentence: a courtesy
 * title before a name, an attempt verb before what was attempted, a contrast that corrects a value,
 * a job change told as leaving one place and being at another.
 */

// "Dr. Amara Okonkwo", "Ms Souza", "Prof. Lars Eriksson": a title is no part of the name, and its
// full stop is no sentence end. Only before a capitalized word, so "dr" alone or "ms office" stay.
const HONORIFIC = /\b(?:Dr|DR|dr|Mrs|MRS|mrs|Mr|MR|mr|Ms|MS|ms|Mx|mx|Prof|PROF|prof|Professor|professor)\.?\s+/g;
const CAPITALIZED = /^[A-ZÀ-Ý][a-zà-ÿ]/;

// What was attempted, as the thing done: "tried calling Hugo" / "attempted to call Zara" / "managed
// to get Noah on the phone" → "called Hugo", "called Zara", "got Noah on the phone".
const ATTEMPT = /\b(?:tried|attempted|managed|finally managed)(?:\s+to)?\s+([a-z]+)\b/gi;
const DONE_FORM: Record<string, string> = {
  call: 'called', calling: 'called', phone: 'phoned', phoning: 'phoned', ring: 'rang', ringing: 'rang',
  email: 'emailed', emailing: 'emailed', text: 'texted', texting: 'texted', message: 'messaged', messaging: 'messaged',
  ping: 'pinged', pinging: 'pinged', reach: 'reached out to', reaching: 'reached out to', contact: 'reached out to', contacting: 'reached out to',
  get: 'got', getting: 'got', meet: 'met', meeting: 'met', catch: 'caught', catching: 'caught', dm: 'dmed', dming: 'dmed',
};

const PHONE_SAID = /\b(?:by|over the|via)\s+phone\b/gi;
// "got Noah on the phone": spoke to him.
const GOT = /\bgot\s+(?=[A-Z])/g;
// "no luck", "couldn't get through": no answer came.
const NO_LUCK = /\b(?:no luck|couldn['’]?t get through|could not get through|didn['’]?t get through)\b/gi;

// "X is actually a hiring manager, not a recruiter": the value said wrongly is dropped, the right one stays.
const NOT_THAT = /,? (?:and )?not (?:a|an|the|my) (?:hiring manager|[a-z]+)([.!;]|$)/gi;
// "more of a mentor than a peer" → "a mentor"
const MORE_OF = /\bmore (?:of )?(an?) (hiring manager|recruiter|mentor|peer|referral|friend) than (?:an?|the|my) (?:hiring manager|recruiter|mentor|peer|referral|friend)\b/g;
// "I had Victor down as a hiring manager but he's actually a recruiter" → "Victor is actually a recruiter"
const HAD = /\b(?:I )?(?:had|have|put|listed|saved) /g;
const DOWN_AS_BUT = /^ (?:down )?as (?:an? )?(?:hiring manager|[a-z]+),? but (?:she|he|they)(?:['’]s| is|['’]re| are) /;
// "Ethan is actually the hiring manager": a correction says what is so now.
const ACTUALLY = /\b(is|['’]s)\s+(?:actually|really|in fact)\s+((?:an?|the|my|more)\s)/gi;
const CORRECTION = /^(?:correction|fix|actually|update|quick correction)\s*[:,\-–—]\s*/i;
// "oops — Julia works at Square", "turns out Fatima is the hiring manager", "fyi, …": words that
// open a message and say how to take it (a slip owned, news, a discovery), not what it is about.
const DISCOURSE = /^(?:oops|whoops|my bad|sorry|(?:it\s+)?turns\s+out(?:\s+that)?|apparently(?:\s+that)?|heads\s+up|just\s+so\s+you\s+know|by\s+the\s+way)(?:\s*[:,!.\-–—]+\s*|\s+)(?=\S)/i;
// "works at Square, not Stripe": the name said wrongly, after "not", is dropped; the right one stays.
const NOT_NAMED = /,\s*(?:and\s+)?not\s+(?:at\s+|with\s+|from\s+)?[A-Z][\w&'’\-]*(?:\s+[A-Z][\w&'’\-]*){0,2}(?=\s*(?:[.!;]|$))/g;
// "heard back from Miro... it's a no": an ellipsis is a pause between two parts of one thought, as a comma is.
// (each run of dots is matched whole once, and a comma only where a space follows it)
const ELLIPSIS = /\.{2,}|…/g;
const pause = (dots: string, at: number, text: string): string => (/\s/.test(text[at + dots.length] ?? '') ? ',' : dots);
// Pictures (🎉, 👍) and what joins or styles them carry no words to read or keep.
const PICTURES = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]+/gu;
// "left ingrid a voicemail", "left a voicemail for Sam": a call that went unanswered.
const VOICEMAIL_FOR = /\bleft\s+(?:an?\s+)?(?:voice ?mail|vm|voice message)\s+for\s+(\S+(?:\s+[A-Z]\S*)?)/gi;
const VOICEMAIL_TO = /\bleft\s+(\S+(?:\s+[A-Z]\S*)?)\s+an?\s+(?:voice ?mail|vm|voice message)\b/gi;

// A job change told as leaving one place and being at another: only where they are now is kept.
const NAME = "([A-Z][\\w'’\\-]*(?:\\s+[A-Z][\\w'’\\-]*)?)";
const COMPANY = "[A-Z0-9][\\w&.'’\\-]*(?:\\s+[A-Z0-9][\\w&.'’\\-]*){0,3}";
const SHE_IS = "(?:she|he|they)(?:['’]s|\\s+is|['’]re|\\s+are)";
// "Mei quit Asana, she's working at Linear now" → "Mei is now at Linear now"
const LEFT_AND_AT = new RegExp(`^${NAME}\\s+(?:left|quit|has left)\\s+${COMPANY}[,;]?\\s+(?:and\\s+|but\\s+)?(?:${SHE_IS}|is)\\s+(?:now\\s+)?(?:working\\s+|over\\s+)?(?=at\\s)`);
// "Sam is no longer at Uber; he joined Lyft" → "Sam joined Lyft"
const NO_LONGER = new RegExp(`^${NAME}\\s+(?:is\\s+no\\s+longer|isn['’]t|is\\s+not)\\s+(?:at|with)\\s+${COMPANY}(?:\\s+anymore)?[,;.]?\\s+(?:and\\s+|but\\s+)?(?:she|he|they)\\s+(?=\\S)`);
// "Priyanka switched jobs, she's now Head of Growth" → "Priyanka is now Head of Growth"
const SWITCHED = new RegExp(`^${NAME}\\s+(?:switched|changed)\\s+(?:jobs|roles|companies|teams)[,;]?\\s+(?:and\\s+)?${SHE_IS}\\s+`);
// "Jonas moved to Klarna as Staff Data Scientist" → "Jonas is now Staff Data Scientist at Klarna"
const MOVED_AS = new RegExp(`^${NAME}\\s+(?:moved|went|switched|jumped|left)\\s+(?:over\\s+)?(?:to|for)\\s+(${COMPANY})\\s+as\\s+(?:an?\\s+|the\\s+)?([A-Za-z][^,.;!]*)`);
// "over at Duolingo" is at Duolingo
const OVER_AT = /\bover\s+at\b/gi;

/** "I had Victor down as a hiring manager but he's actually a recruiter" → "Victor is actually a recruiter". */
function hadDownAs(text: string): string {
  for (const m of text.matchAll(HAD)) {
    if (!/[A-Z]/.test(text[m.index + m[0].length] ?? '')) continue; // a name follows
    const name = readName(text, m.index + m[0].length);
    const rest = name && !name.pronoun ? DOWN_AS_BUT.exec(text.slice(name.end)) : null;
    if (rest) return `${text.slice(0, m.index)}${name!.name} is ${text.slice(name!.end + rest[0].length)}`;
  }
  return text;
}

export function normalizeMessage(said: string): string {
  const pictured = said.replace(PICTURES, '');
  const text = pictured === said ? said : pictured.replace(/ {2,}/g, ' ').trim();
  let t = text.replace(ELLIPSIS, pause).replace(DISCOURSE, '').replace(HONORIFIC, (title: string, at: number) => (CAPITALIZED.test(text.slice(at + title.length, at + title.length + 2)) ? '' : title));
  t = t.replace(ATTEMPT, (all, verb: string) => DONE_FORM[verb.toLowerCase()] ?? all);
  t = t.replace(PHONE_SAID, 'on the phone').replace(NO_LUCK, 'no answer');
  t = t.replace(GOT, (all, at: number) => {
    const name = readName(t, at + all.length);
    return name && !name.pronoun && t.startsWith(' on the phone', name.end) ? 'spoke to ' : all;
  });
  t = hadDownAs(t);
  t = t.replace(VOICEMAIL_FOR, 'called $1, left a voicemail').replace(VOICEMAIL_TO, 'called $1, left a voicemail');
  t = t.replace(CORRECTION, '').replace(MORE_OF, '$1 $2').replace(NOT_THAT, '$1').replace(NOT_NAMED, '').replace(ACTUALLY, '$1 now $2');
  t = t.replace(LEFT_AND_AT, '$1 is now ').replace(NO_LONGER, '$1 ').replace(SWITCHED, '$1 is ')
    .replace(MOVED_AS, (_, who: string, company: string, title: string) => `${who} is now ${title.trimEnd()} at ${company}${/\s$/.test(title) ? ' ' : ''}`).replace(OVER_AT, 'at');
  // A rewrite at the start keeps the sentence's capital ("Tried calling …" → "Called …").
  return /^[A-Z]/.test(text) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
}
