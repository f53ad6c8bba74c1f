import type { SkillEntry } from './skill-vocabulary.js';

/**
 * The CRM's own topics (money, moves, jobs changing hands, life events, places) with the other
 * ways people write them: what a question says in one word and a note in another ("raised money"
 * and "closed their Series A", "WFH" and "fully remote", "comp" and "salary bands"). Search treats
 * each entry as one term: a query naming any of its forms finds notes with any other (query
 * expansion for full-text, agent/tools/shared/query-expansion.ts), and a note covers a question's
 * topic when it has one of its forms. Technologies, methods and fields of work are in
 * skill-vocabulary.ts; this list is for what people tell each other. Forms are matched on word
 * boundaries, case-insensitively, a final plural "s" ignored; "=SRE" only in that case. Keep an
 * entry to one meaning: a form shared by two meanings ("leave") belongs to neither, and a form
 * whose other words are stop words ("no office" is "office" to full-text search) is left out.
 */
type Row = [name: string, forms: string[]];

const rows: Row[] = [
  // money and companies
  ['funding', ['funding', 'funded', 'fundraise', 'fundraising', 'raised money', 'raise money', 'raising money', 'raised a round', 'raising a round',
    'got money', 'money from investors', 'investment', 'investors', 'investor', 'Series A', 'Series B', 'Series C', 'seed round', 'pre-seed',
    'venture capital', '=VC', 'closed a round', 'closed their round', 'new round', 'valuation']],
  ['compensation', ['compensation', '=comp', 'total comp', 'salary', 'salaries', 'salary band', 'pay', 'paid', 'base salary', 'base pay',
    'equity', 'stock options', '=RSU', 'RSUs', 'bonus', 'signing bonus', 'offer package', 'raise']],
  ['layoffs', ['layoff', 'layoffs', 'laid off', 'lay off', 'laying off', 'cut staff', 'cut jobs', 'job cuts', 'headcount cut', 'restructuring',
    'restructure', 'downsizing', 'downsized', 'redundancies', 'redundancy', '=RIF', 'reduction in force']],
  ['hiring', ['hiring', 'hire', 'hires', 'recruiting', 'open role', 'open roles', 'headcount']],
  ['referral', ['referral', 'referrals', 'refer', 'refers', 'referred', 'referring']],
  ['remote work', ['remote', 'remotely', 'fully remote', '=WFH', 'work from home', 'working from home', 'work from anywhere', 'distributed team',
    'home office']],
  ['visa', ['visa', 'visas', 'sponsorship', 'sponsor', 'work permit', 'immigration', 'green card', 'H-1B', 'H1B', 'right to work']],
  // jobs changing hands
  ['leaving a job', ['quit', 'quitting', 'resign', 'resigning', 'resigned', 'resignation', 'notice', 'handing in notice', 'hand in notice',
    'leaving the company', 'leaving their job', 'leaving her job', 'leaving his job', 'stepping down', 'last day']],
  ['promotion', ['promoted', 'promotion', 'made VP', 'made director', 'made head', 'made lead', 'made manager', 'became VP', 'new title',
    'stepped up']],
  ['cofounder', ['cofounder', 'co-founder', 'cofounders', 'co-founders', 'founding partner', 'technical partner', 'business partner',
    'start a company', 'starting a company', 'start a startup', 'starting a startup']],
  ['introduction', ['introduce', 'introduced', 'introduction', 'intro', 'intros', 'connect me', 'connect me with', 'put me in touch',
    'put me in contact', 'warm intro']],
  ['resume', ['resume', 'resumes', 'résumé', '=CV', 'CVs', 'curriculum vitae']],
  ['site reliability', ['=SRE', 'SREs', 'site reliability', 'reliability engineering', 'on-call', 'on call', 'pager', 'incident response',
    'production operations']],
  ['AI safety', ['AI safety', 'alignment', 'interpretability', 'AI ethics', 'responsible AI', 'AI risk']],
  ['doctorate', ['=PhD', 'PhDs', 'Ph.D', 'doctorate', 'doctoral', 'dissertation', 'thesis']],
  // life
  ['new baby', ['baby', 'babies', 'newborn', 'had a baby', 'became a dad', 'became a mom', 'became a father', 'became a mother',
    'new dad', 'new mom', 'new parent', 'was born', 'born', 'parental leave', 'maternity leave', 'paternity leave']],
  ['parental leave', ['parental leave', 'maternity leave', 'paternity leave', 'maternity', 'paternity', 'mat leave', 'baby leave']],
  ['burnout', ['burnout', 'burned out', 'burnt out', 'burning out', 'exhausted', 'exhaustion', 'overworked', 'stressed', 'sabbatical',
    'needs a break']],
  ['relocation', ['relocate', 'relocating', 'relocated', 'relocation', 'moving abroad', 'moving to', 'moving countries', 'move abroad',
    'emigrate', 'emigrating']],
  ['travel', ['visit', 'visiting', 'in town', 'trip', 'travel', 'travelling', 'traveling', 'coming to', 'will be in', 'flying to']],
  ['climbing', ['climbing', 'climber', 'bouldering', 'boulder', 'rock climbing']],
  ['reading', ['book', 'books', 'read', 'reading', 'novel']],
  // fields people say in a word
  ['fintech', ['fintech', 'payments', 'payment infrastructure', 'banking', 'banks', 'lending', 'financial services', 'neobank']],
  ['healthcare', ['healthcare', 'health care', 'health tech', 'hospitals', 'hospital', 'clinics', 'clinic', 'medical', 'patients']],
  ['machine learning', ['machine learning', '=ML', '=AI', 'artificial intelligence', 'deep learning', 'neural network', 'neural networks']],
  // places people shorten
  ['New York', ['New York', '=NYC', 'New York City', 'Manhattan', 'Brooklyn']],
  ['San Francisco', ['San Francisco', '=SF', 'Bay Area', 'Silicon Valley']],
  ['Los Angeles', ['Los Angeles', '=LA']],
  ['London', ['London', '=LDN']],
];

