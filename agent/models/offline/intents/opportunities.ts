import { findDate, findDates } from '../dates.js';
import { findPriority, findSalary, findStage, findUrls, type Stage } from '../entities.js';
import { readCompany, readName, titleCase } from '../names.js';
import type { ToolOutcome } from '../conversation.js';
import { compact, single, type Plan, type PlanInput } from '../plan-types.js';
import { isCity } from './contact-details.js';
import { planDatedJobStep } from './job-steps.js';
import { between, splitAround, splitTrimmed, trimEndOf } from './text.js';

// Words before "offer" that say which offer, not whose.
const OFFER_KIND = /^(?:job|verbal|written|formal|official|final|new|big|real|first|second|actual|full|counter|return|an?|the|my|that|this)$/i;

/**
 * "got the Plaid offer": the company named last before the word, after "the", "my", "a(n)" (the
 * article nearest the word: in "a voicemail about the offer" no company is named).
 */
function companyBefore(before: string): string | null {
  const m = /\b(?:the|my|an?|their|his|her)\s+((?:[\w&.\-]+\s+){1,3})$/i.exec(before);
  if (!m) return null;
  if (m[1].split(/\s+/).some((w) => /^(?:the|my|an?|their|his|her|about|for|of|on|with|to|from|regarding)$/i.test(w))) return null;
  const c = readCompany(m[1], 0);
  return c && !OFFER_KIND.test(c.name) ? c.name : null;
}

// (`back` for an expression that reads the name's first letter too: /\bwith\s+[A-Z]/)
const companyAfter = (t: string, re: RegExp, back = 0): string | null => {
  const m = re.exec(t);
  if (!m) return null;
  return readCompany(t, m.index + m[0].length - back)?.name ?? null;
};

/** "the Backend Engineer role at Stripe" → { title, company }. */
export function titleAtCompany(phrase: string): { title?: string; company?: string } {
  const said = phrase.trim();
  const lead = /^(?:(?:the|a|an|my|this|that)\s+)?/i.exec(said)![0];
  const m = splitAround(said.slice(lead.length), /\s(?:(?:role|position|job|opening|posting|req|opportunity)\s+)?(?:at|@|with)\s/i)
    ?? (lead ? splitAround(said, /\s(?:(?:role|position|job|opening|posting|req|opportunity)\s+)?(?:at|@|with)\s/i) : null);
  if (!m) return {};
  const title = m[0].replace(/\s(?:role|position|job|opening|posting|opportunity)$/i, '').trim();
  const company = readCompany(m[1], 0)?.name;
  if (!company) return {};
  return { title: title && !/^(?:role|position|job|opening|it|one|something)$/i.test(title) ? titleCase(title) : undefined, company };
}

const NEXT_ACTION: Partial<Record<Stage, string>> = { interview: 'Interview', phone_screen: 'Phone screen', final_round: 'Final round interview' };
// "made it to the last round at Canva", "got through to the onsite with Stripe": a stage reached, the company after it.
const REACHED = /\b(?:made it|got|moved|advanced|progressed|through)\s+(?:on\s+)?(?:through\s+)?(?:to|into)\s/i;

/** The stage reached ("the last round") and where the company's name starts after "at", "with" or "for". */
function reachedStage(t: string): { index: number; stage: string; end: number } | null {
  const m = REACHED.exec(t);
  if (!m) return null;
  const from = m.index + m[0].length;
  const rest = t.slice(from).replace(/^\s*(?:the\s+)?/i, '');
  const at = /\s(?:at|with|for)\s/i.exec(rest.slice(1));
  if (!at) return null;
  const stage = rest.slice(0, at.index + 1).trim();
  return stage ? { index: m.index, stage, end: t.length - rest.length + at.index + 1 + at[0].length } : null;
}

function stageUpdate(intent: string, company: string, status: Stage, input: PlanInput, extraText: string): Plan {
  const said = nextStepSaid(extraText, input);
  const date = said ? said.date : NEXT_ACTION[status] ? findDate(extraText, input.clock, 'forward') : null;
  const fields = compact({
    opportunity: company,
    status,
    next_action: said?.action ?? (date || /\b(?:scheduled|booked|set up|coming up|upcoming|have an?|got an?)\b/i.test(extraText) ? NEXT_ACTION[status] : undefined),
    next_action_date: date?.date,
    // "came through with an offer — 165k base": what an offer pays is its salary
    salary_range: status === 'offer' ? findSalary(extraText) : undefined,
  });
  return single(intent, 'update_opportunity', fields);
}

/** "… and the next step there is to send references by Friday": the next step said outright, and its day. */
export function nextStepSaid(text: string, input: PlanInput): { action: string; date: { date: string } | null } | null {
  const m = /\bnext\s+(?:step|action|thing to do)s?\b(?:\s+(?:there|for (?:this|that|it|them)|with them))?\s*(?:is|will be|would be|:|=)\s*(?:to\s+)?([^.;!]+)/i.exec(text);
  if (!m) return null;
  const date = findDate(m[1], input.clock, 'forward');
  const action = (date ? m[1].replace(date.text, ' ') : m[1]).replace(/\s(?:by|on|before|for)\s*$/i, '').replace(/\s+/g, ' ').trim();
  if (!action) return null;
  return { action: action.charAt(0).toUpperCase() + action.slice(1), date };
}

