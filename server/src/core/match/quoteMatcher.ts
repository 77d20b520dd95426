import { alignQuote, MAX_ALIGN_CELLS, type AlignElement, type Alignment } from './alignment';
import type { CandidatePassage, PassageStore } from './passageStore';
import type { QuotePattern } from './quotePattern';
import type { IndexedSource, SourceLibrary } from '../library/sourceLibrary';
import { isNeverNoise } from '../text/tokenizer';

/** A source passage aligned with a quote. */
export interface PassageMatch {
  readonly entry: IndexedSource;
  readonly alignment: Alignment;
  /** Same words, honouring ellipses and brackets. */
  readonly exact: boolean;
  /** Close enough to be the passage the writer meant (see `isClose`). */
  readonly close: boolean;
  /** Information of the quote words the passage matches: their summed weights (`WordFrequencies`). */
  readonly informative: number;
}

/** What a quote is, checked against its citation (SPEC section 5). */
export type QuoteVerdict =
  | { readonly kind: 'verbatim'; readonly match: PassageMatch }
  | { readonly kind: 'misquote'; readonly match: PassageMatch }
  | { readonly kind: 'wrong-source'; readonly match: PassageMatch }
  | { readonly kind: 'not-found'; readonly nearest: PassageMatch | undefined }
  | { readonly kind: 'unattributed'; readonly match: PassageMatch }
  | { readonly kind: 'uncited'; readonly nearest: PassageMatch | undefined };

/** Tuning of the matcher; the defaults are the product's verdict rules. */
export interface MatcherOptions {
  /** Share of quoted words that must match for a passage to count as close. */
  readonly closeShare: number;
  /** Share of the quote's information (words weighed by rarity) the matched words must carry too. */
  readonly informativeShare: number;
  /** Share for an uncited quote to be reported as found in a source. */
  readonly unattributedShare: number;
  /** Bigrams with more postings than this are skipped as too common to locate anything. */
  readonly maxPostings: number;
  /**
   * Postings visited per quote at most beyond each part's rarest bigram (which is always visited):
   * rarer bigrams first, common ones only while they fit.
   */
  readonly postingBudget: number;
  /** Passages aligned per quote at most (besides the cited sources' best). */
  readonly maxCandidates: number;
  /** Cited sources up to this many words are aligned whole when the index finds nothing in them. */
  readonly maxScanWords: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  closeShare: 0.6,
  informativeShare: 0.6,
  unattributedShare: 0.8,
  maxPostings: 50_000,
  postingBudget: 4_000,
  maxCandidates: 8,
  maxScanWords: 60_000,
};

// How far apart the parts of a quote with ellipses may lie and still be one passage.
const CLUSTER_SLACK = 300;

/** Rarest bigrams looked up per quote, and at least this many per part between ellipses. */
const RARE_PER_QUOTE = 8;
const RARE_PER_PART = 3;

interface Cluster {
  readonly doc: number;
  readonly from: number;
  readonly to: number;
  readonly score: number;
}

/** Work a matcher has done, in units that do not depend on the machine (for complexity tests). */
export interface MatcherWork {
  /** Postings visited while locating quotes. */
  postings: number;
  /** Alignment table cells filled. */
  cells: number;
}

/** No source hidden from a check. */
const NONE_HIDDEN: ReadonlySet<number> = new Set();

/** Finds where quotes come from and judges them. Reads the library; changes nothing. */
export class QuoteMatcher {
  private readonly protectedIds = new Map<number, boolean>();
  /** Counts of work done so far; only ever incremented. */
  readonly work: MatcherWork = { postings: 0, cells: 0 };
  /** Scratch columns of `findClusters`, kept from check to check. */
  private readonly hits = new HitList();
  private readonly diagonals = new DiagonalColumns();

  constructor(
    private readonly library: SourceLibrary,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
    /** Stores asked for candidates besides the library's own index (an archive). */
    private readonly stores: readonly PassageStore[] = [],
  ) {}

  /** Whether this matcher reads `library`. */
  serves(library: SourceLibrary): boolean {
    return this.library === library;
  }

