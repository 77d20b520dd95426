import type { AlignElement } from './alignment';
import type { SourceLibrary } from '../library/sourceLibrary';

/**
 * The index side of the matcher: where a quote's words occur in the library, as candidate passages
 * for the verdict rules (`QuoteMatcher`) to align. It visits the postings of the quote's rarest word
 * bigrams and groups the hits by diagonal, in typed columns kept from check to check.
 */

// How far apart the parts of a quote with ellipses may lie and still be one passage.
const CLUSTER_SLACK = 300;

/** Rarest bigrams looked up per quote, and at least this many per part between ellipses. */
const RARE_PER_QUOTE = 8;
const RARE_PER_PART = 3;

/** A candidate passage: a span of a document's words, and how many quote positions hit it. */
export interface Cluster {
  readonly doc: number;
  readonly from: number;
  readonly to: number;
  readonly score: number;
}

/** Limits of the search (the matcher's options of the same names). */
export interface SearchLimits {
  readonly maxPostings: number;
  readonly postingBudget: number;
  readonly maxCandidates: number;
}

/** Finds candidate passages for quotes in one library's index. */
export class CandidateSearch {
  /** Scratch columns of `clusters`, kept from check to check. */
  private readonly hits = new HitList();
  private readonly diagonals = new DiagonalColumns();

  constructor(
    private readonly library: SourceLibrary,
    private readonly options: SearchLimits,
    /** Postings visited are added to `postings`. */
    private readonly work: { postings: number },
  ) {}

