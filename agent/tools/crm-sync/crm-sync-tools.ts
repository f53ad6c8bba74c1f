import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { CRM_PROVIDERS, crmSyncAccounts, type CrmProvider } from '../../../db/schema/index.js';
import { defineTool } from '../define-tool.js';
import { recordActivity } from '../shared/record-activity.js';
import { InvalidInputError, NotFoundError } from '../shared/errors.js';
import type { ToolContext } from '../shared/context.js';
import { remoteFor, type CrmCredentials } from './remote-for.js';
import { syncCrm, type CrmSyncReport } from './sync-crm.js';

/** What sealed CRM credentials are bound to (db/secret-box.ts): their table, provider and user. */
export const crmSecretPurpose = (provider: CrmProvider, userId: string) => `crm_sync_accounts:${provider}:${userId}`;

const Provider = z.enum(CRM_PROVIDERS);
const HttpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000);

const AccountView = z.object({
  provider: Provider,
  base_url: z.string().describe('HubSpot\'s API origin, or the Salesforce instance URL'),
  login_url: z.string().nullable(),
  credentials: z.literal('set').describe('The stored credentials are never shown'),
  last_sync_at: z.string().nullable(),
  last_sync_error: z.string().nullable(),
  remote_cursor: z.string().nullable().describe('The next sync reads what changed in the CRM from this time on'),
  linked: z.object({ contacts: z.number(), opportunities: z.number(), interactions: z.number() }),
});

type Row = typeof crmSyncAccounts.$inferSelect;

async function accountRow(ctx: ToolContext, provider: CrmProvider): Promise<Row | undefined> {
  const [row] = await ctx.db.select().from(crmSyncAccounts).where(and(eq(crmSyncAccounts.userId, ctx.userId), eq(crmSyncAccounts.provider, provider)));
  return row;
}

async function viewOf(ctx: ToolContext, r: Row): Promise<z.infer<typeof AccountView>> {
  const counts = await ctx.db.execute(sql`select kind, count(*)::int as n from crm_sync_links where user_id = ${ctx.userId}::uuid and provider = ${r.provider} group by kind`);
  const n = Object.fromEntries((counts as unknown as { rows: { kind: string; n: number }[] }).rows.map((c) => [c.kind, c.n]));
  return {
    provider: r.provider, base_url: r.baseUrl, login_url: r.loginUrl, credentials: 'set',
    last_sync_at: r.lastSyncAt?.toISOString() ?? null, last_sync_error: r.lastSyncError, remote_cursor: r.remoteCursor?.toISOString() ?? null,
    linked: { contacts: n.contact ?? 0, opportunities: n.opportunity ?? 0, interactions: n.interaction ?? 0 },
  };
}

export const connectCrm = defineTool({
  name: 'connect_crm',
  title: 'Connect HubSpot or Salesforce',
  description:
    'Connect the user\'s HubSpot (a private app\'s access token) or Salesforce (a connected app\'s client id and secret, an OAuth ' +
    'refresh token and the instance URL) for two-way sync of contacts, opportunities as deals, and interactions. Enterprise plan. ' +
    'The credentials are stored encrypted and never shown again; connecting again replaces them.',
  input: z.object({
    provider: Provider,
    access_token: z.string().trim().min(1).max(4000).optional().describe('HubSpot: the private app\'s access token'),
    base_url: HttpUrl.optional().describe('HubSpot: the API origin (default https://api.hubapi.com)'),
    instance_url: HttpUrl.optional().describe('Salesforce: the org\'s instance URL, e.g. https://acme.my.salesforce.com'),
    login_url: HttpUrl.optional().describe('Salesforce: where tokens are refreshed (default https://login.salesforce.com)'),
    client_id: z.string().trim().min(1).max(500).optional().describe('Salesforce: the connected app\'s consumer key'),
    client_secret: z.string().trim().min(1).max(500).optional().describe('Salesforce: the connected app\'s consumer secret'),
    refresh_token: z.string().trim().min(1).max(4000).optional().describe('Salesforce: an OAuth refresh token'),
  }),
  output: z.object({ account: AccountView }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    if (!ctx.secrets) throw new InvalidInputError('provider', 'This Kith cannot store credentials here (no secret key).');
    const required = input.provider === 'hubspot' ? (['access_token'] as const) : (['instance_url', 'client_id', 'refresh_token'] as const);
    for (const field of required) if (!input[field]) throw new InvalidInputError(field, `${field} is required to connect ${input.provider === 'hubspot' ? 'HubSpot' : 'Salesforce'}.`);
    const credentials: CrmCredentials = input.provider === 'hubspot'
      ? { access_token: input.access_token! }
      : { client_id: input.client_id!, client_secret: input.client_secret, refresh_token: input.refresh_token! };
    const values = {
      secret: ctx.secrets.seal(JSON.stringify(credentials), crmSecretPurpose(input.provider, ctx.userId)),
      baseUrl: input.provider === 'hubspot' ? input.base_url ?? 'https://api.hubapi.com' : input.instance_url!,
      loginUrl: input.provider === 'salesforce' ? input.login_url ?? 'https://login.salesforce.com' : null,
      lastSyncError: null,
      updatedAt: ctx.now,
    };
    const existing = await accountRow(ctx, input.provider);
    // Another account (a new base URL) starts from nothing: the old links name another CRM's records.
    const sameRemote = existing && existing.baseUrl === values.baseUrl;
    const [row] = await ctx.db.insert(crmSyncAccounts).values({ userId: ctx.userId, provider: input.provider, ...values, createdAt: ctx.now })
      .onConflictDoUpdate({ target: [crmSyncAccounts.userId, crmSyncAccounts.provider], set: { ...values, ...(sameRemote ? {} : { remoteCursor: null, lastSyncAt: null }) } }).returning();
    if (existing && !sameRemote) await ctx.db.execute(sql`delete from crm_sync_links where user_id = ${ctx.userId}::uuid and provider = ${input.provider}`);
    await recordActivity(ctx, { type: 'settings_changed', description: `Connected ${input.provider === 'hubspot' ? 'HubSpot' : 'Salesforce'} at ${new URL(values.baseUrl).host}` });
    return { account: await viewOf(ctx, row) };
  },
});

