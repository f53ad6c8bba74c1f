import { openDatabase, type Database } from '../db/connection.js';
import { ensureLocalOwner, resolveUser, type User } from '../accounts/users.js';
import { catalog, findTool } from '../agent/tools/catalog.js';
import { runTool, type RunOptions, type ToolRuntime } from '../agent/tools/run-tool.js';
import { createReadCoalescer } from '../agent/tools/read-coalescer.js';
import { stderrLogger, type Logger } from '../agent/tools/shared/context.js';
import { NotFoundError } from '../agent/tools/shared/errors.js';
import type { Embedder } from '../agent/embeddings/embedder.js';
import { clockOf, type KithConfig } from './config.js';
import { openPgliteDataDir } from './first-start.js';
import { createEmbedder } from '../agent/embeddings/create-embedder.js';
import { prepareEmbeddings } from '../agent/embeddings/prepare.js';
import { createSentenceEncoder, type SentenceEncoder } from '../agent/embeddings/sentence-encoder.js';
import { createSecretBox, loadSecretKey, secretKeyFileFor, type SecretBox } from '../db/secret-box.js';

/** Everything a surface needs: the database, the tool runtime and the catalog. */
export interface Kith {
  config: KithConfig;
  database: Database;
  runtime: ToolRuntime;
  log: Logger;
  owner: User;
  /**
   * The process's one sentence encoder (loaded on first use): the offline embedder embeds with
   * it, and the offline language model may classify with it. close() ends its threads.
   */
  encoder: SentenceEncoder;
  /** Runs a catalog tool by name as a user. */
  call(userId: string, toolName: string, input: unknown, options?: RunOptions): Promise<unknown>;
  /** The user named by --user/KITH_USER, or the local owner. */
  currentUser(): Promise<User>;
  /**
   * Embeds what is pending (local embedder) and closes. `embed: false` skips the embedding pass,
   * for a process that only ran read-only tools: they leave nothing to embed.
   */
  close(options?: { embed?: boolean }): Promise<void>;
}

export interface OpenKithOptions {
  log?: Logger;
  embedder?: Embedder;
  /** A sentence encoder to share (tests reuse one across Kith instances); closed by its owner, not by close(). */
  encoder?: SentenceEncoder;
  /**
   * A process that serves for a while (`kith serve`, `kith mcp`): embeds in the background, and
   * moves documents to a new local embedder's vectors (see prepareEmbeddings).
   */
  serving?: boolean;
  /** An already open database (tests hand in a fresh one). */
  database?: Database;
  /** Seals stored credentials; default: KITH_SECRET_KEY or the key file beside the data directory. */
  secrets?: SecretBox;
}

export async function openKith(config: KithConfig, options: OpenKithOptions = {}): Promise<Kith> {
  const log = options.log ?? stderrLogger(config.logLevel);
  const database = options.database
    ?? (config.databaseUrl ? await openDatabase({ databaseUrl: config.databaseUrl }) : await openPgliteDataDir(config.dataDir));
  const owner = await ensureLocalOwner(database.db);
  // A one-shot command's search and the embedding of what it wrote share one thread: one model load.
  const encoder = options.encoder ?? createSentenceEncoder(options.serving ? {} : { backgroundThreads: 0 });
  const embeddings = prepareEmbeddings({ database, log, embedder: options.embedder ?? createEmbedder(config, encoder) });
  if (options.serving) {
    embeddings.startBackground();
    // a serving process loads the model now, not on its first user's search
    if (embeddings.embedder.id.startsWith(`offline:${encoder.model}`)) encoder.embed(['warm-up']).catch((error) => log.warn('the sentence encoder did not load', { error: String(error?.message ?? error) }));
  }
  const runtime: ToolRuntime = {
    db: database.db,
    now: clockOf(config),
    tz: config.tz,
    embedder: embeddings.embedder,
    // the key is read (or the key file made) only when a credential is first sealed or opened
    secrets: options.secrets ?? createSecretBox(() => loadSecretKey({ env: { KITH_SECRET_KEY: config.secretKey }, keyFile: secretKeyFileFor(config.dataDir) })),
    log,
    readCoalescer: createReadCoalescer(),
    // PGlite has no timer to cancel a statement with
    statementTimeoutMs: database.kind === 'postgres' && config.statementTimeoutMs > 0 ? config.statementTimeoutMs : undefined,
    allowPrivateNetworks: config.webhooksAllowPrivate,
  };
  return {
    config,
    database,
    runtime,
    log,
    owner,
    encoder,
    async call(userId, toolName, input, options) {
      const tool = findTool(toolName);
      if (!tool) throw new NotFoundError(`There is no tool named "${toolName}". Tools: ${catalog.map((t) => t.name).join(', ')}.`);
      return runTool(runtime, userId, tool, input, options);
    },
    currentUser: async () => (config.userEmail ? resolveUser(database.db, config.userEmail) : owner),
    close: async (closeOptions = {}) => {
      try {
        await embeddings.stopBackground();
        // a serving process leaves its backlog to the next start's background worker
        if (closeOptions.embed !== false && !options.serving) await embeddings.flush();
      } finally {
        try {
          await database.close();
        } finally {
          if (!options.encoder) await encoder.close();
        }
      }
    },
  };
}