  /**
   * Groups the postings of the quote's bigrams into candidate passages: the best `maxCandidates`,
   * best first, then for each document of `docs` (in order) its best three not already among them.
   * Hits on one diagonal (source position minus quote position, give or take a few inserted or
   * dropped words) are one occurrence; with ellipses, occurrences of successive parts close together
   * are chained. Only the clusters returned are ranked against each other and made objects: a quote
   * of common words has thousands of one-hit diagonals, which a full sort would order for nothing.
   */
  clusters(elements: readonly AlignElement[], hidden: ReadonlySet<number>, docs: readonly number[] = []): Cluster[] {
    // The quote's bigrams with their positions (in source words) and posting counts, per part
    // (parts are separated by ellipses).
    const bigrams: Array<{ a: number; b: number; q: number; part: number; count: number }> = [];
    let q = 0;
    let part = 0;
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i]!;
      const next = elements[i + 1];
      if (element.kind === 'gap') part++;
      if (element.kind === 'word' && next?.kind === 'word' && element.id >= 0 && next.id >= 0) {
        const count = this.library.index.postingCount(element.id, next.id);
        if (count > 0 && count <= this.options.maxPostings) bigrams.push({ a: element.id, b: next.id, q, part, count });
      }
      q += element.kind === 'word' ? 1 : element.kind === 'bracket' ? Math.max(1, element.ids.length) : 0;
    }
    const total = q;
    // The rarest bigrams of each part locate it; common ones would only add postings to visit.
    const byRarity = [...bigrams].sort((x, y) => x.count - y.count || x.q - y.q);
    const wanted = new Set<(typeof bigrams)[number]>(byRarity.slice(0, RARE_PER_QUOTE));
    for (let p = 0; p <= part; p++) byRarity.filter((g) => g.part === p).slice(0, RARE_PER_PART).forEach((g) => wanted.add(g));
    // Each part's rarest bigram is always looked up; the others only while the postings visited stay
    // within the budget: a bigram as common as "of our" adds tens of thousands of one-hit candidates
    // that never rank, while a passage that holds the quote has every bigram, the rare ones included.
    const chosen = new Set<(typeof bigrams)[number]>();
    let visiting = 0;
    for (let p = 0; p <= part; p++) {
      const rarest = byRarity.find((g) => g.part === p);
      if (rarest !== undefined) {
        chosen.add(rarest);
        visiting += rarest.count;
      }
    }
    for (const g of byRarity) {
      if (!wanted.has(g) || chosen.has(g)) continue;
      if (visiting + g.count > this.options.postingBudget) break;
      chosen.add(g);
      visiting += g.count;
    }
    const hits = this.hits;
    hits.clear();
    for (const g of chosen) {
      this.work.postings += g.count;
      this.library.index.forEachPosting(g.a, g.b, (doc, pos) => {
        if (hidden.size === 0 || !hidden.has(doc)) hits.push(doc, pos, g.q);
      });
    }
    const tolerance = 8 + Math.min(64, Math.ceil(total / 10));
    hits.sort(total);
    // Diagonals, as columns of `this.diagonals` (no object per diagonal).
    const d = this.diagonals;
    d.reserve(hits.length);
    // Which diagonal last counted each quote position: a diagonal's hits are consecutive in `order`,
    // so its distinct positions are counted without a set per diagonal.
    const countedBy = new Int32Array(total + 1).fill(-1);
    let n = 0;
    let lastFrom = 0;
    for (let k = 0; k < hits.length; k++) {
      const doc = hits.docs[k]!;
      const pos = hits.positions[k]!;
      const hq = hits.qs[k]!;
      const anchor = pos - hq;
      const last = n - 1;
      if (n > 0 && d.doc[last] === doc && anchor - (d.maxPos[last]! - d.maxQ[last]!) <= tolerance && anchor >= lastFrom - tolerance) {
        if (hq < d.minQ[last]!) d.minQ[last] = hq;
        if (hq > d.maxQ[last]!) d.maxQ[last] = hq;
        if (pos < d.minPos[last]!) d.minPos[last] = pos;
        if (pos > d.maxPos[last]!) d.maxPos[last] = pos;
      } else {
        d.doc[n] = doc;
        d.count[n] = 0;
        d.minQ[n] = d.maxQ[n] = hq;
        d.minPos[n] = d.maxPos[n] = pos;
        lastFrom = anchor;
        n++;
      }
      if (countedBy[hq] !== n - 1) {
        countedBy[hq] = n - 1;
        d.count[n - 1]!++;
      }
    }
    d.length = n;
    // With ellipses, later parts of the quote lie later in the same passage: chain them.
    if (elements.some((e) => e.kind === 'gap')) d.replace(chainParts(d.toObjects()));
    // A cluster's passage: its diagonals' span with the quote's slack around it.
    const from = (i: number): number => Math.max(0, d.minPos[i]! - d.minQ[i]! - tolerance);
    const cluster = (i: number): Cluster => {
      const length = this.library.getByDocId(d.doc[i]!)?.words.ids.length ?? 0;
      return { doc: d.doc[i]!, from: from(i), to: Math.min(length, d.maxPos[i]! + (total - d.maxQ[i]!) + tolerance), score: d.count[i]! };
    };
    // Best first: the highest score, then the lowest document id, then the earliest start; among
    // equals, the earlier diagonal (as a stable sort of them all would order them).
    const before = (i: number, j: number): boolean =>
      d.count[i]! !== d.count[j]! ? d.count[i]! > d.count[j]! : d.doc[i]! !== d.doc[j]! ? d.doc[i]! < d.doc[j]! : from(i) < from(j);
    const best = (limit: number, ofDoc: number): number[] => {
      const top: number[] = [];
      if (limit <= 0) return top;
      for (let i = 0; i < d.length; i++) {
        if (ofDoc >= 0 && d.doc[i] !== ofDoc) continue;
        if (top.length === limit && !before(i, top[limit - 1]!)) continue;
        let at = top.length === limit ? limit - 1 : top.length;
        while (at > 0 && before(i, top[at - 1]!)) {
          top[at] = top[at - 1]!;
          at--;
        }
        top[at] = i;
      }
      return top;
    };
    const picked = best(this.options.maxCandidates, -1);
    for (const doc of docs) for (const i of best(3, doc)) if (!picked.includes(i)) picked.push(i);
    return picked.map(cluster);
  }
}

