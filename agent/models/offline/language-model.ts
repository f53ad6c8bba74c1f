import type {
  LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Content, LanguageModelV3FinishReason,
  LanguageModelV3GenerateResult, LanguageModelV3StreamPart, LanguageModelV3StreamResult, LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { createIntentClassifier, type IntentClassifier, type SentenceEncoder } from './intent-classifier.js';
import { readIntentExamples, type IntentExamples } from './intent-examples.js';
import { fileVectorCache } from './intent-vectors.js';
import { createPlannerThread, type PlannerThread } from './planner-thread.js';
import { createTurnDecider, type Decision, type DecideStep } from './turn-decider.js';

export type { Decision } from './turn-decider.js';

export interface OfflineModelOptions {
  /** "Now" when the prompt does not state it (default: the current time). */
  now?: () => Date;
  modelId?: string;
  /** The shared sentence encoder (agent/embeddings), for intent by meaning; without it intents are read from words only. */
  encoder?: SentenceEncoder;
  /** Example utterances per intent (default: intents/examples/*.txt). */
  examples?: IntentExamples;
  /**
   * Where messages are parsed: 'thread' (here, the default: a one-shot command pays no thread start)
   * or 'worker' (a thread of its own, for servers: one user's long message never holds the others).
   */
  planIn?: 'thread' | 'worker';
}

const approxTokens = (s: string): number => Math.max(1, Math.ceil(s.length / 4));

function usageOf(promptText: string, outputText: string): LanguageModelV3Usage {
  const input = approxTokens(promptText);
  const output = approxTokens(outputText);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

let counter = 0;
const newId = (prefix: string): string => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/**
 * The built-in model: it parses the last user message into planned tool calls and makes them one
 * step at a time, reading earlier results from the prompt; then it writes the reply from the results.
 * It reads only user messages for instructions: text that comes back from tools is data.
 */
export class OfflineLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'kith-offline';
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = {};
  /** It reads the tools' names only: the agent makes no JSON Schema of their inputs for it. */
  readonly readsToolSchemas = false;
  private readonly now: () => Date;
  private readonly options: OfflineModelOptions;
  private classifier: IntentClassifier | null = null;
  private readonly decideStep: DecideStep;
  private readonly planner: PlannerThread | null;

  constructor(options: OfflineModelOptions = {}) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.modelId = options.modelId ?? 'kith-offline-1';
    const classify = (texts: string[]) => this.intentClassifier().classify(texts);
    this.planner = options.planIn === 'worker' ? createPlannerThread(classify) : null;
    this.decideStep = this.planner?.decide ?? createTurnDecider(classify);
  }

  private intentClassifier(): IntentClassifier {
    return this.classifier ??= createIntentClassifier({
      examples: this.options.examples ?? readIntentExamples(),
      encoder: this.options.encoder,
      cache: this.options.encoder ? fileVectorCache() : undefined,
    });
  }

  /** Decides the next step for a prompt. */
  decide(options: LanguageModelV3CallOptions): Promise<Decision> {
    return this.decideStep({
      prompt: options.prompt,
      now: this.now().getTime(),
      tools: options.tools ? options.tools.map((t) => t.name) : null,
      toolChoiceNone: options.toolChoice?.type === 'none',
    });
  }

  /** Stops the planner thread, if it has one. */
  close(): Promise<void> {
    return this.planner?.close() ?? Promise.resolve();
  }

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const decision = await this.decide(options);
    const promptText = JSON.stringify(options.prompt);
    const content: LanguageModelV3Content[] = [];
    let finishReason: LanguageModelV3FinishReason;
    let out: string;
    if (decision.type === 'tool-call') {
      out = JSON.stringify(decision.input);
      content.push({ type: 'tool-call', toolCallId: newId('call'), toolName: decision.toolName, input: out });
      finishReason = { unified: 'tool-calls', raw: 'tool_calls' };
    } else {
      out = decision.text;
      content.push({ type: 'text', text: decision.text });
      finishReason = { unified: 'stop', raw: 'stop' };
    }
    return {
      content,
      finishReason,
      usage: usageOf(promptText, out),
      warnings: [],
      response: { id: newId('resp'), modelId: this.modelId, timestamp: new Date() },
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const decision = await this.decide(options);
    const promptText = JSON.stringify(options.prompt);
    const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
    parts.push({ type: 'response-metadata', id: newId('resp'), modelId: this.modelId, timestamp: new Date() });
    let out: string;
    let finishReason: LanguageModelV3FinishReason;
    if (decision.type === 'tool-call') {
      const id = newId('call');
      out = JSON.stringify(decision.input);
      parts.push({ type: 'tool-input-start', id, toolName: decision.toolName });
      // One delta each: the whole answer is known at once, and every stream part costs a trip through the web streams.
      parts.push({ type: 'tool-input-delta', id, delta: out });
      parts.push({ type: 'tool-input-end', id });
      parts.push({ type: 'tool-call', toolCallId: id, toolName: decision.toolName, input: out });
      finishReason = { unified: 'tool-calls', raw: 'tool_calls' };
    } else {
      const id = newId('text');
      out = decision.text;
      parts.push({ type: 'text-start', id });
      parts.push({ type: 'text-delta', id, delta: out });
      parts.push({ type: 'text-end', id });
      finishReason = { unified: 'stop', raw: 'stop' };
    }
    parts.push({ type: 'finish', finishReason, usage: usageOf(promptText, out) });
    const signal = options.abortSignal;
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) {
          if (signal?.aborted) break;
          controller.enqueue(part);
        }
        controller.close();
      },
    });
    return { stream, request: { body: undefined } };
  }
}
