import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { crmContacts, crmInteractions, crmOpportunities, crmSyncLinks, type CrmProvider } from '../../../db/schema/index.js';
import type { ToolContext } from '../shared/context.js';
import { insertRowsAsJson } from '../imports/bulk-insert.js';
import { updateOpportunity } from '../opportunities.js';
import { mergeFields, type FieldConflict } from './merge-fields.js';
import { CONTACT_FIELDS, DEAL_FIELDS, kithStatusOf, STAGE_MAP, type ContactField, type ContactValues, type CrmRemote, type DealValues, type RemoteRecord } from './remote.js';

export interface SyncConflict extends Omit<FieldConflict, 'kept'> {
  kind: 'contact' | 'opportunity';
  record: string;
  external_id: string;
  kept: 'kith' | CrmProvider;
}

export interface SyncChange { kind: 'contact' | 'opportunity' | 'interaction'; action: string; record: string; fields?: string[] }

export interface CrmSyncReport {
  provider: CrmProvider;
  dry_run: boolean;
  /** False for a first sync (everything read), true when only what changed since `since` was read. */
  incremental: boolean;
  since: string | null;
  contacts: { read_remote: number; created_in_kith: number; updated_in_kith: number; created_remote: number; updated_remote: number; linked: number; unchanged: number };
  opportunities: { read_remote: number; created_remote: number; updated_remote: number; updated_in_kith: number };
  interactions: { created_remote: number };
  conflict_rule: string;
  conflicts: SyncConflict[];
  /** What was (or, in a dry run, would be) done, record by record; the first 200. */
  changes: SyncChange[];
  requests: number;
  rate_limited: number;
  waited_ms: number;
  synced_at: string;
}

type Link = typeof crmSyncLinks.$inferSelect;
type LocalContact = ContactValues & { id: string; updatedAt: Date };

const MAX_LISTED = 200;
const nameOf = (v: Partial<ContactValues>) => [v.first_name, v.last_name].filter(Boolean).join(' ') || v.email || '(no name)';
const dealName = (o: { jobTitle: string | null; companyName: string }) => (o.jobTitle ? `${o.jobTitle} at ${o.companyName}` : o.companyName);

/** The contact fields a provider carries (Salesforce's company is the contact's Account, which Kith leaves alone). */
export const contactFieldsOf = (provider: CrmProvider): readonly ContactField[] => (provider === 'salesforce' ? CONTACT_FIELDS.filter((f) => f !== 'company') : CONTACT_FIELDS);

/**
 * One sync of the user's Kith with one remote CRM, inside the tool's transaction: contacts both
 * ways, Kith's opportunities out as deals (stages mapped, a stage moved in the CRM comes back),
 * Kith's interactions out as engagements. Linked records (crm_sync_links) are merged field by
 * field against what both had at the last sync; a field changed on both sides keeps the side
 * written last, and the answer lists it. A dry run reads the remote and writes nothing anywhere.
 */
