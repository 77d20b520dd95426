/**
 * How often each word occurs in the library, to weigh quote words by how informative they are
 * (SPEC section 4: a passage is close when the quote's informative words match, and shared function
 * words alone make nothing close). Counts are over all words of all sources (collection frequency),
 * kept up to date as sources come and go; unlike document frequency they still tell `the` from
 * `Artsakh` in a library of two articles.
 */
/** Occurrences by word id, and their sum. */
export interface WordCounts {
  readonly counts: Uint32Array;
  readonly total: number;
}

export class WordFrequencies {
  private counts = new Uint32Array(1024);
  private total = 0;

  /** Counts a source's words; `vocabularySize` bounds its ids. */
  add(ids: Uint32Array, vocabularySize: number): void {
    if (vocabularySize > this.counts.length) {
      const grown = new Uint32Array(Math.max(vocabularySize, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    const counts = this.counts;
    for (let i = 0; i < ids.length; i++) counts[ids[i]!]!++;
    this.total += ids.length;
  }

  /** The counts by word id and their sum, for an index file (a copy: the library keeps counting). */
  export(): WordCounts {
    return { counts: this.counts.slice(), total: this.total };
  }

  /**
   * Takes counts made by `export` (the library's sources' words, counted once when they were
   * indexed), instead of counting every word of a restored library again (17 million at the
   * benchmark's L: a tenth of a restart).
   */
  restore(counts: WordCounts): void {
    // A copy: the counts change as sources come and go, and `counts` may be a view into a file's bytes.
    this.counts = new Uint32Array(Math.max(1024, counts.counts.length));
    this.counts.set(counts.counts);
    this.total = counts.total;
  }

  /** Forgets a source's words (the ids it was added with). */
  remove(ids: Uint32Array): void {
    const counts = this.counts;
    for (let i = 0; i < ids.length; i++) counts[ids[i]!]!--;
    this.total -= ids.length;
  }

  /**
   * The information of the library's running text: the mean weight of its words, each occurrence
   * counted (what a word of an ordinary sentence of the library weighs, on average); 0 when empty.
   */
  meanWeight(): number {
    if (this.total === 0) return 0;
    const counts = this.counts;
    let sum = 0;
    for (let id = 0; id < counts.length; id++) {
      const count = counts[id]!;
      if (count > 0) sum += count * Math.log1p(this.total / (count + 1));
    }
    return sum / this.total;
  }

  /**
   * The information a word carries: log(1 + words in the library / (its occurrences + 1)). A word
   * no source has (id -1) weighs most: it is the rarest of all.
   */
  weight(id: number): number {
    const count = id >= 0 ? (this.counts[id] ?? 0) : 0;
    return Math.log1p(this.total / (count + 1));
  }
}
