/** Messages between sentence-encoder.ts and its worker thread. */
export interface EncoderRequest {
  id: number;
  texts: string[];
}

export type EncoderReply =
  | {
    id: number;
    /** The unit vectors of the texts, one after the other. */
    vectors: Float32Array;
    dimensions: number;
    /** How long loading the model took in this worker (the same figure on every reply). */
    loadMs: number;
    embedMs: number;
  }
  | { id: number; error: string };
