/**
 * The word-bigram index over the library. Locating a quote looks up the quote's own bigrams, so its
 * cost grows with the quote, not with the library. Documents are added and removed one at a time:
 * new documents go to a small segment, segments are merged log-structured (like Lucene's), and a
 * removed document is dropped from results at once and from postings at the next merge.
 */

/** Interns folded words as small integers. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly wordList: string[] = [];
  /** Ids of the first `sorted.length` words, in word order (built when first asked for a prefix). */
  private sorted: number[] = [];

  /** The id of `norm`, assigning a new one if needed. */
  intern(norm: string): number {
    let id = this.ids.get(norm);
    if (id === undefined) {
      id = this.wordList.length;
      this.ids.set(norm, id);
      this.wordList.push(norm);
    }
    return id;
  }

  /** Every word, in id order (what a persisted index stores). */
  words(): readonly string[] {
    return this.wordList;
  }

  /** Restores words in id order into an empty vocabulary. */
  restore(words: readonly string[]): void {
    for (const word of words) this.intern(word);
  }

  /** The folded word of an id, or '' for an id never assigned. */
  word(id: number): string {
    return this.wordList[id] ?? '';
  }

  /** The id of `norm`, or undefined when no indexed text has that word. */
  find(norm: string): number | undefined {
    return this.ids.get(norm);
  }

  get size(): number {
    return this.ids.size;
  }

  /** The ids of the words starting with `prefix`, in word order; undefined when there are more than `max`. */
  idsStartingWith(prefix: string, max: number): number[] | undefined {
    this.sortNewWords();
    const words = this.wordList;
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (words[this.sorted[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const found: number[] = [];
    for (let k = lo; k < this.sorted.length && words[this.sorted[k]!]!.startsWith(prefix); k++) {
      if (found.length === max) return undefined;
      found.push(this.sorted[k]!);
    }
    return found;
  }

  /** Brings the sorted ids up to date: a few new words are inserted, many make a full sort. */
  private sortNewWords(): void {
    const words = this.wordList;
    const known = this.sorted.length;
    if (known === words.length) return;
    if (words.length - known > 64) {
      this.sorted = Array.from(words.keys()).sort((a, b) => (words[a]! < words[b]! ? -1 : words[a]! > words[b]! ? 1 : 0));
      return;
    }
    for (let id = known; id < words.length; id++) {
      let lo = 0;
      let hi = this.sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (words[this.sorted[mid]!]! < words[id]!) lo = mid + 1;
        else hi = mid;
      }
      this.sorted.splice(lo, 0, id);
    }
  }
}

/** One immutable segment of the index, as typed arrays (what a persisted index stores). */
export interface Segment {
  readonly docIds: Uint32Array;
  /** Token offset of each document inside the segment; one extra entry at the end. */
  readonly docStarts: Uint32Array;
  readonly tokenCount: number;
  readonly mask: number;
  /**
   * Open-addressing table of bigram fingerprints (0 = empty slot). Two bigrams sharing a 32-bit
   * fingerprint would share postings: harmless, since every candidate passage is aligned anyway.
   */
  readonly keys: Uint32Array;
  /** Postings of slot s are postings[offsets[s] .. offsets[s + 1]). */
  readonly offsets: Uint32Array;
  readonly postings: Uint32Array;
}

function hashPair(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/** A power-of-two table size keeping `n` keys at a load of at most 3/4. */
/** A bigram's 32-bit fingerprint, never 0 (0 marks an empty slot). */
function fingerprint(a: number, b: number): number {
  let h = Math.imul(a, 0x27d4eb2d) ^ Math.imul(b ^ 0x165667b1, 0x85ebca77);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae3d);
  h ^= h >>> 16;
  return h === 0 ? 1 : h >>> 0;
}

/** Moves a table's entries into one of `cap` slots; `moved[old slot]` is each entry's new slot. */
function rehash(keys: Uint32Array, homes: Uint32Array, counts: Uint32Array, cap: number) {
  const mask = cap - 1;
  const out = { keys: new Uint32Array(cap), homes: new Uint32Array(cap), counts: new Uint32Array(cap), moved: new Int32Array(keys.length).fill(-1) };
  for (let s = 0; s < keys.length; s++) {
    if (keys[s] === 0) continue;
    let t = homes[s]! & mask;
    while (out.keys[t] !== 0) t = (t + 1) & mask;
    out.keys[t] = keys[s]!;
    out.homes[t] = homes[s]!;
    out.counts[t] = counts[s]!;
    out.moved[s] = t;
  }
  return out;
}

function capacityFor(n: number): number {
  let cap = 16;
  while (cap * 0.75 < n) cap *= 2;
  return cap;
}

function buildSegment(docs: ReadonlyArray<readonly [number, Uint32Array]>): Segment {
  const docIds = new Uint32Array(docs.length);
  const docStarts = new Uint32Array(docs.length + 1);
  let n = 0;
  docs.forEach(([id, ids], i) => {
    docIds[i] = id;
    docStarts[i] = n;
    n += ids.length;
  });
  docStarts[docs.length] = n;

  // First pass: find each bigram's slot and count its postings. The table starts sized for half as
  // many distinct bigrams as words (text repeats itself) and doubles when that proves too small.
  let bigCap = capacityFor(Math.max(1, n >> 1));
  let bigMask = bigCap - 1;
  let bigK = new Uint32Array(bigCap);
  let bigH = new Uint32Array(bigCap);
  let bigCount = new Uint32Array(bigCap);
  const slotOf = new Int32Array(n).fill(-1);
  let unique = 0;
  const grow = (filled: number): void => {
    const bigger = rehash(bigK, bigH, bigCount, bigCap * 2);
    for (let i = 0; i < filled; i++) if (slotOf[i]! >= 0) slotOf[i] = bigger.moved[slotOf[i]!]!;
    bigCap *= 2;
    bigMask = bigCap - 1;
    bigK = bigger.keys;
    bigH = bigger.homes;
    bigCount = bigger.counts;
  };
  for (let d = 0; d < docs.length; d++) {
    const ids = docs[d]![1];
    const base = docStarts[d]!;
    for (let p = 0; p + 1 < ids.length; p++) {
      const a = ids[p]!;
      const b = ids[p + 1]!;
      const key = fingerprint(a, b);
      const home = hashPair(a, b);
      let s = home & bigMask;
      while (bigK[s] !== 0 && bigK[s] !== key) s = (s + 1) & bigMask;
      if (bigK[s] === 0) {
        if (unique + 1 > bigCap * 0.75) {
          grow(base + p);
          p--; // place this bigram again in the larger table
          continue;
        }
        bigK[s] = key;
        bigH[s] = home;
        unique++;
      }
      bigCount[s]!++;
      slotOf[base + p] = s;
    }
  }

  // Second pass: when the table is larger than the bigrams seen need, rehash into a smaller one;
  // then fill the postings, slot by slot.
  const cap = capacityFor(Math.max(1, unique));
  const smaller = cap < bigCap ? rehash(bigK, bigH, bigCount, cap) : undefined;
  const keys = smaller?.keys ?? bigK;
  const counts = smaller?.counts ?? bigCount;
  const newSlot = smaller?.moved;
  const size = keys.length;
  const offsets = new Uint32Array(size + 1);
  for (let t = 0; t < size; t++) offsets[t + 1] = offsets[t]! + counts[t]!;
  const fill = offsets.slice(0, size);
  const postings = new Uint32Array(offsets[size]!);
  for (let pos = 0; pos < n; pos++) {
    const s = slotOf[pos]!;
    if (s < 0) continue;
    const t = newSlot ? newSlot[s]! : s;
    postings[fill[t]!++] = pos;
  }
  const mask = size - 1;
  return { docIds, docStarts, tokenCount: n, mask, keys, offsets, postings };
}

/** Bigram postings over documents given as arrays of word ids. */
export class PassageIndex {
  private readonly docs = new Map<number, Uint32Array>();
  private segments: Segment[] = [];
  private pending: Array<readonly [number, Uint32Array]> = [];
  /** Postings visited by `forEachPosting` so far (a machine-independent measure of work, for tests). */
  visited = 0;

  /**
   * Adds a document's word ids. Ids are never reused: a changed document is removed and added again
   * under a new id, so postings left in old segments can never be mistaken for the new text.
   */
  add(docId: number, ids: Uint32Array): void {
    this.remove(docId);
    this.docs.set(docId, ids);
    this.pending.push([docId, ids]);
  }

  /** Removes a document; unknown ids are ignored. */
  remove(docId: number): void {
    if (!this.docs.delete(docId)) return;
    this.pending = this.pending.filter(([id]) => id !== docId);
  }

  /** Whether a document is in the index. */
  has(docId: number): boolean {
    return this.docs.has(docId);
  }

  /** Number of postings of the bigram (a, b), counting removed documents not yet merged away. */
  postingCount(a: number, b: number): number {
    this.flush();
    let total = 0;
    for (const segment of this.segments) {
      const slot = findSlot(segment, a, b);
      if (slot >= 0) total += segment.offsets[slot + 1]! - segment.offsets[slot]!;
    }
    return total;
  }

  /**
   * Calls `visit(docId, position)` for every occurrence of the bigram (a, b) in live documents, in
   * index order, until `visit` returns false.
   */
  forEachPosting(a: number, b: number, visit: (docId: number, position: number) => boolean | void): void {
    this.flush();
    for (const segment of this.segments) {
      const slot = findSlot(segment, a, b);
      if (slot < 0) continue;
      const end = segment.offsets[slot + 1]!;
      let d = 0;
      for (let k = segment.offsets[slot]!; k < end; k++) {
        this.visited++;
        const pos = segment.postings[k]!;
        while (segment.docStarts[d + 1]! <= pos) d++;
        const docId = segment.docIds[d]!;
        if (this.docs.has(docId) && visit(docId, pos - segment.docStarts[d]!) === false) return;
      }
    }
  }

  /** The segments with every pending document built in (what a persisted index stores). */
  exportSegments(): readonly Segment[] {
    this.flush();
    return this.segments;
  }

  /**
   * Restores persisted segments for documents already known by id (their ids arrays). Segment
   * entries of documents not in `docs` count as removed.
   */
  importSegments(segments: readonly Segment[], docs: ReadonlyMap<number, Uint32Array>): void {
    for (const [id, ids] of docs) this.docs.set(id, ids);
    this.segments.push(...segments);
  }

  /** Builds what is pending now (after a bulk load), so the first query does not pay for it. */
  prepare(): void {
    this.flush();
  }

  /** Builds pending documents into a segment and merges segments that have become comparable. */
  private flush(): void {
    if (this.pending.length === 0) return;
    this.segments.push(buildSegment(this.pending));
    this.pending = [];
    for (;;) {
      const last = this.segments[this.segments.length - 1]!;
      const previous = this.segments[this.segments.length - 2];
      if (previous === undefined || last.tokenCount * 4 < this.liveTokens(previous)) break;
      this.segments.splice(this.segments.length - 2, 2, buildSegment([...this.liveDocs(previous), ...this.liveDocs(last)]));
    }
  }

  private liveDocs(segment: Segment): Array<readonly [number, Uint32Array]> {
    const live: Array<readonly [number, Uint32Array]> = [];
    for (const id of segment.docIds) {
      const ids = this.docs.get(id);
      if (ids !== undefined) live.push([id, ids]);
    }
    return live;
  }

  private liveTokens(segment: Segment): number {
    let n = 0;
    for (const id of segment.docIds) n += this.docs.get(id)?.length ?? 0;
    return n;
  }
}

function findSlot(segment: Segment, a: number, b: number): number {
  const key = fingerprint(a, b);
  let s = hashPair(a, b) & segment.mask;
  for (;;) {
    const k = segment.keys[s]!;
    if (k === 0) return -1;
    if (k === key) return s;
    s = (s + 1) & segment.mask;
  }
}