interface Diagonal {
  readonly doc: number;
  /** Distinct quote positions among its hits. */
  count: number;
  minQ: number;
  maxQ: number;
  minPos: number;
  maxPos: number;
}

/**
 * Joins occurrences of successive quote parts that follow each other closely in one source. Joined
 * occurrences cover disjoint quote positions (each starts after the last ends), so counts add up.
 */
function chainParts<T extends Diagonal>(diagonals: readonly T[]): Diagonal[] {
  const sorted = [...diagonals].sort((a, b) => a.doc - b.doc || a.minPos - b.minPos);
  const chains: Diagonal[] = [];
  for (const d of sorted) {
    const last = chains[chains.length - 1];
    if (last && last.doc === d.doc && d.minPos - last.maxPos <= CLUSTER_SLACK && d.minQ > last.maxQ) {
      last.count += d.count;
      last.maxQ = d.maxQ;
      last.maxPos = Math.max(last.maxPos, d.maxPos);
    } else {
      chains.push({ doc: d.doc, count: d.count, minQ: d.minQ, maxQ: d.maxQ, minPos: d.minPos, maxPos: d.maxPos });
    }
  }
  return chains;
}

/**
 * Hits (and diagonals) the scratch columns keep room for between checks; a rare check of more
 * (tens of thousands of postings of a part's rarest bigram) gets columns of its own size once.
 */
const KEPT_HITS = 1 << 16;

/** A growable Int32 column that keeps its buffer from check to check. */
function grown(column: Int32Array<ArrayBuffer>, size: number, keep: number): Int32Array<ArrayBuffer> {
  if (column.length >= size) return column;
  let length = column.length;
  while (length < size) length *= 2;
  const bigger = new Int32Array(length);
  bigger.set(column.subarray(0, keep));
  return bigger;
}

/**
 * Diagonals (or chains of them) as columns, kept by the matcher from check to check: fresh typed
 * arrays per check count as external memory, which makes V8 collect the whole library's heap sooner.
 */
class DiagonalColumns {
  doc = new Int32Array(256);
  count = new Int32Array(256);
  minQ = new Int32Array(256);
  maxQ = new Int32Array(256);
  minPos = new Int32Array(256);
  maxPos = new Int32Array(256);
  length = 0;

  /** Room for `size` diagonals (contents unspecified); columns grown past `KEPT_HITS` are let go. */
  reserve(size: number): void {
    const fresh = this.doc.length > KEPT_HITS && size <= KEPT_HITS;
    const room = (column: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => grown(fresh ? new Int32Array(256) : column, size, 0);
    this.doc = room(this.doc);
    this.count = room(this.count);
    this.minQ = room(this.minQ);
    this.maxQ = room(this.maxQ);
    this.minPos = room(this.minPos);
    this.maxPos = room(this.maxPos);
  }

  toObjects(): Diagonal[] {
    return Array.from({ length: this.length }, (_, i) => ({
      doc: this.doc[i]!,
      count: this.count[i]!,
      minQ: this.minQ[i]!,
      maxQ: this.maxQ[i]!,
      minPos: this.minPos[i]!,
      maxPos: this.maxPos[i]!,
    }));
  }

  replace(diagonals: readonly Diagonal[]): void {
    this.reserve(diagonals.length);
    diagonals.forEach((g, i) => {
      this.doc[i] = g.doc;
      this.count[i] = g.count;
      this.minQ[i] = g.minQ;
      this.maxQ[i] = g.maxQ;
      this.minPos[i] = g.minPos;
      this.maxPos[i] = g.maxPos;
    });
    this.length = diagonals.length;
  }
}

/**
 * Postings of a quote's bigrams: document, position in it, and the bigram's position in the quote,
 * kept by the matcher from check to check (see `DiagonalColumns`). Int32 arrays (library doc ids and
 * positions fit): read back, their values are small integers, which `Map` and `Set` hash far faster
 * than the doubles a Float64Array gives.
 */
class HitList {
  docs = new Int32Array(256);
  positions = new Int32Array(256);
  qs = new Int32Array(256);
  length = 0;
  private keys = new Float64Array(256);

