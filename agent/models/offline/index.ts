import type { LanguageModelV3 } from '@ai-sdk/provider';
import { OfflineLanguageModel, type OfflineModelOptions } from './language-model.js';

export { OfflineLanguageModel, type OfflineModelOptions } from './language-model.js';
export { planMessage, planTurn, nextStep, HELP_TEXT } from './plan.js';
export { readConversation } from './conversation.js';

/** The built-in model that needs no API key: a parser that calls Kith's tools through the AI SDK loop. */
export function createOfflineModel(options: OfflineModelOptions = {}): LanguageModelV3 {
  return new OfflineLanguageModel(options);
}
