import type { LanguageModelV3 } from '@ai-sdk/provider';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { webApi } from '@slack/bolt';
import type { Kith } from '../../app/open-kith.js';
import type { User } from '../../accounts/users.js';
import { users } from '../../db/schema/index.js';
import { createAgent, type TurnResult } from '../../agent/agent.js';
import { createSessionStore, type SessionStore } from '../../agent/sessions.js';
import { selectModel } from '../../agent/models/select-model.js';
import type { ToolRuntime } from '../../agent/tools/run-tool.js';
import { ToolError } from '../../agent/tools/shared/errors.js';
import { resolveIdentity, type Identity, type SlackPerson, type SlackProfile } from './identities.js';
import { sessionForThread, type ThreadKey } from './threads.js';
import { turnBlocks } from './blocks/turn.js';
import type { Block } from './blocks/kit.js';
import { readAgenda } from './agenda.js';
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
  converse(user: User, text: string, where: { thread: ThreadKey; idleMs?: number } | { sessionId: string }): Promise<{ result: TurnResult; sessionId: string; message: SlackMessage }>;
  publishHome(client: WebClient, slackUserId: string, user: User, note?: string): Promise<void>;
  setDigestHour(user: User, hour: number): Promise<void>;
}

export const zoneOf = (user: Pick<User, 'timeZone'>, fallback: string): string =>
  (user.timeZone && DateTime.local().setZone(user.timeZone).isValid ? user.timeZone : fallback);

export function createSlackServices(kith: Kith, options: { model?: LanguageModelV3 } = {}): SlackServices {
  const sessions = createSessionStore(kith.database.db);
  let model: Promise<LanguageModelV3> | undefined = options.model ? Promise.resolve(options.model) : undefined;
  const getModel = () => (model ??= selectModel(kith.config).then((m) => m.model));
  const runtimeFor = (user: User): ToolRuntime => ({ ...kith.runtime, tz: zoneOf(user, kith.runtime.tz) });

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
    async converse(user, text, where) {
      const runtime = runtimeFor(user);
      const sessionId = 'sessionId' in where
        ? where.sessionId
        : await sessionForThread(kith.database.db, sessions, user.id, where.thread, { idleMs: where.idleMs, now: runtime.now(), title: text });
      const agent = createAgent({ runtime, model: await getModel(), sessions });
      const result = await agent.turn(user.id, text, sessionId);
      return { result, sessionId, message: turnBlocks(result, { sessionId, sentence: text }) };
    },
    async publishHome(client, slackUserId, user, note) {
      let view;
      try {
        const runtime = runtimeFor(user);
        view = homeView(await readAgenda(runtime, user.id, runtime.tz, { pipeline: true }), { note });
      } catch (error) {
        kith.log.error('slack: App Home failed', { error: (error as Error).message });
        view = homeErrorView(plainError(error));
      }
      await client.views.publish({ user_id: slackUserId, view });
    },
    async setDigestHour(user, hour) {
      await kith.database.db.update(users).set({ digestHour: hour }).where(eq(users.id, user.id));
    },
  };
}

/** Any failure, in words a person can act on. */
export function plainError(error: unknown): string {
  if (error instanceof ToolError) {
    if (error.code === 'not_found' && /chat session/i.test(error.message)) return 'That conversation is not yours, or it no longer exists. Start a new one with /kith.';
    return error.message;
  }
  const e = error as { data?: { error?: string }; code?: string; message?: string };
  if (e?.data?.error) return `Slack refused the request (${e.data.error}). Please try again.`;
  return `Something went wrong on the Kith server (${e?.message ?? String(error)}). Please try again; if it keeps failing, check the server log.`;
}

export const errorMessage = (error: unknown): SlackMessage => {
  const text = `Sorry, that didn't work: ${plainError(error)}`;
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}` } }] };
};

export const welcomeNote = 'Welcome to Kith: I made a new Kith account for you. Already use Kith? Run `kith slack link-code` (or open Settings on the web page) and type `/kith link <code>` here.';
