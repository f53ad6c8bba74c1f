import { findDate, findDates } from '../dates.js';
import { findPriority, findSalary, findStage, findUrls, type Stage } from '../entities.js';
import { readCompany, readName, titleCase } from '../names.js';
import { compact, single, type Plan, type PlanInput } from '../plan-types.js';
import { isCity } from './contact-details.js';
import { planDatedJobStep } from './job-steps.js';

// Words before "offer" that say which offer, not whose.
const OFFER_KIND = /^(?:job|verbal|written|formal|official|final|new|big|real|first|second|actual|full|counter|return|an?|the|my|that|this)$/i;

/** "got the Plaid offer": the company named last before the word, after "the", "my", "a(n)". */
function companyBefore(before: string): string | null {
  const m = /\b(?:the|my|an?|their|his|her)\s+((?:[\w&.\-]+\s+){1,3})$/i.exec(before);
  if (!m) return null;
  const c = readCompany(m[1], 0);
  return c && !OFFER_KIND.test(c.name) ? c.name : null;
}

const companyAfter = (t: string, re: RegExp): string | null => {
  const m = re.exec(t);
  if (!m) return null;
  return readCompany(t, m.index + m[0].length)?.name ?? null;
};

/** "the Backend Engineer role at Stripe" → { title, company }. */
export function titleAtCompany(phrase: string): { title?: string; company?: string } {
  const m = /^(?:(?:the|a|an|my|this|that)\s+)?(.+?)\s+(?:(?:role|position|job|opening|posting|req|opportunity)\s+)?(?:at|@|with)\s+(.+)$/i.exec(phrase.trim());
  if (!m) return {};
  const title = m[1].replace(/\s+(?:role|position|job|opening|posting|opportunity)$/i, '').trim();
  const company = readCompany(m[2], 0)?.name;
  if (!company) return {};
  return { title: title && !/^(?:role|position|job|opening|it|one|something)$/i.test(title) ? titleCase(title) : undefined, company };
}

const NEXT_ACTION: Partial<Record<Stage, string>> = { interview: 'Interview', phone_screen: 'Phone screen', final_round: 'Final round interview' };
// "made it to the last round at Canva", "got through to the onsite with Stripe": a stage reached, the company after it.
const REACHED = /\b(?:made it|got|moved|advanced|progressed|through)\s+(?:on\s+)?(?:through\s+)?(?:to|into)\s+(?:the\s+)?(.+?)\s+(?:at|with|for)\s+/i;

function stageUpdate(intent: string, company: string, status: Stage, input: PlanInput, extraText: string): Plan {
  const said = nextStepSaid(extraText, input);
  const date = said ? said.date : NEXT_ACTION[status] ? findDate(extraText, input.clock, 'forward') : null;
  const fields = compact({
    opportunity: company,
    status,
    next_action: said?.action ?? (date || /\b(?:scheduled|booked|set up|coming up|upcoming|have an?|got an?)\b/i.test(extraText) ? NEXT_ACTION[status] : undefined),
    next_action_date: date?.date,
  });
  return single(intent, 'update_opportunity', fields);
}

/** "… and the next step there is to send references by Friday": the next step said outright, and its day. */
export function nextStepSaid(text: string, input: PlanInput): { action: string; date: { date: string } | null } | null {
  const m = /\bnext\s+(?:step|action|thing to do)s?\b(?:\s+(?:there|for (?:this|that|it|them)|with them))?\s*(?:is|will be|would be|:|=)\s*(?:to\s+)?([^.;!]+)/i.exec(text);
  if (!m) return null;
  const date = findDate(m[1], input.clock, 'forward');
  const action = (date ? m[1].replace(date.text, ' ') : m[1]).replace(/\s+(?:by|on|before|for)\s*$/i, '').replace(/\s+/g, ' ').trim();
  if (!action) return null;
  return { action: action.charAt(0).toUpperCase() + action.slice(1), date };
}

/**
 * "Add that to my pipeline" after "he's going to refer me for the SWE III opening on Google Cloud":
 * the job the words before spoke of, for a request that points back at it.
 */
