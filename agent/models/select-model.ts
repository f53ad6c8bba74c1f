import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { KithConfig } from '../../app/config.js';
import type { SentenceEncoder } from '../embeddings/sentence-encoder.js';

export const DEFAULT_OPENAI_MODEL = 'gpt-5-mini';

export interface SelectedModel {
  model: LanguageModelV3;
  /** What `kith doctor` shows, e.g. "openai gpt-5-mini" or "offline (built-in)". */
  label: string;
  kind: 'openai' | 'openai-compatible' | 'offline';
}

/**
 * OPENAI_API_KEY → OpenAI; OPENAI_BASE_URL → any OpenAI-compatible server (Ollama, LM Studio, vLLM);
 * neither → the built-in offline model. All speak chat completions, the one wire format every
 * compatible server implements.
 */
export interface ModelOptions {
  encoder?: SentenceEncoder;
  /** Where the offline model parses messages: 'worker' for servers, where one long message must not hold other users. */
  planIn?: 'thread' | 'worker';
}

export async function selectModel(config: KithConfig, options: ModelOptions = {}): Promise<SelectedModel> {
  if (config.openaiApiKey || config.openaiBaseUrl) {
    const { createOpenAI } = await import('@ai-sdk/openai');
    const provider = createOpenAI({
      apiKey: config.openaiApiKey ?? 'not-needed',
      ...(config.openaiBaseUrl ? { baseURL: config.openaiBaseUrl } : {}),
    });
    const modelId = config.model ?? (config.openaiBaseUrl ? 'llama3.1' : DEFAULT_OPENAI_MODEL);
    const kind = config.openaiBaseUrl ? 'openai-compatible' : 'openai';
    return {
      model: provider.chat(modelId),
      label: config.openaiBaseUrl ? `${modelId} at ${config.openaiBaseUrl}` : `OpenAI ${modelId}`,
      kind,
    };
  }
  const { createOfflineModel } = await import('./offline/index.js');
  // The process's one sentence encoder: intents by meaning when the words leave them unsure.
  return { model: createOfflineModel({ encoder: options.encoder, planIn: options.planIn }), label: 'built-in offline model', kind: 'offline' };
}
