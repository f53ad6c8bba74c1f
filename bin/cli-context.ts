import type { Command } from 'commander';
import { loadConfig, type KithConfig } from '../app/config.js';
import { openKith, type Kith } from '../app/open-kith.js';

/** What every command gets: the configuration from flags and environment, and a way to open Kith. */
export interface CliContext {
  config(): KithConfig;
  open(): Promise<Kith>;
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
    open: () => openKith(config()),
    printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  };
}

/** Runs a command body with Kith open, closing it afterwards whatever happens. */
export async function withKith<T>(cli: CliContext, fn: (kith: Kith) => Promise<T>): Promise<T> {
  const kith = await cli.open();
  try {
    return await fn(kith);
  } finally {
    await kith.close();
  }
}
