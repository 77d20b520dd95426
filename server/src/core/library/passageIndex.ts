import * as tokenizer from '../text/tokenizer';

// Bound once: where modules are compiled one by one (tsx: tests, the benchmark), an imported
// function is read through a getter, which costs more than the rest of this per-character loop.
const foldPlainCode = tokenizer.foldPlainCode;
const foldPlainWord = tokenizer.foldPlainWord;
const plainWordHash = tokenizer.plainWordHash;
const FNV_OFFSET = tokenizer.FNV_OFFSET;
const FNV_PRIME = tokenizer.FNV_PRIME;

/**
 * The word-bigram index over the library. Locating a quote looks up the quote's own bigrams, so its
 * cost grows with the quote, not with the library. Documents are added and removed one at a time:
 * new documents go to a small segment, segments are merged log-structured (like Lucene's), and a
 * removed document is dropped from results at once and from postings at the next merge.
 */

/**
 * Interns folded words as small integers. Its table is its own (open addressing over the words'
 * hashes, not a `Map`) so that a plain word can be looked up from its characters in the text
 * (`internPlain`): indexing meets each word of the vocabulary about 600 times at L and makes a
 * string only the first time.
 */
export class Vocabulary {
  private readonly wordList: string[] = [];
  /**
   * Slots of two entries, a word's hash and its id + 1 (0 = empty), at most half full: a probe reads
   * the hash and the id from one cache line.
   */
  private slots = new Int32Array(2 * 2048);
  /** Every word's characters, one after another (word `id` at `charStarts[id]` to `charStarts[id + 1]`). */
  private chars = new Uint16Array(1 << 14);
  private charStarts = new Uint32Array(1024 + 1);
  /** Ids of the first `sorted.length` words, in word order (built when first asked for a prefix). */
  private sorted: number[] = [];

  /** The id of `norm`, assigning a new one if needed. */
  intern(norm: string): number {
    const hash = hashWord(norm);
    const id = this.lookup(norm, hash);
    return id >= 0 ? id : this.add(norm, hash);
  }

