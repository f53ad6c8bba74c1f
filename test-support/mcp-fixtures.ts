import { randomUUID } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startFakeHubSpot } from './fake-hubspot.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

const FIXTURE_HUBSPOT_TOKEN = 'pat-na1-fixture';

/** "Now" in MCP tests: Wednesday 2026-11-25 15:00 UTC, like the evaluation runner. */
export const MCP_TEST_NOW = '2026-11-25T15:00:00Z';

export interface SeedIds {
  priyaPatel: string;
  priyaShah: string;
  lucas: string;
  /** Contacts only there to be deleted and merged. */
  doomed: string;
  dupA: string;
  dupB: string;
  interaction: string;
  doomedInteraction: string;
  opportunity: string;
  doomedOpportunity: string;
}

/** A small export to import_data: fresh ids each time (ids are unique across users). */
export function makeSeed(label = 'Stripe'): { data: Record<string, unknown>; ids: SeedIds } {
  const ids: SeedIds = {
    priyaPatel: randomUUID(), priyaShah: randomUUID(), lucas: randomUUID(), doomed: randomUUID(), dupA: randomUUID(), dupB: randomUUID(),
    interaction: randomUUID(), doomedInteraction: randomUUID(), opportunity: randomUUID(), doomedOpportunity: randomUUID(),
  };
  const contact = (id: string, first_name: string, last_name: string, extra: Record<string, unknown> = {}) => ({ id, first_name, last_name, ...extra });
  const data = {
    contacts: [
      contact(ids.priyaPatel, 'Priya', 'Patel', { company: label, email: `priya@${label.toLowerCase()}.com`, tags: ['mentor'], next_follow_up_date: '2026-11-25' }),
      contact(ids.priyaShah, 'Priya', 'Shah', { company: 'Figma' }),
      contact(ids.lucas, 'Lucas', 'Moreau', { company: 'Datadog', relationship_type: 'recruiter', next_follow_up_date: '2026-11-20' }),
      contact(ids.doomed, 'Temp', 'Person'),
      contact(ids.dupA, 'Dana', 'Dup', { email: 'dana@dup.example' }),
      contact(ids.dupB, 'Dana', 'Duplicate', { phone: '+1 415 555 0100' }),
    ],
    interactions: [
      { id: ids.interaction, contact_id: ids.priyaPatel, interaction_type: 'coffee_chat', interaction_date: '2026-11-20T10:00:00Z', subject: 'Coffee', notes: 'Talked about Kubernetes' },
      { id: ids.doomedInteraction, contact_id: ids.lucas, interaction_type: 'email', interaction_date: '2026-11-18T10:00:00Z', subject: 'Intro' },
    ],
    opportunities: [
      { id: ids.opportunity, company_name: label, job_title: 'Platform Engineer', contact_id: ids.priyaPatel, status: 'applied' },
      { id: ids.doomedOpportunity, company_name: 'Initech', job_title: 'TPS Analyst', status: 'interested' },
    ],
  };
  return { data, ids };
}

/**
 * A valid input for each catalog tool, in an order where each call still finds what it needs
 * (destructive calls last). Tools not known here get an input built from their JSON schema.
 */
/** An input, or one made from the results of the calls before it (an id something earlier created). */
export type PlannedInput = Record<string, unknown> | ((done: Map<string, CallToolResult>) => Record<string, unknown>);

const structured = (r: CallToolResult | undefined) => (r?.structuredContent ?? {}) as Record<string, unknown>;
const firstId = (r: CallToolResult | undefined, list: string) => ((structured(r)[list] as Array<{ id: string }> | undefined) ?? [])[0]?.id;
const webhookIdOf = (done: Map<string, CallToolResult>) => (structured(done.get('create_webhook')).webhook as { id?: string } | undefined)?.id ?? '';

const rawEmail = (from: string, subject: string, body: string, id: string) =>
  `From: ${from}\r\nTo: me@example.com\r\nSubject: ${subject}\r\nDate: Tue, 24 Nov 2026 10:00:00 +0000\r\nMessage-ID: <${id}@mail.example>\r\n` +
  `Content-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`;