/** The topic every job opportunity is about by being one: "who is hiring Rust engineers?" is answered by a Rust job. */
export const HIRING_TOPIC = 'hiring';

export const TOPIC_WORDS: SkillEntry[] = rows.map(([name, aliases]) => ({ name, category: 'domain', aliases }));

/**
 * Words that say how a question is asked, not what it is about: question words, pronouns, the
 * CRM's own nouns (contact, note, job), verbs of telling, suggesting and knowing, and the light verbs and
 * adverbs that wrap a topic ("is anyone planning to …", "who's been …", "lately"). What is left of
 * a question without them is its topic.
 */
export const QUESTION_STOP_WORDS = new Set(`who whom whose what whats which where when why how is are was were be been being am do does did done
have has had having can could would should will shall may might must any anyone anybody someone somebody everyone everybody one ones
me my mine i im ive id you your yours we our us the a an of to in on at for with about from by as into onto that this these those there here
it its they them their theirs he she his her hers him himself herself themselves contact contacts person people folks friends network crm
jobs job roles role position positions opportunity opportunities company companies note notes now currently still ever recently lately
just already again soon yet also too else mentioned mention mentions mentioning said say says saying told tell telling talked talk talking
spoke speak discussed discuss discussing asked ask asking recommended recommend recommends suggested suggest suggests advised offered know knows knew knowing show list find search get give gave got getting all some
kind sort lot lots much many well really actually anything something stuff things thing whatever kith remind reminder recall remember
planning plan plans plannning going gonna trying try want wants wanted wanting seem seems seemed seeming look looks looking looked let lets
come comes came coming need needs needed make makes making like likes liked thinking think thought keen interested into doing done
work works worked working moment time day days week weeks month months year years lately ago last next this past soon experience background
hey hi ok okay so and or but if then than not no yes please pls thanks again`.split(/\s+/).filter(Boolean));

/** The word without these characters at either end. */
function trimmed(w: string, chars: string): string {
  let a = 0;
  let b = w.length;
  while (a < b && chars.includes(w[a])) a++;
  while (b > a && chars.includes(w[b - 1])) b--;
  return w.slice(a, b);
}

const stripPossessive = (w: string) => w.replace(/['’](?:s|re|ve|d|ll|m)$/i, '');

/** The words of a question that are its topic, in order ("which founder recently got money from investors?" → founder, money, investors). */
export function topicWordsOf(text: string): string[] {
  return text.split(/[^\p{L}\p{N}'’+#.\-]+/u)
    .map((w) => trimmed(w, ".'’-"))
    .filter((w) => w && !QUESTION_STOP_WORDS.has(stripPossessive(w).toLowerCase()) && !QUESTION_STOP_WORDS.has(w.toLowerCase()));
}
