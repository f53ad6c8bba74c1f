import type { Agent } from '../agent/agent.js';
import type { Kith } from './open-kith.js';

/**
 * The agent over an open Kith, made on first use: the AI SDK and the model load only for a chat,
 * so other commands start faster without them.
 */
export function lazyChatAgent(kith: Pick<Kith, 'config' | 'runtime' | 'database'> & Partial<Pick<Kith, 'encoder'>>): () => Promise<Agent> {
  let agent: Promise<Agent> | undefined;
  return () => (agent ??= (async () => {
    const [{ createAgent }, { createSessionStore }, { selectModel }] = await Promise.all([
      import('../agent/agent.js'), import('../agent/sessions.js'), import('../agent/models/select-model.js'),
    ]);
    // The process's one sentence encoder: the offline model reads intents by meaning with it.
    const { model } = await selectModel(kith.config, { encoder: kith.encoder });
    return createAgent({ runtime: kith.runtime, model, sessions: createSessionStore(kith.database.db) });
  })());
}