export async function syncCrm(ctx: ToolContext, remote: CrmRemote, options: { dryRun: boolean; since: Date | null }): Promise<{ report: CrmSyncReport; cursor: Date | null }> {
  const provider = remote.provider;
  const fields = contactFieldsOf(provider);
  const { dryRun, since } = options;
  const now = ctx.now;
  const report: CrmSyncReport = {
    provider, dry_run: dryRun, incremental: since !== null, since: since?.toISOString() ?? null,
    contacts: { read_remote: 0, created_in_kith: 0, updated_in_kith: 0, created_remote: 0, updated_remote: 0, linked: 0, unchanged: 0 },
    opportunities: { read_remote: 0, created_remote: 0, updated_remote: 0, updated_in_kith: 0 },
    interactions: { created_remote: 0 },
    conflict_rule: 'last write wins, per field: a field changed in both places keeps the value written last',
    conflicts: [], changes: [], requests: 0, rate_limited: 0, waited_ms: 0, synced_at: now.toISOString(),
  };
  const change = (c: SyncChange) => { if (report.changes.length < MAX_LISTED) report.changes.push(c); };
  const conflict = (c: SyncConflict) => { if (report.conflicts.length < MAX_LISTED) report.conflicts.push(c); };
  const step = (label: string, done: number, total: number) => ctx.progress?.(done, total, label);
  const checkCancel = () => { if (ctx.signal?.aborted) throw new Error('The sync was cancelled: nothing was changed in Kith.'); };

  const links = await ctx.db.select().from(crmSyncLinks).where(and(eq(crmSyncLinks.userId, ctx.userId), eq(crmSyncLinks.provider, provider)));
  const contactLinkByExternal = new Map<string, Link>();
  const contactLinkByLocal = new Map<string, Link>();
  for (const l of links) if (l.kind === 'contact' && l.contactId) { contactLinkByExternal.set(l.externalId, l); contactLinkByLocal.set(l.contactId, l); }
  const localRows = await ctx.db.select({
    id: crmContacts.id, first_name: crmContacts.firstName, last_name: crmContacts.lastName, email: crmContacts.email, phone: crmContacts.phone,
    company: crmContacts.company, job_title: crmContacts.jobTitle, updatedAt: crmContacts.updatedAt,
  }).from(crmContacts).where(eq(crmContacts.userId, ctx.userId));
  const locals = new Map<string, LocalContact>(localRows.map((r) => [r.id, r]));
  const unlinkedByEmail = new Map<string, LocalContact>();
  for (const c of localRows) if (c.email && !contactLinkByLocal.has(c.id)) unlinkedByEmail.set(c.email.toLowerCase(), c);

  // What the sync will write, gathered first so that a dry run is the same walk without the writes.
  const newLocal: { id: string; values: ContactValues; remote: RemoteRecord<ContactValues> }[] = [];
  const localUpdates = new Map<string, Partial<ContactValues>>();
  const remoteUpdates = new Map<string, Partial<ContactValues>>();
  const linkWrites = new Map<string, { contactId: string; externalId: string; synced: Record<string, string | null>; remoteAt: Date | null; existing?: Link }>();
  const handled = new Set<string>();

  const project = (v: ContactValues) => Object.fromEntries(fields.map((f) => [f, v[f]])) as ContactValues;
  const reconcile = (local: LocalContact, r: RemoteRecord<ContactValues>, link: Link | undefined) => {
    const m = mergeFields(fields, project(local), project(r.values), link ? link.syncedValues as Partial<ContactValues> : null, local.updatedAt, r.modifiedAt);
    for (const c of m.conflicts) conflict({ kind: 'contact', record: nameOf(local), external_id: r.id, ...c, kept: c.kept === 'kith' ? 'kith' : provider });
    // A name Kith needs is never emptied from the remote side.
    for (const f of ['first_name', 'last_name'] as const) if (f in m.toKith && !m.toKith[f]) { delete m.toKith[f]; m.merged[f] = local[f]; }
    if (Object.keys(m.toKith).length) { localUpdates.set(local.id, m.toKith); change({ kind: 'contact', action: 'updated in Kith', record: nameOf(local), fields: Object.keys(m.toKith) }); }
    if (Object.keys(m.toRemote).length) { remoteUpdates.set(r.id, m.toRemote); change({ kind: 'contact', action: `updated in ${label(provider)}`, record: nameOf(local), fields: Object.keys(m.toRemote) }); }
    if (!Object.keys(m.toKith).length && !Object.keys(m.toRemote).length && link) report.contacts.unchanged++;
    if (!link) { report.contacts.linked++; change({ kind: 'contact', action: 'linked by e-mail', record: nameOf(local) }); }
    linkWrites.set(r.id, { contactId: local.id, externalId: r.id, synced: m.merged, remoteAt: r.modifiedAt, existing: link });
    handled.add(local.id);
  };

  // 1. In: what changed in the CRM since the last sync (everything, the first time).
  step('reading contacts', 0, 1);
  const pulled = await remote.contactsChangedSince(since, (n) => step('reading contacts', n, Math.max(n, 1)));
  report.contacts.read_remote = pulled.length;
  let cursor: Date | null = since;
  const later = (d: Date) => { if (!cursor || d > cursor) cursor = d; };
  for (const r of pulled) {
    later(r.modifiedAt);
    const link = contactLinkByExternal.get(r.id);
    const local = link ? locals.get(link.contactId!) : r.values.email ? unlinkedByEmail.get(r.values.email.toLowerCase()) : undefined;
    if (local && !handled.has(local.id)) { if (!link) unlinkedByEmail.delete(local.email!.toLowerCase()); reconcile(local, r, link); continue; }
    if (link) continue;
    const id = randomUUID();
    newLocal.push({ id, values: r.values, remote: r });
    change({ kind: 'contact', action: 'added to Kith', record: nameOf(r.values) });
  }
  checkCancel();

  // 2. Out: Kith's contacts changed since their last sync, or never synced.
  const toCreate: LocalContact[] = [];
  for (const local of locals.values()) {
    if (handled.has(local.id)) continue;
    const link = contactLinkByLocal.get(local.id);
    if (link) {
      if (local.updatedAt <= link.syncedAt) continue;
      const base = link.syncedValues as Partial<ContactValues>;
      const changed = Object.fromEntries(fields.filter((f) => (local[f] ?? null) !== (base[f] ?? null)).map((f) => [f, local[f]])) as Partial<ContactValues>;
      if (Object.keys(changed).length === 0) continue;
      remoteUpdates.set(link.externalId, changed);
      change({ kind: 'contact', action: `updated in ${label(provider)}`, record: nameOf(local), fields: Object.keys(changed) });
      linkWrites.set(link.externalId, { contactId: local.id, externalId: link.externalId, synced: { ...base, ...changed }, remoteAt: link.remoteModifiedAt, existing: link });
      handled.add(local.id);
    } else toCreate.push(local);
  }
  // Since a partial read did not see every remote contact, a Kith contact whose e-mail the CRM already has is linked, not created twice.
  if (since && toCreate.some((c) => c.email)) {
    const found = await remote.contactsByEmail([...new Set(toCreate.filter((c) => c.email).map((c) => c.email!.toLowerCase()))]);
    const byEmail = new Map(found.filter((r) => r.values.email && !contactLinkByExternal.has(r.id)).map((r) => [r.values.email!.toLowerCase(), r]));
    for (let i = toCreate.length - 1; i >= 0; i--) {
      const r = toCreate[i].email ? byEmail.get(toCreate[i].email!.toLowerCase()) : undefined;
      if (!r) continue;
      byEmail.delete(toCreate[i].email!.toLowerCase());
      reconcile(toCreate[i], r, undefined);
      toCreate.splice(i, 1);
    }
  }
  for (const c of toCreate) change({ kind: 'contact', action: `added to ${label(provider)}`, record: nameOf(c) });
  report.contacts.created_in_kith = newLocal.length;
  report.contacts.updated_in_kith = localUpdates.size;
  report.contacts.updated_remote = remoteUpdates.size;
  report.contacts.created_remote = toCreate.length;
  checkCancel();

  if (!dryRun) {
    step('writing contacts', 0, newLocal.length + localUpdates.size + toCreate.length + remoteUpdates.size);
    const fallbackFirst = (v: ContactValues) => v.first_name || (v.last_name ? '' : v.email?.split('@')[0]) || '(no name)';
    for (let i = 0; i < newLocal.length; i += 1000) {
      await insertRowsAsJson(ctx, crmContacts, newLocal.slice(i, i + 1000).map((n) => ({
        id: n.id, userId: ctx.userId, firstName: fallbackFirst(n.values), lastName: n.values.last_name ?? '', email: n.values.email, phone: n.values.phone,
        company: n.values.company, jobTitle: n.values.job_title, createdAt: now, updatedAt: now,
      })));
      step('writing contacts', Math.min(i + 1000, newLocal.length), newLocal.length + localUpdates.size + toCreate.length + remoteUpdates.size);
    }
    for (const n of newLocal) linkWrites.set(n.remote.id, { contactId: n.id, externalId: n.remote.id, synced: project(n.values), remoteAt: n.remote.modifiedAt });
    if (localUpdates.size > 0) {
      const column = { first_name: 'first_name', last_name: 'last_name', email: 'email', phone: 'phone', company: 'company', job_title: 'job_title' } as const;
      const rows = [...localUpdates].map(([id, v]) => ({ id, ...v, _set: Object.keys(v) }));
      // One statement: each row sets only the fields that changed in the CRM.
      const sets = Object.values(column).map((c) => `${c} = case when r._set ? '${c}' then r.${c} else c.${c} end`).join(', ');
      await ctx.db.execute(sql`update crm_contacts c set ${sql.raw(sets)}, updated_at = ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(id uuid, first_name text, last_name text, email text, phone text, company text, job_title text, _set jsonb)
        where c.id = r.id and c.user_id = ${ctx.userId}::uuid`);
    }
    if (remoteUpdates.size > 0) await remote.updateContacts([...remoteUpdates].map(([id, values]) => ({ id, values })));
    if (toCreate.length > 0) {
      const created = await remote.createContacts(toCreate.map((c) => project(c)));
      created.forEach((r, i) => { linkWrites.set(r.id, { contactId: toCreate[i].id, externalId: r.id, synced: project(toCreate[i]), remoteAt: r.modifiedAt }); later(r.modifiedAt); });
    }
    await writeLinks(ctx, provider, 'contact', [...linkWrites.values()], now);
  }
  checkCancel();

  // 3. Opportunities out as deals; a stage moved in the CRM comes back as the opportunity's status.
  const externalOfContact = new Map<string, string>([...linkWrites.values()].map((l) => [l.contactId, l.externalId]));
  for (const [local, l] of contactLinkByLocal) if (!externalOfContact.has(local)) externalOfContact.set(local, l.externalId);
  const opportunities = await ctx.db.select({
    id: crmOpportunities.id, jobTitle: crmOpportunities.jobTitle, companyName: crmOpportunities.companyName, status: crmOpportunities.status,
    contactId: crmOpportunities.contactId, applicationDate: crmOpportunities.applicationDate, nextActionDate: crmOpportunities.nextActionDate, updatedAt: crmOpportunities.updatedAt,
  }).from(crmOpportunities).where(eq(crmOpportunities.userId, ctx.userId));
  const dealLinks = new Map(links.filter((l) => l.kind === 'opportunity' && l.opportunityId).map((l) => [l.opportunityId!, l]));
  const dealLinkByExternal = new Map([...dealLinks.values()].map((l) => [l.externalId, l]));
  step('reading deals', 0, 1);
  const deals = await remote.dealsChangedSince(since);
  report.opportunities.read_remote = deals.length;
  const oppById = new Map(opportunities.map((o) => [o.id, o]));
  const dealLinkWrites: { contactId: string; externalId: string; synced: Record<string, string | null>; remoteAt: Date | null; existing?: Link }[] = [];
  const dealUpdates: { id: string; values: Partial<DealValues> }[] = [];
  const statusChanges: { id: string; status: string }[] = [];
  const dealsHandled = new Set<string>();
  for (const d of deals) {
    later(d.modifiedAt);
    const link = dealLinkByExternal.get(d.id);
    const o = link ? oppById.get(link.opportunityId!) : undefined;
    if (!link || !o) continue;
    const kithValues = { name: dealName(o), stage: STAGE_MAP[provider][o.status] };
    const m = mergeFields(DEAL_FIELDS, kithValues, d.values, link.syncedValues as Partial<typeof kithValues>, o.updatedAt, d.modifiedAt);
    for (const c of m.conflicts) conflict({ kind: 'opportunity', record: dealName(o), external_id: d.id, ...c, kept: c.kept === 'kith' ? 'kith' : provider });
    if (m.toKith.stage) {
      const status = kithStatusOf(provider, m.toKith.stage);
      if (status) { statusChanges.push({ id: o.id, status }); change({ kind: 'opportunity', action: 'stage updated in Kith', record: dealName(o), fields: ['status'] }); }
    }
    // A deal renamed in the CRM keeps Kith's job title and company: the name is Kith's to write.
    const toRemote = { ...m.toRemote, ...(m.toKith.name ? { name: kithValues.name } : {}) };
    if (Object.keys(toRemote).length) { dealUpdates.push({ id: d.id, values: toRemote }); change({ kind: 'opportunity', action: `updated in ${label(provider)}`, record: dealName(o), fields: Object.keys(toRemote) }); }
    dealLinkWrites.push({ contactId: o.id, externalId: d.id, synced: { ...m.merged, name: kithValues.name }, remoteAt: d.modifiedAt, existing: link });
    dealsHandled.add(o.id);
  }
  const newDeals: typeof opportunities = [];
  for (const o of opportunities) {
    if (dealsHandled.has(o.id)) continue;
    const link = dealLinks.get(o.id);
    const values = { name: dealName(o), stage: STAGE_MAP[provider][o.status] };
    if (!link) { newDeals.push(o); change({ kind: 'opportunity', action: `added to ${label(provider)}`, record: values.name }); continue; }
    if (o.updatedAt <= link.syncedAt) continue;
    const base = link.syncedValues;
    const changed = Object.fromEntries(DEAL_FIELDS.filter((f) => values[f] !== (base[f] ?? null)).map((f) => [f, values[f]]));
    if (Object.keys(changed).length === 0) continue;
    dealUpdates.push({ id: link.externalId, values: changed });
    change({ kind: 'opportunity', action: `updated in ${label(provider)}`, record: values.name, fields: Object.keys(changed) });
    dealLinkWrites.push({ contactId: o.id, externalId: link.externalId, synced: values, remoteAt: link.remoteModifiedAt, existing: link });
  }
  report.opportunities.created_remote = newDeals.length;
  report.opportunities.updated_remote = dealUpdates.length;
  report.opportunities.updated_in_kith = statusChanges.length;

  // 4. Interactions out, once each, as the CRM's engagements on the contact.
  const activityLinks = new Set(links.filter((l) => l.kind === 'interaction').map((l) => l.interactionId));
  const interactions = (await ctx.db.select({
    id: crmInteractions.id, contactId: crmInteractions.contactId, type: crmInteractions.interactionType, subject: crmInteractions.subject,
    notes: crmInteractions.notes, at: crmInteractions.interactionDate,
  }).from(crmInteractions).where(eq(crmInteractions.userId, ctx.userId))).filter((i) => !activityLinks.has(i.id) && externalOfContact.has(i.contactId));
  report.interactions.created_remote = interactions.length;
  for (const i of interactions.slice(0, 20)) change({ kind: 'interaction', action: `added to ${label(provider)}`, record: i.subject ?? i.type });
  checkCancel();

  if (!dryRun) {
    step('writing deals', 0, 1);
    for (const s of statusChanges) await updateOpportunity.run(ctx, updateOpportunity.input.parse({ opportunity: s.id, status: s.status }));
    if (dealUpdates.length) await remote.updateDeals(dealUpdates);
    if (newDeals.length) {
      const today = now.toISOString().slice(0, 10);
      const created = await remote.createDeals(newDeals.map((o) => ({
        values: { name: dealName(o), stage: STAGE_MAP[provider][o.status], close_date: o.nextActionDate ?? o.applicationDate ?? today },
        contactId: o.contactId ? externalOfContact.get(o.contactId) ?? null : null,
      })));
      created.forEach((d, i) => dealLinkWrites.push({ contactId: newDeals[i].id, externalId: d.id, synced: { name: dealName(newDeals[i]), stage: STAGE_MAP[provider][newDeals[i].status] }, remoteAt: d.modifiedAt }));
    }
    // Status changes touched updated_at: the link's synced_at (now) stays after it, so Kith's own write is not sent back.
    await writeLinks(ctx, provider, 'opportunity', dealLinkWrites, now);
    if (interactions.length) {
      step('writing interactions', 0, interactions.length);
      const ids = await remote.createActivities(interactions.map((i) => ({
        contactId: externalOfContact.get(i.contactId)!, values: { type: i.type, subject: i.subject ?? i.type.replace('_', ' '), body: i.notes, at: i.at },
      })));
      await writeLinks(ctx, provider, 'interaction', ids.map((externalId, n) => ({ contactId: interactions[n].id, externalId, synced: {}, remoteAt: null })), now);
    }
    step('done', 1, 1);
  }
  report.requests = remote.stats.requests;
  report.rate_limited = remote.stats.rate_limited;
  report.waited_ms = remote.stats.waited_ms;
  return { report, cursor };
}

