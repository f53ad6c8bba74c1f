import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { defineTool, ConfirmField, ApprovalIdField, ConfirmationRequiredSchema, confirmationRequired } from './define-tool.js';
import { userTables } from '../../db/user-tables.js';
import type { KithDb } from '../../db/types.js';
import { deleteAccount } from '../../accounts/delete-account.js';

/** What the user's account holds, table by table (only tables with rows). */
async function footprint(db: KithDb): Promise<Record<string, number>> {
  const tables = await userTables(db);
  // One statement for every table: a round trip each would be forty.
  const counts = sql.join(tables.map((t) => sql`select ${t}::text as t, (select count(*)::int from kith_my_rows(${t}, '{}'::text[])) as n`), sql` union all `);
  const result = (await db.execute(counts)) as unknown as { rows: { t: string; n: number }[] };
  return Object.fromEntries(result.rows.filter((r) => r.n > 0).map((r) => [r.t, r.n]));
}

const LABELS: Record<string, string> = {
  crm_contacts: 'contacts', crm_interactions: 'interactions', crm_opportunities: 'opportunities', crm_tasks: 'to-dos',
  crm_chat_sessions: 'chats', crm_resumes: 'résumés', api_tokens: 'API tokens', slack_identities: 'Slack links',
};

export const deleteMyAccount = defineTool({
  name: 'delete_account',
  title: 'Delete my account',
  description:
    'Delete the user\'s account and everything in it: contacts, interactions, opportunities, to-dos, chats, résumés and their ' +
    'files, search documents and embeddings, API tokens, Slack links, mail, calendar and CRM connections. It cannot be undone. ' +
    'Destructive: without confirm: true it changes nothing and says what would be deleted. Suggest export_archive first.',
  input: z.object({ confirm: ConfirmField, approval_id: ApprovalIdField }),
  output: z.union([z.object({ status: z.literal('deleted'), deleted: z.record(z.string(), z.number()) }), ConfirmationRequiredSchema]),
  annotations: { readOnlyHint: false, destructiveHint: true },
  async run(ctx, input) {
    const rows = await footprint(ctx.db);
    if (!input.confirm) {
      const named = Object.entries(LABELS).filter(([t]) => rows[t]).map(([t, label]) => `${rows[t]} ${label}`);
      return confirmationRequired('delete_account',
        `Delete your account and everything in it${named.length ? ` (${named.join(', ')}, and the rest)` : ''}? This cannot be undone.`, { rows });
    }
    // The user's row is the owner's to delete (kith_app may not), so it goes once this call has
    // committed, in one transaction of its own that is refused if any row of the user is left.
    if (!ctx.afterCommit) throw new Error('This surface cannot delete an account.');
    ctx.afterCommit(async (db) => { await deleteAccount(db, ctx.userId); });
    return { status: 'deleted' as const, deleted: { users: 1, ...rows } };
  },
});
