import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageRoot } from '../../../db/package-root.js';
import type { ExampleVectorCache } from './intent-classifier.js';

export const exampleVectorsPath = (): string => join(packageRoot(), 'dist', 'intent-example-vectors.json');

/**
 * The encoder's vectors of the intent examples, kept in a file beside the build (written by the
 * build, or by the first process that needed them) so that a process does not embed ~300
 * examples before its first answer. A key names the examples and the model; another key is a miss.
 */
export function fileVectorCache(path: string = exampleVectorsPath()): ExampleVectorCache {
  return {
    read(key) {
      try {
        const saved = JSON.parse(readFileSync(path, 'utf8')) as { key: string; dimensions: number; data: string };
        if (saved.key !== key) return null;
        const floats = new Float32Array(new Uint8Array(Buffer.from(saved.data, 'base64')).buffer);
        const out: number[][] = [];
        for (let i = 0; i < floats.length; i += saved.dimensions) out.push(Array.from(floats.subarray(i, i + saved.dimensions)));
        return out;
      } catch {
        return null;
      }
    },
    write(key, vectors) {
      try {
        const dimensions = vectors[0]?.length ?? 0;
        const floats = new Float32Array(vectors.length * dimensions);
        vectors.forEach((v, i) => floats.set(v, i * dimensions));
        mkdirSync(dirname(path), { recursive: true });
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify({ key, dimensions, data: Buffer.from(floats.buffer).toString('base64') }));
        renameSync(tmp, path);
      } catch {
        // A read-only install: the vectors are computed once per process instead.
      }
    },
  };
}
