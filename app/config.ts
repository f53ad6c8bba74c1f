import { homedir } from 'node:os';
import { join } from 'node:path';
import { isValidZone } from '../agent/tools/shared/user-dates.js';
import { trimEndOf } from '../agent/tools/shared/trim.js';

export interface KithConfig {
  /** PGlite data directory (embedded mode). */
  dataDir: string;
  /** PostgreSQL connection string (server mode); wins over dataDir. */
  databaseUrl?: string;
  /** The user commands run as; the local owner when unset. */
  userEmail?: string;
  /** Fixed "now" (KITH_NOW), for tests and reproducible runs. */
  fixedNow?: Date;
  /**
   * With KITH_NOW, a clock that moves from it this many times faster than real time
   * (KITH_CLOCK_RATE), counted from the wall-clock instant KITH_CLOCK_START (epoch ms; default
   * when the configuration was read; until then it stands at KITH_NOW). Processes given the same three values agree on the time:
   * tests run a simulated day of reminders across several `kith serve` processes this way.
   */
  clock?: { rate: number; startedAt: number };
  /** The user's time zone (KITH_TZ). */
  tz: string;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
  model?: string;
  embeddingModel?: string;
  logLevel: 'info' | 'warn' | 'error';
  /** KITH_SECRET_KEY: seals stored credentials; unset, a key file beside the data directory is used. */
  secretKey?: string;
  /** Signing secret of the Stripe webhook endpoint (whsec_...): POST /webhooks/stripe is mounted when set. */
  stripeWebhookSecret?: string;
  stripeSecretKey?: string;
  /** KITH_PUBLIC_URL: the address people open (https://crm.example.com); links in e-mails and the passkey origin. */
  publicUrl?: string;
  /** KITH_SYSTEM_SMTP_URL: the instance's own mail server for sign-up and reset e-mails (smtps://user:pass@host:465). */
  systemSmtpUrl?: string;
  /** KITH_SYSTEM_MAIL_FROM: the sender of those e-mails. */
  systemMailFrom?: string;
  /** KITH_SIGN_UP=closed: only accounts made with `kith user add` (or by an admin) sign in. */
  signUp: 'open' | 'closed';
  /** KITH_REQUIRE_SIGN_IN=1: sign-in even on loopback (behind a reverse proxy on the same machine). */
  requireSignIn: boolean;
  /** KITH_STATEMENT_TIMEOUT_MS: on PostgreSQL, the longest one statement of a tool call may run (default 15,000; 0 turns it off). */
  statementTimeoutMs: number;
  /** KITH_WEBHOOKS_ALLOW_PRIVATE=1: webhooks may post to this machine and private networks (refused otherwise). */
  webhooksAllowPrivate: boolean;
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
  let clock: KithConfig['clock'];
  if (env.KITH_CLOCK_RATE) {
    const rate = Number(env.KITH_CLOCK_RATE);
    if (!fixedNow || !(rate > 0)) throw new Error('KITH_CLOCK_RATE: must be a positive number, with KITH_NOW as the start');
    const startedAt = env.KITH_CLOCK_START ? Number(env.KITH_CLOCK_START) : Date.now();
    if (!Number.isFinite(startedAt)) throw new Error(`KITH_CLOCK_START: "${env.KITH_CLOCK_START}" is not a time in epoch milliseconds`);
    clock = { rate, startedAt };
  }
  const statementTimeoutMs = env.KITH_STATEMENT_TIMEOUT_MS === undefined ? 15_000 : Number(env.KITH_STATEMENT_TIMEOUT_MS);
  if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 0) throw new Error(`KITH_STATEMENT_TIMEOUT_MS: "${env.KITH_STATEMENT_TIMEOUT_MS}" is not a whole number of milliseconds`);
  const level = env.KITH_LOG_LEVEL;
  return {
    dataDir: flags.data || env.KITH_DATA_DIR || defaultDataDir(env),
    databaseUrl: flags.databaseUrl || env.DATABASE_URL || env.KITH_DATABASE_URL || undefined,
    userEmail: flags.user || env.KITH_USER || undefined,
    fixedNow,
    clock,
    tz,
    statementTimeoutMs,
    openaiApiKey: env.OPENAI_API_KEY || undefined,
    openaiBaseUrl: env.OPENAI_BASE_URL || undefined,
    model: env.KITH_MODEL || undefined,
    embeddingModel: env.KITH_EMBEDDING_MODEL || undefined,
    logLevel: level === 'info' || level === 'error' ? level : 'warn',
    secretKey: env.KITH_SECRET_KEY || undefined,
    stripeWebhookSecret: env.STRIPE_WEBHOOK_SECRET || undefined,
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    publicUrl: publicUrlOf(env.KITH_PUBLIC_URL),
    systemSmtpUrl: env.KITH_SYSTEM_SMTP_URL || undefined,
    systemMailFrom: env.KITH_SYSTEM_MAIL_FROM || undefined,
    signUp: env.KITH_SIGN_UP === 'closed' ? 'closed' : 'open',
    requireSignIn: ['1', 'true', 'yes'].includes((env.KITH_REQUIRE_SIGN_IN ?? '').toLowerCase()),
    webhooksAllowPrivate: ['1', 'true', 'yes'].includes((env.KITH_WEBHOOKS_ALLOW_PRIVATE ?? '').toLowerCase()),
  };
}

function publicUrlOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try { url = new URL(value); } catch { throw new Error(`KITH_PUBLIC_URL: "${value}" is not a URL (for example https://crm.example.com)`); }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`KITH_PUBLIC_URL: "${value}" must be an http or https address`);
  return trimEndOf(value, '/');
}

/** The configuration's "now": the real time, KITH_NOW, or KITH_NOW moving at KITH_CLOCK_RATE. */
export function clockOf(config: Pick<KithConfig, 'fixedNow' | 'clock'>): () => Date {
  const { fixedNow, clock } = config;
  if (!fixedNow) return () => new Date();
  if (!clock) return () => fixedNow;
  // before KITH_CLOCK_START the clock stands at KITH_NOW, so processes started at different moments begin together
  return () => new Date(fixedNow.getTime() + Math.max(0, Date.now() - clock.startedAt) * clock.rate);
}
