import { redactFields, redactText } from './error-report.js';
import type { KithDb } from '../../../db/types.js';
import type { Embedder } from '../../embeddings/embedder.js';
import type { SecretBox } from '../../../db/secret-box.js';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a tool runs with. `db` is a transaction scoped to `userId` by row-level security. */
export interface ToolContext {
  db: KithDb;
  userId: string;
  /** The current instant (KITH_NOW fixes it). */
  now: Date;
  /** The user's IANA time zone (KITH_TZ); "today" and "Friday" are days in this zone. */
  tz: string;
  embedder?: Embedder;
  /** Seals and opens stored credentials (mail, calendar); absent where none can be stored. */
  secrets?: SecretBox;
  /** Webhooks may point at loopback and private addresses (see agent/tools/webhooks/webhook-target.ts). */
  allowPrivateNetworks?: boolean;
  log: Logger;
  /** Long work (imports, re-indexing) reports how far it is; surfaces draw a progress bar. */
  progress?: (done: number, total: number, label?: string) => void;
  /** The change set this call's writes belong to (absent for read-only tools); `undo` reverses one. */
  changeId?: string;
  /** Aborted when the user cancels long work; the tool throws and its transaction writes nothing. */
  signal?: AbortSignal;
  /**
   * Work that runs once the call's transaction has committed, on the runtime's own connection
   * (not as the user): deleting the account itself, which the user's role may not do.
   */
  afterCommit?: (task: (db: KithDb) => Promise<void>) => void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/**
 * Logs JSON lines to stderr (stdout stays clean for JSON and the MCP protocol): time, level, msg
 * and the fields, with secrets and user data taken out (error-report.ts).
 */
export function stderrLogger(level: 'info' | 'warn' | 'error' = 'warn', write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const order = { info: 0, warn: 1, error: 2 } as const;
  const at = (lvl: keyof typeof order) => (message: string, fields?: Record<string, unknown>) => {
    if (order[lvl] < order[level]) return;
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: redactText(message), ...(fields ? redactFields(fields) : {}) }) + '\n');
  };
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