  /**
   * Judges a quote. `cited` are the sources its citation names that exist; undefined when the quote
   * has no citation at all. Gives the verdict of `checkThorough`, doing only the work that can
   * change it: the cited sources are read first; the library is searched only when they leave the
   * verdict open, and other sources' passages are aligned in full only when needed (see `judgeCited`).
   * Sources whose doc ids are in `hidden` are no candidates (the full texts of bibliographies the
   * draft does not use).
   */
  check(pattern: QuotePattern, cited: readonly IndexedSource[] | undefined, hidden: ReadonlySet<number> = NONE_HIDDEN): QuoteVerdict {
    // Uncited quotes, and quotes of no words (only editorial marks), take the reference path.
    if (cited === undefined || pattern.wordCount === 0) return this.checkThorough(pattern, cited, hidden);
    // Other stores first: reading their articles may add words to the vocabulary the quote is mapped to.
    const proposed = this.propose(pattern);
    const elements = this.toAlignElements(pattern);
    const citedIds = new Set(cited.map((entry) => entry.docId));
    const read = this.readCited(elements, pattern.wordCount, cited);
    // A cited source too large to read whole is searched through the index, as the thorough path does.
    if (read.unread) return this.judge(pattern, true, this.locate(elements, pattern.wordCount, cited, proposed, hidden), citedIds);
    return this.judgeCited(elements, pattern.wordCount, read.matches.sort(compareMatches)[0], citedIds, proposed, hidden);
  }

  /**
   * The reference path: every candidate passage aligned, then judged. `check` must agree with it on
   * every quote (a property test compares them); it is kept for that and for uncited quotes.
   */
  checkThorough(pattern: QuotePattern, cited: readonly IndexedSource[] | undefined, hidden: ReadonlySet<number> = NONE_HIDDEN): QuoteVerdict {
    const proposed = this.propose(pattern);
    const elements = this.toAlignElements(pattern);
    const citedIds = new Set((cited ?? []).map((entry) => entry.docId));
    return this.judge(pattern, cited !== undefined, this.locate(elements, pattern.wordCount, cited ?? [], proposed, hidden), citedIds);
  }

  /** The passages other stores propose for a quote. */
  private propose(pattern: QuotePattern): CandidatePassage[] {
    return this.stores.flatMap((store) => store.candidates(pattern, this.options.maxCandidates));
  }

  /** The verdict from all candidate passages (SPEC section 5's rules). */
  private judge(pattern: QuotePattern, attributed: boolean, matches: readonly PassageMatch[], citedIds: ReadonlySet<number>): QuoteVerdict {
    const inCited = matches.filter((m) => citedIds.has(m.entry.docId));
    const elsewhere = matches.filter((m) => !citedIds.has(m.entry.docId));
    if (!attributed) {
      const best = elsewhere[0];
      if (best && (best.exact || best.alignment.matched >= this.options.unattributedShare * pattern.wordCount)) {
        return { kind: 'unattributed', match: best };
      }
      return { kind: 'uncited', nearest: best };
    }
    const bestCited = inCited[0];
    if (bestCited?.exact) return { kind: 'verbatim', match: bestCited };
    const bestElsewhere = elsewhere[0];
    if (bestElsewhere?.exact && !this.decidesMisquote(bestCited, pattern.wordCount)) {
      // Word for word in another source beats a loose likeness in the cited one.
      return { kind: 'wrong-source', match: bestElsewhere };
    }
    if (bestCited?.close) return { kind: 'misquote', match: bestCited };
    if (bestElsewhere?.close) return { kind: 'wrong-source', match: bestElsewhere };
    return { kind: 'not-found', nearest: bestCited ?? bestElsewhere };
  }

  /** A cited passage matching at least 90% of the quote's words: a misquote, whatever other sources hold. */
  private decidesMisquote(bestCited: PassageMatch | undefined, wordCount: number): boolean {
    return bestCited !== undefined && bestCited.close && bestCited.alignment.matched >= wordCount * 0.9;
  }

