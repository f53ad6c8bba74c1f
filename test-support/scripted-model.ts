import { MockLanguageModelV3 } from 'ai/test';
import { simulateReadableStream } from 'ai';
import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from '@ai-sdk/provider';

/** One step of a scripted model: call tools, or answer text. It sees the prompt, as a real model would. */
export type ScriptedStep = (prompt: LanguageModelV3CallOptions['prompt']) => { toolCalls: Array<{ name: string; input: object }> } | { text: string };

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };

/** A MockLanguageModelV3 that plays the steps in order, streaming each as a real provider would. */
export function scriptedModel(steps: ScriptedStep[]): MockLanguageModelV3 {
  let index = 0;
  return new MockLanguageModelV3({
    doStream: async (options) => {
      const step = steps[Math.min(index++, steps.length - 1)](options.prompt);
      const parts: LanguageModelV3StreamPart[] = [{ type: 'stream-start', warnings: [] }];
      if ('text' in step) {
        parts.push({ type: 'text-start', id: 't' }, { type: 'text-delta', id: 't', delta: step.text }, { type: 'text-end', id: 't' });
        parts.push({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage } as LanguageModelV3StreamPart);
      } else {
        step.toolCalls.forEach((c, i) => parts.push({ type: 'tool-call', toolCallId: `call-${index}-${i}`, toolName: c.name, input: JSON.stringify(c.input) }));
        parts.push({ type: 'finish', finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage } as LanguageModelV3StreamPart);
      }
      return { stream: simulateReadableStream({ chunks: parts }) };
    },
  });
}

/** The text of every tool result the model was shown, for asserting what it saw. */
export function toolResultsIn(prompt: LanguageModelV3CallOptions['prompt']): unknown[] {
  return prompt.flatMap((m) => (m.role === 'tool' ? m.content.filter((p) => p.type === 'tool-result').map((p) => (p as { output: { value: unknown } }).output.value) : []));
}
