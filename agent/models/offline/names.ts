/** Reading people's names and company names out of a sentence, capitalized or not. */

const STOP = new Set(`
a an the my our your his her their its this that these those some any all each every no not
i me we us you he him she they them it who whom whose which what when where why how
and or but nor so yet also too then than as at by for from in into of off on onto out over to up down with without via per about
re regarding around after before during since until till between among against
is am are was were be been being has have had do does did done will would can could should shall may might must
log logged add added save create new update set mark move moved change tag tagged untag note notes delete remove merge
follow followup follow-up up remind reminder ping pinged snooze push postpone schedule scheduled complete completed done
call called calling phone phoned rang ring email emailed emails mail mailed message messaged messages text texted dm dmed
meet met meeting meetings chat chatted coffee lunch dinner drinks breakfast zoom video linkedin inmail
talk talked spoke speak spoken caught catch sent send wrote write reached reach heard hear replied reply responded
today tonight tomorrow yesterday morning afternoon evening night now later soon earlier recently again back yet still
monday tuesday wednesday thursday friday saturday sunday week weeks month months year years day days weekend
next last ago january february march april june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
check ping reach touch circle base nudge chase reconnect discuss ask see get send share confirm thank introduce intro
contact contacts company title everyone everybody someone anyone people person nobody one ones
well good great fine okay ok bad badly poorly positive negative neutral outcome response
interview interviews screen offer offered application applied role job position opportunity pipeline stage
recruiter manager hiring mentor peer referral engineer connection strong weak medium close
please just really very quick quickly briefly about asap eod
`.split(/\s+/).filter(Boolean));

// Words that follow a first name typed in lower case and are never its surname ("priya went", "jess because").
const LOWER_NOT_SURNAME = new Set('went got gave said says told wants needs left took came made knows thinks seems likes loves owes because cos cuz til tho though asap'.split(' '));

const PRONOUNS = new Set(['her', 'him', 'them', 'she', 'he', 'they']);
const PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'der', 'di', 'la', 'le', 'bin', 'al', 'du', 'dos', 'st.']);

export const isStopWord = (w: string): boolean => STOP.has(w.toLowerCase());
export const isPronoun = (w: string): boolean => PRONOUNS.has(w.toLowerCase());

const capitalized = (w: string): boolean => /^[A-ZÀ-Ý]/.test(w);

export interface NameMatch {
  /** The name as written (without a possessive 's). */
  name: string;
  index: number;
  end: number;
  pronoun?: boolean;
}

const WORD = /^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’.\-]*/;

function stripPossessive(w: string): { word: string; possessive: boolean } {
  const m = /^(.*?)(?:['’]s|['’])$/.exec(w);
  if (m && m[1].length > 1) return { word: m[1], possessive: true };
  return { word: w.replace(/\.$/, ''), possessive: false };
}

/**
 * Reads a person's name starting at `pos` (after "with", "emailed", ...). A capitalized first word
 * takes following capitalized words ("Dana Whitfield"); a lowercase one takes at most one more
 * lowercase word that is not an ordinary word ("dana whitfield"). Pronouns come back as such.
 */
export function readName(text: string, pos: number): NameMatch | null {
  let i = pos;
  while (i < text.length && text[i] === ' ') i++;
  const words: string[] = [];
  let start = i;
  let end = i;
  while (words.length < 3) {
    const m = WORD.exec(text.slice(i));
    if (!m) break;
    const raw = m[0];
    const { word, possessive } = stripPossessive(raw);
    const lower = word.toLowerCase();
    if (words.length === 0) {
      if (isPronoun(lower)) return { name: lower, index: i, end: i + raw.length, pronoun: true };
      // "CV", "CTO", "SWE": an acronym is not a person
      if (STOP.has(lower) || word.length < 2 || /^[A-Z]{2,5}$/.test(word)) return null;
      start = i;
    } else {
      const firstCap = capitalized(words[0]);
      const particle = firstCap && PARTICLES.has(lower);
      if (!particle) {
        if (STOP.has(lower)) break;
        if (firstCap !== capitalized(word)) break;
        // "noah fischer asking about …": typed in lower case, a name is two words, and a verb form is no surname
        if (!firstCap && (words.length >= 2 || /(?:ing|ed)$/.test(lower) || LOWER_NOT_SURNAME.has(lower))) break;
      }
    }
    words.push(word);
    end = i + (possessive ? raw.length : word.length);
    i += raw.length;
    if (possessive) break;
    if (text[i] !== ' ') break;
    i++;
  }
  while (words.length > 1 && PARTICLES.has(words[words.length - 1].toLowerCase())) words.pop();
  if (words.length === 0) return null;
  return { name: words.join(' '), index: start, end };
}

