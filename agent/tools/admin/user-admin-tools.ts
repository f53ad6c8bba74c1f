import { z } from 'zod';
import { sql } from 'drizzle-orm';
import { defineTool } from '../define-tool.js';
import { PageInput } from '../shared/schemas.js';
import { decodeCursor, pageOf } from '../shared/cursor.js';
import { recordAudit } from '../shared/audit.js';
import type { ToolContext } from '../shared/context.js';

/**
 * Managing the people of an instance (issue 19 item 2). Row-level security keeps the app role to
 * the caller's own users row, so every tool here goes through the SECURITY DEFINER functions of
 * migration 0076, which check the caller's role themselves; `access: 'admin'` makes runTool refuse
 * a member first, with a clear message. Each change is written to the admin's audit log.
 */

const Role = z.enum(['owner', 'admin', 'member']);
const UserRef = z.string().trim().min(1).max(254).describe('The user: their e-mail address or id');
const PlanName = z.string().trim().toLowerCase().min(1).max(40)
  .describe('free, personal, professional, enterprise, or none (no limits, as on a self-hosted install)');

export const AdminUserRecord = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string().nullable(),
  role: Role,
  plan: z.string().nullable(),
  plan_title: z.string().nullable(),
  disabled: z.boolean(),
  disabled_at: z.string().nullable(),
  created_at: z.string(),
  contacts: z.number(),
  opportunities: z.number(),
  interactions: z.number(),
});
export type AdminUserRecord = z.infer<typeof AdminUserRecord>;

interface AdminUserRow {
  id: string; email: string; display_name: string | null; role: 'owner' | 'admin' | 'member'; plan: string | null; plan_title: string | null;
  disabled_at: string | Date | null; created_at: string | Date; contacts: number; opportunities: number; interactions: number;
}

const iso = (d: string | Date | null): string | null => (d === null ? null : new Date(d).toISOString());

function recordOf(r: AdminUserRow): AdminUserRecord {
  return {
    id: r.id, email: r.email, display_name: r.display_name, role: r.role, plan: r.plan, plan_title: r.plan_title,
    disabled: r.disabled_at !== null, disabled_at: iso(r.disabled_at), created_at: iso(r.created_at)!,
    contacts: Number(r.contacts), opportunities: Number(r.opportunities), interactions: Number(r.interactions),
  };
}

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

async function userRecord(ctx: ToolContext, userId: string): Promise<AdminUserRecord> {
  const [row] = rowsOf<AdminUserRow>(await ctx.db.execute(sql`select * from kith_admin_users(null, null, 1, ${userId}::uuid)`));
  return recordOf(row);
}

