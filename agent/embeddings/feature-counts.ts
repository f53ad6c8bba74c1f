/**
 * Counts per 32-bit feature hash, in typed arrays (open addressing, linear probing), iterated in
 * the order features were first added, as a Map would be. The offline embedder adds ~1,000
 * character n-grams per note; with Map<number, number> that was its largest cost. clear() resets
 * only the slots used, so one table serves text after text.
 */
export class FeatureCounts {
  private keys: Uint32Array;
  private values: Float64Array;
  private used: Uint8Array;
  /** Slot of the i-th distinct feature, in insertion order. */
  private order: Int32Array;
  size = 0;

  constructor(capacity = 4096) {
    this.keys = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
    this.used = new Uint8Array(capacity);
    this.order = new Int32Array(capacity);
  }

  add(hash: number, by = 1): void {
    const mask = this.keys.length - 1;
    let slot = (hash ^ (hash >>> 15)) & mask;
    while (this.used[slot]) {
      if (this.keys[slot] === hash) {
        this.values[slot] += by;
        return;
      }
      slot = (slot + 1) & mask;
    }
    this.used[slot] = 1;
    this.keys[slot] = hash;
    this.values[slot] = by;
    this.order[this.size++] = slot;
    if (this.size * 2 > this.keys.length) this.grow();
  }

  /** The i-th distinct feature (0 <= i < size) and its count. */
  hashAt(i: number): number { return this.keys[this.order[i]]; }
  countAt(i: number): number { return this.values[this.order[i]]; }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.used[this.order[i]] = 0;
    this.size = 0;
  }

  private grow(): void {
    const old = { keys: this.keys, values: this.values, order: this.order, size: this.size };
    const capacity = this.keys.length * 2;
    this.keys = new Uint32Array(capacity);
    this.values = new Float64Array(capacity);
    this.used = new Uint8Array(capacity);
    this.order = new Int32Array(capacity);
    this.size = 0;
    for (let i = 0; i < old.size; i++) this.add(old.keys[old.order[i]], old.values[old.order[i]]);
  }
}