/**
 * "Add that to my pipeline" after "he's going to refer me for the SWE III opening on Google Cloud":
 * the job the words before spoke of, for a request that points back at it.
 */
export function jobPointedAt(clause: string, before: string): { company_name: string; job_title?: string } | null {
  if (!/^(?:please\s+)?(?:can you\s+)?(?:add|put|track|save|stick)\s+(?:that|it|this|this one|that one|the (?:role|job|position|opening))\s+(?:to|in|on|into)\s+(?:my\s+|the\s+)?(?:pipeline|tracker|list|job search)\b/i.test(clause.trim())) return null;
  let found: { company_name: string; job_title?: string } | null = null;
  for (const job of jobsNamed(before)) {
    const company = readCompany(before, job.at);
    if (company && !isCity(company.name)) found = { company_name: company.name, job_title: titleCase(job.title) };
  }
  return found;
}

/**
 * "the SWE III opening on Google Cloud": each job named with "the" (or "a", "that" …), a title of at
 * most 41 characters, the kind of posting and "at", "on", "with" …, and where the company's name starts.
 */
function jobsNamed(text: string): Array<{ title: string; at: number }> {
  const words = [...text.matchAll(/\S+/g)];
  const out: Array<{ title: string; at: number }> = [];
  for (let i = 0; i < words.length; i++) {
    if (!/^(?:the|a|an|that|this)$/i.test(words[i][0]) || !/^[A-Za-z]/.test(words[i + 1]?.[0] ?? '')) continue;
    const from = words[i + 1].index!;
    for (let j = i + 2; j + 1 < words.length; j++) {
      const title = text.slice(from, words[j - 1].index! + words[j - 1][0].length);
      if (title.length > 41 || !/^[\w\s\-\/&+]+$/.test(title)) break;
      const prep = words[j + 1];
      if (title.length >= 2 && /^(?:opening|role|position|job|req|posting)$/i.test(words[j][0]) && /^(?:at|on|with|in|for)$/i.test(prep[0]) && /\s/.test(text[prep.index! + prep[0].length] ?? '')) {
        out.push({ title, at: prep.index! + prep[0].length });
        i = j + 1;
        break;
      }
    }
  }
  return out;
}

/** "update the stage for Acme to phone screen", "move Stripe to the onsite": what moves, and to what. */
function movedTo(rest: string, middle: RegExp): [string, string] | null {
  const sides = splitAround(rest, middle);
  if (!sides) return null;
  const target = trimEndOf(sides[1].replace(/^(?:the\s+)?/i, ''), '.!').replace(/\sstage$/i, '').trimEnd();
  return target ? [sides[0], target] : null;
}

