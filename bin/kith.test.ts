import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../test-support/run-cli.js';

describe('the kith command line', { timeout: 240_000 }, () => {
  let dir: string;
  const data = () => join(dir, 'data');

  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kith-cli-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows help with every command', () => {
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    for (const command of ['chat', 'call', 'import', 'export', 'user', 'token', 'doctor', 'serve', 'mcp', 'reindex']) {
      expect(help.stdout).toContain(command);
    }
  });

  it('refuses bad imports with the record and field, a non-zero exit, and nothing written', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"contacts": [');
    const r1 = runCli(['--data', data(), 'import', broken, '--format', 'json']);
    expect(r1.status).not.toBe(0);
    expect(r1.stderr).toMatch(/not valid JSON.*Nothing was imported/);

    const bad = join(dir, 'bad.json');
    const good = { id: randomUUID(), first_name: 'Priya', last_name: 'Patel' };
    writeFileSync(bad, JSON.stringify({ contacts: [good, { id: randomUUID(), first_name: 'Marcus', last_name: 'Chen', connection_strength: 'close' }] }));
    const r2 = runCli(['--data', data(), 'import', bad, '--format', 'json']);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/contacts\[1\].*connection_strength/);

    const dangling = join(dir, 'dangling.json');
    writeFileSync(dangling, JSON.stringify({ contacts: [good], interactions: [{ contact_id: randomUUID(), interaction_type: 'call', interaction_date: '2026-11-01' }] }));
    const r3 = runCli(['--data', data(), 'import', dangling]);
    expect(r3.status).toBe(1);
    expect(r3.stderr).toMatch(/interactions\[0\].*contact_id/);

    const out = runCli(['--data', data(), 'export', '--format', 'json']);
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout).contacts).toEqual([]);
  });

  it('export, import into an empty directory, export again: the same records', () => {
    const source = join(dir, 'source.json');
    const priya = randomUUID();
    writeFileSync(source, JSON.stringify({
      contacts: [{ id: priya, first_name: 'Priya', last_name: 'Patel', email: 'priya@stripe.com', tags: ['mentor'], next_follow_up_date: '2026-11-27' }],
      interactions: [{ id: randomUUID(), contact_id: priya, interaction_type: 'coffee_chat', interaction_date: '2026-11-10T10:00:00Z', notes: 'Kubernetes' }],
      opportunities: [{ id: randomUUID(), company_name: 'Stripe', job_title: 'Backend Engineer', status: 'applied', contact_id: priya }],
    }));
    expect(runCli(['--data', data(), 'import', source, '--format', 'json']).status).toBe(0);
    const first = join(dir, 'first.json');
    expect(runCli(['--data', data(), 'export', '--format', 'json', '--out', first]).status).toBe(0);
    expect(runCli(['--data', join(dir, 'copy'), 'import', first, '--format', 'json']).status).toBe(0);
    const second = join(dir, 'second.json');
    expect(runCli(['--data', join(dir, 'copy'), 'export', '--format', 'json', '--out', second]).status).toBe(0);
    const a = JSON.parse(readFileSync(first, 'utf8'));
    const b = JSON.parse(readFileSync(second, 'utf8'));
    for (const table of ['contacts', 'interactions', 'opportunities']) expect(b[table]).toEqual(a[table]);
  });

  it('runs any tool with call, and says what is wrong with bad input', () => {
    const ok = runCli(['--data', data(), 'call', 'find_contacts', '--input', '{"query":"pat"}']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).contacts.map((c: { last_name: string }) => c.last_name)).toEqual(['Patel']);
    const unknown = runCli(['--data', data(), 'call', 'fly_to_moon']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no tool named "fly_to_moon"/);
    const invalid = runCli(['--data', data(), 'call', 'add_contact', '--input', '{"first_name":"X","email":"nope"}']);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/email/);
  });

  it('adds users and tokens; each user sees only their own data', () => {
    const added = runCli(['--data', data(), 'user', 'add', 'ana@example.com']);
    expect(added.status).toBe(0);
    const token = runCli(['--data', data(), 'token', 'create', '--user', 'ana@example.com']);
    expect(token.status).toBe(0);
    expect(token.stdout.trim()).toMatch(/^kith_[A-Za-z0-9_-]{20,}$/);
    const asAna = runCli(['--data', data(), '--user', 'ana@example.com', 'call', 'find_contacts']);
    expect(JSON.parse(asAna.stdout).contacts).toEqual([]);
    const nobody = runCli(['--data', data(), '--user', 'nobody@example.com', 'call', 'find_contacts']);
    expect(nobody.status).toBe(1);
    expect(nobody.stderr).toMatch(/no user with the email nobody@example.com/);
  });

  it('chats in one shot with --json, and a session remembers who "her" is', () => {
    const first = runCli(['--data', data(), 'chat', 'log coffee with Priya, follow up Friday', '--json']);
    expect(first.status).toBe(0);
    const turn = JSON.parse(first.stdout);
    expect(turn.toolCalls.map((c: { name: string }) => c.name)).toContain('log_interaction');
    const second = runCli(['--data', data(), 'chat', 'also tag her as mentor', '--json', '--session', turn.sessionId]);
    const next = JSON.parse(second.stdout);
    expect(next.toolCalls.map((c: { name: string }) => c.name)).toContain('tag_contacts');
    const priya = JSON.parse(runCli(['--data', data(), 'call', 'get_contact', '--input', '{"contact":"Priya Patel"}']).stdout);
    expect(priya.contact.tags).toContain('mentor');
    expect(priya.contact.next_follow_up_date).toBe('2026-11-27');
  });

  it('a one-shot chat that logs a note leaves it embedded when it exits', () => {
    const logged = runCli(['--data', data(), 'chat', 'log a call with Priya about their Kubernetes migration', '--json']);
    expect(logged.status).toBe(0);
    expect(JSON.parse(logged.stdout).toolCalls.map((c: { name: string }) => c.name)).toContain('log_interaction');
    const doctor = JSON.parse(runCli(['--data', data(), 'doctor', '--json']).stdout);
    expect(doctor.embedder.id).toMatch(/^offline:use-lite/);
    // the chat's stderr says why, when the embedding did not happen
    expect(doctor.embeddings, logged.stderr).toMatchObject({ pending: 0, failed: 0 });
    expect(doctor.vectors).toMatchObject({ missing: 0 });
    expect(doctor.vectors.documents).toBeGreaterThan(0);
  });

  it('keeps an interactive session: a prompt, pronouns across turns, "yes" confirms, exit leaves', () => {
    const session = runCli(['--data', data(), 'chat'], {
      input: ['add Omar Haddad, recruiter at Globex', 'also tag him as python', 'delete Omar Haddad', 'yes', 'exit', ''].join('\n'),
    });
    expect(session.status).toBe(0);
    expect(session.stdout).toMatch(/you ›/);
    expect(session.stdout).toMatch(/confirm/i);
    const omar = runCli(['--data', data(), 'call', 'find_contacts', '--input', '{"query":"haddad"}']);
    expect(JSON.parse(omar.stdout).contacts).toEqual([]);
    const feed = JSON.parse(runCli(['--data', data(), 'call', 'list_activities', '--input', '{"limit":10}']).stdout);
    const types = feed.activities.map((a: { activity_type: string }) => a.activity_type);
    expect(types).toEqual(expect.arrayContaining(['contact_added', 'contacts_tagged', 'contact_deleted']));
  });
});

