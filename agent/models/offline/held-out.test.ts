import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { callsMatch, plannedCalls } from './test-support.js';

interface Case { say: string; lastContact?: { name: string; id?: string }; calls: Array<{ tool: string; input: Record<string, unknown> }> }

const load = (file: string): Case[] => readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8')
  .split('\n')
  .filter((l) => l.trim().startsWith('{'))
  .map((l) => JSON.parse(l));

describe.each([
  ['held-out.jsonl', 40],
  ['held-out-2.jsonl', 30],
])('held-out sentences (%s)', (file, minimum) => {
  const cases = load(file);
  it('plans most of them right (pass rate reported, not tuned case by case)', () => {
    const failures: string[] = [];
    for (const c of cases) {
      const calls = plannedCalls(c.say, c.lastContact ?? null);
      if (!callsMatch(c.calls, calls)) failures.push(`${c.say}\n    got: ${calls.map((x) => `${x.toolName} ${JSON.stringify(x.input)}`).join(' | ') || '(no call)'}`);
    }
    const passed = cases.length - failures.length;
    console.log(`${file}: ${passed}/${cases.length} passed (${Math.round((100 * passed) / cases.length)}%)${failures.length ? `\n  ${failures.join('\n  ')}` : ''}`);
    expect(cases.length).toBeGreaterThanOrEqual(minimum);
    expect(passed / cases.length).toBeGreaterThanOrEqual(0.7);
  });
});
