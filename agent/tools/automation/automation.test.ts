import { describe, it, expect, beforeAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { STORAGES } from '../../../test-support/test-database.js';
import { withAliceAndBob } from '../../../test-support/two-users.js';
import { runTool } from '../run-tool.js';
import { findTool } from '../catalog.js';
import { invitesToInterview, isInterviewFor, jobMeant, saysInterview, saysPhoneScreen } from './interview-signal.js';

describe('what counts as an interview, and for which job', () => {
  const i = (subject: string, type = 'email', contactId = 'c1') => ({ contactId, type, subject, notes: null });
  const job = (status: string, extra: Partial<{ id: string; companyName: string; jobTitle: string | null; contactId: string | null }> = {}) =>
    ({ id: 'j1', contactId: 'c1', companyName: 'Stripe', jobTitle: 'Platform Engineer', status, ...extra });

  it('reads the words', () => {
    expect(saysInterview(i('Interview with the platform team'))).toBe(true);
    expect(saysInterview(i('Interviewed by Dana'))).toBe(true);
    expect(saysInterview(i('Coffee'))).toBe(false);
    expect(saysPhoneScreen(i('Phone interview with Priya'))).toBe(true);
    expect(saysPhoneScreen(i('screening call'))).toBe(true);
    expect(saysPhoneScreen(i('Onsite interview'))).toBe(false);
  });

  it('an e-mail that turns an interview down or calls it off is no invitation', () => {
    expect(invitesToInterview(i('We would like to invite you to an interview on Friday', 'email'))).toBe(true);
    expect(invitesToInterview(i('We won\'t be moving forward to interviews', 'email'))).toBe(false);
    expect(invitesToInterview(i('Unfortunately we have decided to proceed with other candidates for the interview stage', 'email'))).toBe(false);
    expect(invitesToInterview(i('Your interview on Friday is cancelled', 'email'))).toBe(false);
    expect(invitesToInterview(i('We will not be scheduling an interview', 'linkedin_message'))).toBe(false);
    expect(invitesToInterview(i('Interview', 'meeting'))).toBe(false);
  });

  it('an interview is with the job\'s contact: said so, or a call or meeting while interviewing', () => {
    expect(isInterviewFor(i('Interview'), job('applied'))).toBe(true);
    expect(isInterviewFor(i('Catch-up', 'call'), job('applied'))).toBe(false);
    expect(isInterviewFor(i('Catch-up', 'call'), job('phone_screen'))).toBe(true);
    expect(isInterviewFor(i('Catch-up', 'email'), job('interview'))).toBe(false);
    expect(isInterviewFor(i('Interview', 'meeting', 'someone-else'), job('interview'))).toBe(false);
    expect(isInterviewFor(i('Interview'), job('offer'))).toBe(false);
  });

  it('among several jobs, the one named; none when none or two are named', () => {
    const jobs = [job('applied'), job('applied', { id: 'j2', companyName: 'Figma', jobTitle: 'Designer' })];
    expect(jobMeant(i('Interview for the Figma role'), jobs)?.id).toBe('j2');
    expect(jobMeant(i('Interview'), jobs)).toBeNull();
    expect(jobMeant(i('Interview: Stripe vs Figma'), jobs)).toBeNull();
    expect(jobMeant(i('Interview'), [jobs[0]])?.id).toBe('j1');
  });
});

describe.each(STORAGES)('workflow automation on %s', (storage) => {
  const t = withAliceAndBob(storage);
  /** A call and the id of its change set (the one the card's Undo takes). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const change = async (userId: string, name: string, input: unknown): Promise<{ value: any; changeId?: string }> => {
    let changeId: string | undefined;
    const value = await runTool(t.h.runtime, userId, findTool(name)!, input, { onChangeSet: (id) => { changeId = id; } });
    return { value, changeId };
  };
  const tasksOf = async (userId: string, opportunity?: string) =>
    (await t.h.call(userId, 'list_tasks', { status: 'all', ...(opportunity ? { opportunity } : {}) })).tasks as Array<Record<string, unknown>>;
  const openTasks = async (userId: string, opportunity?: string) => (await tasksOf(userId, opportunity)).filter((x) => x.status === 'open');
  const feed = async (userId: string) => ((await t.h.call(userId, 'list_activities', { limit: 50 })).activities as Array<{ description: string }>).map((a) => a.description);
  const job = async (userId: string, ref: string) => (await t.h.call(userId, 'get_opportunity', { opportunity: ref })).opportunity;
  const on = (userId: string, rule: string, params?: Record<string, unknown>) => t.h.call(userId, 'set_automation_rule', { rule, enabled: true, ...(params ? { params } : {}) });
  const off = (userId: string, rule: string) => t.h.call(userId, 'set_automation_rule', { rule, enabled: false });
  const allOff = async (userId: string) => { for (const r of ['follow_up_after_applying', 'thank_you_after_interview', 'interview_moves_stage', 'offer_closes_follow_ups']) await off(userId, r); };

  beforeAll(async () => {
    t.h.setNow('2026-11-25T15:00:00Z');
    for (const [first, last, company] of [['Priya', 'Patel', 'Stripe'], ['Tom', 'Baker', 'Figma'], ['Omar', 'Haddad', 'Linear'], ['Ana', 'Lima', 'Nubank'], ['Rui', 'Costa', 'Vercel']]) {
      await t.h.call(t.alice.id, 'add_contact', { first_name: first, last_name: last, company });
    }
  });

  it('lists the rules, all off with their defaults, and checks what is set', async () => {
    const listed = await t.h.call(t.alice.id, 'list_automation_rules', {});
    expect(listed.rules.map((r: { rule: string; enabled: boolean }) => [r.rule, r.enabled])).toEqual([
      ['follow_up_after_applying', false], ['thank_you_after_interview', false], ['interview_moves_stage', false], ['offer_closes_follow_ups', false],
    ]);
    expect(listed.rules[0].params).toEqual({ days: 7 });
    expect((await t.h.error(t.alice.id, 'set_automation_rule', { rule: 'interview_moves_stage', params: { days: 3 } })).field).toBe('params.days');
    expect((await t.h.error(t.alice.id, 'set_automation_rule', { rule: 'follow_up_after_applying', params: { days: 0 } })).field).toBe('params.days');
    expect((await t.h.error(t.alice.id, 'set_automation_rule', { rule: 'follow_up_after_applying' })).field).toBe('enabled');
    expect((await t.h.error(t.alice.id, 'set_automation_rule', { rule: 'autopilot', enabled: true })).field).toBe('rule');
    // Off: reaching applied adds nothing.
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Nubank', job_title: 'Engineering Manager', contact: 'Ana Lima', status: 'applied' });
    expect(await openTasks(t.alice.id, 'Nubank')).toEqual([]);
  });

  it('follow-up after applying: due N days later, removed when the contact answers first, and that removal undone alone', async () => {
    const set = await on(t.alice.id, 'follow_up_after_applying', { days: 5 });
    expect(set.summary).toBe('Turned on the automation "Follow up after applying" (5 days after applying).');
    expect(set.rule).toMatchObject({ enabled: true, params: { days: 5 } });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'Platform Engineer', contact: 'Priya Patel' });
    const applied = await change(t.alice.id, 'update_opportunity', { opportunity: 'Stripe', status: 'applied' });
    const [task] = await openTasks(t.alice.id, 'Stripe');
    expect(task).toMatchObject({
      title: 'Follow up with Priya Patel on your application: Platform Engineer at Stripe', due_date: '2026-11-30', automation_rule: 'follow_up_after_applying', kind: 'todo',
    });
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: 'Priya Patel' })).contact.next_follow_up_date).toBe('2026-11-30');
    expect(await feed(t.alice.id)).toContain('Automation "Follow up after applying": follow up on Platform Engineer at Stripe on 2026-11-30 unless something happens first');
    // The rule's effect is its own change, pointing at the stage move it reacted to.
    const changes = (await t.h.call(t.alice.id, 'list_changes', { limit: 2 })).changes;
    expect(changes.map((c: { tool: string }) => c.tool)).toEqual(['update_opportunity', 'automation:follow_up_after_applying']);
    expect(changes[1]).toMatchObject({ caused_by: applied.changeId, summary: expect.stringContaining('follow up on Platform Engineer at Stripe on 2026-11-30') });

    // Two days on, Priya writes back: the follow-up goes, said why.
    t.h.setNow('2026-11-27T10:00:00Z');
    const reply = await change(t.alice.id, 'log_interaction', { contact: 'Priya Patel', interaction_type: 'email', subject: 'Re: your application' });
    expect(await openTasks(t.alice.id, 'Stripe')).toEqual([]);
    expect(await feed(t.alice.id)).toContain(
      'Automation "Follow up after applying": removed the task "Follow up with Priya Patel on your application: Platform Engineer at Stripe" (due 2026-11-30): you were in touch with Priya Patel on 2026-11-27');
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: 'Priya Patel' })).contact.next_follow_up_date).toBeNull();

    // Undo the rule's removal by its change id: the task is back, the e-mail stays.
    const removal = (await t.h.call(t.alice.id, 'list_changes', { limit: 2 })).changes.find((c: { caused_by: string | null }) => c.caused_by === reply.changeId);
    expect(removal.tool).toBe('automation:follow_up_after_applying');
    const undone = await t.h.call(t.alice.id, 'undo', { change_id: removal.change_id });
    expect(undone.restored).toMatchObject({ crm_tasks: 1 });
    expect((await openTasks(t.alice.id, 'Stripe')).map((x) => x.due_date)).toEqual(['2026-11-30']);
    expect((await t.h.call(t.alice.id, 'list_interactions', { contact: 'Priya Patel' })).interactions).toHaveLength(1);
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: 'Priya Patel' })).contact.next_follow_up_date).toBe('2026-11-30');
  });

  it('follow-up after applying: a stage move removes it; an application whose days are over gets none', async () => {
    t.h.setNow('2026-11-25T15:00:00Z');
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Figma', job_title: 'Product Engineer', contact: 'Tom Baker', status: 'applied' });
    expect((await openTasks(t.alice.id, 'Figma')).map((x) => x.due_date)).toEqual(['2026-11-30']);
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Figma', status: 'phone_screen' });
    expect(await openTasks(t.alice.id, 'Figma')).toEqual([]);
    expect(await feed(t.alice.id)).toContainEqual(expect.stringMatching(/^Automation "Follow up after applying": removed the task "[^"]+" \(due 2026-11-30\): Product Engineer at Figma moved to phone screen$/));
    // Applied on the 10th, 5 days: the 15th is past; no task. Applied on the 23rd: due the 28th.
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Initech', status: 'applied', application_date: '2026-11-10' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Globex', status: 'applied', application_date: '2026-11-23' });
    expect(await openTasks(t.alice.id, 'Initech')).toEqual([]);
    expect((await openTasks(t.alice.id, 'Globex')).map((x) => [x.title, x.due_date])).toEqual([['Follow up on your application: Globex', '2026-11-28']]);
  });

  it('fires for an import too: only the applications still within their days', async () => {
    const content = JSON.stringify([
      { company: 'Hooli', title: 'SRE', status: 'applied', date_applied: '2026-11-24' },
      { company: 'Umbrella', title: 'Data Engineer', status: 'applied', date_applied: '2026-10-01' },
      { company: 'Wonka', title: 'Chocolatier', status: 'interested' },
    ]);
    const imported = await t.h.call(t.alice.id, 'import_file', { content, filename: 'applications.json', dry_run: false });
    expect(imported.format).toBe('applications-json');
    expect((await openTasks(t.alice.id, 'Hooli')).map((x) => x.due_date)).toEqual(['2026-11-29']);
    expect(await openTasks(t.alice.id, 'Umbrella')).toEqual([]);
    expect(await openTasks(t.alice.id, 'Wonka')).toEqual([]);
  });

  it('an interview logged moves the job to interview and asks for a thank-you the same day; its follow-up goes', async () => {
    await on(t.alice.id, 'interview_moves_stage');
    await on(t.alice.id, 'thank_you_after_interview');
    t.h.setNow('2026-11-28T16:00:00Z');
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Vercel', job_title: 'DX Engineer', contact: 'Rui Costa', status: 'applied' });
    expect(await openTasks(t.alice.id, 'Vercel')).toHaveLength(1);
    const logged = await change(t.alice.id, 'log_interaction', { contact: 'Rui Costa', interaction_type: 'meeting', subject: 'Interview with the DX team' });
    const vercel = await job(t.alice.id, 'Vercel');
    expect(vercel.status).toBe('interview');
    expect(vercel.stage_history.map((s: { to_status: string }) => s.to_status)).toEqual(['applied', 'interview']);
    expect((await openTasks(t.alice.id, 'Vercel')).map((x) => [x.title, x.due_date, x.automation_rule])).toEqual([
      ['Send Rui Costa a thank-you note (DX Engineer at Vercel)', '2026-11-28', 'thank_you_after_interview'],
    ]);
    const said = await feed(t.alice.id);
    expect(said).toContain('Automation "Thank-you note after an interview": thank Rui Costa for the interview for DX Engineer at Vercel on 2026-11-28');
    expect(said).toContainEqual(expect.stringMatching(/^Automation "Follow up after applying": removed the task "[^"]+" \(due 2026-12-03\): DX Engineer at Vercel moved to interview$/));
    expect(said).toContain('Automation "An interview moves the job to Interview": moved DX Engineer at Vercel from applied to interview (the interview with Rui Costa on 2026-11-28)');
    // Three rules, three changes, each caused by the logged meeting.
    const caused = (await t.h.call(t.alice.id, 'list_changes', { limit: 5 })).changes.filter((c: { caused_by: string | null }) => c.caused_by === logged.changeId);
    expect(caused.map((c: { tool: string }) => c.tool).sort()).toEqual(['automation:follow_up_after_applying', 'automation:interview_moves_stage', 'automation:thank_you_after_interview']);
  });

  it('undoing the logged interview undoes what its rules did, exactly; the undo itself fires nothing', async () => {
    t.h.setNow('2026-11-28T17:00:00Z');
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Nubank', status: 'interested' });
    await t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Nubank', status: 'applied' });
    const before = { job: await job(t.alice.id, 'Nubank'), tasks: await tasksOf(t.alice.id, 'Nubank'), contact: (await t.h.call(t.alice.id, 'get_contact', { contact: 'Ana Lima' })).contact };
    // Applied on the 25th (its application date stays): due the 30th.
    expect(before.tasks.map((x) => x.due_date)).toEqual(['2026-11-30']);
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Ana Lima', interaction_type: 'call', subject: 'First interview' });
    expect((await job(t.alice.id, 'Nubank')).status).toBe('interview');
    expect((await openTasks(t.alice.id, 'Nubank')).map((x) => x.automation_rule)).toEqual(['thank_you_after_interview']);
    // "undo" takes the latest change, the logged call, and with it the three rules' effects.
    const undone = await t.h.call(t.alice.id, 'undo', {});
    expect(undone.undone.tool).toBe('log_interaction');
    expect(undone.restored).toMatchObject({ crm_interactions: 1, crm_opportunities: 1, crm_opportunity_stage_changes: 1 });
    expect(await job(t.alice.id, 'Nubank')).toEqual(before.job);
    expect(await tasksOf(t.alice.id, 'Nubank')).toEqual(before.tasks);
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: 'Ana Lima' })).contact).toEqual(before.contact);
    // The rules' change sets are marked undone with it; saying undo again goes to the stage move before.
    const recent = (await t.h.call(t.alice.id, 'list_changes', { limit: 7 })).changes;
    expect(recent.filter((c: { tool: string; undone: boolean }) => c.tool.startsWith('automation:') && !c.undone).map((c: { tool: string }) => c.tool)).toEqual(['automation:follow_up_after_applying']);
    const again = await t.h.call(t.alice.id, 'undo', {});
    expect(again.undone.tool).toBe('update_opportunity');
    expect((await job(t.alice.id, 'Nubank')).status).toBe('interested');
    expect(await openTasks(t.alice.id, 'Nubank')).toEqual([]);
  });

  it('never backwards, not for a phone interview, not for a guess between two jobs; a thank-you still', async () => {
    t.h.setNow('2026-11-30T15:00:00Z');
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Linear', job_title: 'Engineer', contact: 'Omar Haddad', status: 'final_round' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Omar Haddad', interaction_type: 'meeting', subject: 'Final interview with the CTO' });
    expect((await job(t.alice.id, 'Linear')).status).toBe('final_round');
    expect((await openTasks(t.alice.id, 'Linear')).map((x) => x.title)).toEqual(['Send Omar Haddad a thank-you note (Engineer at Linear)']);

    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Acme', job_title: 'Backend', contact: 'Tom Baker', status: 'applied' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Tom Baker', interaction_type: 'call', subject: 'Phone interview' });
    expect((await job(t.alice.id, 'Acme')).status).toBe('applied');
    // Tom has Figma (phone screen) and Acme (applied): the call said neither, so the thank-you names no job.
    expect((await openTasks(t.alice.id)).filter((x) => x.contact_id && x.title === 'Send Tom Baker a thank-you note')).toHaveLength(1);
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Tom Baker', interaction_type: 'meeting', subject: 'Interview' });
    expect((await job(t.alice.id, 'Acme')).status).toBe('applied');
    expect((await job(t.alice.id, 'Figma')).status).toBe('phone_screen');
    // One thank-you per contact and day.
    expect((await openTasks(t.alice.id)).filter((x) => String(x.title).startsWith('Send Tom Baker'))).toHaveLength(1);
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Tom Baker', interaction_type: 'meeting', subject: 'Interview for the Acme backend role' });
    expect((await job(t.alice.id, 'Acme')).status).toBe('interview');
    // An interview logged ten days late is history: no move (it is older than the job's stage) and no thank-you.
    await t.h.call(t.alice.id, 'add_contact', { first_name: 'Lena', last_name: 'Berg', company: 'Pied Piper' });
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Pied Piper', contact: 'Lena Berg', status: 'applied' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Lena Berg', interaction_type: 'meeting', subject: 'Interview', interaction_date: '2026-11-20' });
    expect((await job(t.alice.id, 'Pied Piper')).status).toBe('applied');
    expect((await openTasks(t.alice.id)).filter((x) => String(x.title).startsWith('Send Lena Berg'))).toEqual([]);
  });

  it('an offer completes the job\'s open follow-ups and leaves its other to-dos', async () => {
    await on(t.alice.id, 'offer_closes_follow_ups');
    await t.h.call(t.alice.id, 'create_task', { title: 'Check in after the final round', opportunity: 'Linear', due_date: '2026-12-04' });
    await t.h.call(t.alice.id, 'create_task', { title: 'Follow up with Omar', contact: 'Omar Haddad', opportunity: 'Linear', kind: 'follow_up', due_date: '2026-12-05' });
    await t.h.call(t.alice.id, 'create_task', { title: 'Prepare references', opportunity: 'Linear', due_date: '2026-12-06' });
    const offer = await change(t.alice.id, 'update_opportunity', { opportunity: 'Linear', status: 'offer' });
    expect((await openTasks(t.alice.id, 'Linear')).map((x) => x.title).sort()).toEqual(['Prepare references', 'Send Omar Haddad a thank-you note (Engineer at Linear)']);
    expect((await tasksOf(t.alice.id, 'Linear')).filter((x) => x.status === 'done').map((x) => x.title).sort()).toEqual(['Check in after the final round', 'Follow up with Omar']);
    expect(await feed(t.alice.id)).toContain(
      'Automation "An offer closes the job\'s follow-ups": completed 2 follow-ups about Engineer at Linear: "Check in after the final round", "Follow up with Omar"');
    expect((await t.h.call(t.alice.id, 'get_contact', { contact: 'Omar Haddad' })).contact.next_follow_up_date).toBe('2026-11-30');
    // Undoing the rule's effect alone reopens them; the offer stays.
    const effect = (await t.h.call(t.alice.id, 'list_changes', { limit: 3 })).changes.find((c: { caused_by: string | null }) => c.caused_by === offer.changeId);
    await t.h.call(t.alice.id, 'undo', { change_id: effect.change_id });
    expect((await openTasks(t.alice.id, 'Linear'))).toHaveLength(4);
    expect((await job(t.alice.id, 'Linear')).status).toBe('offer');
  });

  it('a rule that fails fails the write: nothing of either stays', async () => {
    await t.database.db.execute(sql.raw(`
      create function kith_test_refuse_rule_task() returns trigger language plpgsql as $$
      begin if new.automation_rule is not null then raise exception 'refused by the test'; end if; return new; end $$`));
    await t.database.db.execute(sql.raw('create trigger kith_test_refuse_rule_task before insert on crm_tasks for each row execute function kith_test_refuse_rule_task()'));
    try {
      await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Soylent', contact: 'Rui Costa' });
      const before = (await t.h.call(t.alice.id, 'list_interactions', { contact: 'Rui Costa' })).interactions.length;
      await expect(t.h.call(t.alice.id, 'update_opportunity', { opportunity: 'Soylent', status: 'applied' })).rejects.toThrow();
      expect((await job(t.alice.id, 'Soylent')).status).toBe('interested');
      await expect(t.h.call(t.alice.id, 'log_interaction', { contact: 'Rui Costa', interaction_type: 'meeting', subject: 'Interview' })).rejects.toThrow();
      expect((await t.h.call(t.alice.id, 'list_interactions', { contact: 'Rui Costa' })).interactions).toHaveLength(before);
    } finally {
      await t.database.db.execute(sql.raw('drop trigger kith_test_refuse_rule_task on crm_tasks'));
      await t.database.db.execute(sql.raw('drop function kith_test_refuse_rule_task()'));
    }
  });

  it('a user\'s rules act on their own data only', async () => {
    await allOff(t.alice.id);
    for (const rule of ['follow_up_after_applying', 'thank_you_after_interview', 'interview_moves_stage', 'offer_closes_follow_ups']) await on(t.bob.id, rule);
    expect((await t.h.call(t.alice.id, 'list_automation_rules', {})).rules.every((r: { enabled: boolean }) => !r.enabled)).toBe(true);
    expect((await t.h.call(t.bob.id, 'list_automation_rules', {})).rules.every((r: { enabled: boolean }) => r.enabled)).toBe(true);
    const aliceTasks = await tasksOf(t.alice.id);
    await t.h.call(t.alice.id, 'add_opportunity', { company_name: 'Tyrell', contact: 'Priya Patel', status: 'applied' });
    await t.h.call(t.alice.id, 'log_interaction', { contact: 'Priya Patel', interaction_type: 'meeting', subject: 'Interview' });
    expect((await job(t.alice.id, 'Tyrell')).status).toBe('applied');
    expect(await tasksOf(t.alice.id)).toEqual(aliceTasks);
    // Bob's own: his rules work for him, and he sees nothing of Alice's.
    await t.h.call(t.bob.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Tyrell' });
    await t.h.call(t.bob.id, 'add_opportunity', { company_name: 'Tyrell', contact: 'Priya Patel', status: 'applied' });
    await t.h.call(t.bob.id, 'log_interaction', { contact: 'Priya Patel', interaction_type: 'meeting', subject: 'Interview' });
    expect((await job(t.bob.id, 'Tyrell')).status).toBe('interview');
    expect((await openTasks(t.bob.id)).map((x) => x.title)).toEqual(['Send Priya Patel a thank-you note (Tyrell)']);
    expect(await tasksOf(t.alice.id)).toEqual(aliceTasks);
    expect((await t.h.error(t.bob.id, 'undo', { change_id: (await t.h.call(t.alice.id, 'list_changes', { limit: 1 })).changes[0].change_id })).code).toBe('not_found');
  });
});