  /** Empties the list; columns grown past `KEPT_HITS` are let go. */
  clear(): void {
    this.length = 0;
    if (this.docs.length > KEPT_HITS) {
      this.docs = new Int32Array(256);
      this.positions = new Int32Array(256);
      this.qs = new Int32Array(256);
      this.keys = new Float64Array(256);
    }
  }

  push(doc: number, pos: number, q: number): void {
    if (this.length === this.docs.length) {
      this.docs = grown(this.docs, this.length + 1, this.length);
      this.positions = grown(this.positions, this.length + 1, this.length);
      this.qs = grown(this.qs, this.length + 1, this.length);
    }
    this.docs[this.length] = doc;
    this.positions[this.length] = pos;
    this.qs[this.length++] = q;
  }

  /**
   * Sorts the hits by document, then diagonal (position minus quote position), then position.
   * Hits are sorted as numbers when each fits a 53-bit key (the document, the diagonal, the quote
   * position), decoded afterwards: a numeric sort of a typed array needs no comparator calls, which
   * cost most of a check of common words (thousands of hits). Document ids too large for the key
   * are replaced by their rank among the hits' documents; when even that does not fit, a comparator
   * sorts them.
   */
  sort(total: number): void {
    const n = this.length;
    const docs = this.docs.subarray(0, n);
    const positions = this.positions.subarray(0, n);
    const qs = this.qs.subarray(0, n);
    let maxPos = 0;
    let maxDoc = 0;
    for (let k = 0; k < n; k++) {
      if (positions[k]! > maxPos) maxPos = positions[k]!;
      if (docs[k]! > maxDoc) maxDoc = docs[k]!;
    }
    const qBits = Math.ceil(Math.log2(total + 1));
    const anchorBits = Math.ceil(Math.log2(maxPos + total + 1));
    let distinct: Int32Array | undefined;
    if (qBits + anchorBits + Math.ceil(Math.log2(maxDoc + 1)) > 53) {
      distinct = Int32Array.from(new Set(docs)).sort();
      if (qBits + anchorBits + Math.ceil(Math.log2(distinct.length + 1)) > 53) {
        const order = Array.from({ length: n }, (_, k) => k).sort(
          (x, y) => docs[x]! - docs[y]! || positions[x]! - qs[x]! - (positions[y]! - qs[y]!) || positions[x]! - positions[y]!,
        );
        const [d, p, q] = [Int32Array.from(order, (k) => docs[k]!), Int32Array.from(order, (k) => positions[k]!), Int32Array.from(order, (k) => qs[k]!)];
        docs.set(d);
        positions.set(p);
        qs.set(q);
        return;
      }
    }
    const rank = new Map<number, number>();
    distinct?.forEach((doc, r) => rank.set(doc, r));
    const anchorScale = 2 ** qBits;
    const docScale = 2 ** (qBits + anchorBits);
    if (this.keys.length < n) this.keys = new Float64Array(this.docs.length);
    const keys = this.keys.subarray(0, n);
    for (let k = 0; k < n; k++) {
      const doc = distinct === undefined ? docs[k]! : rank.get(docs[k]!)!;
      keys[k] = doc * docScale + (positions[k]! - qs[k]! + total) * anchorScale + qs[k]!;
    }
    keys.sort();
    for (let k = 0; k < n; k++) {
      const key = keys[k]!;
      const doc = Math.floor(key / docScale);
      const rest = key - doc * docScale;
      const anchor = Math.floor(rest / anchorScale);
      const q = rest - anchor * anchorScale;
      docs[k] = distinct === undefined ? doc : distinct[doc]!;
      qs[k] = q;
      positions[k] = anchor - total + q;
    }
  }
}