export function jobPointedAt(clause: string, before: string): { company_name: string; job_title?: string } | null {
  if (!/^(?:please\s+)?(?:can you\s+)?(?:add|put|track|save|stick)\s+(?:that|it|this|this one|that one|the (?:role|job|position|opening))\s+(?:to|in|on|into)\s+(?:my\s+|the\s+)?(?:pipeline|tracker|list|job search)\b/i.test(clause.trim())) return null;
  const re = /\b(?:the|a|an|that|this)\s+([A-Za-z][\w\s\-\/&+]{1,40}?)\s+(?:opening|role|position|job|req|posting)\s+(?:at|on|with|in|for)\s+/gi;
  let found: { company_name: string; job_title?: string } | null = null;
  let m: RegExpExecArray | null;
  while ((m = re.exec(before))) {
    const company = readCompany(before, m.index + m[0].length);
    if (company && !isCity(company.name)) found = { company_name: company.name, job_title: titleCase(m[1].trim()) };
  }
  return found;
}

/** Stage changes said the way people say them. */
export function planOpportunityUpdate(input: PlanInput): Plan | null {
  const t = input.text.trim();
  const dated = planDatedJobStep(input);
  if (dated) return dated;

  // "update the deal stage for Acme to phone screen", "set the status of my Figma application to offer"
  const stageOf = /\b(?:update|set|change|move)\s+(?:the\s+)?(?:deal\s+|application\s+|opportunity\s+|pipeline\s+)?(?:stage|status)\s+(?:for|of|on)\s+(?:my\s+|the\s+)?(.+?)\s+(?:to|as)\s+(?:the\s+)?(.+?)(?:\s+stage)?[.!]*$/i.exec(t);
  if (stageOf) {
    const status = findStage(stageOf[2]);
    const what = stageOf[1].replace(/\s+(?:opportunity|application|role|job|position|deal)$/i, '');
    const named = titleAtCompany(what);
    const c = named.company ? `${named.title ? `${named.title} at ` : ''}${named.company}` : readCompany(what, 0)?.name;
    if (status && c) return stageUpdate('move_stage', c, status, input, stageOf[2]);
  }

  // "move the Stripe opportunity to phone screen", "mark my Globex application as interview"
  const move = /\b(?:move|moved|update|updated|set|change|changed|mark|marked|advance|advanced|bump|put)\s+(?:the\s+|my\s+)?(.+?)\s+(?:(?:opportunity|application|role|job|position|one|deal|process)\s+)?(?:to|as|into|at)\s+(?:the\s+)?(.+?)(?:\s+stage)?[.!]*$/i.exec(t);
  if (move) {
    const status = findStage(move[2]);
    const what = move[1].replace(/\s+(?:opportunity|application|role|job|position)$/i, '');
    const named = titleAtCompany(what);
    const company = named.company ? `${named.title ? `${named.title} at ` : ''}${named.company}` : readCompany(what, 0)?.name;
    if (status && company && /\b(?:opportunity|application|role|job|position|pipeline|stage)\b|\bto (?:the )?(?:phone|interview|final|offer|rejected|withdrawn|applied)/i.test(t)) {
      return stageUpdate('move_stage', company, status, input, move[2]);
    }
  }

  // "Datadog moved me to the final round", "Stripe advanced me to the onsite"
  const movedMe = /^(?:so\s+|great news:?\s+)?(.+?)\s+(?:moved|advanced|pushed|bumped|progressed|passed|invited|is moving|are moving)\s+me\s+(?:on\s+|forward\s+)?(?:to|into|through to|for)\s+(?:the\s+|an?\s+)?(.+)$/i.exec(t);
  if (movedMe) {
    const status = findStage(movedMe[2]);
    const c = readCompany(movedMe[1], 0)?.name;
    if (status && c) return stageUpdate(status, c, status, input, movedMe[2]);
  }
  const reached = REACHED.exec(t);
  if (reached) {
    const status = findStage(reached[1]);
    const c = readCompany(t, reached.index + reached[0].length)?.name;
    if (status && c) return stageUpdate(status, c, status, input, t.slice(reached.index));
  }
  // offers
  const offerAt = /\boffers?\b/i.exec(t);
  let company = companyAfter(t, /\boffers?\s+(?:letter\s+)?(?:from|at|with)\s+/i)
    // "sent over a written offer", "extended me a verbal offer": the company that made it comes first
    ?? (/\b(?:made|gave|extended|sent|emailed)\s+(?:me\s+|over\s+|through\s+)?(?:an?\s+|the\s+)?(?:(?:written|verbal|formal|official|job)\s+)?offer\b|\boffered me\b/i.test(t) ? readCompany(t.replace(/^(?:so\s+|wow,?\s+|great news:?\s+)/i, ''), 0)?.name ?? null : null)
    // "GOT THE PLAID OFFER", "accepted my Stripe offer": the company named right before the word
    ?? (offerAt ? companyBefore(t.slice(0, offerAt.index)) : null);
  if (company && /\boffer/i.test(t)) return stageUpdate('offer', company, 'offer', input, t);

  // rejections
  company = companyAfter(t, /\b(?:rejected|turned (?:me )?down|declined|ghosted|passed on)\s+by\s+/i)
    ?? companyAfter(t, /\brejection\s+(?:from|by)\s+/i)
    ?? companyAfter(t, /\bdidn'?t get (?:the |an? )?(?:job|role|position|offer)?\s*(?:at|with|from)\s+/i)
    ?? companyAfter(t, /\b(?:not moving forward|no longer moving forward|won'?t be moving forward)\s+(?:with|at)\s+/i)
    ?? (/^(?:so\s+|sadly,?\s+|ugh,?\s+)?\S+(?:\s+\S+)?\s+(?:rejected me|turned me down|passed on me|said no|ghosted me|is not moving forward|isn'?t moving forward|won'?t move forward|declined me)\b/i.test(t)
      ? readCompany(t.replace(/^(?:so\s+|sadly,?\s+|ugh,?\s+)/i, ''), 0)?.name ?? null
      : null);
  // "heard nothing back from Initech, pretty sure they ghosted me": "they" is the company named before.
  if (!company && /\b(?:they|it)(?:'ve| have)?\s+(?:\w+\s+)?(?:ghosted|rejected|turned me down|passed on me|said no|went with (?:someone|another))\b/i.test(t)) {
    company = companyAfter(t, /\b(?:from|by|at|with|to)\s+(?=[A-Z])/);
  }
  if (company) return stageUpdate('rejected', company, 'rejected', input, t);

  // withdrawals
  const wd = /\b(?:withdraw|withdrew|withdrawn|withdrawing|pull(?:ed|ing)?(?:\s+(?:myself\s+)?out)?|dropp(?:ed|ing)\s+out|back(?:ed|ing)\s+out)\b\s*(?:of|from)?\s*(?:my\s+|the\s+)?(?:(?:application|candidacy)\s+(?:to|at|with|for|from)\s+)?/i.exec(t);
  if (wd) {
    const c = readCompany(t, wd.index + wd[0].length)?.name;
    // "pull" alone is many things; with an application or a company after it, it is a withdrawal
    if (c && (!/^pull/i.test(wd[0]) || /\b(?:out|application|candidacy)\b/i.test(wd[0]))) return stageUpdate('withdraw', c, 'withdrawn', input, t);
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
      ?? companyAfter(before, /\b(?:my|the|a|an)\s+(?=[A-Z])/)
      ?? companyAfter(before, /\b(?:from|with|at|by)\s+(?=[A-Z])/);
    if (!c || /^(?:I|I'm|Im|My|The|A|An|Got|Have|Had)$/i.test(c)) continue;
    return stageUpdate(status === 'interview' ? 'interview' : status, c, status, input, t);
  }
  return null;
}

/** "applied to Senior Backend Engineer at Stripe", "add the Staff Engineer role at Datadog to my pipeline". */
export function planAddOpportunity(input: PlanInput): Plan | null {
  const t = input.text.trim().replace(/[.!]+$/, '');
  let status: Stage = 'interested';
  let phrase: string | null = null;
  const appliedTo = /\b(?:i\s+)?(?:just\s+)?(?:applied|submitted (?:an?|my) application|sent (?:in )?(?:an?|my) application|put in (?:an?|my) application)\s+(?:to|for|at|with)?\s*(.+)$/i.exec(t);
  // "Design Engineer at Vercel, applied today": "applied" after the job names no job of its own
  const applied = appliedTo && (readCompany(appliedTo[1].replace(/^(?:the\s+)/i, ''), 0) || titleAtCompany(appliedTo[1]).company) ? appliedTo : null;
  const referred = /^(.+?)\s+(?:(?:referred|recommended|put)\s+me\s+(?:in\s+)?|gave me an?\s+(?:referral|intro|introduction)\s+|is referring me\s+)(?:to|for|at)\s+(.+)$/i.exec(t);
  let referrer: string | undefined;
  if (applied) {
    status = 'applied';
    phrase = applied[1];
  } else if (referred && readName(referred[1], 0)) {
    referrer = readName(referred[1], 0)!.name;
    status = /\bapplied\b/i.test(t) ? 'applied' : 'interested';
    phrase = referred[2];
  } else {
    const add = /\b(?:add|track|save|log|create|put)\s+(?:a\s+new\s+|a\s+|an\s+|the\s+|this\s+)?(?:opportunity|job|role|position|opening)?\s*:?\s*(.+?)\s+(?:to|in|into|on)\s+(?:my\s+|the\s+)?(?:pipeline|opportunities|tracker|list|job search)\b(.*)$/i.exec(t)
      ?? /\b(?:add|track|save|log|create)\s+(?:a\s+new\s+|an?\s+|the\s+)?(?:opportunity|job|role|position|opening)\s*:?\s*(?:for\s+)?(.+?)()$/i.exec(t)
      ?? /\b(?:interested in|excited about|found|came across|saw|there'?s)\s+(?:an?\s+|the\s+)?(.+?\s+(?:role|position|job|opening|posting)\s+(?:at|with)\s+.+?)()$/i.exec(t)
      ?? /\b(?:add|track)\s+(?:an?\s+|the\s+)?(.+?\s+(?:role|position|job|opening|posting)\s+(?:at|with|@)\s+.+?)()$/i.exec(t)
      ?? /^(?:(?:new|potential|prospective|possible)\s+)?(?:opportunity|job|role|client|deal|project|gig|prospect|contract)\s*:\s*(.+?)()$/i.exec(t)
      // "Track: Product Manager @ Duolingo, Pittsburgh, status applied"
      ?? /^(?:track|tracking|to track)\s*:\s*(.+?)()$/i.exec(t)
      // "add a new one: Design Engineer at Vercel" (one of the jobs just spoken of)
      ?? /\b(?:add|track|save|create)\s+(?:a\s+)?(?:new\s+|another\s+)?one\s*:\s*(.+?)()$/i.exec(t);
    if (!add) return null;
    phrase = add[1] + (add[2] ?? '');
    const stage = findStage(add[1] + ' ' + (add[2] ?? ''));
    if (stage && stage !== 'offer') status = stage;
    // "want to apply", "thinking of applying": not applied yet
    if (status === 'applied' && /\b(?:want|plan|planning|going|hope|hoping|need|should|might|will|thinking (?:of|about))\s+(?:to\s+)?appl(?:y|ying)\b/i.test(t)) status = 'interested';
  }
  if (!phrase) return null;
  const job = phrase.split(/\s*,\s*|\s+(?:today|yesterday|this morning)\b|\s+(?:with|and)\s+(?=(?:high|medium|low|top)\s+priority|salary|a salary|pay|comp)/i)[0];
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
    const role = /\bfor\s+(?:the\s+|a\s+|an\s+)?(.+?)(?:\s+(?:role|position|job|opening))?$/i.exec(head.slice(c.end));
    if (role) title = titleCase(role[1]);
  }
  if (!company || /^(?:my|the|a|it|pipeline)$/i.test(company)) return null;
  const applicationDate = status === 'applied' ? (findDate(phrase, input.clock, 'backward')?.date ?? input.clock.today) : undefined;
  const bracketed = /\(([^()]+)\)/.exec(phrase)?.[1].split(/\s*,\s*/).find((b) => isCity(b) || /^remote$/i.test(b));
  const location = place?.name ?? /\b(?:in|based in|located in)\s+([A-Z][\w\s]+?)(?:,|$|\s+(?:with|and|high|low|medium))/.exec(phrase.slice(job.length))?.[1]
    ?? bracketed
    ?? (/\bremote\b/i.test(phrase) ? 'Remote' : undefined)
    ?? placeAlone(phrase.slice(job.length), input);
  const said = nextStepSaid(phrase, input);
  // "…, applied today" dates the application, not a next step
  const nextDate = findDate(phrase.slice(job.length).replace(/\bapplied\s+(?:on\s+)?\S+(?:\s+(?:morning|afternoon|evening|night))?/gi, ' '), input.clock, 'forward');
  const link = findUrls(t).other ?? findUrls(t).linkedin;
  // "Elena's the recruiter", "the hiring manager is Tom": the person this job goes through
  const through = /\b([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)(?:['’]s|\s+is)\s+(?:the|my|our)\s+(?:recruiter|hiring manager|contact|point of contact|hm)\b/.exec(t)?.[1]
    ?? /\b(?:the|my)\s+(?:recruiter|hiring manager|contact|point of contact)\s+(?:is|'s)\s+([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)/.exec(t)?.[1];
  if (!referrer && through) referrer = through;
  if (!referrer) {
    const ref = /(?:^|,\s*|\s)([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)\s+referred me\b|\breferred (?:me )?by\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)|\breferral from\s+([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)?)/.exec(t);
    referrer = ref?.[1] ?? ref?.[2] ?? ref?.[3];
  }
  return single('add_opportunity', 'add_opportunity', compact({
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
    next_action_date: said ? said.date?.date : nextDate?.date,
  }));
}

const TITLE_WORD = /^(?:senior|sr\.?|staff|principal|lead|junior|jr\.?|head|chief|vp|director|manager|engineer|engineering|developer|designer|scientist|analyst|architect|pm|product|program|project|backend|back-end|frontend|front-end|full-?stack|software|data|ml|ai|platform|infrastructure|infra|devops|sre|security|mobile|ios|android|web|solutions|technical|marketing|sales|growth|ux|ui|research|researcher|recruiter|writer|consultant|specialist|coordinator|associate|intern|officer|operations|ops|support|customer|success)$/i;
const ROLE_NOUN = /^(?:engineer|developer|designer|scientist|analyst|architect|manager|director|lead|pm|recruiter|writer|consultant|specialist|coordinator|associate|intern|researcher|officer|head|vp|sre|swe)s?$/i;

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
  for (const part of rest.split(/\s*[,;]\s*/)) {
    const p = part.trim();
    if (!/^[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?:,?\s+[A-Z]{2})?$/.test(p)) continue;
    if (findStage(p) || findPriority(p) || findDate(p, input.clock, 'forward') || /^(?:Remote|Hybrid|Onsite|Salary|Priority|Status)$/i.test(p)) continue;
    return p;
  }
  return undefined;
}

/** "delete the Stripe opportunity". */
export function planDeleteOpportunity(input: PlanInput): Plan | null {
  const m = /\b(?:delete|remove|drop|archive)\s+(?:the\s+|my\s+)?(.+?)\s+(?:opportunity|application|role|job|position)\b/i.exec(input.text);
  if (!m) return null;
  const named = titleAtCompany(m[1]);
  const ref = named.company ? `${named.title ? `${named.title} at ` : ''}${named.company}` : readCompany(m[1], 0)?.name;
  if (!ref) return null;
  return single('delete_opportunity', 'delete_opportunity', { opportunity: ref });
}

const JOB_TALK = /\b(?:pipeline|tracker|jobs?|roles?|positions?|openings?|applications?|companies|opportunit(?:y|ies)|track(?:ing)?|interested|keen|excited|apply(?:ing)?|interviews?|offers?)\b/i;

/** "Applied to 3 jobs today: Humana, Norton, Stripe", "applied to Humana, Norton and Stripe": one opportunity each. */
export function planAddOpportunities(input: PlanInput): Plan | null {
  const t = input.text.trim().replace(/[.!]+$/, '');
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
  for (const segment of text.split(/\s+[-–—]\s+|\s*;\s*|(?<=[.!?])\s+/)) {
    const starts = /(?::|\b(?:to|at|with|on|for|into|about|from)\s+)\s*/gi;
    let m: RegExpExecArray | null;
    while ((m = starts.exec(segment))) {
      const listed = withoutDates(segment.slice(m.index + m[0].length), input);
      if (!/,\s*|\s+and\s+|\s*&\s*/.test(listed) || listed.includes(':')) continue;
      const parts = listed.split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*/).map((p) => p.trim()).filter(Boolean);
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

/** The text with the dates it names taken out ("… this morning"), and the spaces left tidied. */
function withoutDates(text: string, input: PlanInput): string {
  let out = text;
  for (const d of findDates(text, input.clock, 'backward').reverse()) out = out.slice(0, d.index) + out.slice(d.end);
  return out.replace(/\s+/g, ' ').replace(/\s+([,.;!?])/g, '$1').trim().replace(/[,;]$/, '').trim();
}
