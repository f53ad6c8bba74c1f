import { createSentenceEncoder } from '../../embeddings/sentence-encoder.js';
import { createIntentClassifier } from './intent-classifier.js';
import { readIntentExamples } from './intent-examples.js';
import { exampleVectorsPath, fileVectorCache } from './intent-vectors.js';

/**
 * Build step: embeds the intent examples with the sentence encoder once, into
 * dist/intent-example-vectors.json, so the offline model never does it at run time. A failure only
 * warns: the model then embeds them on first need.
 */
async function main(): Promise<void> {
  const encoder = createSentenceEncoder();
  try {
    const classifier = createIntentClassifier({ examples: readIntentExamples(), encoder, cache: fileVectorCache(), encoderWhenUnsure: false });
    await classifier.classify(['warm up']);
    console.log(`intent example vectors: ${exampleVectorsPath()}`);
  } catch (error) {
    console.warn(`intent example vectors not built (${(error as Error).message}); they will be computed on first use`);
  } finally {
    await encoder.close();
  }
}

await main();