/** Stage changes said the way people say them. */
export function planOpportunityUpdate(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const dated = planDatedJobStep(input);
  if (dated) return dated;

  // "update the deal stage for Acme to phone screen", "set the status of my Figma application to offer"
  const stageFor = /\b(?:update|set|change|move)\s+(?:the\s+)?(?:deal\s+|application\s+|opportunity\s+|pipeline\s+)?(?:stage|status)\s+(?:for|of|on)\s/i.exec(t);
  const stageOf = stageFor ? movedTo(t.slice(stageFor.index + stageFor[0].length).replace(/^\s*(?:my\s+|the\s+)?/i, ''), /\s(?:to|as)\s/i) : null;
  if (stageOf) {
    const status = findStage(stageOf[1]);
    const what = stageOf[0].replace(/\s(?:opportunity|application|role|job|position|deal)$/i, '').trimEnd();
    const named = titleAtCompany(what);
    const c = named.company ? `${named.title ? `${named.title} at ` : ''}${named.company}` : readCompany(what, 0)?.name;
    if (status && c) return stageUpdate('move_stage', c, status, input, stageOf[1]);
  }

  // "move the Stripe opportunity to phone screen", "mark my Globex application as interview"
  const verb = /\b(?:move|moved|update|updated|set|change|changed|mark|marked|advance|advanced|bump|put)\s/i.exec(t);
  const move = verb ? movedTo(t.slice(verb.index + verb[0].length).replace(/^\s*(?:the\s+|my\s+)?/i, ''), /\s(?:(?:opportunity|application|role|job|position|one|deal|process)\s+)?(?:to|as|into|at)\s/i) : null;
  if (move) {
    const status = findStage(move[1]);
    const what = move[0].replace(/\s(?:opportunity|application|role|job|position)$/i, '').trimEnd();
    const named = titleAtCompany(what);
    const company = named.company ? `${named.title ? `${named.title} at ` : ''}${named.company}` : readCompany(what, 0)?.name;
    if (status && company && /\b(?:opportunity|application|role|job|position|pipeline|stage)\b|\bto (?:the )?(?:phone|interview|final|offer|rejected|withdrawn|applied)/i.test(t)) {
      return stageUpdate('move_stage', company, status, input, move[1]);
    }
  }

  // "Datadog moved me to the final round", "Stripe advanced me to the onsite"
  const movedMe = splitAround(t.replace(/^(?:so\s+|great news:?\s+)/i, ''), /\s(?:moved|advanced|pushed|bumped|progressed|passed|invited|is moving|are moving)\s+me\s+(?:on\s+|forward\s+)?(?:to|into|through to|for)\s/i);
  if (movedMe) {
    const status = findStage(movedMe[1].replace(/^(?:the\s+|an?\s+)/i, ''));
    const c = readCompany(movedMe[0], 0)?.name;
    if (status && c) return stageUpdate(status, c, status, input, movedMe[1].replace(/^(?:the\s+|an?\s+)/i, ''));
  }
  const reached = reachedStage(t);
  if (reached) {
    const status = findStage(reached.stage);
    const c = readCompany(t, reached.end)?.name;
    if (status && c) return stageUpdate(status, c, status, input, t.slice(reached.index));
  }
  // offers
  const offerAt = /\boffers?\b/i.exec(t);
  let company = companyAfter(t, /\boffers?\s+(?:letter\s+)?(?:from|at|with)\s+/i)
    // "sent over a written offer", "extended me a verbal offer": the company that made it comes first
    ?? (/\b(?:made|gave|extended|sent|emailed|came (?:through|back) with|followed up with|got back (?:to me )?with)\s+(?:me\s+|over\s+|through\s+)?(?:an?\s+|the\s+)?(?:(?:written|verbal|formal|official|job)\s+)?offer\b|\boffered me\b/i.test(t) ? readCompany(t.replace(/^(?:so\s+|wow,?\s+|great news:?\s+)/i, ''), 0)?.name ?? null : null)
    // "GOT THE PLAID OFFER", "accepted my Stripe offer": the company named right before the word
    ?? (offerAt ? companyBefore(t.slice(0, offerAt.index)) : null);
  if (company && /\boffer/i.test(t)) return stageUpdate('offer', company, 'offer', input, t);

  // "bump linear up to high priority", "make Stripe top priority", "deprioritize Canva"
  const priority = priorityChange(t);
  if (priority) return priority;

  // rejections
  company = companyAfter(t, /\b(?:rejected|turned (?:me )?down|declined|ghosted|passed on)\s+by\s/i)
    ?? companyAfter(t, /\brejection\s+(?:from|by)\s+/i)
    // "got a polite no from Figma": a verdict said as a noun, from the company
    ?? companyAfter(t, /\ban?\s+(?:hard\s+|firm\s+|polite\s+|clear\s+)?no\s+(?:back\s+)?from\s+/i)
    ?? companyAfter(t, /\bdidn'?t get (?:the |an? )?(?:job|role|position|offer)?\s*(?:at|with|from)\s/i)
    ?? companyAfter(t, /\b(?:not moving forward|no longer moving forward|won'?t be moving forward)\s+(?:with|at)\s/i)
    ?? (/^(?:so\s+|sadly,?\s+|ugh,?\s+)?\S+(?:\s+\S+)?\s+(?:rejected me|turned me down|passed on me|said no|ghosted me|is not moving forward|isn'?t moving forward|won'?t move forward|declined me)\b/i.test(t)
      ? readCompany(t.replace(/^(?:so\s+|sadly,?\s+|ugh,?\s+)/i, ''), 0)?.name ?? null
      : null);
  // "heard nothing back from Initech, pretty sure they ghosted me": "they" is the company named before.
  // "heard back from Miro, it's a no": so is "it", of a verdict said as a noun
  if (!company && (/\b(?:they|it)(?:'ve| have)?\s+(?:\w+\s+)?(?:ghosted|rejected|turned me down|passed on me|said no|went with (?:someone|another))\b/i.test(t)
    || /\b(?:it['’]?s|it is|it was|that['’]?s)\s+an?\s+(?:hard\s+|firm\s+|polite\s+|clear\s+)?no\b/i.test(t))) {
    company = companyAfter(t, /\b(?:from|by|at|with|to)\s+[A-Z]/, 1);
  }
  if (company) return stageUpdate('rejected', company, 'rejected', input, t);

  // withdrawals
  const wd = /\b(?:withdraw|withdrew|withdrawn|withdrawing|pull(?:ed|ing)?(?:\s+(?:myself\s+)?out)?|dropp(?:ed|ing)\s+out|back(?:ed|ing)\s+out)\b/i.exec(t);
  if (wd) {
    const end = wd.index + wd[0].length;
    const from = /^\s*(?:(?:of|from)\s*)?(?:my\s+|the\s+)?(?:(?:application|candidacy)\s+(?:to|at|with|for|from)\s+)?/i.exec(t.slice(end))![0];
    const c = readCompany(t, end + from.length)?.name;
    // "pull" alone is many things; with an application or a company after it, it is a withdrawal
    if (c && (!/^pull/i.test(wd[0]) || /\b(?:out|application|candidacy)\b/i.test(wd[0] + from))) return stageUpdate('withdraw', c, 'withdrawn', input, t);
  }

  // interviews, phone screens, final rounds
  const stageWords: Array<[RegExp, Stage]> = [
    [/\bphone[\s\-]?screen(?:ing)?\b|\bscreening call\b|\brecruiter screen\b/i, 'phone_screen'],
    [/\bfinal[\s\-]round\b|\bfinal interview\b|\blast[\s\-]round\b/i, 'final_round'],
    [/\binterview(?:ing)?\b|\bonsite\b|\bon-site\b/i, 'interview'],
  ];
  for (const [re, status] of stageWords) {
    const m = re.exec(t);
    if (!m) continue;
    if (/\b(?:log|logged|had a call|called|emailed|coffee)\b/i.test(t) && !/\bwith\s+[A-Z]\w*\s+(?:on|next|this|tomorrow)\b/.test(t)) {
      // "had a call with Dana about the interview" is an interaction
      if (!/\b(?:have|got|scheduled|booked|invited|landed)\b/i.test(t)) continue;
    }
    const after = t.slice(m.index + m[0].length);
    const before = t.slice(0, m.index);
    const c = companyAfter(after, /^\s*(?:call\s+|round\s+)?(?:with|at|for)\s+(?:the\s+)?/i)
      ?? (/\b(?:invited me|wants? me|scheduled|asked me|booked)\b/i.test(after) || /\b(?:invited me|wants? me(?: back)?|asked me(?: back)?|scheduled|booked)\b/i.test(before)
        ? readCompany(t.replace(/^(?:so\s+|great news:?\s+|yay,?\s+)/i, ''), 0)?.name ?? null
        : null)
      ?? companyAfter(before, /\b(?:my|the|a|an)\s+[A-Z]/, 1)
      ?? companyAfter(before, /\b(?:from|with|at|by)\s+[A-Z]/, 1);
    if (!c || /^(?:I|I'm|Im|My|The|A|An|Got|Have|Had)$/i.test(c)) continue;
    return stageUpdate(status === 'interview' ? 'interview' : status, c, status, input, t);
  }
  return null;
}

/** How much a job matters, changed: a verb of change, the job (its company), and the level said or the verb's own. */
function priorityChange(t: string): Plan | null {
  const level = findPriority(t) ?? (/\bdeprioriti[sz]e\b/i.test(t) ? 'low' : /\bprioriti[sz]e\b/i.test(t) ? 'high' : undefined);
  if (!level) return null;
  const verb = /\b(?:bump|make|set|mark|change|move|raise|lower|drop|put|update|upgrade|downgrade|deprioriti[sz]e|prioriti[sz]e)\s+(?:the\s+|my\s+)?(?:priority\s+(?:of|for|on)\s+(?:the\s+|my\s+)?)?/i.exec(t);
  const company = verb ? readCompany(t, verb.index + verb[0].length) : null;
  if (!company || /^(?:it|that|this|them|priority|high|top|low|medium)$/i.test(company.name)) return null;
  return single('update_opportunity', 'update_opportunity', { opportunity: company.name, priority_level: level });
}

/** "applied to Senior Backend Engineer at Stripe", "add the Staff Engineer role at Datadog to my pipeline". */
export function planAddOpportunity(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  let status: Stage = 'interested';
  let phrase: string | null = null;
  // "applied to Stripe" ("to", "for" … taken off as the expression that read it did: "tomorrow" loses its "to")
  const appliedRest = between(t, /\b(?:applied|submitted (?:an?|my) application|sent (?:in )?(?:an?|my) application|put in (?:an?|my) application)\s/i);
  const appliedTo = appliedRest ? appliedRest.replace(/^(?:to|for|at|with)?\s*/i, '') || appliedRest : null;
  // "Design Engineer at Vercel, applied today": "applied" after the job names no job of its own
  const applied = appliedTo && (readCompany(appliedTo.replace(/^(?:the\s+)/i, ''), 0) || titleAtCompany(appliedTo).company) ? appliedTo : null;
  const referred = splitAround(t, /\s(?:(?:referred|recommended|put)\s+me\s+(?:in\s+)?|gave me an?\s+(?:referral|intro|introduction)\s+|is referring me\s+)(?:to|for|at)\s/i);
  let referrer: string | undefined;
  if (applied) {
    status = 'applied';
    phrase = applied;
  } else if (referred && readName(referred[0], 0)) {
    referrer = readName(referred[0], 0)!.name;
    status = /\bapplied\b/i.test(t) ? 'applied' : 'interested';
    phrase = referred[1];
  } else {
    const add = addedToPipeline(t)
      ?? only(between(t, /\b(?:add|track|save|log|create)\s+(?:a\s+new\s+|an?\s+|the\s+)?(?:opportunity|job|role|position|opening)/i)?.replace(/^(?:\s*:)?\s*(?:for\s+)?/i, ''))
      ?? only(jobAtSaid(t, /\b(?:interested in|excited about|found|came across|saw|there'?s)\s/i, /\s(?:role|position|job|opening|posting)\s+(?:at|with)\s/i))
      ?? only(jobAtSaid(t, /\b(?:add|track)\s/i, /\s(?:role|position|job|opening|posting)\s+(?:at|with|@)\s/i))
      ?? only(between(t, /^(?:(?:new|potential|prospective|possible)\s+)?(?:opportunity|job|role|client|deal|project|gig|prospect|contract)\s*:/i))
      // "Track: Product Manager @ Duolingo, Pittsburgh, status applied"
      ?? only(between(t, /^(?:track|tracking|to track)\s*:/i))
      // "add a new one: Design Engineer at Vercel" (one of the jobs just spoken of)
      // "save this one: …", "track that one: …" (the job about to be named)
      ?? only(between(t, /\b(?:add|track|save|create|keep|bookmark)\s+(?:a\s+|this\s+|that\s+)?(?:new\s+|another\s+)?(?:one|role|job|posting|opening)\s*:/i));
    if (!add) return null;
    phrase = add[0] + add[1];
    const stage = findStage(add[0] + ' ' + add[1]);
    if (stage && stage !== 'offer') status = stage;
    // "want to apply", "thinking of applying": not applied yet
    if (status === 'applied' && /\b(?:want|plan|planning|going|hope|hoping|need|should|might|will|thinking (?:of|about))\s+(?:to\s+)?appl(?:y|ying)\b/i.test(t)) status = 'interested';
  }
  if (!phrase) return null;
  // the job: up to a comma, "today", or "with high priority" and the like
  const detailsAt = /,|\s(?:today|yesterday|this morning)\b|\s(?:with|and)\s+(?:(?:high|medium|low|top)\s+priority|salary|a salary|pay|comp)/i.exec(phrase);
  const job = detailsAt ? phrase.slice(0, detailsAt.index).trimEnd() : phrase;
  // "Senior iOS Engineer in London", "the role at Spotify based in Stockholm": where the job is, said inside its name
  const place = placeIn(job);
  const head = place ? job.slice(0, place.index) + job.slice(place.end) : job;
  let { title, company } = titleAtCompany(head);
  if (!company) {
    // "applied to Stripe for the backend role"
    const c = readCompany(head.replace(/^(?:the\s+)/i, ''), 0);
    if (!c) return null;
    company = c.name;
    // "Coinbase Senior Backend Engineer": the company, then the title
    const split = companyThenTitle(company);
    if (split) ({ company, title } = split);
    const role = between(head.slice(c.end), /\bfor\s/i)?.replace(/^(?:the\s+|a\s+|an\s+)/i, '').replace(/\s(?:role|position|job|opening)$/i, '').trimEnd();
    if (role) title = titleCase(role);
    // "the google staff role": words of a title between the company and the kind of job
    const bare = head.replace(/^(?:the\s+)/i, '');
    const titleWords = /^\s+((?:\S+\s+){1,3}?)(?:role|position|job|opening|posting)\b/i.exec(bare.slice(c.end));
    if (!title && titleWords && titleWords[1].trim().split(/\s+/).every((w) => TITLE_WORD.test(w))) title = titleCase(titleWords[1].trim());
  }
  if (!company || /^(?:my|the|a|it|pipeline)$/i.test(company)) return null;
  const applicationDate = status === 'applied' ? (findDate(phrase, input.clock, 'backward')?.date ?? input.clock.today) : undefined;
  const bracketed = splitTrimmed(/\(([^()]+)\)/.exec(phrase)?.[1] ?? '', ',').find((b) => isCity(b) || /^remote$/i.test(b));
  const location = place?.name ?? placeNamed(phrase.slice(job.length))
    ?? bracketed
    ?? (/\bremote\b/i.test(phrase) ? 'Remote' : undefined)
    ?? placeAlone(phrase.slice(job.length), input);
  const said = nextStepSaid(phrase, input);
  // "…, applied today" dates the application, not a next step
  const nextDate = findDate(withoutAppliedDay(phrase.slice(job.length)), input.clock, 'forward');
  const link = findUrls(t).other ?? findUrls(t).linkedin;
  // "Elena's the recruiter", "the hiring manager is Tom": the person this job goes through
  const through = nameBeforeRole(t)
    ?? /\b(?:the|my)\s(?:recruiter|hiring manager|contact|point of contact)\s(?:is|'s)\s([A-Z][\w\-]{1,40}(?:\s[A-Z][\w\-]{1,40})?)/.exec(t)?.[1];
  if (!referrer && through) referrer = through;
  if (!referrer) {
    // "Sam referred me", "referred by Sam Lee", "referral from Sam": whichever is said first
    const before = /\sreferred me\b/.exec(t);
    const by = /\b(?:referred (?:me )?by|referral from)\s/.exec(t);
    const named = before ? capitalWordsBefore(t, before.index, /[\w'’\-]/, false) : null;
    const byName = by ? capitalWordsAfter(t, by.index + by[0].length) : undefined;
    referrer = named && (!byName || named.index < by!.index) ? named.name : byName;
  }
  const fields = compact({
    contact: referrer,
    job_url: link,
    company_name: company,
    job_title: title,
    status,
    application_date: applicationDate,
    priority_level: findPriority(phrase),
    salary_range: findSalary(phrase),
    location,
    next_action: said?.action,
    // "applied for the role today": the day dates the application, not a next step
    next_action_date: said ? said.date?.date : nextDate && !(status === 'applied' && nextDate.date === applicationDate) ? nextDate.date : undefined,
  });
  // "applied for the google staff role": "the" points at a job already saved, which moves on; a job
  // not saved yet is added
  if (status === 'applied' && /^the\s/i.test(phrase.trim())) {
    const { company_name: _c, job_title: _t, ...change } = fields;
    const notFound = (done: ToolOutcome[]) => done[done.length - 1]?.error?.code === 'not_found';
    return {
      intent: 'add_opportunity',
      steps: [
        { toolName: 'update_opportunity', input: { opportunity: title ? `${title} at ${company}` : company, ...change } },
        { toolName: 'add_opportunity', input: fields, when: notFound, afterError: true },
      ],
    };
  }
  return single('add_opportunity', 'add_opportunity', fields);
}

export const TITLE_WORD = /^(?:senior|sr\.?|staff|principal|lead|junior|jr\.?|head|chief|vp|director|manager|engineer|engineering|developer|designer|scientist|analyst|architect|pm|product|program|project|backend|back-end|frontend|front-end|full-?stack|software|data|ml|ai|platform|infrastructure|infra|devops|sre|security|mobile|ios|android|web|solutions|technical|marketing|sales|growth|ux|ui|research|researcher|recruiter|writer|consultant|specialist|coordinator|associate|intern|officer|operations|ops|support|customer|success)$/i;
const ROLE_NOUN = /^(?:engineer|developer|designer|scientist|analyst|architect|manager|director|lead|pm|recruiter|writer|consultant|specialist|coordinator|associate|intern|researcher|officer|head|vp|sre|swe)s?$/i;

/**
 * The one or two capitalized words that end where `end` is ("… Elena Ruiz|'s the recruiter"), each a
 * capital and at least one more character of `word`; a word may start after a hyphen when `afterHyphen`.
 */
function capitalWordsBefore(text: string, end: number, word: RegExp, afterHyphen: boolean): { name: string; index: number } | null {
  const wordStart = (to: number): number | null => {
    let i = to;
    while (i > 0 && word.test(text[i - 1])) i--;
    for (let k = i; k <= to - 2; k++) {
      if ((k === i || (afterHyphen && text[k - 1] === '-')) && /[A-Z]/.test(text[k])) return k;
    }
    return null;
  };
  // without afterHyphen a name starts the text or follows a space or a comma
  const opens = (k: number) => afterHyphen || k === 0 || /[\s,]/.test(text[k - 1]);
  const last = wordStart(end);
  if (last === null || !opens(last)) return null;
  let gap = last;
  while (gap > 0 && /\s/.test(text[gap - 1])) gap--;
  const first = gap < last && gap > 0 && word.test(text[gap - 1]) && !word.test(text[last - 1]) ? wordStart(gap) : null;
  const start = first !== null && opens(first) ? first : last;
  return { name: text.slice(start, end), index: start };
}

/** The one or two capitalized words from `at` ("referred by |Sam Lee, …"), each a capital and at least one more letter, digit, apostrophe or hyphen. */
function capitalWordsAfter(text: string, at: number): string | undefined {
  const wordEnd = (i: number) => {
    if (!/[A-Z]/.test(text[i] ?? '')) return i;
    let j = i + 1;
    while (j < text.length && /[\w'’\-]/.test(text[j])) j++;
    return j - i >= 2 ? j : i;
  };
  let start = at;
  while (start < text.length && /\s/.test(text[start])) start++;
  const first = wordEnd(start);
  if (first === start) return undefined;
  let next = first;
  while (next < text.length && /\s/.test(text[next])) next++;
  const second = next > first ? wordEnd(next) : next;
  return text.slice(start, second > next ? second : first);
}

/** "Elena's the recruiter", "Tom is the hiring manager": the person a job goes through. */
function nameBeforeRole(t: string): string | undefined {
  for (const m of t.matchAll(/(?:['’]s|\sis)\s+(?:the|my|our)\s+(?:recruiter|hiring manager|contact|point of contact|hm)\b/g)) {
    const end = /^\s/.test(m[0]) ? t.slice(0, m.index).trimEnd().length : m.index!;
    const named = capitalWordsBefore(t, end, /[\w\-]/, true);
    if (named) return named.name;
  }
  return undefined;
}

/** "… at Stripe, applied on Monday morning" without the day it was applied. */
function withoutAppliedDay(text: string): string {
  let out = '';
  let done = 0;
  for (const m of text.matchAll(/\bapplied\s/gi)) {
    if (m.index! < done) continue;
    let end = m.index! + m[0].length;
    while (end < text.length && /\s/.test(text[end])) end++;
    const day = /^(?:on\s+\S+|\S+)/i.exec(text.slice(end, end + 80));
    if (!day) continue;
    end += day[0].length;
    end += /^\s+(?:morning|afternoon|evening|night)/i.exec(text.slice(end, end + 40))?.[0].length ?? 0;
    out += `${text.slice(done, m.index)} `;
    done = end;
  }
  return out + text.slice(done);
}

/** "… in San Francisco, with high priority": a capitalized place after "in", up to a comma, the end or "with", "and", "high" …. */
function placeNamed(text: string): string | undefined {
  for (const m of text.matchAll(/\b(?:in|based in|located in)\s/g)) {
    let start = m.index! + m[0].length;
    while (start < text.length && /\s/.test(text[start])) start++;
    if (!/[A-Z]/.test(text[start] ?? '')) continue;
    for (let p = start + 2; p <= text.length; p++) {
      if (!/[\w\s]/.test(text[p - 1])) break;
      if (p === text.length || text[p] === ',') return text.slice(start, p);
      if (/\s/.test(text[p]) && !/\s/.test(text[p - 1])) {
        let q = p;
        while (q < text.length && /\s/.test(text[q])) q++;
        if (/^(?:with|and|high|low|medium)/.test(text.slice(q, q + 6))) return text.slice(start, p);
      }
    }
  }
  return undefined;
}

const only = (job: string | null | undefined): [string, string] | null => (job ? [job, ''] : null);

/** "add Stripe to my pipeline, applied today": the job before "to my pipeline" and what is said after it. */
function addedToPipeline(t: string): [string, string] | null {
  const verb = /\b(?:add|track|save|log|create|put)\s/i.exec(t);
  if (!verb) return null;
  const rest = t.slice(verb.index + verb[0].length).trimStart();
  // "add the role to my pipeline": "role" is then the job, as when the words before it are taken less greedily
  const leads = [/^(?:a\s+new\s+|a\s+|an\s+|the\s+|this\s+)?(?:opportunity|job|role|position|opening)?(?:\s*:)?\s*/i, /^(?:a\s+new\s+|a\s+|an\s+|the\s+|this\s+)?/i];
  for (const lead of [...leads.map((re) => re.exec(rest)![0].length), 0]) {
    const said = rest.slice(lead);
    const to = /\s(?:to|in|into|on)\s+(?:my\s+|the\s+)?(?:pipeline|opportunities|tracker|list|job search)\b/i.exec(said.slice(1));
    const job = to ? said.slice(0, to.index + 1).trim() : '';
    const tail = to ? said.slice(to.index + 1 + to[0].length) : '';
    if (to && job && !/[\n\r\u2028\u2029]/.test(job + tail)) return [job, tail];
  }
  return null;
}

/** "came across a Staff Engineer role at Figma": the words after the cue that name a job at a company. */
function jobAtSaid(t: string, cue: RegExp, middle: RegExp): string | null {
  const said = between(t, cue);
  if (!said) return null;
  const bare = said.replace(/^(?:an?\s+|the\s+)/i, '');
  return [bare, said].find((job) => splitAround(job, middle)) ?? null;
}

/** "Coinbase Senior Backend Engineer" → Coinbase and Senior Backend Engineer: title words to the end, after the company's. */
export function companyThenTitle(name: string): { company: string; title: string } | null {
  const words = name.split(/\s+/);
  if (words.length < 2 || !ROLE_NOUN.test(words[words.length - 1])) return null;
  let i = words.length - 1;
  while (i > 0 && TITLE_WORD.test(words[i - 1])) i--;
  if (i === 0) return null;
  return { company: words.slice(0, i).join(' '), title: titleCase(words.slice(i).join(' ')) };
}

/**
 * "in London", "based in Stockholm", "located in Porto": a place inside the words that name a job. After
 * "based" or "located" any capitalized name is a place; after a bare "in" only a known city is.
 */
function placeIn(text: string): { name: string; index: number; end: number } | null {
  const re = / (?:(based|located) )?in (?=\S)/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const from = m.index + m[0].length;
    const words = text.slice(from).split(' ').slice(0, 3);
    for (let n = words.length; n > 0; n--) {
      const name = words.slice(0, n).join(' ').replace(/[.;!?]$/, '');
      const capitalized = name.split(' ').every((w) => /^[A-Z]/.test(w));
      if (isCity(name) || (m[1] && capitalized)) return { name: /^remote$/i.test(name) ? 'Remote' : name, index: m.index, end: from + words.slice(0, n).join(' ').length };
    }
  }
  return null;
}

/** ", Pittsburgh, status applied": a place said on its own among the details after the job. */
function placeAlone(rest: string, input: PlanInput): string | undefined {
  for (const part of rest.split(/[,;]/)) {
    const p = part.trim();
    if (!/^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?:,?\s+[A-Z]{2})?$/.test(p)) continue;
    if (findStage(p) || findPriority(p) || findDate(p, input.clock, 'forward') || /^(?:Remote|Hybrid|Onsite|Salary|Priority|Status)$/i.test(p)) continue;
    return p;
  }
  return undefined;
}

/** "delete the Stripe opportunity". */
export function planDeleteOpportunity(input: PlanInput): Plan | null {
  const verb = /\b(?:delete|remove|drop|archive)\s/i.exec(input.text);
  const rest = verb ? input.text.slice(verb.index + verb[0].length).replace(/^\s*(?:the\s+|my\s+)?/i, '') : '';
  const kind = /\s(?:opportunity|application|role|job|position)\b/i.exec(rest.slice(1));
  const what = kind ? rest.slice(0, kind.index + 1).trim() : '';
  if (!what) return null;
  const named = titleAtCompany(what);
  const ref = named.company ? `${named.title ? `${named.title} at ` : ''}${named.company}` : readCompany(what, 0)?.name;
  if (!ref) return null;
  return single('delete_opportunity', 'delete_opportunity', { opportunity: ref });
}

const JOB_TALK = /\b(?:pipeline|tracker|jobs?|roles?|positions?|openings?|applications?|companies|opportunit(?:y|ies)|track(?:ing)?|interested|keen|excited|apply(?:ing)?|interviews?|offers?)\b/i;

/** "Applied to 3 jobs today: Humana, Norton, Stripe", "applied to Humana, Norton and Stripe": one opportunity each. */
export function planAddOpportunities(input: PlanInput): Plan | null {
  const t = trimEndOf(input.text.trim(), '.!');
  const applied = /\b(?:applied|submitted applications?|sent (?:in )?applications?)\b/i.test(t);
  // "Add Omar Siddiqui, friend from college, works at Meta now" lists facts about a person, not jobs
  if (!applied && !JOB_TALK.test(t)) return null;
  const companies = companyList(t, input);
  if (!companies) return null;
  const status: Stage = applied ? 'applied' : 'interested';
  const date = applied ? (findDate(t, input.clock, 'backward')?.date ?? input.clock.today) : undefined;
  return {
    intent: 'add_opportunity',
    steps: companies.map((c) => ({ toolName: 'add_opportunity', input: compact({ company_name: c.company, job_title: c.title, status, application_date: date }) })),
  };
}

/**
 * The companies listed in a sentence ("to Humana, Norton and Stripe", "keen on linear, vercel &
 * supabase - stick them all in the pipeline"): a run of two or more names after a colon or a
 * preposition, to the end of its part of the sentence, every item a company (or a title at one).
 */
function companyList(text: string, input: PlanInput): Array<{ company: string; title?: string }> | null {
  for (const segment of sentenceParts(text)) {
    const starts = /(?::|\b(?:to|at|with|on|for|into|about|from)\s+)\s*/gi;
    let m: RegExpExecArray | null;
    while ((m = starts.exec(segment))) {
      const listed = withoutDates(segment.slice(m.index + m[0].length), input);
      if (!/,|\sand\s|&/.test(listed) || listed.includes(':')) continue;
      const parts = listed.split(/,(?:\s*and\s)?|\sand\s|&/).map((p) => p.trim()).filter(Boolean);
      if (parts.length < 2) continue;
      const companies: Array<{ company: string; title?: string }> = [];
      for (const part of parts) {
        const named = titleAtCompany(part);
        if (named.company) { companies.push({ company: named.company, title: named.title }); continue; }
        const c = readCompany(part, 0);
        if (!c || c.end < part.length - 1) break;
        companies.push({ company: c.name });
      }
      if (companies.length === parts.length) return companies;
    }
  }
  return null;
}

/** The parts of a sentence between dashes with spaces around them, semicolons, and sentence ends, trimmed. */
function sentenceParts(text: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === ';') {
      parts.push(text.slice(start, i));
      start = i + 1;
    } else if (/\s/.test(text[i]) && /[-–—]/.test(text[i + 1] ?? '') && /\s/.test(text[i + 2] ?? '')) {
      parts.push(text.slice(start, i));
      start = i + 2;
    } else if (/\s/.test(text[i]) && /[.!?]/.test(text[i - 1] ?? '')) {
      parts.push(text.slice(start, i));
      start = i;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

/** The text with the dates it names taken out ("… this morning"), and the spaces left tidied. */
function withoutDates(text: string, input: PlanInput): string {
  let out = text;
  for (const d of findDates(text, input.clock, 'backward').reverse()) out = out.slice(0, d.index) + out.slice(d.end);
  return out.replace(/\s+/g, ' ').replace(/ ([,.;!?])/g, '$1').trim().replace(/[,;]$/, '').trim();
}
