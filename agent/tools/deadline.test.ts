import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withAliceAndBob } from '../../test-support/two-users.js';
import { defineTool } from './define-tool.js';
import { findTool } from './catalog.js';
import { parseToolInput, runTool } from './run-tool.js';
import { DeadlineError } from './shared/errors.js';

/**
 * On PostgreSQL every statement of a tool call has a deadline (statement_timeout, set in the
 * call's own transaction): past it the call fails as `timeout` (HTTP 503) and writes nothing, and
 * the same user's next call runs as usual.
 */
describe('a tool call past its deadline on postgres', () => {
  const t = withAliceAndBob('postgres');
  // writes a contact, then takes longer than the deadline allows
  const slowWrite = defineTool({
    name: 'slow_write', title: 'Slow write', description: 'test only', input: z.object({ seconds: z.number() }), output: z.unknown(),
    annotations: { readOnlyHint: false, destructiveHint: false },
    async run(ctx, input) {
      const add = findTool('add_contact')!;
      await add.run(ctx, parseToolInput(add, { first_name: 'Slow', last_name: 'Write' }));
      await ctx.db.execute(sql`select pg_sleep(${input.seconds})`);
      return { ok: true };
    },
  });
  const names = async () => (await t.h.call(t.alice.id, 'find_contacts', {})).contacts.map((c: { first_name: string }) => c.first_name);

  it('is stopped with a timeout error and leaves nothing written', async () => {
    const runtime = { ...t.h.runtime, statementTimeoutMs: 300 };
    const error = await runTool(runtime, t.alice.id, slowWrite, { seconds: 3 }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ code: 'timeout', message: expect.stringMatching(/nothing was changed/) });
    expect(await names()).not.toContain('Slow');
    // the deadline is the transaction's own: the next call on the same pool has no leftover limit, and a quick one passes
    expect(await runTool(runtime, t.alice.id, slowWrite, { seconds: 0 })).toEqual({ ok: true });
    expect(await names()).toContain('Slow');
    const plain = await t.database.db.execute(sql`show statement_timeout`);
    expect((plain as unknown as { rows: Array<{ statement_timeout: string }> }).rows[0].statement_timeout).toBe('0');
  });

  it('does not touch calls that finish in time', async () => {
    const runtime = { ...t.h.runtime, statementTimeoutMs: 5_000 };
    const added = await runTool(runtime, t.bob.id, findTool('add_contact')!, { first_name: 'Quick', last_name: 'One' }) as { contact: { id: string } };
    expect(added.contact.id).toEqual(expect.any(String));
  });
});