export function plannedInputs(ids: SeedIds, servers: { hubspotUrl: string; webhookUrl: string } = { hubspotUrl: 'http://127.0.0.1:9', webhookUrl: 'http://127.0.0.1:9/hook' }): Record<string, PlannedInput> {
  return {
    import_data: { data: { contacts: [{ first_name: 'Imported', last_name: 'Once', company: 'Acme' }] } },
    import_file: { content: 'First Name,Last Name,Email Address,Company\nAda,Lovelace,ada@example.com,Analytical\n', filename: 'contacts.csv', dry_run: false },
    // On before the writes below: update_opportunity and log_interaction then run through the rules too.
    set_automation_rule: { rule: 'follow_up_after_applying', enabled: true, params: { days: 5 } },
    list_automation_rules: {},
    export_data: {},
    export_file: { format: 'vcard' },
    add_contact: { first_name: 'Marcus', last_name: 'Chen', company: 'Google', email: 'marcus.chen@google.com', relationship_type: 'recruiter' },
    update_contact: { contact: ids.lucas, job_title: 'Senior Recruiter', add_tags: ['hiring'] },
    get_contact: { contact: ids.priyaPatel },
    find_contacts: { query: 'priya' },
    tag_contacts: { contacts: [ids.priyaPatel], tags: ['vip'] },
    untag_contacts: { contacts: [ids.priyaPatel], tags: ['vip'] },
    update_contacts: { contacts: [ids.priyaShah], set: { location: 'Berlin' } },
    log_interaction: { contact: ids.priyaPatel, interaction_type: 'call', subject: 'Catch-up', follow_up_date: '2026-11-27' },
    update_interaction: { interaction_id: ids.interaction, outcome: 'positive' },
    list_interactions: { contact: ids.priyaPatel },
    schedule_follow_up: { contact: ids.priyaShah, date: '2026-12-01', reason: 'Send portfolio' },
    complete_follow_up: { contact: ids.lucas, note: 'Replied' },
    snooze_follow_up: { contact: ids.priyaShah, days: 3 },
    list_follow_ups: { window: 'all' },
    create_task: { title: 'Prepare the demo', contact: ids.priyaPatel, due_date: '2026-12-03' },
    list_tasks: { window: 'all' },
    complete_task: { task: 'Prepare the demo' },
    snooze_task: { task: 'Send portfolio', days: 2 },
    delete_task: { task: 'Prepare the demo', confirm: true },
    connect_mailbox: {
      own_address: 'me@example.com', imap_host: '127.0.0.1', imap_port: 1143, imap_security: 'none', imap_user: 'me', imap_password: 'secret',
      smtp_host: '127.0.0.1', smtp_port: 1025, smtp_security: 'none', smtp_password: 'secret',
    },
    connect_calendar: { server_url: 'http://127.0.0.1:5232/', username: 'me', password: 'secret' },
    // A local HubSpot (test-support/fake-hubspot.ts) that callEveryTool starts: a dry run reads it and changes nothing.
    connect_crm: { provider: 'hubspot', access_token: FIXTURE_HUBSPOT_TOKEN, base_url: servers.hubspotUrl },
    sync_crm: { provider: 'hubspot', dry_run: true },
    crm_sync_status: {},
    // A local receiver (test-support/webhook-receiver.ts) that callEveryTool starts; the server under test allows loopback targets.
    create_webhook: { url: servers.webhookUrl, events: ['contact.added', 'opportunity.stage_changed'], description: 'every-tool test' },
    list_webhooks: {},
    test_webhook: (done) => ({ webhook: webhookIdOf(done) }),
    list_webhook_deliveries: (done) => ({ webhook: webhookIdOf(done), include_payload: true }),
    export_archive: {},
    // Only its preview (no confirm): the MCP tests go on as this user.
    delete_account: {},
    draft_message: { template: 'follow_up_no_reply', contact: ids.priyaPatel },
    // Without confirm: its preview, with the approval it needs (nothing is sent).
    send_message: { contact: ids.priyaPatel, subject: 'Following up', body: 'Hi Priya, any news on the Platform Engineer role?' },
    // A recruiter's reply from a known contact (a next-stage suggestion) and a message from a stranger (a sender to accept).
    log_email: (done) => {
      const email = (structured(done.get('get_contact')).contact as { email?: string } | undefined)?.email ?? 'priya@example.com';
      return { raw: rawEmail(`Priya Patel <${email}>\r\nCc: Sam Stranger <sam@stranger.example>`, 'Re: Platform Engineer', "Thanks for applying! We'd like to schedule a call with you next week.", ids.interaction) };
    },
    list_unknown_senders: {},
    answer_unknown_sender: (done) => ({ sender_id: firstId(done.get('list_unknown_senders'), 'senders') ?? '', action: 'add' }),
    list_suggestions: {},
    answer_suggestion: (done) => ({ suggestion_id: firstId(done.get('list_suggestions'), 'suggestions') ?? '', accept: false }),
    subscribe_web_push: { endpoint: 'https://push.example.test/send/abc', keys: { p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM', auth: 'tBHItJI5svbpez7KI4CCXg' } },
    agenda: { window: 'this_week' },
    add_opportunity: { company_name: 'Vercel', job_title: 'DX Engineer', contact: ids.priyaShah },
    add_resume: { name: 'CV', text: 'Backend engineer: Go, Kubernetes, PostgreSQL.' },
    list_resumes: {},
    update_opportunity: { opportunity: ids.opportunity, status: 'interview', job_description: 'Requirements: Go, Kubernetes and Kafka.' },
    score_opportunity: { opportunity: ids.opportunity },
    tailor_resume: { opportunity: ids.opportunity },
    list_opportunities: {},
    get_opportunity: { opportunity: ids.opportunity },
    pipeline_summary: {},
    job_search_analytics: { period: 'last_90_days' },
    set_keep_in_touch: { contact: ids.lucas, every: '3 weeks' },
    going_cold: { include_upcoming: 7 },
    who_to_contact_today: {},
    stop_keep_in_touch: { contact: ids.lucas },
    compute_contact_insights: { contact: ids.priyaPatel },
    get_contact_insights: { contact: ids.priyaPatel },
    dashboard_summary: {},
    list_activities: { limit: 5 },
    load_demo_data: {},
    // The admin tools (the calling user is the owner in these tests): a new member, put on a plan, made admin, disabled and enabled.
    list_users: {},
    create_user: { email: 'invited.member@example.test', display_name: 'Invited Member' },
    set_user_plan: { user: 'invited.member@example.test', plan: 'personal' },
    set_user_role: { user: 'invited.member@example.test', role: 'admin' },
    disable_user: { user: 'invited.member@example.test' },
    enable_user: { user: 'invited.member@example.test' },
    // A team (the user has no plan: every feature), the new member in it, a contact shared and made private again.
    create_team: { name: 'Recruiting' },
    add_team_member: { team: 'Recruiting', email: 'invited.member@example.test' },
    list_teams: {},
    share_record: { record_type: 'contact', record: ids.priyaPatel, team: 'Recruiting' },
    unshare_record: { record_type: 'contact', record: ids.priyaPatel },
    remove_team_member: { team: 'Recruiting', email: 'invited.member@example.test' },
    delete_resume: { resume: 'CV', confirm: true },
    delete_interaction: { interaction_id: ids.doomedInteraction, confirm: true },
    delete_opportunity: { opportunity: ids.doomedOpportunity, confirm: true },
    delete_contact: { contact: ids.doomed, confirm: true },
    merge_contacts: { keep: ids.dupA, duplicate: ids.dupB, confirm: true },
    delete_contacts: { contacts: [ids.priyaShah], confirm: true },
    delete_demo_data: { confirm: true },
    delete_webhook: (done) => ({ webhook: webhookIdOf(done), confirm: true }),
  };
}

interface JsonSchema { type?: string | string[]; properties?: Record<string, JsonSchema>; required?: string[]; enum?: unknown[]; const?: unknown; minimum?: number; anyOf?: JsonSchema[] }

/** A plausible input from a tool's JSON schema, for tools added after these tests were written. */
export function inputFromSchema(schema: JsonSchema, ids: SeedIds): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of schema.required ?? []) out[key] = valueFor(key, schema.properties?.[key] ?? {}, ids);
  return out;
}

