import type { Command } from 'commander';
import { loadConfig, type KithConfig } from '../app/config.js';
import type { Kith } from '../app/open-kith.js';

/** What every command gets: the configuration from flags and environment, and a way to open Kith. */
export interface CliContext {
  config(): KithConfig;
  /** `serving`: a process that answers requests for a while (a bigger embedded page cache). */
  open(options?: { serving?: boolean }): Promise<Kith>;
  /** Writes JSON to stdout (the only thing commands print there). */
  printJson(value: unknown): void;
}

export function createCliContext(program: Command): CliContext {
  const config = () => {
    const opts = program.opts<{ data?: string; databaseUrl?: string; user?: string }>();
    return loadConfig({ data: opts.data, databaseUrl: opts.databaseUrl, user: opts.user });
  };
  return {
    config,
    open: (options) => openQuickly(config(), options?.serving ?? false),
    printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  };
}

/**
 * Opens Kith with the database first: PGlite starts (reading and compiling its WebAssembly, off the
 * main thread) while the tool catalog and the rest of Kith load, instead of after them.
 */
async function openQuickly(config: KithConfig, serving: boolean): Promise<Kith> {
  const database = config.databaseUrl
    ? import('../db/connection.js').then(({ openDatabase }) => openDatabase({ databaseUrl: config.databaseUrl }))
    : import('../app/first-start.js').then(({ openPgliteDataDir }) => openPgliteDataDir(config.dataDir, { serving }));
  const kithModule = import('../app/open-kith.js');
  const [opened, loaded] = await Promise.allSettled([database, kithModule]);
  if (opened.status === 'rejected') throw opened.reason;
  if (loaded.status === 'rejected') {
    await opened.value.close().catch(() => {});
    throw loaded.reason;
  }
  try {
    return await loaded.value.openKith(config, { database: opened.value, serving });
  } catch (error) {
    await opened.value.close().catch(() => {});
    throw error;
  }
}

/**
 * Runs a command body with Kith open, closing it afterwards whatever happens, with the `close`
 * options as they are when the body ends (the body may change them).
 */
export async function withKith<T>(cli: CliContext, fn: (kith: Kith) => Promise<T>, close: { embed?: boolean } = {}): Promise<T> {
  const kith = await cli.open();
  try {
    return await fn(kith);
  } finally {
    await kith.close(close);
  }
}
