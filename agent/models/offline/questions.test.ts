import { describe, expect, it } from 'vitest';
import { asksWhoAboutTopic, readWhoQuestion } from './intents/questions.js';
import { writeReply } from './reply.js';
import { callsMatch, plannedCalls } from './test-support.js';

/** The planned calls, a search's `question` checked to be the words asked and then left out of the comparison. */
function topicCalls(say: string, ...rest: Parameters<typeof plannedCalls> extends [string, ...infer R] ? R : never) {
  return plannedCalls(say, ...rest).map((c) => {
    if (c.toolName !== 'search') return c;
    const { question, ...input } = c.input as Record<string, unknown>;
    expect(question, say).toBe(say.trim());
    return { ...c, input };
  });
}

describe('questions whose answer is an unknown person or job', () => {
  it('are about a topic when the verb is an action or something said', () => {
    for (const q of ['who is hiring Rust engineers?', 'who asked me about angel investors?', "who's raising money?", 'who has kids?',
      'which contact mentioned raising a Series B?', 'anyone mention kubernetes lately?', 'who offered to introduce me to someone at Figma?',
      'who knows a lot about Postgres?', 'who was interested in my side project?', 'who emailed me about the offsite?']) {
      expect(asksWhoAboutTopic(q), q).toBe('person');
    }
    expect(asksWhoAboutTopic('which roles offer visa sponsorship?')).toBe('job');
    expect(asksWhoAboutTopic('which companies use Elixir?')).toBe('job');
  });

  it('are a filter, a stage, a list or a lookup when the verb links them to a record', () => {
    for (const q of ["who haven't I talked to in a while?", 'who do I know at Stripe?', 'who works at Google?', 'who lives in Lisbon now?',
      "who's my contact at Klarna", 'who is Omar Haddad?', 'who rejected me?', 'who emailed me last week?', 'who is going cold?',
      'who do I need to follow up with this week?', 'what offers do I have?', 'which companies am I interviewing with?', 'which roles are remote?',
      'who did I talk to about Kubernetes?', 'which contacts have no email?', 'who are my mentors?', 'log a call with Priya']) {
      expect(asksWhoAboutTopic(q), q).toBeNull();
    }
  });

  it('search the topic, in jobs for a job, in one contact\'s notes when one is named', () => {
    expect(callsMatch([{ tool: 'search', input: { query: 'Rust engineers' } }], topicCalls('who is hiring Rust engineers?'))).toBe(true);
    expect(callsMatch([{ tool: 'search', input: { query: 'angel investors' } }], topicCalls('who asked me about angel investors?'))).toBe(true);
    expect(topicCalls('which roles offer visa sponsorship?')).toEqual([{ toolName: 'search', input: { query: 'offer visa sponsorship', kinds: ['opportunity'] } }]);
    expect(topicCalls('what did Felix say about the reorg?')).toEqual([{ toolName: 'search', input: { query: 'reorg', contact: 'Felix' } }]);
  });

  it('keep going to their tools when they name a filter, a period or a pronoun', () => {
    expect(callsMatch([{ tool: 'find_contacts', input: { company: 'Stripe' } }], plannedCalls('who do I know at Stripe?'))).toBe(true);
    expect(callsMatch([{ tool: 'get_contact', input: { contact: 'c9' } }], plannedCalls("what's her email?", { id: 'c9', name: 'Priya Raman' }))).toBe(true);
    expect(callsMatch([{ tool: 'list_opportunities', input: { company: 'Hex' } }], plannedCalls('where am i with Hex?'))).toBe(true);
    expect(callsMatch([{ tool: 'find_contacts', input: { location: 'Berlin' } }], plannedCalls('who is in Berlin?'))).toBe(true);
    expect(callsMatch([{ tool: 'find_contacts', input: { job_title: 'founder' } }], plannedCalls('which of my contacts are founders?'))).toBe(true);
    expect(callsMatch([{ tool: 'find_contacts', input: { company: 'Figma', relationship_type: 'hiring_manager' } }], plannedCalls("who's the hiring manager for the Figma role?"))).toBe(true);
    expect(callsMatch([{ tool: 'list_interactions', input: { interaction_type: 'email', from: '2026-11-16', to: '2026-11-22' } }], plannedCalls('who did I email last week?'))).toBe(true);
  });

  it('read a relative clause and a field of work as the topic', () => {
    expect(topicCalls("anyone I know who's into rock climbing?")).toEqual([{ toolName: 'search', input: { query: 'rock climbing' } }]);
    expect(topicCalls('who works in fintech?')).toEqual([{ toolName: 'search', input: { query: 'fintech' } }]);
    expect(readWhoQuestion('who works in Berlin?')).toBe('record');
    expect(topicCalls('remind me who talked about moving to Austin')).toEqual([{ toolName: 'search', input: { query: 'moving to Austin' } }]);
    expect(topicCalls("who's the founder that's raising a seed round?")).toEqual([{ toolName: 'search', input: { query: 'founder raising seed round' } }]);
    expect(topicCalls("who said they'd intro me to a VC?")).toEqual([{ toolName: 'search', input: { query: 'intro VC' } }]);
    expect(topicCalls('any jobs in Berlin?')).toEqual([{ toolName: 'search', input: { query: 'Berlin', kinds: ['opportunity'] } }]);
  });

  it('read a thing after "the" as a topic, and a stage done to me as the jobs at that stage', () => {
    expect(topicCalls('what do I know about the Series B at Tidepool?')).toEqual([{ toolName: 'search', input: { query: 'Series B Tidepool' } }]);
    expect(callsMatch([{ tool: 'get_contact', input: { contact: 'Omar Haddad' } }], plannedCalls('what do I know about Omar Haddad?'))).toBe(true);
    expect(plannedCalls('who rejected me?')).toEqual([{ toolName: 'list_opportunities', input: { status: 'rejected' } }]);
    expect(topicCalls('did anyone offer to refer me?')).toEqual([{ toolName: 'search', input: { query: 'offer refer' } }]);
  });

  it('ask for the owner when they say "whose", unless a contact detail is given', () => {
    expect(readWhoQuestion('whose employer is getting bought out?')).toBe('person');
    expect(topicCalls('whose employer is getting bought out?')).toEqual([{ toolName: 'search', input: { query: 'employer bought out' } }]);
    expect(readWhoQuestion('whose email is jane@acme.com?')).toBeNull();
  });

  it('search the notes when a place, company or title filter finds nobody, and say so', () => {
    const calls = plannedCalls("who's originally from Colombia?"); // the test double's find_contacts finds nobody
    expect(calls.map((c) => c.toolName)).toEqual(['find_contacts', 'search']);
    expect(calls[1].input).toMatchObject({ query: 'originally Colombia', question: "who's originally from Colombia?" });
    // a tag or a missing field is only in the record: nothing to search
    expect(plannedCalls('who is tagged mentor?').map((c) => c.toolName)).toEqual(['find_contacts']);
    expect(plannedCalls('which contacts have no email?').map((c) => c.toolName)).toEqual(['find_contacts']);
    const plan = { intent: 'find_contacts', steps: [{ toolName: 'find_contacts', input: {} }, { toolName: 'search', input: { query: 'Colombia' } }] };
    const reply = writeReply(plan, [
      { toolName: 'find_contacts', input: {}, output: { contacts: [], next_cursor: null } },
      { toolName: 'search', input: { query: 'Colombia' }, output: { mode: 'hybrid', results: [] } },
    ]);
    expect(reply).toBe("No contact's record says that; from your notes: I found nothing about Colombia.");
  });
});