function valueFor(key: string, s: JsonSchema, ids: SeedIds): unknown {
  if (s.anyOf?.length) return valueFor(key, s.anyOf[0], ids);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'number' || type === 'integer') return s.minimum ?? 1;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'object') return {};
  if (/contact/.test(key)) return ids.priyaPatel;
  if (/opportunit/.test(key)) return ids.opportunity;
  if (/interaction/.test(key)) return ids.interaction;
  if (/date/.test(key)) return '2026-12-01';
  return 'test';
}

/** The text of a tool result's content blocks. */
export const textOf = (result: unknown): string =>
  ((result as CallToolResult).content ?? []).map((c) => (c.type === 'text' ? c.text : '')).join('\n');

/**
 * Calls every listed tool once with a valid input; returns the results by tool name. A result may be
 * a tool error (a reference that no longer resolves, say) but never a broken one: no output that
 * fails its own schema, no internal failure.
 */
export async function callEveryTool(client: Client, ids: SeedIds): Promise<Map<string, CallToolResult>> {
  const [hubspot, receiver] = await Promise.all([fixtureHubSpot(), fixtureWebhookReceiver()]);
  return callPlanned(client, plannedInputs(ids, { hubspotUrl: hubspot.url, webhookUrl: receiver.url('/every-tool') }), ids);
}

