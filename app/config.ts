import { homedir } from 'node:os';
import { join } from 'node:path';
import { isValidZone } from '../agent/tools/shared/user-dates.js';

export interface KithConfig {
  /** PGlite data directory (embedded mode). */
  dataDir: string;
  /** PostgreSQL connection string (server mode); wins over dataDir. */
  databaseUrl?: string;
  /** The user commands run as; the local owner when unset. */
  userEmail?: string;
  /** Fixed "now" (KITH_NOW), for tests and reproducible runs. */
  fixedNow?: Date;
  /** The user's time zone (KITH_TZ). */
  tz: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  model?: string;
  embeddingModel?: string;
  logLevel: 'info' | 'warn' | 'error';
}

export interface ConfigFlags {
  data?: string;
  databaseUrl?: string;
  user?: string;
}

/** XDG data home, so a per-user install keeps its database where Linux users expect it. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME || join(homedir(), '.local', 'share');
  return join(base, 'kith');
}

export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env): KithConfig {
  const tz = env.KITH_TZ || Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  if (!isValidZone(tz)) throw new Error(`KITH_TZ: "${tz}" is not an IANA time zone (for example Europe/Berlin)`);
  let fixedNow: Date | undefined;
  if (env.KITH_NOW) {
    fixedNow = new Date(env.KITH_NOW);
    if (Number.isNaN(fixedNow.getTime())) throw new Error(`KITH_NOW: "${env.KITH_NOW}" is not an ISO 8601 date-time`);
  }
  const level = env.KITH_LOG_LEVEL;
  return {
    dataDir: flags.data || env.KITH_DATA_DIR || defaultDataDir(env),
    databaseUrl: flags.databaseUrl || env.DATABASE_URL || env.KITH_DATABASE_URL || undefined,
    userEmail: flags.user || env.KITH_USER || undefined,
    fixedNow,
    tz,
    openaiApiKey: env.OPENAI_API_KEY || undefined,
    openaiBaseUrl: env.OPENAI_BASE_URL || undefined,
    model: env.KITH_MODEL || undefined,
    embeddingModel: env.KITH_EMBEDDING_MODEL || undefined,
    logLevel: level === 'info' || level === 'error' ? level : 'warn',
  };
}
