import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, STORAGES, type TestDatabase } from '../../../test-support/test-database.js';
import { toolHarness } from '../../../test-support/tool-harness.js';
import { withUser } from '../../../db/with-user.js';
import { addUser, type User } from '../../../accounts/users.js';
import { setPlan } from '../../../accounts/plans.js';

const rows = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id).sort();

describe.each(STORAGES)('team workspaces on %s', (storage) => {
  let database: TestDatabase;
  let h: ReturnType<typeof toolHarness>;
  let olivia: User; // owns the team (Enterprise)
  let mark: User; // a member of it (Free)
  let pat: User; // in no team
  let pro: User; // Professional: no teams
  const c: Record<string, string> = {};
  const o: Record<string, string> = {};
  let teamId: string;

  const as = <T>(u: User, fn: (tx: TestDatabase['db']) => Promise<T>) => withUser(database.db, u.id, fn);

  beforeAll(async () => {
    database = await createTestDatabase(storage);
    h = toolHarness(database);
    const stamp = Date.now().toString(36);
    olivia = await addUser(database.db, `olivia-${stamp}@example.test`, { displayName: 'Olivia Owner' });
    mark = await addUser(database.db, `mark-${stamp}@example.test`, { displayName: 'Mark Member' });
    pat = await addUser(database.db, `pat-${stamp}@example.test`, { displayName: 'Pat Outsider' });
    pro = await addUser(database.db, `pro-${stamp}@example.test`);
    await setPlan(database.db, olivia.id, 'enterprise');
    await setPlan(database.db, mark.id, 'free');
    await setPlan(database.db, pro.id, 'professional');
    c.priya = (await h.call(olivia.id, 'add_contact', { first_name: 'Priya', last_name: 'Patel', company: 'Stripe', email: 'priya@stripe.com' })).contact.id;
    c.lucas = (await h.call(olivia.id, 'add_contact', { first_name: 'Lucas', last_name: 'Silva', notes: 'private to Olivia' })).contact.id;
    c.marksOwn = (await h.call(mark.id, 'add_contact', { first_name: 'Mina', last_name: 'Kwon', notes: 'private to Mark' })).contact.id;
    c.marksShared = (await h.call(mark.id, 'add_contact', { first_name: 'Sam', last_name: 'Shared' })).contact.id;
    await h.call(olivia.id, 'log_interaction', { contact: c.priya, interaction_type: 'call', notes: 'Olivia called Priya' });
    await h.call(olivia.id, 'log_interaction', { contact: c.lucas, interaction_type: 'email', notes: 'Olivia wrote Lucas' });
    o.stripe = (await h.call(olivia.id, 'add_opportunity', { company_name: 'Stripe', job_title: 'SRE', contact: c.priya })).opportunity.id;
    o.secret = (await h.call(olivia.id, 'add_opportunity', { company_name: 'Globex', job_title: 'CTO' })).opportunity.id;
  });
  afterAll(async () => { await database?.drop(); });

  it('a user below Enterprise cannot create a team, told which plan they are on; the database refuses it too', async () => {
    const refused = await h.error(pro.id, 'create_team', { name: 'Pros' });
    expect(refused).toMatchObject({ code: 'forbidden', message: 'A team workspace is not part of the Professional plan: it comes with Enterprise.' });
    const direct = as(pro, (tx) => tx.execute(sql`insert into teams (user_id, name) values (${pro.id}, 'Around the tool')`));
    await expect(direct).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'KP403', message: expect.stringContaining('part of the Enterprise plan; you are on the Professional plan') }) });
    expect(rows(await database.db.execute(sql`select count(*)::int as n from teams where user_id = ${pro.id}`))[0].n).toBe(0);
  });

  it('the owner creates a team and adds members by e-mail; only the owner adds', async () => {
    const made = await h.call(olivia.id, 'create_team', { name: 'Recruiting' });
    teamId = made.team.id;
    expect(made.team).toMatchObject({ name: 'Recruiting', owner_name: 'Olivia Owner', yours: true, members: [{ name: 'Olivia Owner', owner: true }] });
    const added = await h.call(olivia.id, 'add_team_member', { team: 'recruiting', email: mark.email.toUpperCase() });
    expect(added.team.members.map((m: { name: string }) => m.name)).toEqual(['Olivia Owner', 'Mark Member']);
    expect(await h.error(mark.id, 'add_team_member', { team: 'Recruiting', email: pat.email })).toMatchObject({ code: 'forbidden', message: 'Only the owner of the team Recruiting adds members.' });
    expect(await h.error(olivia.id, 'add_team_member', { team: 'Recruiting', email: 'nobody@example.test' })).toMatchObject({ code: 'not_found' });
    expect(await h.error(pat.id, 'add_team_member', { team: teamId, email: pat.email })).toMatchObject({ code: 'not_found' });
    const marks = await h.call(mark.id, 'list_teams', {});
    expect(marks.teams).toMatchObject([{ id: teamId, name: 'Recruiting', owner_name: 'Olivia Owner', yours: false }]);
    expect((await h.call(pat.id, 'list_teams', {})).teams).toEqual([]);
  });

  it('a shared record is read by the team, marked with its owner; private ones stay invisible on every read', async () => {
    await h.call(olivia.id, 'share_record', { record_type: 'contact', record: 'Priya Patel', team: 'Recruiting' });
    const shared = await h.call(olivia.id, 'share_record', { record_type: 'opportunity', record: o.stripe, team: teamId });
    expect(shared.shared).toMatchObject({ team_id: teamId, team_name: 'Recruiting', owner_name: 'Olivia Owner', yours: true });

    const list = await h.call(mark.id, 'find_contacts', {});
    expect(ids(list.contacts)).toEqual([c.marksOwn, c.marksShared, c.priya].sort());
    expect(list.total).toBe(3);
    expect(list.contacts.find((x: { id: string }) => x.id === c.priya).shared).toEqual({ team_id: teamId, team_name: 'Recruiting', owner_id: olivia.id, owner_name: 'Olivia Owner', yours: false });
    expect(list.contacts.find((x: { id: string }) => x.id === c.marksOwn).shared).toBeUndefined();
    expect(ids((await h.call(mark.id, 'find_contacts', { query: 'stripe' })).contacts)).toEqual([c.priya]);
    expect((await h.call(mark.id, 'find_contacts', { query: 'silva' })).contacts).toEqual([]);

    const profile = await h.call(mark.id, 'get_contact', { contact: 'priya@stripe.com' });
    expect(profile.contact.shared.owner_name).toBe('Olivia Owner');
    expect(profile.interactions.map((i: { notes: string; logged_by?: string }) => [i.notes, i.logged_by])).toEqual([['Olivia called Priya', 'Olivia Owner']]);
    expect(await h.error(mark.id, 'get_contact', { contact: c.lucas })).toMatchObject({ code: 'not_found' });
    expect(await h.error(mark.id, 'get_contact', { contact: 'Lucas Silva' })).toMatchObject({ code: 'not_found' });

    const opportunities = await h.call(mark.id, 'list_opportunities', {});
    expect(ids(opportunities.opportunities)).toEqual([o.stripe]);
    expect(opportunities.opportunities[0]).toMatchObject({ contact_name: 'Priya Patel', shared: { owner_name: 'Olivia Owner' } });
    expect((await h.call(mark.id, 'get_opportunity', { opportunity: 'SRE at Stripe' })).opportunity.shared.team_name).toBe('Recruiting');
    expect(await h.error(mark.id, 'get_opportunity', { opportunity: o.secret })).toMatchObject({ code: 'not_found' });

    // Olivia sees none of Mark's private contacts; Pat, in no team, sees nothing of either
    expect(ids((await h.call(olivia.id, 'find_contacts', {})).contacts)).toEqual([c.lucas, c.priya].sort());
    expect(await h.error(olivia.id, 'get_contact', { contact: c.marksOwn })).toMatchObject({ code: 'not_found' });
    expect((await h.call(pat.id, 'find_contacts', {})).contacts).toEqual([]);
    expect((await h.call(pat.id, 'list_opportunities', {})).opportunities).toEqual([]);
    expect(await h.error(pat.id, 'get_contact', { contact: c.priya })).toMatchObject({ code: 'not_found' });
  });

  it('only the owner changes or deletes a shared record: the tools say whose it is, and the database changes nothing', async () => {
    expect(await h.error(mark.id, 'update_contact', { contact: 'Priya', notes: 'mine now' })).toMatchObject({
      code: 'forbidden', message: expect.stringContaining("Priya Patel is Olivia Owner's contact, shared with the team Recruiting: only Olivia Owner changes or deletes it"),
    });
    expect(await h.error(mark.id, 'delete_contact', { contact: c.priya, confirm: true })).toMatchObject({ code: 'forbidden' });
    expect(await h.error(mark.id, 'update_opportunity', { opportunity: o.stripe, status: 'offer' })).toMatchObject({ code: 'forbidden' });
    expect(await h.error(mark.id, 'share_record', { record_type: 'contact', record: c.priya, team: 'Recruiting' })).toMatchObject({ code: 'forbidden' });
    const updated = await as(mark, async (tx) => rows(await tx.execute(sql`update crm_contacts set notes = 'sql' where id = ${c.priya} returning id`)));
    const deleted = await as(mark, async (tx) => rows(await tx.execute(sql`delete from crm_opportunities where id = ${o.stripe} returning id`)));
    expect([updated, deleted]).toEqual([[], []]);
    const [priya] = rows(await database.db.execute(sql`select notes, user_id from crm_contacts where id = ${c.priya}`));
    expect(priya).toEqual({ notes: null, user_id: olivia.id });
  });

  it('a member logs their own interaction with a shared contact; the owner sees it, the contact keeps its owner\'s dates', async () => {
    const before = (await h.call(olivia.id, 'get_contact', { contact: c.priya })).contact;
    const logged = await h.call(mark.id, 'log_interaction', { contact: 'Priya Patel', interaction_type: 'coffee_chat', interaction_date: '2026-11-24', notes: 'Mark met Priya', follow_up_date: '2026-12-02' });
    expect(logged.contact).toMatchObject({ id: c.priya, last_contact_date: before.last_contact_date, next_follow_up_date: before.next_follow_up_date, shared: { yours: false } });
    const seen = await h.call(olivia.id, 'get_contact', { contact: c.priya });
    expect(seen.interactions.map((i: { notes: string; logged_by?: string }) => [i.notes, i.logged_by ?? null])).toEqual([['Olivia called Priya', null], ['Mark met Priya', 'Mark Member']]);
    expect((await h.call(olivia.id, 'list_interactions', { contact: c.priya })).interactions).toHaveLength(2);
    // Mark's follow-up is his own task; Olivia's tasks are untouched
    expect((await h.call(mark.id, 'list_tasks', {})).tasks.map((t: { contact_id: string; due_date: string }) => [t.contact_id, t.due_date])).toEqual([[c.priya, '2026-12-02']]);
    expect((await h.call(olivia.id, 'list_tasks', {})).tasks).toEqual([]);
    // Pat sees neither
    expect(await h.error(pat.id, 'list_interactions', { contact: c.priya })).toMatchObject({ code: 'not_found' });
  });

  it('row-level security itself: raw SQL as a member reads their own rows and the team\'s shares, and cannot widen them', async () => {
    const contacts = await as(mark, async (tx) => rows(await tx.execute(sql`select id from crm_contacts`)));
    expect(ids(contacts as Array<{ id: string }>)).toEqual([c.marksOwn, c.marksShared, c.priya].sort());
    const interactions = await as(mark, async (tx) => rows(await tx.execute(sql`select notes from crm_interactions order by notes`)));
    expect(interactions.map((r) => r.notes)).toEqual(['Mark met Priya', 'Olivia called Priya']);
    expect(rows(await as(mark, (tx) => tx.execute(sql`select id from crm_opportunities`))).map((r) => r.id)).toEqual([o.stripe]);
    expect(rows(await as(pat, (tx) => tx.execute(sql`select id from crm_contacts union all select id from crm_interactions union all select id from crm_opportunities`)))).toEqual([]);
    // an interaction against a contact Mark cannot read
    await expect(as(mark, (tx) => tx.execute(sql`insert into crm_interactions (user_id, contact_id, interaction_type, interaction_date) values (${mark.id}, ${c.lucas}, 'call', now())`))).rejects.toThrow();
    // sharing with a team one is not in, or taking someone else's record
    const [other] = rows(await as(olivia, (tx) => tx.execute(sql`insert into teams (user_id, name) values (${olivia.id}, 'Board') returning id`)));
    await expect(as(mark, (tx) => tx.execute(sql`update crm_contacts set team_id = ${other.id as string}::uuid where id = ${c.marksOwn}`))).rejects.toThrow();
    await expect(as(mark, (tx) => tx.execute(sql`insert into crm_contacts (user_id, first_name, last_name, team_id) values (${mark.id}, 'X', 'Y', ${other.id as string}::uuid)`))).rejects.toThrow();
    // members are added only through the function that checks the team's owner
    await expect(as(mark, (tx) => tx.execute(sql`insert into team_members (team_id, user_id) values (${teamId}, ${pat.id})`))).rejects.toThrow();
    await expect(as(pat, (tx) => tx.execute(sql`select kith_add_team_member(${teamId}::uuid, ${pat.email})`))).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'KP404' }) });
    expect(rows(await as(pat, (tx) => tx.execute(sql`select * from team_members`)))).toEqual([]);
  });

  it('a removed member\'s shares become private and they read the team no more; the owner cannot leave', async () => {
    await h.call(mark.id, 'share_record', { record_type: 'contact', record: c.marksShared, team: 'Recruiting' });
    expect(ids((await h.call(olivia.id, 'find_contacts', {})).contacts)).toContain(c.marksShared);
    expect(await h.error(mark.id, 'remove_team_member', { team: 'Recruiting', email: olivia.email })).toMatchObject({ code: 'forbidden', message: 'The owner of the team Recruiting cannot leave it.' });
    const left = await h.call(olivia.id, 'remove_team_member', { team: 'Recruiting', email: mark.email });
    expect(left.team.members.map((m: { name: string }) => m.name)).toEqual(['Olivia Owner']);
    expect(ids((await h.call(olivia.id, 'find_contacts', {})).contacts)).toEqual([c.lucas, c.priya].sort());
    expect(ids((await h.call(mark.id, 'find_contacts', {})).contacts)).toEqual([c.marksOwn, c.marksShared].sort());
    expect((await h.call(mark.id, 'get_contact', { contact: c.marksShared })).contact.shared).toBeUndefined();
    expect(await h.error(mark.id, 'get_contact', { contact: c.priya })).toMatchObject({ code: 'not_found' });
    // a member may leave by themselves
    await h.call(olivia.id, 'add_team_member', { team: 'Recruiting', email: mark.email });
    expect((await h.call(mark.id, 'remove_team_member', { team: 'Recruiting', email: mark.email })).team).toBeNull();
    expect((await h.call(mark.id, 'list_teams', {})).teams).toEqual([]);
  });

  it('an owner whose plan lapsed adds no more members, told which plan they are on', async () => {
    await setPlan(database.db, olivia.id, 'personal');
    expect(await h.error(olivia.id, 'add_team_member', { team: 'Recruiting', email: pat.email })).toMatchObject({ code: 'forbidden', message: 'Team workspaces are part of the Enterprise plan; you are on the Personal plan. Upgrade to Enterprise to add members.' });
    await expect(as(olivia, (tx) => tx.execute(sql`select kith_add_team_member(${teamId}::uuid, ${pat.email})`))).rejects.toMatchObject({ cause: expect.objectContaining({ code: 'KP403' }) });
    await setPlan(database.db, olivia.id, 'enterprise');
  });
});