const Counts = <K extends string>(...keys: K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);
const ReportSchema: z.ZodType<CrmSyncReport> = z.object({
  provider: Provider,
  dry_run: z.boolean(),
  incremental: z.boolean(),
  since: z.string().nullable(),
  contacts: Counts('read_remote', 'created_in_kith', 'updated_in_kith', 'created_remote', 'updated_remote', 'linked', 'unchanged'),
  opportunities: Counts('read_remote', 'created_remote', 'updated_remote', 'updated_in_kith'),
  interactions: Counts('created_remote'),
  conflict_rule: z.string(),
  conflicts: z.array(z.object({
    kind: z.enum(['contact', 'opportunity']), record: z.string(), external_id: z.string(), field: z.string(),
    kith_value: z.string().nullable(), remote_value: z.string().nullable(), kept: z.enum(['kith', ...CRM_PROVIDERS]),
  })).describe('Fields changed on both sides, and which value was kept (the one written last)'),
  changes: z.array(z.object({ kind: z.enum(['contact', 'opportunity', 'interaction']), action: z.string(), record: z.string(), fields: z.array(z.string()).optional() })),
  requests: z.number(),
  rate_limited: z.number().describe('Answers of 429 the sync waited out'),
  waited_ms: z.number(),
  synced_at: z.string(),
});

export const syncCrmTool = defineTool({
  name: 'sync_crm',
  title: 'Sync with HubSpot or Salesforce',
  description:
    'Sync the user\'s Kith with their connected HubSpot or Salesforce: contacts both ways, opportunities out as deals with stages ' +
    'mapped (a stage moved in the CRM comes back), interactions out as engagements (HubSpot calls, meetings, notes; Salesforce ' +
    'tasks). After the first sync only what changed since the last one is read. A field changed on both sides keeps the value ' +
    'written last, and the answer lists each such conflict. dry_run: true reads the CRM and says what would change, changing nothing.',
  input: z.object({
    provider: Provider,
    dry_run: z.boolean().optional().describe('Only say what would change; write nothing in Kith or the CRM'),
  }),
  output: ReportSchema,
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const account = await accountRow(ctx, input.provider);
    if (!account) throw new NotFoundError(`provider: ${input.provider === 'hubspot' ? 'HubSpot' : 'Salesforce'} is not connected: connect it first (connect_crm).`, { provider: input.provider });
    if (!ctx.secrets) throw new InvalidInputError('provider', 'This Kith cannot open stored credentials (no secret key).');
    const credentials = JSON.parse(ctx.secrets.open(account.secret, crmSecretPurpose(input.provider, ctx.userId))) as CrmCredentials;
    const remote = await remoteFor(account, credentials);
    const { report, cursor } = await syncCrm(ctx, remote, { dryRun: input.dry_run === true, since: account.remoteCursor });
    if (!input.dry_run) {
      await ctx.db.update(crmSyncAccounts).set({ remoteCursor: cursor, lastSyncAt: ctx.now, lastSyncError: null, updatedAt: ctx.now })
        .where(and(eq(crmSyncAccounts.userId, ctx.userId), eq(crmSyncAccounts.provider, input.provider)));
      const c = report.contacts;
      await recordActivity(ctx, { type: 'settings_changed', description: `Synced with ${input.provider === 'hubspot' ? 'HubSpot' : 'Salesforce'}: ${c.created_in_kith + c.updated_in_kith} contacts in, ${c.created_remote + c.updated_remote} out` });
    }
    return report;
  },
});

export const crmSyncStatus = defineTool({
  name: 'crm_sync_status',
  title: 'HubSpot and Salesforce connections',
  description: 'The user\'s HubSpot and Salesforce connections: where, the last sync and its error, how many records are linked. Never the credentials.',
  input: z.object({}),
  output: z.object({ accounts: z.array(AccountView) }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx) {
    const rows = await ctx.db.select().from(crmSyncAccounts).where(eq(crmSyncAccounts.userId, ctx.userId)).orderBy(crmSyncAccounts.provider);
    return { accounts: await Promise.all(rows.map((r) => viewOf(ctx, r))) };
  },
});

export const crmSyncTools = [connectCrm, syncCrmTool, crmSyncStatus];