  /**
   * The id of the plain word `text[start, end)` folded (`foldPlainWord`), assigning a new one if
   * needed: the word is hashed and compared from the text, and made a string only when new. `hash`,
   * when given, is `plainWordHash` of the word (the tokenizer computes it while it reads the word).
   */
  internPlain(text: string, start: number, end: number, hash = plainWordHash(text, start, end)): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const signed = hash | 0;
    const length = end - start;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = slots[2 * s + 1]!;
      if (slot === 0) break;
      if (slots[2 * s] !== signed) continue;
      const id = slot - 1;
      const from = this.charStarts[id]!;
      if (this.charStarts[id + 1]! - from !== length) continue;
      const chars = this.chars;
      let k = 0;
      while (k < length && chars[from + k] === foldPlainCode(text.charCodeAt(start + k))) k++;
      if (k === length) return id;
    }
    return this.add(foldPlainWord(text, start, end), hash);
  }

  /** Every word, in id order (what an index file stores). */
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
    const id = this.lookup(norm, hashWord(norm));
    return id >= 0 ? id : undefined;
  }

  get size(): number {
    return this.wordList.length;
  }

  /** The id of `norm` whose hash is `hash`, or -1. */
  private lookup(norm: string, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    const signed = hash | 0;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = slots[2 * s + 1]!;
      if (slot === 0) return -1;
      if (slots[2 * s] === signed && this.wordList[slot - 1] === norm) return slot - 1;
    }
  }

  /** Gives `norm` (not yet in the vocabulary) the next id. */
  private add(norm: string, hash: number): number {
    const id = this.wordList.length;
    this.wordList.push(norm);
    if (id + 2 > this.charStarts.length) {
      const grown = new Uint32Array(this.charStarts.length * 2);
      grown.set(this.charStarts);
      this.charStarts = grown;
    }
    const from = this.charStarts[id]!;
    if (from + norm.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, from + norm.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    for (let k = 0; k < norm.length; k++) this.chars[from + k] = norm.charCodeAt(k);
    this.charStarts[id + 1] = from + norm.length;
    if ((id + 1) * 2 > this.slots.length >> 1) {
      const old = this.slots;
      this.slots = new Int32Array(old.length * 2);
      for (let s = 1; s < old.length; s += 2) if (old[s] !== 0) this.place(old[s - 1]!, old[s]!);
    }
    this.place(hash | 0, id + 1);
    return id;
  }

  private place(hash: number, slot: number): void {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let s = hash & mask;
    while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = hash;
    slots[2 * s + 1] = slot;
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

/** FNV-1a over a word's UTF-16 code units (`plainWordHash` hashes a plain word's folded characters alike). */
function hashWord(word: string): number {
  let hash = FNV_OFFSET;
  for (let k = 0; k < word.length; k++) hash = Math.imul(hash ^ word.charCodeAt(k), FNV_PRIME);
  return hash >>> 0;
}

/** One immutable segment of the index, as typed arrays (what an index file stores). */
export interface Segment {
  readonly docIds: Uint32Array;
  /** Token offset of each document inside the segment; one extra entry at the end. */
  readonly docStarts: Uint32Array;
  readonly tokenCount: number;
  /**
   * Open-addressing table of bigram fingerprints (0 = empty slot), of any length: a bigram's first
   * slot is its hash scaled to the table (`homeSlot`), so the table is sized to its bigrams rather
   * than to a power of two. Two bigrams sharing a 32-bit fingerprint (only possible with ids over
   * 65,535) would share postings: harmless, since every candidate passage is aligned anyway.
   */
  readonly keys: Uint32Array;
  /** Postings of slot s are postings[offsets[s] .. offsets[s + 1]). */
  readonly offsets: Uint32Array;
  readonly postings: Uint32Array;
}

/**
 * A bigram's 32-bit fingerprint, never 0 (0 marks an empty slot): the two ids themselves while both
 * fit in 16 bits (a vocabulary under 65,536 words: no two bigrams share one), else a hash.
 */
export function fingerprint(a: number, b: number): number {
  if ((a | b) >>> 16 === 0 && (a | b) !== 0) return ((a << 16) | b) >>> 0;
  let h = Math.imul(a, 0x27d4eb2d) ^ Math.imul(b ^ 0x165667b1, 0x85ebca77);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae3d);
  h ^= h >>> 16;
  return h === 0 ? 1 : h >>> 0;
}

/**
 * Where a fingerprint's probe starts, as a 32-bit hash of the fingerprint itself: bigrams that share
 * a fingerprint then always share a slot, in every table, whatever the order they are met in.
 */
function homeOf(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Distinct bigrams per slot of a segment's table. A power-of-two table at most 3/4 full was between
 * 3/8 and 3/4 full, and its empty half cost 0.37 bytes per byte of text at S; at 2/3 a miss probes
 * about 5 slots and a hit 2.
 */
const TABLE_LOAD = 2 / 3;

/** The first slot of a bigram hash in a table of `capacity` slots: the hash scaled, not masked. */
function homeSlot(home: number, capacity: number): number {
  // Exact: home / 2^32 < 1 - 2^-32, and the product rounds below `capacity` for any table under 2^31.
  return Math.floor((home / 4294967296) * capacity);
}

/**
 * The distinct bigrams of a segment's documents (by fingerprint), numbered in the order they are
 * first met (`keys[number]`), how often each occurs (`counts[number]`), and the number of the bigram
 * at every token (`bigramAt`, indexed by token offset in the segment; a document's last token starts
 * none), so the postings pass reads the numbers back in text order instead of hashing every bigram a
 * second time. The table starts small and doubles: text repeats itself (at L there are 34 words per
 * distinct bigram), and a table sized for the words would cost a cache miss per word; this one
 * stays about as small as the answer (up to 7/8 full, its fingerprint and number side by side: a
 * probe reads one cache line).
 */
function countBigrams(
  docs: ReadonlyArray<readonly [number, Uint32Array]>,
  tokenCount: number,
): { keys: Uint32Array; counts: Uint32Array; unique: number; bigramAt: Uint32Array } {
  // Sized for a bigram per four tokens (a quarter of S's bigrams are distinct; at L, one in 34), up
  // to 2^20 slots: most builds then never rehash.
  let cap = 1024;
  while (cap < 1 << 20 && cap * 4 < tokenCount) cap *= 2;
  let mask = cap - 1;
  // Two entries per slot: the fingerprint (0 = empty) and the bigram's number.
  let table = new Uint32Array(cap * 2);
  let keys = new Uint32Array((cap * 7) / 8 + 1);
  let counts = new Uint32Array(keys.length);
  const bigramAt = new Uint32Array(tokenCount);
  let unique = 0;
  let at = 0;
  for (const [, ids] of docs) {
    const last = ids.length - 1;
    for (let p = 0; p < last; p++) {
      const key = fingerprint(ids[p]!, ids[p + 1]!);
      let s = homeOf(key) & mask;
      let number: number;
      for (;;) {
        const k = table[2 * s]!;
        if (k === key) {
          number = table[2 * s + 1]!;
          break;
        }
        if (k === 0) {
          number = unique++;
          table[2 * s] = key;
          table[2 * s + 1] = number;
          keys[number] = key;
          break;
        }
        s = (s + 1) & mask;
      }
      counts[number]!++;
      bigramAt[at + p] = number;
      if (unique * 8 > cap * 7) {
        const biggerMask = cap * 2 - 1;
        const bigger = new Uint32Array(cap * 4);
        for (let b = 0; b < unique; b++) {
          let u = homeOf(keys[b]!) & biggerMask;
          while (bigger[2 * u] !== 0) u = (u + 1) & biggerMask;
          bigger[2 * u] = keys[b]!;
          bigger[2 * u + 1] = b;
        }
        cap *= 2;
        mask = biggerMask;
        table = bigger;
        const biggerKeys = new Uint32Array((cap * 7) / 8 + 1);
        biggerKeys.set(keys);
        keys = biggerKeys;
        const biggerCounts = new Uint32Array(keys.length);
        biggerCounts.set(counts);
        counts = biggerCounts;
      }
    }
    at += ids.length;
  }
  return { keys, counts, unique, bigramAt };
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

  // First pass: the distinct bigrams, their counts and the bigram at every token; then the segment's
  // table, sized for them (bigrams placed in the order they were first met).
  const counted = countBigrams(docs, n);
  const unique = counted.unique;
  const capacity = Math.max(1, Math.ceil(unique / TABLE_LOAD));
  const keys = new Uint32Array(capacity);
  // Where each bigram's postings go next, by bigram number: first its slot, then its offset.
  const next = new Uint32Array(unique);
  // Each slot's count goes to offsets[slot + 1]; summing them up turns them into offsets.
  const offsets = new Uint32Array(capacity + 1);
  for (let number = 0; number < unique; number++) {
    const key = counted.keys[number]!;
    let s = homeSlot(homeOf(key), capacity);
    while (keys[s] !== 0) s = s + 1 === capacity ? 0 : s + 1;
    keys[s] = key;
    offsets[s + 1] = counted.counts[number]!;
    next[number] = s;
  }
  for (let t = 0; t < capacity; t++) offsets[t + 1] = offsets[t]! + offsets[t + 1]!;
  for (let b = 0; b < unique; b++) next[b] = offsets[next[b]!]!;

  // Second pass: every bigram's postings, in text order, from the bigram numbers the first pass kept.
  const bigramAt = counted.bigramAt;
  const postings = new Uint32Array(offsets[capacity]!);
  for (let d = 0; d < docs.length; d++) {
    const end = docStarts[d + 1]! - 1;
    for (let t = docStarts[d]!; t < end; t++) postings[next[bigramAt[t]!]!++] = t;
  }
  return { docIds, docStarts, tokenCount: n, keys, offsets, postings };
}

/** Bigram postings over documents given as arrays of word ids. */
export class PassageIndex {
  private readonly docs = new Map<number, Uint32Array>();
  private segments: Segment[] = [];
  private pending: Array<readonly [number, Uint32Array]> = [];
  /**
   * Documents still in a segment's postings but no longer in the index (removed, or left out of a
   * restored index), until a merge drops them: postings of other documents need no lookup at all.
   */
  private readonly dead = new Set<number>();
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
    const before = this.pending.length;
    this.pending = this.pending.filter(([id]) => id !== docId);
    if (this.pending.length === before) this.dead.add(docId);
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
      const { docStarts, docIds, postings } = segment;
      const dead = this.dead;
      let d = 0;
      let live = false;
      let docId = -1;
      for (let k = segment.offsets[slot]!; k < end; k++) {
        this.visited++;
        const pos = postings[k]!;
        if (docStarts[d + 1]! <= pos) {
          // Postings are in text order: the posting's document is found by galloping from the last
          // one, so a rare bigram costs its postings, not a walk over the segment's documents.
          d = documentAt(docStarts, d + 1, pos);
          docId = -1;
        }
        if (docId < 0) {
          docId = docIds[d]!;
          live = dead.size === 0 || !dead.has(docId);
        }
        if (live && visit(docId, pos - docStarts[d]!) === false) return;
      }
    }
  }

  /** The segments with every pending document built in (what an index file stores). */
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
    for (const segment of segments) for (const id of segment.docIds) if (!this.docs.has(id)) this.dead.add(id);
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
      for (const id of previous.docIds) this.dead.delete(id);
      for (const id of last.docIds) this.dead.delete(id);
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

/**
 * The document `d` (from `from` on) whose range `[docStarts[d], docStarts[d + 1])` holds token `pos`,
 * by galloping then bisecting: the steps are logarithmic in how far it lies from `from`.
 */
function documentAt(docStarts: Uint32Array, from: number, pos: number): number {
  let lo = from;
  let step = 1;
  let hi = from + 1;
  const last = docStarts.length - 1;
  while (hi < last && docStarts[hi]! <= pos) {
    lo = hi;
    step *= 2;
    hi = Math.min(last, lo + step);
  }
  // docStarts[lo] <= pos < docStarts[hi]: bisect for the last start at or before pos.
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (docStarts[mid]! <= pos) lo = mid;
    else hi = mid;
  }
  return lo;
}

function findSlot(segment: Segment, a: number, b: number): number {
  const keys = segment.keys;
  const capacity = keys.length;
  const key = fingerprint(a, b);
  let s = homeSlot(homeOf(key), capacity);
  for (;;) {
    const k = keys[s]!;
    if (k === 0) return -1;
    if (k === key) return s;
    s = s + 1 === capacity ? 0 : s + 1;
  }
}