describe('kith import of other formats', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-import-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fixture = (name: string) => join(import.meta.dirname, '..', 'agent', 'tools', 'imports', 'fixtures', name);

  it('detects LinkedIn, dry-runs, imports, and a second import changes nothing', () => {
    const data = join(dir, 'data');
    const dry = runCli(['--data', data, 'import', fixture('Connections.csv'), '--dry-run']);
    expect(dry.status).toBe(0);
    expect(dry.stderr).toMatch(/Dry run \(nothing written\): linkedin-connections/);
    expect(dry.stderr).toMatch(/contacts: 6 added, 0 updated, 0 merged, 1 skipped/);
    expect(dry.stderr).toMatch(/line 11: skip Lucas Silva \(Nubank\) — matches line 10 of this file \(same LinkedIn URL, same name and company\)/);
    expect(JSON.parse(runCli(['--data', data, 'export']).stdout).contacts).toEqual([]);
    expect(runCli(['--data', data, 'import', fixture('Connections.csv'), '--merge']).status).toBe(0);
    const again = runCli(['--data', data, 'import', fixture('Connections.csv')]);
    expect(JSON.parse(again.stdout).summary.contacts).toEqual({ add: 0, update: 0, merge: 0, skip: 7 });
    expect(JSON.parse(runCli(['--data', data, 'export']).stdout).contacts).toHaveLength(6);
  });

  it('takes --format and --mapping, and names the line of a broken file', () => {
    const data = join(dir, 'data2');
    const wrong = runCli(['--data', data, 'import', fixture('Connections.csv'), '--format', 'vcard']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/line 1, column 1: text outside a BEGIN:VCARD/);
    const mapped = runCli(['--data', data, 'import', fixture('any-contacts.csv'), '--mapping', 'Favourite food=,How we met=notes']);
    expect(mapped.status).toBe(0);
    expect(JSON.parse(mapped.stdout).mapping).toMatchObject({ source: 'given', saved: true });
    const broken = runCli(['--data', data, 'import', fixture('latin1.csv')]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/not UTF-8 text: line 3, column 4/);
  });
});

describe('kith user delete', { timeout: 240_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'kith-delete-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says what would go and deletes only with --yes', () => {
    const data = join(dir, 'data');
    expect(runCli(['--data', data, 'user', 'add', 'ana@example.com']).status).toBe(0);
    expect(runCli(['--data', data, '--user', 'ana@example.com', 'call', 'add_contact', '--input', '{"first_name":"Priya"}']).status).toBe(0);
    const asked = runCli(['--data', data, 'user', 'delete', 'ana@example.com']);
    expect(asked.status).toBe(1);
    expect(asked.stderr).toMatch(/would delete: .*1 crm_contacts/);
    expect(asked.stderr).toMatch(/Nothing was deleted: run again with --yes/);
    const done = runCli(['--data', data, 'user', 'delete', 'ana@example.com', '--yes']);
    expect(done.status).toBe(0);
    expect(JSON.parse(done.stdout).deleted).toMatchObject({ users: 1, crm_contacts: 1 });
    expect(runCli(['--data', data, '--user', 'ana@example.com', 'export']).status).not.toBe(0);
  });
});
