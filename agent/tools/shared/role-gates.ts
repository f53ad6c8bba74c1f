import { sql } from 'drizzle-orm';
import type { KithDb } from '../../../db/types.js';
import type { AnyTool } from '../define-tool.js';
import { ForbiddenError } from './errors.js';

export type InstanceRole = 'owner' | 'admin' | 'member';

export const isAdminRole = (role: string | null | undefined): boolean => role === 'owner' || role === 'admin';

/** The tools a user of this role is offered (a member is not shown the admin tools; runTool refuses them anyway). */
export function toolsForRole<T extends AnyTool>(tools: T[], role: string | null | undefined): T[] {
  return isAdminRole(role) ? tools : tools.filter((t) => t.access !== 'admin');
}

/**
 * Refuses an admin tool to a member (in the call's transaction: one read of the caller's own row,
 * admin tools only). The database functions behind the admin tools check the role again, so this
 * is the clear message, not the only guard.
 */
export async function assertRoleAllows(tx: KithDb, userId: string, tool: AnyTool): Promise<void> {
  if (tool.access !== 'admin') return;
  const result = await tx.execute(sql`select kith_caller_role() as role`);
  const role = (result as unknown as { rows: { role: string | null }[] }).rows[0]?.role ?? null;
  if (isAdminRole(role)) return;
  throw new ForbiddenError(`${tool.title} is for the owner and the admins of this Kith; your role is ${role ?? 'none'}.`, { reason: 'role', role });
}