  /**
   * `judge` for a quote whose cited sources were all read whole, with `bestCited` their best passage.
   * The verdict is settled in the order of the rules, each step only as far as it must go:
   * 1. word for word in a cited source: verbatim; a cited passage matching 90% of the words: misquote
   *    (no library search);
   * 2. the candidate passages (the index's best clusters and other stores' proposals) are scanned for
   *    the quote word for word, and only those that hold it are aligned: the best of them is a wrong
   *    source;
   * 3. a close cited passage: misquote;
   * 4. only now are the other candidates aligned in full, for a close wrong source or the nearest.
   */
  private judgeCited(
    elements: readonly AlignElement[],
    wordCount: number,
    bestCited: PassageMatch | undefined,
    citedIds: ReadonlySet<number>,
    proposed: readonly CandidatePassage[],
    hidden: ReadonlySet<number>,
  ): QuoteVerdict {
    if (bestCited?.exact) return { kind: 'verbatim', match: bestCited };
    if (this.decidesMisquote(bestCited, wordCount)) return { kind: 'misquote', match: bestCited! };
    // Words no source has can match nowhere: when the others cannot make any passage close, the
    // library has no passage that changes the verdict, and the cited one is the nearest.
    if (bestCited !== undefined && this.nothingCanBeClose(elements, wordCount)) return { kind: 'not-found', nearest: bestCited };
    // The thorough path aligns the same candidates: the best clusters and the proposed passages
    // outside the cited sources.
    const candidates: CandidatePassage[] = [];
    for (const cluster of this.findClusters(elements, hidden)) {
      const entry = citedIds.has(cluster.doc) ? undefined : this.library.getByDocId(cluster.doc);
      if (entry !== undefined) candidates.push({ entry, from: cluster.from, to: cluster.to });
    }
    for (const candidate of proposed) if (!citedIds.has(candidate.entry.docId)) candidates.push(candidate);
    const plain = plainWords(elements);
    const exact: PassageMatch[] = [];
    // Candidates not word for word, with their alignment when it was made already.
    const rest: Array<{ candidate: CandidatePassage; match?: PassageMatch }> = [];
    for (const candidate of candidates) {
      // Only a passage holding the quote word for word aligns at no cost; a plain quote can be
      // scanned for (brackets and ellipses need the aligner).
      if (plain !== undefined && !occursWithin(plain, candidate.entry.words.ids, candidate.from, candidate.to)) {
        rest.push({ candidate });
        continue;
      }
      const match = this.align(elements, wordCount, candidate.entry, candidate.from, candidate.to);
      if (match?.exact) exact.push(match);
      else if (match) rest.push({ candidate, match });
    }
    if (exact.length > 0) return { kind: 'wrong-source', match: exact.sort(compareMatches)[0]! };
    if (bestCited?.close) return { kind: 'misquote', match: bestCited };
    const elsewhere: PassageMatch[] = [];
    for (const { candidate, match: made } of rest) {
      const match = made ?? this.align(elements, wordCount, candidate.entry, candidate.from, candidate.to);
      if (match) elsewhere.push(match);
    }
    const bestElsewhere = elsewhere.sort(compareMatches)[0];
    if (bestElsewhere?.close) return { kind: 'wrong-source', match: bestElsewhere };
    return { kind: 'not-found', nearest: bestCited ?? bestElsewhere };
  }

  /**
   * The cited sources' passages: a plain scan for the quote word for word, else (for article-sized
   * sources) an alignment with the whole source. `unread` when a source is too large for that.
   */
  private readCited(elements: readonly AlignElement[], wordCount: number, cited: readonly IndexedSource[]): { matches: PassageMatch[]; unread: boolean } {
    const matches: PassageMatch[] = [];
    let unread = false;
    for (const entry of cited) {
      const words = entry.words.ids.length;
      // Most quotes are word for word: find those with a plain scan before any alignment.
      const exact = exactOccurrence(elements, entry.words.ids);
      if (exact) {
        matches.push({ entry, alignment: exact, exact: true, close: true, informative: this.information(elements) });
      } else if (this.readsWhole(elements, words)) {
        const whole = this.align(elements, wordCount, entry, 0, words);
        if (whole) matches.push(whole);
      } else {
        unread = true;
      }
    }
    return { matches, unread };
  }

  /** Whether a cited source of `words` words is aligned whole rather than searched through the index. */
  private readsWhole(elements: readonly AlignElement[], words: number): boolean {
    return words <= this.options.maxScanWords && (elements.length + 1) * (words + 1) <= MAX_ALIGN_CELLS;
  }

