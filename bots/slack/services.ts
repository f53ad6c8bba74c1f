import { reportError } from '../../agent/tools/shared/error-report.js';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { webApi } from '@slack/bolt';
import type { Kith } from '../../app/open-kith.js';
import type { KithDb } from '../../db/types.js';
import type { User } from '../../accounts/users.js';
import { users } from '../../db/schema/index.js';
import { createAgent, type TurnInput, type TurnResult } from '../../agent/agent.js';
import { createSessionStore, type SessionStore } from '../../agent/sessions.js';
import { selectModel } from '../../agent/models/select-model.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { ToolError } from '../../agent/tools/shared/errors.js';
import { resolveIdentity, type Identity, type SlackPerson, type SlackProfile } from './identities.js';
import { sessionForThread, type ThreadKey } from './threads.js';
import { turnBlocks } from './blocks/turn.js';
import type { Block } from './blocks/kit.js';
import { readAgenda } from './agenda.js';
import { claimDelivery, deliveryKeys } from './dedup.js';
import { homeErrorView, homeView } from './blocks/home.js';

type WebClient = webApi.WebClient;

export interface SlackMessage { text: string; blocks: Block[] }

/** What the listeners share: the database, identities, the agent, and plain-words errors. */
export interface SlackServices {
  kith: Kith;
  sessions: SessionStore;
  identify(client: WebClient, who: SlackPerson): Promise<Identity>;
  /** The tool runtime in the user's own time zone. */
  runtimeFor(user: User): ToolRuntime;
  /** One agent turn in the conversation of a thread (or of an explicit session). */
  converse(user: User, text: string | TurnInput, where: { thread: ThreadKey; idleMs?: number } | { sessionId: string }): Promise<{ result: TurnResult; sessionId: string; message: SlackMessage }>;
  publishHome(client: WebClient, slackUserId: string, user: User, note?: string): Promise<void>;
  setDigestHour(user: User, hour: number): Promise<void>;
  /** False for a delivery already taken (a Slack retry, or another process got it). */
  firstDelivery(body: Record<string, unknown>): Promise<boolean>;
}

export const zoneOf = (user: Pick<User, 'timeZone'>, fallback: string): string =>
  (user.timeZone && DateTime.local().setZone(user.timeZone).isValid ? user.timeZone : fallback);

/**
 * Lets pending I/O (Slack's next requests, waiting to be acked) run first. PGlite and the offline
 * model do no I/O: without this, a whole agent turn is one uninterrupted stretch of the event loop.
 */
export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The database, yielding to pending I/O before each transaction: a long agent turn then lets acks through. */
export function cooperativeDb(db: KithDb): KithDb {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction') {
        return async (...args: Parameters<KithDb['transaction']>) => {
          await yieldToIo();
          return target.transaction(...args);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** At most `n` at once; the rest wait their turn, first come first served. */
export function createLimiter(n: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      await yieldToIo();
      return await fn();
    } finally {
      const next = waiting.shift();
      if (next) next(); else active--;
    }
  };
}

export interface SlackServicesOptions {
  model?: LanguageModelV3;
  /**
   * Agent turns running at once. Acks share the event loop with the turns (PGlite even runs its
   * queries on it), so a short queue of running turns keeps every ack fast. Default: 2 on PGlite, 4 on PostgreSQL.
   */
  maxConcurrentTurns?: number;
}

export function createSlackServices(kith: Kith, options: SlackServicesOptions = {}): SlackServices {
  const db = cooperativeDb(kith.database.db);
  const sessions = createSessionStore(db);
  const limit = createLimiter(options.maxConcurrentTurns ?? (kith.database.kind === 'pglite' ? 2 : 4));
  let model: Promise<LanguageModelV3> | undefined = options.model ? Promise.resolve(options.model) : undefined;
  const getModel = () => (model ??= selectModel(kith.config, { encoder: kith.encoder, planIn: 'worker' }).then((m) => m.model));
  const runtimeFor = (user: User): ToolRuntime => ({ ...kith.runtime, db, tz: zoneOf(user, kith.runtime.tz) });

  return {
    kith,
    sessions,
    identify(client, who) {
      return resolveIdentity(kith.database.db, who, async (): Promise<SlackProfile> => {
        const info = await client.users.info({ user: who.slackUserId });
        const u = info.user;
        return { email: u?.profile?.email, name: u?.real_name ?? u?.profile?.real_name ?? u?.name, tz: u?.tz };
      });
    },
    runtimeFor,
    converse: (user, text, where) => limit(async () => {
      const runtime = runtimeFor(user);
      const sessionId = 'sessionId' in where
        ? where.sessionId
        : await sessionForThread(db, sessions, user.id, where.thread, { idleMs: where.idleMs, now: runtime.now(), title: typeof text === 'string' ? text : text.text });
      const agent = createAgent({ runtime, model: await getModel(), sessions });
      const result = await agent.turn(user.id, text, sessionId);
      return { result, sessionId, message: turnBlocks(result, { sessionId, sentence: typeof text === 'string' ? text : text.text }) };
    }),
    async publishHome(client, slackUserId, user, note) {
      let view;
      try {
        const runtime = runtimeFor(user);
        view = homeView(await readAgenda(runtime, user.id, runtime.tz, { pipeline: true }), { note });
      } catch (error) {
        view = homeErrorView(plainError(error, reportError(kith.log, 'slack: App Home failed', error)));
      }
      await client.views.publish({ user_id: slackUserId, view });
    },
    firstDelivery: (body) => claimDelivery(kith.database.db, deliveryKeys(body)),
    async setDigestHour(user, hour) {
      await kith.database.db.update(users).set({ digestHour: hour }).where(eq(users.id, user.id));
    },
  };
}

/** Any failure, in words a person can act on. */
export function plainError(error: unknown, errorId?: string): string {
  if (error instanceof ToolError) {
    if (error.code === 'not_found' && /chat session/i.test(error.message)) return 'That conversation is not yours, or it no longer exists. Start a new one with /kith.';
    return error.message;
  }
  const e = error as { data?: { error?: string }; code?: string; message?: string };
  if (e?.data?.error) return `Slack refused the request (${e.data.error}). Please try again.`;
  return `Something went wrong on the Kith server${errorId ? ` (error id ${errorId})` : ''}. Please try again; if it keeps failing, give the id to whoever runs Kith.`;
}

export const errorMessage = (error: unknown, errorId?: string): SlackMessage => {
  const text = `Sorry, that didn't work: ${plainError(error, errorId)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}` } }] };
};

export const welcomeNote = 'Welcome to Kith: I made a new Kith account for you. Already use Kith? Run `kith slack link-code` where Kith runs and type `/kith link <code>` here.';
