import type { Command } from 'commander';
import { loadConfig, type KithConfig } from '../app/config.js';
import type { Kith } from '../app/open-kith.js';
import type { LocalSession } from '../app/local-session.js';

/** What every command gets: the configuration from flags and environment, and a way to open Kith. */
export interface CliContext {
  config(): KithConfig;
  /**
   * Opens the data. `serving`: a process that answers requests for a while (a bigger embedded page
   * cache); on an embedded directory it also lets the other local commands in (local-endpoint.ts).
   */
  open(options?: { serving?: boolean }): Promise<Kith>;
  /**
   * The data as the command's user: through the process that holds the embedded directory when
   * one serves it, else opened here (waiting a few seconds for a one-shot command that holds it).
   * `chat`: the command will talk to the agent; opened here, what a turn needs loads meanwhile.
   */
  session(options?: { serving?: boolean; chat?: boolean }): Promise<LocalSession>;
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
    session: (options) => openSession(config(), options?.serving ?? false, options?.chat ?? false),
    printJson: (value) => process.stdout.write(JSON.stringify(value, null, 2) + '\n'),
  };
}

/**
 * Opens Kith with the database first: PGlite starts (reading and compiling its WebAssembly, off the
 * main thread) while the tool catalog and the rest of Kith load, instead of after them; for a chat,
 * the agent and the sentence encoder too (warmUpChat).
 */
async function openQuickly(config: KithConfig, serving: boolean, chat = false): Promise<Kith> {
  const database = config.databaseUrl
    ? import('../db/connection.js').then(({ openDatabase }) => openDatabase({ databaseUrl: config.databaseUrl }))
    : import('../app/first-start.js').then(({ openPgliteDataDir }) => openPgliteDataDir(config.dataDir, { serving }));
  const kithModule = import('../app/open-kith.js');
  const warm = chat && !serving ? import('../app/chat-agent.js').then(({ warmUpChat }) => warmUpChat(config)) : Promise.resolve(undefined);
  const [opened, loaded, warmed] = await Promise.allSettled([database, kithModule, warm]);
  const encoder = warmed.status === 'fulfilled' ? warmed.value?.encoder : undefined;
  const fail = async (error: unknown) => {
    if (opened.status === 'fulfilled') await opened.value.close().catch(() => {});
    await encoder?.close();
    throw error;
  };
  if (opened.status === 'rejected') return fail(opened.reason);
  if (loaded.status === 'rejected') return fail(loaded.reason);
  if (warmed.status === 'rejected') return fail(warmed.reason);
  let kith: Kith;
  try {
    kith = await loaded.value.openKith(config, { database: opened.value, serving, encoder });
  } catch (error) {
    return fail(error);
  }
  if (encoder) {
    // handed in, so openKith's close leaves it to its owner: this process
    const close = kith.close;
    kith = { ...kith, close: async (options) => { try { await close(options); } finally { await encoder.close(); } } };
  }
  if (!serving || config.databaseUrl) return kith;
  const { startLocalEndpoint } = await import('../app/local-endpoint.js');
  const endpoint = await startLocalEndpoint(kith, config.dataDir);
  const close = kith.close;
  return { ...kith, close: async (options) => { await endpoint.close(); await close(options); } };
}

/** How long a command waits for a one-shot command (kith call, import) to let go of the directory. */
const BUSY_WAIT_MS = 15_000;

async function openSession(config: KithConfig, serving: boolean, chat: boolean): Promise<LocalSession> {
  const { directSession, forwardedSession } = await import('../app/local-session.js');
  if (config.databaseUrl) return directSession(await openQuickly(config, serving, chat));
  const [{ readEndpointFile }, { EndpointUnreachableError }, { DataDirBusyError }] = await Promise.all([
    import('../app/local-endpoint-file.js'), import('../app/local-endpoint-client.js'), import('../app/data-dir-lock.js'),
  ]);
  const deadline = Date.now() + BUSY_WAIT_MS;
  for (;;) {
    const endpoint = readEndpointFile(config.dataDir);
    if (endpoint) {
      try {
        return await forwardedSession(endpoint, config.userEmail);
      } catch (error) {
        // Its process is stopping: the directory is about to be free.
        if (!(error instanceof EndpointUnreachableError)) throw error;
      }
    }
    try {
      return await directSession(await openQuickly(config, serving, chat));
    } catch (error) {
      if (!(error instanceof DataDirBusyError) || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
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

/** withKith for the commands that may go through the process holding the directory (call, chat, import, export, backup). */
export async function withSession<T>(cli: CliContext, fn: (session: LocalSession) => Promise<T>, close: { embed?: boolean } = {}, open: { chat?: boolean } = {}): Promise<T> {
  const session = await cli.session(open);
  try {
    return await fn(session);
  } finally {
    await session.close(close);
  }
}