  /**
   * The best passages for a quote, best first. The sources in `mustSee` (the cited ones) are read
   * first, whole, when they are article-sized: a quote found word for word there needs nothing else.
   * Otherwise the library is searched through the quote's rarest bigrams, and the passages other
   * stores `proposed` are aligned too.
   */
  locate(
    elements: readonly AlignElement[],
    wordCount: number,
    mustSee: readonly IndexedSource[],
    proposed: readonly CandidatePassage[] = [],
    hidden: ReadonlySet<number> = NONE_HIDDEN,
  ): PassageMatch[] {
    const matches: PassageMatch[] = [];
    const readWhole = new Set<number>();
    for (const entry of mustSee) {
      const docId = entry.docId;
      const words = entry.words.ids.length;
      // Most quotes are word for word: find those with a plain scan before any alignment.
      const exact = exactOccurrence(elements, entry.words.ids);
      if (exact) {
        matches.push({ entry, alignment: exact, exact: true, close: true, informative: this.information(elements) });
        continue;
      }
      if (this.readsWhole(elements, words)) {
        const whole = this.align(elements, wordCount, entry, 0, words);
        if (whole) matches.push(whole);
        readWhole.add(docId);
      }
    }
    if (matches.some((m) => m.exact)) return matches.sort(compareMatches);
    // The best clusters, and the best three in each cited source not read whole.
    const unread = mustSee.map((entry) => entry.docId).filter((docId) => !readWhole.has(docId));
    for (const cluster of this.findClusters(elements, hidden, unread)) {
      if (readWhole.has(cluster.doc)) continue;
      const entry = this.library.getByDocId(cluster.doc);
      const match = entry && this.align(elements, wordCount, entry, cluster.from, cluster.to);
      if (match) matches.push(match);
    }
    // Other stores' passages are aligned exactly as the index's own.
    for (const candidate of proposed) {
      if (readWhole.has(candidate.entry.docId)) continue;
      const match = this.align(elements, wordCount, candidate.entry, candidate.from, candidate.to);
      if (match) matches.push(match);
    }
    return dedupe(matches.sort(compareMatches));
  }

  /** Turns a quote pattern into vocabulary ids; words no source has get -1. */
  toAlignElements(pattern: QuotePattern): AlignElement[] {
    const vocabulary = this.library.vocabulary;
    return pattern.elements.map((element) => {
      if (element.kind === 'word') return { kind: 'word', id: vocabulary.find(element.norm) ?? -1 };
      if (element.kind === 'bracket') {
        return { kind: 'bracket', ids: element.norms.map((norm) => vocabulary.find(norm) ?? -1) };
      }
      return { kind: 'gap' };
    });
  }

  private align(
    elements: readonly AlignElement[],
    wordCount: number,
    entry: IndexedSource,
    from: number,
    to: number,
  ): PassageMatch | undefined {
    const alignment = alignQuote(elements, entry.words.ids, from, to, (id) => this.isProtected(id));
    if (alignment === undefined) return undefined;
    this.work.cells += alignment.cells;
    const exact = alignment.cost === 0 && (alignment.matched > 0 || wordCount === 0);
    let informative = 0;
    for (const step of alignment.steps) {
      const element = elements[step.q];
      if (step.op === 'equal' && element?.kind === 'word') informative += this.library.frequencies.weight(element.id);
    }
    const close = exact || this.isClose(alignment, wordCount, informative, this.information(elements));
    return { entry, alignment, exact, close, informative };
  }

  /**
   * Whether no passage of any source can be exact or close (`isClose`) to the quote: it has words
   * no source has (exact is then impossible), and the words sources have are too few, or carry too
   * little of its information, even if all of them matched.
   */
  private nothingCanBeClose(elements: readonly AlignElement[], wordCount: number): boolean {
    let unknown = false;
    let known = 0;
    let information = 0;
    // Summed in the quote's order, as `align` sums a passage's matched words: a sum of some of them
    // can then never exceed this one.
    let knownInformation = 0;
    for (const element of elements) {
      if (element.kind !== 'word') continue;
      const weight = this.library.frequencies.weight(element.id);
      information += weight;
      if (element.id < 0) {
        unknown = true;
      } else {
        known++;
        knownInformation += weight;
      }
    }
    return unknown && (known < 2 || known < this.options.closeShare * wordCount || knownInformation < this.options.informativeShare * information);
  }

  /** The information of a quote's words: their summed weights (a word no source has weighs most). */
  private information(elements: readonly AlignElement[]): number {
    let total = 0;
    for (const element of elements) if (element.kind === 'word') total += this.library.frequencies.weight(element.id);
    return total;
  }

