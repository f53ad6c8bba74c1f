import type { Agent } from '../agent/agent.js';
import type { SentenceEncoder } from '../agent/embeddings/sentence-encoder.js';
import type { KithConfig } from './config.js';
import type { Kith } from './open-kith.js';

/** The agent's modules; the offline model's only when no model server is configured (as selectModel decides). */
const agentModules = (config: KithConfig) => Promise.all([
  import('../agent/agent.js'), import('../agent/sessions.js'), import('../agent/models/select-model.js'),
  usesOfflineModel(config) ? import('../agent/models/offline/index.js') : undefined,
]);

const usesOfflineModel = (config: KithConfig) => !config.openaiApiKey && !config.openaiBaseUrl;

/**
 * The agent over an open Kith, made on first use: the AI SDK and the model load only for a chat,
 * so other commands start faster without them.
 */
export function lazyChatAgent(kith: Pick<Kith, 'config' | 'runtime' | 'database'> & Partial<Pick<Kith, 'encoder'>>): () => Promise<Agent> {
  let agent: Promise<Agent> | undefined;
  return () => (agent ??= (async () => {
    const [{ createAgent }, { createSessionStore }, { selectModel }] = await agentModules(kith.config);
    // The process's one sentence encoder: the offline model reads intents by meaning with it.
    const { model } = await selectModel(kith.config, { encoder: kith.encoder });
    return createAgent({ runtime: kith.runtime, model, sessions: createSessionStore(kith.database.db) });
  })());
}

/**
 * Started before the data directory opens, by a command that will chat: the agent's modules load,
 * and the offline model's sentence encoder loads its model in its worker thread, while PGlite
 * starts, instead of after it. The encoder is the process's one (hand it to openKith; its owner
 * closes it).
 */
export async function warmUpChat(config: KithConfig): Promise<{ encoder?: SentenceEncoder }> {
  const modules = agentModules(config);
  let encoder: SentenceEncoder | undefined;
  if (usesOfflineModel(config)) {
    const { createSentenceEncoder } = await import('../agent/embeddings/sentence-encoder.js');
    encoder = createSentenceEncoder({ backgroundThreads: 0 });
    // a failure to load is the first embed's to report
    encoder.embed(['warm-up']).catch(() => {});
  }
  modules.catch(() => { /* the chat's own import reports it */ });
  return { encoder };
}
