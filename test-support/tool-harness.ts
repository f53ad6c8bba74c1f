import { callConfirmed, runTool, type ToolRuntime } from '../agent/tools/run-tool.js';
import { findTool } from '../agent/tools/catalog.js';
import { silentLogger } from '../agent/tools/shared/context.js';
import type { Database } from '../db/connection.js';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from '../db/secret-box.js';

/** Calls catalog tools by name as a user, at a fixed "now" — the way every surface does. */
export function toolHarness(database: Database, options: { now?: string; tz?: string } = {}) {
  let now = new Date(options.now ?? '2026-11-25T15:00:00Z');
  const runtime: ToolRuntime = { db: database.db, now: () => now, tz: options.tz ?? 'UTC', log: silentLogger, secrets: createSecretBox(randomBytes(32)) };
  return {
    runtime,
    setNow(iso: string) { now = new Date(iso); },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async call(userId: string, name: string, input: unknown = {}): Promise<any> {
      const tool = findTool(name);
      if (!tool) throw new Error(`no tool ${name}`);
      return runTool(runtime, userId, tool, input);
    },
    /** A call the user has said yes to: its preview, then the call with the approval the server issued. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async confirmed(userId: string, name: string, input: Record<string, unknown>): Promise<any> {
      return callConfirmed((i) => this.call(userId, name, i), input);
    },
    /** The error a call throws (fails the test when it does not throw). */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async error(userId: string, name: string, input: unknown = {}): Promise<any> {
      const tool = findTool(name)!;
      try {
        await runTool(runtime, userId, tool, input);
      } catch (e) {
        return e;
      }
      throw new Error(`${name} did not fail`);
    },
  };
}