  /**
   * A passage is close when most quoted words match it in order (at least `closeShare` of them, and
   * two or more), the words it matches carry most of the quote's information (`informativeShare`:
   * shared function words alone make nothing close), and it is not stretched over many more source
   * words than the quote has.
   */
  private isClose(alignment: Alignment, wordCount: number, informative: number, information: number): boolean {
    const deleted = alignment.steps.filter((s) => s.op === 'delete').length;
    return (
      alignment.matched >= 2 &&
      alignment.matched >= this.options.closeShare * wordCount &&
      informative >= this.options.informativeShare * information &&
      deleted <= Math.max(2, wordCount)
    );
  }

  private isProtected(id: number): boolean {
    let value = this.protectedIds.get(id);
    if (value === undefined) {
      value = isNeverNoise(this.library.vocabulary.word(id));
      this.protectedIds.set(id, value);
    }
    return value;
  }

  /**
   * Groups the postings of the quote's bigrams into candidate passages: the best `maxCandidates`,
   * best first, then for each document of `docs` (in order) its best three not already among them.
   * Hits on one diagonal (source position minus quote position, give or take a few inserted or
   * dropped words) are one occurrence; with ellipses, occurrences of successive parts close together
   * are chained. Only the clusters returned are ranked against each other and made objects: a quote
   * of common words has thousands of one-hit diagonals, which a full sort would order for nothing.
   */
  private findClusters(elements: readonly AlignElement[], hidden: ReadonlySet<number>, docs: readonly number[] = []): Cluster[] {
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

/**
 * Where a quote of plain words (no brackets, no ellipses) occurs word for word in `ids`, as an
 * alignment of equal steps; undefined when it does not, or when the quote has editorial marks.
 */
function exactOccurrence(elements: readonly AlignElement[], ids: Uint32Array): Alignment | undefined {
  const words: number[] = [];
  for (const element of elements) {
    if (element.kind !== 'word' || element.id < 0) return undefined;
    words.push(element.id);
  }
  const first = words[0];
  if (first === undefined) return undefined;
  const last = ids.length - words.length;
  for (let at = 0; at <= last; at++) {
    if (ids[at] !== first) continue;
    let k = 1;
    while (k < words.length && ids[at + k] === words[k]) k++;
    if (k < words.length) continue;
    const steps = words.map((_, q) => ({ op: 'equal' as const, q, s: at + q, sEnd: at + q + 1 }));
    return { cost: 0, matched: words.length, steps, sourceStart: at, sourceEnd: at + words.length, cells: 0 };
  }
  return undefined;
}

/** The ids of a quote of plain words, all known to the vocabulary; undefined for any other quote. */
function plainWords(elements: readonly AlignElement[]): number[] | undefined {
  const words: number[] = [];
  for (const element of elements) {
    if (element.kind !== 'word' || element.id < 0) return element.kind === 'word' ? [] : undefined;
    words.push(element.id);
  }
  return words;
}

/** Whether `words` occur in a row within `ids[from, to)` (never, for no words). */
function occursWithin(words: readonly number[], ids: Uint32Array, from: number, to: number): boolean {
  const first = words[0];
  if (first === undefined) return false;
  const last = Math.min(to, ids.length) - words.length;
  for (let at = Math.max(0, from); at <= last; at++) {
    if (ids[at] !== first) continue;
    let k = 1;
    while (k < words.length && ids[at + k] === words[k]) k++;
    if (k === words.length) return true;
  }
  return false;
}

/**
 * Best first: fewest edits, then the most words matched, then a close passage before one that is
 * not, and between two close passages (the ones a verdict shows) the one whose matched words are the
 * more informative. The nearest passage of a
 * quote found nowhere is not ranked by weight: the weights are the local library's, and a quote
 * checked through an archive (which has no word counts) must get the same answer.
 */
function compareMatches(a: PassageMatch, b: PassageMatch): number {
  return (
    a.alignment.cost - b.alignment.cost ||
    b.alignment.matched - a.alignment.matched ||
    (a.close !== b.close ? (a.close ? -1 : 1) : a.close ? b.informative - a.informative : 0) ||
    (a.entry.source.path < b.entry.source.path ? -1 : a.entry.source.path > b.entry.source.path ? 1 : 0) ||
    a.alignment.sourceStart - b.alignment.sourceStart
  );
}

function dedupe(matches: PassageMatch[]): PassageMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.entry.docId}:${m.alignment.sourceStart}:${m.alignment.sourceEnd}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