const label = (p: CrmProvider) => (p === 'hubspot' ? 'HubSpot' : 'Salesforce');

/** Links written as one statement each way: updates of existing links, inserts of new ones. */
async function writeLinks(ctx: ToolContext, provider: CrmProvider, kind: 'contact' | 'opportunity' | 'interaction', rows: { contactId: string; externalId: string; synced: Record<string, string | null>; remoteAt: Date | null; existing?: Link }[], now: Date): Promise<void> {
  const existing = rows.filter((r) => r.existing);
  if (existing.length) {
    await ctx.db.execute(sql`update crm_sync_links l set synced_values = r.synced, remote_modified_at = r.remote_at, synced_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(existing.map((r) => ({ id: r.existing!.id, synced: r.synced, remote_at: r.remoteAt?.toISOString() ?? null })))}::jsonb) as r(id uuid, synced jsonb, remote_at timestamptz)
      where l.id = r.id and l.user_id = ${ctx.userId}::uuid`);
  }
  const fresh = rows.filter((r) => !r.existing);
  const column = kind === 'contact' ? 'contactId' : kind === 'opportunity' ? 'opportunityId' : 'interactionId';
  for (let i = 0; i < fresh.length; i += 2000) {
    await insertRowsAsJson(ctx, crmSyncLinks, fresh.slice(i, i + 2000).map((r) => ({
      userId: ctx.userId, provider, kind, externalId: r.externalId, [column]: r.contactId, syncedValues: r.synced, remoteModifiedAt: r.remoteAt, syncedAt: now,
    })));
  }
}