describe('the answer to a search', () => {
  const hit = (name: string, snippet: string) => ({ kind: 'interaction', id: name, title: `Call with ${name} on 2026-11-16`, snippet, score: 0.5, contact: { id: name, name }, opportunity: null });
  const reply = (query: string, results: unknown[]) => writeReply({ intent: 'search', steps: [{ toolName: 'search', input: { query } }], query },
    [{ toolName: 'search', input: { query }, output: { mode: 'full_text', results } }]);

  it('names who matched the most of the question\'s words, with the passage, and leaves out a note sharing one word', () => {
    const text = reply('raising money', [hit('Dana Whitfield', 'Dana is «raising» «money» for a climate fund.'), hit('Tom Baker', 'He still owes me «money» for the tickets.')]);
    expect(text).toMatch(/^About raising money you talked with Dana Whitfield\./);
    expect(text).toContain('Call with Dana Whitfield on 2026-11-16: "Dana is raising money for a climate fund."');
    expect(text).not.toContain('Tom');
  });

  it('keeps a result found by meaning alone near the top', () => {
    const text = reply('fundraising', [hit('Lucas Moreau', 'We should raise a pre-seed round before demo day.'), hit('Tom Baker', 'Football and kids.'), hit('Mei Lin', 'Postgres.'), hit('Ana Sousa', 'Figma.')]);
    expect(text).toContain('Lucas Moreau');
    expect(text).not.toContain('Ana Sousa');
  });
});
