/**
 * How many paragraphs hold each bigram hash, counted by the archive loader before it adds them to the
 * frequency table. An open-addressing table over typed arrays: a load counts every distinct bigram of
 * every paragraph (17 million at the benchmark's L), which a `Map<number, number>` did several times
 * slower, boxing and rehashing as it grew.
 */
export class BigramCounts {
  private keys = new Int32Array(1 << 16);
  private counts = new Int32Array(1 << 16);
  /** A slot is the top bits of the hash times a Fibonacci constant (its low bits mix poorly). */
  private shift = 32 - 16;
  /** Slots in use; a count of 0 marks a free slot (every stored count is at least 1). */
  private used = 0;

  /** Distinct bigrams counted. */
  get size(): number {
    return this.used;
  }

  /** Counts one more paragraph for each of `hashes` (a paragraph's distinct bigrams). */
  addAll(hashes: ArrayLike<number>): void {
    if ((this.used + hashes.length) * 2 > this.keys.length) this.grow(this.used + hashes.length);
    const keys = this.keys;
    const counts = this.counts;
    const mask = keys.length - 1;
    const shift = this.shift;
    for (let i = 0; i < hashes.length; i++) {
      const hash = hashes[i]! | 0;
      let slot = Math.imul(hash, 0x9e3779b1) >>> shift;
      while (counts[slot] !== 0 && keys[slot] !== hash) slot = (slot + 1) & mask;
      if (counts[slot] === 0) {
        keys[slot] = hash;
        this.used++;
      }
      counts[slot]!++;
    }
  }

  /** Calls `visit` with each bigram and its count. */
  forEach(visit: (hash: number, count: number) => void): void {
    const { keys, counts } = this;
    for (let slot = 0; slot < keys.length; slot++) if (counts[slot] !== 0) visit(keys[slot]!, counts[slot]!);
  }

  /** Forgets every count (keeping the table's size). */
  clear(): void {
    this.counts.fill(0);
    this.used = 0;
  }

  /** Doubles the table until `wanted` entries fit at half load, re-placing the counted ones. */
  private grow(wanted: number): void {
    let size = this.keys.length;
    while (wanted * 2 > size) {
      size *= 2;
      this.shift--;
    }
    const { keys, counts } = this;
    this.keys = new Int32Array(size);
    this.counts = new Int32Array(size);
    const mask = size - 1;
    for (let old = 0; old < keys.length; old++) {
      if (counts[old] === 0) continue;
      let slot = Math.imul(keys[old]!, 0x9e3779b1) >>> this.shift;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = keys[old]!;
      this.counts[slot] = counts[old]!;
    }
  }
}