/** The first name-like run of capitalized words in `text` that is not a stop word. */
export function findCapitalizedName(text: string, from = 0, skip: (w: string, at: number) => boolean = () => false): NameMatch | null {
  const re = /[A-ZÀ-Ý][A-Za-zÀ-ÿ'’\-]+/g;
  re.lastIndex = from;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (STOP.has(stripPossessive(m[0]).word.toLowerCase()) || skip(m[0], m.index)) continue;
    const atStart = m.index === 0 || /[.!?]\s*$/.test(text.slice(0, m.index));
    const found = readName(text, m.index);
    if (!found) continue;
    if (atStart && STOP.has(found.name.split(' ')[0].toLowerCase())) continue;
    return found;
  }
  return null;
}

export function splitName(full: string): { first_name: string; last_name: string } {
  const parts = full.trim().split(/\s+/);
  const cap = (w: string) => (w === w.toLowerCase() ? w.charAt(0).toUpperCase() + w.slice(1) : w);
  const first = cap(parts[0] ?? '');
  const last = parts.slice(1).map((p) => (PARTICLES.has(p.toLowerCase()) ? p : cap(p))).join(' ');
  return { first_name: first, last_name: last };
}

const COMPANY_STOP = new Set(`
as in for on and or but about to with from at by the a an my his her their is was are were has had have
who which that where when since because so then today tomorrow yesterday next last this on via
about regarding re please it its he she they him them i me we us
`.split(/\s+/).filter(Boolean));
const NOT_A_COMPANY = /^(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|noon|midnight|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|tonight|next|last|\d+(?:st|nd|rd|th)?)$/i;
const COMPANY_SUFFIX = /^(inc\.?|corp\.?|co\.?|llc|ltd\.?|labs|ai|group|bank|capital|technologies|systems|partners)$/i;

/** Reads a company name at `pos` ("Stripe", "Jane Street", "AT&T", "stripe"). */
export function readCompany(text: string, pos: number): { name: string; index: number; end: number } | null {
  let i = pos;
  while (i < text.length && text[i] === ' ') i++;
  const re = /^[A-Za-z0-9À-ÿ][A-Za-z0-9À-ÿ&'’.\-]*/;
  const words: string[] = [];
  const start = i;
  let end = i;
  while (words.length < 4) {
    const m = re.exec(text.slice(i));
    if (!m) break;
    let word = m[0].replace(/['’]s$/, '').replace(/\.$/, '');
    if (/['’]s$/.test(m[0]) && words.length === 0) {
      // "Stripe's offer": the company is Stripe
    }
    const lower = word.toLowerCase();
    if (COMPANY_STOP.has(lower) && !(words.length > 0 && lower === '&')) break;
    if (words.length > 0 && !capitalized(word) && !COMPANY_SUFFIX.test(word) && !/\d/.test(word)) break;
    if (words.length === 0 && STOP.has(lower) && !capitalized(word)) break;
    words.push(word);
    end = i + word.length;
    i += m[0].length;
    if (/['’]s$/.test(m[0])) break;
    // "Shopify. Met her …": a full stop ends the name (except after "Inc." and the like)
    if (/\.$/.test(m[0]) && !COMPANY_SUFFIX.test(m[0])) break;
    if (text[i] !== ' ') break;
    i++;
  }
  if (words.length === 0) return null;
  if (NOT_A_COMPANY.test(words[0])) return null;
  const name = words.join(' ');
  return { name: name === name.toLowerCase() && !/\d/.test(name) ? name.charAt(0).toUpperCase() + name.slice(1) : name, index: start, end };
}

/** Title case for titles typed in lowercase ("staff engineer" → "Staff Engineer"). */
export function titleCase(s: string): string {
  if (s !== s.toLowerCase()) return s.trim();
  const small = new Set(['of', 'and', 'for', 'the', 'at', 'in', 'to']);
  return s.trim().split(/\s+/).map((w, i) => {
    if (i > 0 && small.has(w)) return w;
    if (/^(cto|ceo|cfo|coo|vp|svp|evp|pm|sre|qa|ui|ux|hr|ml|ai|cpo|cmo|devops)$/i.test(w)) return w.toUpperCase();
    return w.charAt(0).toUpperCase() + w.slice(1);
  }).join(' ');
}