let receiverStarted: Promise<WebhookReceiver> | undefined;
/** One local webhook receiver per test process, left to end with it: test_webhook pings it. */
function fixtureWebhookReceiver(): Promise<WebhookReceiver> {
  receiverStarted ??= startWebhookReceiver({ unref: true });
  return receiverStarted;
}

let hubspotStarted: ReturnType<typeof startFakeHubSpot> | undefined;
/** One local HubSpot per test process, left to end with it (unref'd): connect_crm and sync_crm's dry run read it. */
function fixtureHubSpot(): ReturnType<typeof startFakeHubSpot> {
  hubspotStarted ??= startFakeHubSpot({ token: FIXTURE_HUBSPOT_TOKEN, unref: true }).then((h) => {
    h.put('contacts', { firstname: 'Hana', lastname: 'Sato', email: 'hana@hubspot-fixture.example' });
    return h;
  });
  return hubspotStarted;
}

async function callPlanned(client: Client, planned: Record<string, PlannedInput>, ids: SeedIds): Promise<Map<string, CallToolResult>> {
  const { tools } = await client.listTools();
  const order = [...tools].sort((a, b) => rank(a.name, planned) - rank(b.name, planned));
  const results = new Map<string, CallToolResult>();
  for (const tool of order) {
    const plan = planned[tool.name];
    const args = typeof plan === 'function' ? plan(results) : plan ?? inputFromSchema(tool.inputSchema as JsonSchema, ids);
    let result = (await client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
    // confirm: true alone only asks: the call acts when it repeats with the approval_id the server issued.
    const approvalId = args.confirm === true ? approvalIdOf(result) : undefined;
    if (approvalId) result = (await client.callTool({ name: tool.name, arguments: { ...args, approval_id: approvalId } })) as CallToolResult;
    results.set(tool.name, result);
  }
  return results;
}

/** The approval id of a confirmation_required answer (structured content, wrapped or not). */
export function approvalIdOf(result: CallToolResult): string | undefined {
  const content = result.structuredContent as Record<string, unknown> | undefined;
  const value = (content && 'result' in content ? content.result : content) as { status?: unknown; approval_id?: unknown } | undefined;
  return value?.status === 'confirmation_required' && typeof value.approval_id === 'string' ? value.approval_id : undefined;
}

function rank(name: string, planned: Record<string, unknown>): number {
  const i = Object.keys(planned).indexOf(name);
  // Unknown tools run after the known safe ones, before the destructive ones.
  return i >= 0 ? (name.startsWith('delete_') || name.startsWith('merge_') ? 1000 + i : i) : 500;
}

/** Problems a result must never show: output that does not match its schema, an internal failure. */
export function brokenResult(name: string, result: CallToolResult): string | undefined {
  const text = textOf(result);
  if (/Output validation error|Invalid structured content|failed:/.test(text)) return `${name}: ${text}`;
  if (!result.isError && !result.structuredContent) return `${name}: no structuredContent`;
  if (result.isError && !/^Error \((not_found|ambiguous|invalid|forbidden|conflict)\)|Input validation error/.test(text)) return `${name}: ${text}`;
  return undefined;
}