async function findUser(ctx: ToolContext, reference: string): Promise<string> {
  const [row] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select kith_admin_find_user(${reference}) as id`));
  return row.id;
}

const audit = (ctx: ToolContext, toolName: string, detail: Record<string, unknown>) =>
  recordAudit(ctx.db, ctx.userId, { kind: 'admin_action', toolName, detail });

const UserOutput = z.object({ user: AdminUserRecord });
const ADMIN = { readOnlyHint: false, destructiveHint: false, idempotentHint: true } as const;

export const listUsers = defineTool({
  name: 'list_users',
  title: 'List users',
  access: 'admin',
  description:
    'Admins only: every user of this Kith with their role, plan, whether they are disabled, and how many contacts, opportunities and ' +
    'interactions they keep, by e-mail. `query` narrows to e-mails or names containing it.',
  input: z.object({ query: z.string().trim().min(1).max(200).optional(), ...PageInput }),
  output: z.object({ users: z.array(AdminUserRecord), next_cursor: z.string().nullable() }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true },
  async run(ctx, input) {
    const limit = input.limit ?? 50;
    const after = input.cursor ? decodeCursor(input.cursor, 1)[0] : null;
    const rows = rowsOf<AdminUserRow>(await ctx.db.execute(sql`select * from kith_admin_users(${input.query ?? null}, ${after}, ${limit + 1})`));
    const { page, next_cursor } = pageOf(rows, limit, (r) => [r.email]);
    return { users: page.map(recordOf), next_cursor };
  },
});

export const createUser = defineTool({
  name: 'create_user',
  title: 'Create a user',
  access: 'admin',
  description:
    'Admins only: add a person to this Kith by e-mail (a member unless role says admin, which only the owner may give), optionally on a plan. ' +
    'They sign in by asking for a password link with this address ("Forgot password") once e-mail is set up, or with an API token.',
  input: z.object({
    email: z.string().trim().min(3).max(254),
    display_name: z.string().trim().max(200).optional(),
    role: z.enum(['admin', 'member']).optional().describe('member (default) or admin (only the owner makes admins)'),
    plan: PlanName.optional(),
  }),
  output: UserOutput,
  annotations: { readOnlyHint: false, destructiveHint: false },
  async run(ctx, input) {
    const plan = !input.plan || input.plan === 'none' ? null : input.plan;
    const [made] = rowsOf<{ id: string }>(await ctx.db.execute(
      sql`select kith_admin_create_user(${input.email}, ${input.display_name ?? null}, ${input.role ?? 'member'}, ${plan}) as id`));
    const user = await userRecord(ctx, made.id);
    await audit(ctx, 'create_user', { user: user.email, role: user.role, plan: user.plan });
    return { user };
  },
});

export const setUserPlan = defineTool({
  name: 'set_user_plan',
  title: 'Set a user\'s plan',
  access: 'admin',
  description: 'Admins only: put a user on a plan (free, personal, professional, enterprise) or on none (no limits). Lowering a plan keeps every contact; only new ones past the limit are refused.',
  input: z.object({ user: UserRef, plan: PlanName }),
  output: UserOutput,
  annotations: ADMIN,
  async run(ctx, input) {
    const id = await findUser(ctx, input.user);
    await ctx.db.execute(sql`select kith_admin_set_plan(${id}::uuid, ${input.plan === 'none' ? null : input.plan})`);
    const user = await userRecord(ctx, id);
    await audit(ctx, 'set_user_plan', { user: user.email, plan: user.plan });
    return { user };
  },
});

function disableTool(disable: boolean) {
  return defineTool({
    name: disable ? 'disable_user' : 'enable_user',
    title: disable ? 'Disable a user' : 'Enable a user',
    access: 'admin',
    description: disable
      ? 'Admins only: stop a user from using this Kith: their sessions end and OAuth applications are disconnected at once, and their API tokens are refused until they are enabled again. Their data is kept. The owner cannot be disabled; only the owner disables an admin.'
      : 'Admins only: let a disabled user in again (their API tokens work again; they sign in anew).',
    input: z.object({ user: UserRef }),
    output: UserOutput,
    annotations: ADMIN,
    async run(ctx, input) {
      const id = await findUser(ctx, input.user);
      await ctx.db.execute(sql`select kith_admin_set_disabled(${id}::uuid, ${disable})`);
      const user = await userRecord(ctx, id);
      await audit(ctx, disable ? 'disable_user' : 'enable_user', { user: user.email });
      return { user };
    },
  });
}

export const disableUser = disableTool(true);
export const enableUser = disableTool(false);

export const setUserRole = defineTool({
  name: 'set_user_role',
  title: 'Change a user\'s role',
  access: 'admin',
  description: 'The owner only: make a user an admin (they manage users and plans) or a member again. The owner\'s own role cannot change.',
  input: z.object({ user: UserRef, role: z.enum(['admin', 'member']) }),
  output: UserOutput,
  annotations: ADMIN,
  async run(ctx, input) {
    const id = await findUser(ctx, input.user);
    await ctx.db.execute(sql`select kith_admin_set_role(${id}::uuid, ${input.role})`);
    const user = await userRecord(ctx, id);
    await audit(ctx, 'set_user_role', { user: user.email, role: user.role });
    return { user };
  },
});

export const userAdminTools = [listUsers, createUser, setUserPlan, disableUser, enableUser, setUserRole];
