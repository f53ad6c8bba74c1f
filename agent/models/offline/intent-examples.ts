import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../db/package-root.js';

/** Example utterances per intent: what the classifier learns from. */
export type IntentExamples = Record<string, string[]>;

export const examplesFolder = (): string => join(packageRoot(), 'agent', 'models', 'offline', 'intents', 'examples');

/**
 * Reads `intents/examples/<intent>.txt`: one utterance a line, `#` lines are comments. Sorted by
 * file name so that training is the same on every machine.
 */
export function readIntentExamples(folder: string = examplesFolder()): IntentExamples {
  const out: IntentExamples = {};
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.txt')).sort()) {
    const lines = readFileSync(join(folder, file), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    if (lines.length > 0) out[file.replace(/\.txt$/, '')] = lines;
  }
  return out;
}
