import type { IndexedSource, SourceLibrary } from '../library/sourceLibrary';
import { foldPlainWord, forEachFoldedWord, forEachWordSpan, wordEnd } from '../text/tokenizer';
import type { CandidatePassage, PassageStore, ReuseQuestion } from './passageStore';
import { isStock } from './stockPhrases';

/**
 * Unquoted reuse (SPEC section 5, `unquoted-reuse`): runs of draft words, outside quotations, that
 * are word for word in a source. Found through the library's word-bigram index the way WCopyfind and
 * passim find them (seed on shared n-grams, extend word by word, bridge one or two changed words),
 * but seeded only on the rarest bigram of every few draft words (winnowing, as MOSS does): a run of
 * `minWords` words always holds one, and the postings visited grow with the paragraph, not the library.
 * Other stores (an archive) propose passages for each stretch of prose (`reuseQuestion`); every
 * bigram the stretch shares with a proposed passage seeds a run there, extended and judged alike.
 */

/** Tuning of the reuse scan; the defaults are the product's rules. */
export interface ReuseOptions {
  /** Draft words a run needs (matched words, bridged ones not counted); Han and Kana count one per character. */
  readonly minWords: number;
  /**
   * Information a run's matched words must carry, per word on average, as a share of the library's
   * mean word weight (`WordFrequencies.meanWeight`): the weights that decide "close" for quotes, so
   * that a run of function words and stock wording, which every source uses, is no reuse.
   */
  readonly minInformation: number;
  /** Seed bigrams with more postings than this are too common to seed anything (a run has rarer ones). */
  readonly maxPostings: number;
  /** Changed words a bridge spans at most, on either side. */
  readonly maxBridge: number;
  /** Words that must match again right after a bridge. */
  readonly resume: number;
  /** Sources that make a run a stock phrase when they hold it in different surroundings (see `choose`). */
  readonly stockSources: number;
}

export const DEFAULT_REUSE_OPTIONS: ReuseOptions = {
  minWords: 10,
  minInformation: 0.7,
  maxPostings: 4_000,
  maxBridge: 2,
  resume: 3,
  stockSources: 3,
};

/** Words of a bridged stretch that differ: draft word indexes `[from, to)` against source words `[sourceFrom, sourceTo)`. */
export interface ReuseChange {
  readonly from: number;
  readonly to: number;
  readonly sourceFrom: number;
  readonly sourceTo: number;
}

/** A run of draft words found in a source. Offsets are the draft's; source positions are word indexes. */
export interface ReuseRun {
  /** Draft offsets of the run's first word's start and last word's end. */
  readonly start: number;
  readonly end: number;
  /** Draft words in the run, and how many of them are the source's own (the rest are bridged changes). */
  readonly words: number;
  readonly matched: number;
  readonly entry: IndexedSource;
  /** The passage: source word indexes `[sourceFrom, sourceTo)`. */
  readonly sourceFrom: number;
  readonly sourceTo: number;
  /** Changed words bridged, draft offsets against source word indexes, in draft order. */
  readonly changes: ReadonlyArray<{ readonly start: number; readonly end: number; readonly sourceFrom: number; readonly sourceTo: number }>;
  /** Summed weights of the matched words (`WordFrequencies.weight`). */
  readonly information: number;
  /** Sources other than `entry` holding the same words (syndicated copies), counted up to a few. */
  readonly alsoIn: number;
}

/** A draft word for the scan: offsets and vocabulary id (-1: no source has it). */
interface ScanWord {
  readonly start: number;
  readonly end: number;
  readonly id: number;
}

/** Work done so far, in units that do not depend on the machine (for complexity tests). */
export interface ReuseWork {
  postings: number;
  comparisons: number;
}

interface Candidate {
  from: number;
  to: number;
  entry: IndexedSource;
  sourceFrom: number;
  sourceTo: number;
  changes: ReuseChange[];
  matched: number;
  information: number;
  preferred: boolean;
  alsoIn: number;
  /** Whether it is reuse on its own (enough matched words, informative); see `accept`. */
  accepted: boolean;
}

/** Passages each other store proposes per stretch of prose at most. */
const STORE_PASSAGES = 32;

const NOTHING_HIDDEN: ReadonlySet<number> = new Set();

/** Runs kept per cached paragraph at most. */
const CACHE_LIMIT = 4096;

/**
 * Finds unquoted reuse in a draft's prose. Reads the library; changes nothing. Results are cached
 * per paragraph (its text and prose ranges) until the library changes, so a draft's re-scan after
 * an edit reads only the paragraphs that changed.
 */
export class ReuseScanner {
  readonly work: ReuseWork = { postings: 0, comparisons: 0 };
  private cache = new Map<string, readonly ReuseRun[]>();
  private cacheVersion = '';
  private meanWeightValue = 0;
  private meanWeightVersion = -1;
  private readonly hiddenIds = new WeakMap<ReadonlySet<number>, number>();
  private lastHiddenId = 0;

  constructor(
    private readonly library: SourceLibrary,
    readonly options: ReuseOptions = DEFAULT_REUSE_OPTIONS,
    /** Stores asked for passages besides the library's own index (an archive). */
    private readonly stores: readonly PassageStore[] = [],
  ) {}

  /** Whether this scanner reads `library`. */
  serves(library: SourceLibrary): boolean {
    return this.library === library;
  }

  /**
   * The reuse runs of one paragraph `text[from, to)` whose prose is `ranges` (ascending, inside it:
   * what is left once quotations, code and citations are cut out). A run never crosses from one
   * range to the next. `preferred` are the doc ids of sources the paragraph cites: among sources
   * holding the same run, one of them is named. Sources in `hidden` (the draft may not see them) are
   * never named nor counted among those holding a run; they still make a phrase many sources share a
   * stock phrase.
   */
  scanParagraph(
    text: string,
    from: number,
    to: number,
    ranges: ReadonlyArray<readonly [number, number]>,
    preferred: ReadonlySet<number> = new Set(),
    hidden: ReadonlySet<number> = NOTHING_HIDDEN,
  ): readonly ReuseRun[] {
    // What the stores answer changes the runs too (a newly fetched passage).
    const version = this.stores.length === 0 ? String(this.library.version) : `${this.library.version}|${this.stores.map((store) => store.reuseVersion).join(',')}`;
    if (this.cacheVersion !== version) {
      this.cache.clear();
      this.cacheVersion = version;
    }
    const key = `${hidden.size === 0 ? 0 : this.hiddenId(hidden)}|${cacheKey(text, from, to, ranges, preferred, this.options.minWords)}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached.map((run) => shifted(run, from));
    const runs: ReuseRun[] = [];
    for (const [rangeFrom, rangeTo] of ranges) {
      for (const run of this.scanRange(text, rangeFrom, rangeTo, preferred, hidden)) runs.push(run);
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, runs.map((run) => shifted(run, -from)));
    return runs;
  }

  /** A number for a set of hidden sources, the same while the set is (sets are kept per draft scope). */
  private hiddenId(hidden: ReadonlySet<number>): number {
    let id = this.hiddenIds.get(hidden);
    if (id === undefined) this.hiddenIds.set(hidden, (id = ++this.lastHiddenId));
    return id;
  }

  /** The runs of one stretch of prose. */
  private scanRange(text: string, from: number, to: number, preferred: ReadonlySet<number>, hidden: ReadonlySet<number>): ReuseRun[] {
    const minWords = this.options.minWords;
    // Other stores first: reading their articles may add words to the vocabulary the draft is mapped to.
    const proposed = this.propose(text, from, to);
    const words = this.scanWords(text, from, to);
    if (words.length < minWords) return [];
    const candidates = this.candidates(words, preferred, proposed);
    return this.choose(candidates, hidden).map((c) => this.toRun(words, c));
  }

  /** The passages other stores propose for the stretch `text[from, to)`. */
  private propose(text: string, from: number, to: number): CandidatePassage[] {
    if (this.stores.length === 0) return [];
    const question = reuseQuestion(text, from, to, this.options.minWords);
    return question === undefined ? [] : this.stores.flatMap((store) => store.reuseCandidates(question, STORE_PASSAGES));
  }

  /** The words of `text[from, to)` with their vocabulary ids. */
  private scanWords(text: string, from: number, to: number): ScanWord[] {
    const vocabulary = this.library.vocabulary;
    const words: ScanWord[] = [];
    // The tokenizer's fast path (plain ASCII words read by hand): the same words as `forEachWord`.
    forEachWordSpan(
      text,
      from,
      to,
      (start, end) => words.push({ start, end, id: vocabulary.find(foldPlainWord(text, start, end)) ?? -1 }),
      (start, norm) => words.push({ start, end: Math.min(to, wordEnd(text, start)), id: vocabulary.find(norm) ?? -1 }),
    );
    return words;
  }

  /**
   * Every run seeded by the winnowed bigrams, and by every bigram shared with a passage other stores
   * `proposed`, extended in its source (at most one per source and place), `accepted` set.
   */
  private candidates(words: readonly ScanWord[], preferred: ReadonlySet<number>, proposed: readonly CandidatePassage[]): Candidate[] {
    const index = this.library.index;
    const n = words.length;
    const counts = new Float64Array(n - 1);
    for (let i = 0; i + 1 < n; i++) {
      const a = words[i]!.id;
      const b = words[i + 1]!.id;
      // A bigram no source has counts 0, the rarest of all: a window holding one is in no run, and
      // winnowing picks it, so the window costs nothing.
      counts[i] = a < 0 || b < 0 ? 0 : index.postingCount(a, b);
    }
    const piece = Math.ceil(this.options.minWords / 2);
    // Every `piece` words in a row hold a seed: the rarest bigram of each window of piece - 1 bigrams.
    const seeds = winnow(counts, Math.max(1, piece - 1));
    const draftIds = Int32Array.from(words, (word) => word.id);
    const candidates: Candidate[] = [];
    // Runs found so far by source: a posting inside one of them on its diagonal is that run again.
    const found = new Map<number, Candidate[]>();
    // How many candidates hold the draft's bigram at each position on their diagonal: each is one
    // posting of that bigram, so a seed whose postings are all such (the copies of a syndicated
    // article, met by an earlier seed of the same run) has nothing left to find.
    const held = new Uint32Array(n);
    // Draft positions of a run already looked up from inside its core (see `core`): every source
    // holding the run, or enough of it to make it a stock phrase, was met then; a source sharing
    // only an edge of it and running on outside is met through the seeds outside.
    const done = new Uint8Array(n);
    const accepted: Candidate[] = [];
    // Rarest first: the rare seed of a run finds it and its sources, and the common ones of the same
    // run are then skipped.
    seeds.sort((a, b) => counts[a]! - counts[b]! || a - b);
    // Draft word `i` and source word `pos` of `entry` start the same bigram.
    const visit = (i: number, entry: IndexedSource, pos: number): void => {
      // Most postings share a few words with the draft by chance: a run needs an unchanged piece of
      // `piece` words, checked here before anything is made of the posting.
      const source = entry.words.ids;
      let length = 2;
      while (length < piece && i + length < n && draftIds[i + length] === source[pos + length]) length++;
      for (let back = 1; length < piece && back <= i && back <= pos && draftIds[i - back] === source[pos - back]; back++) length++;
      if (length < piece) return;
      const docId = entry.docId;
      const known = found.get(docId);
      if (known?.some((c) => c.from <= i && i < c.to && onDiagonal(c, i, pos))) return;
      const candidate = this.extend(words, i, entry, pos, preferred.has(docId));
      // Kept even when rejected: the seeds further along the same stretch need not extend it
      // again, and a source holding a stock phrase counts whatever the words around it weigh.
      if (known) known.push(candidate);
      else found.set(docId, [candidate]);
      holdBigrams(held, candidate);
      candidate.accepted = this.accept(words, candidate);
      if (candidate.accepted) accepted.push(candidate);
      candidates.push(candidate);
    };
    for (const i of seeds) {
      const count = counts[i]!;
      if (count === 0 || count > this.options.maxPostings || held[i]! >= count || (done[i] === 1 && done[i + 1] === 1)) continue;
      this.work.postings += count;
      index.forEachPosting(words[i]!.id, words[i + 1]!.id, (docId, pos) => {
        const entry = this.library.getByDocId(docId);
        if (entry !== undefined) visit(i, entry, pos);
      });
      for (const c of accepted) {
        const [from, to] = core(c, piece);
        if (from <= i && i + 1 < to) done.fill(1, c.from, c.to);
      }
    }
    if (proposed.length > 0) {
      // A proposed passage is small (a paragraph of an article): every bigram it shares with the
      // stretch seeds, as the store's bigrams are not in the index's counts.
      const at = new Map<string, number[]>();
      for (let i = 0; i + 1 < n; i++) {
        if (draftIds[i]! < 0 || draftIds[i + 1]! < 0) continue;
        const key = `${draftIds[i]},${draftIds[i + 1]}`;
        const list = at.get(key);
        if (list) list.push(i);
        else at.set(key, [i]);
      }
      for (const passage of proposed) {
        const ids = passage.entry.words.ids;
        for (let pos = passage.from; pos + 1 < passage.to; pos++) {
          const list = at.get(`${ids[pos]},${ids[pos + 1]}`);
          if (list === undefined) continue;
          this.work.postings += list.length;
          for (const i of list) visit(i, passage.entry, pos);
        }
      }
    }
    return candidates;
  }

  /**
   * The run through draft word `i` and source word `pos` (where the seed bigram matched): extended
   * both ways word by word, across changes of up to `maxBridge` words after which `resume` words
   * match again.
   */
  private extend(words: readonly ScanWord[], i: number, entry: IndexedSource, pos: number, preferred: boolean): Candidate {
    const ids = entry.words.ids;
    const { maxBridge, resume } = this.options;
    const n = words.length;
    const changes: ReuseChange[] = [];
    // Changed words bridged so far, on the side with more of them.
    let bridged = 0;
    // Forward from the seed.
    let q = i + 2;
    let s = pos + 2;
    let comparisons = 0;
    for (;;) {
      while (q < n && s < ids.length && words[q]!.id === ids[s]) {
        q++;
        s++;
        comparisons++;
      }
      // Only a stretch already longer than a chance hit is bridged (most postings match two or three words).
      if (q >= n || s >= ids.length || q - i <= resume) break;
      const bridge = findBridge(words, ids, q, s, 1, maxBridge, resume);
      comparisons += 4 * resume;
      if (bridge === undefined || bridged + Math.max(bridge[0], bridge[1]) > maxBridge) break;
      bridged += Math.max(bridge[0], bridge[1]);
      changes.push({ from: q, to: q + bridge[0], sourceFrom: s, sourceTo: s + bridge[1] });
      q += bridge[0];
      s += bridge[1];
    }
    const to = q;
    const sourceTo = s;
    // Backward from the seed.
    q = i - 1;
    s = pos - 1;
    for (;;) {
      while (q >= 0 && s >= 0 && words[q]!.id === ids[s]) {
        q--;
        s--;
        comparisons++;
      }
      if (q < 0 || s < 0 || to - q - 1 <= resume) break;
      const bridge = findBridge(words, ids, q, s, -1, maxBridge, resume);
      comparisons += 4 * resume;
      if (bridge === undefined || bridged + Math.max(bridge[0], bridge[1]) > maxBridge) break;
      bridged += Math.max(bridge[0], bridge[1]);
      changes.unshift({ from: q - bridge[0] + 1, to: q + 1, sourceFrom: s - bridge[1] + 1, sourceTo: s + 1 });
      q -= bridge[0];
      s -= bridge[1];
    }
    this.work.comparisons += comparisons;
    const candidate: Candidate = { from: q + 1, to, entry, sourceFrom: s + 1, sourceTo, changes, matched: 0, information: 0, preferred, alsoIn: 0, accepted: false };
    candidate.matched = candidate.to - candidate.from - changed(changes);
    return candidate;
  }

  /**
   * Whether a candidate is reuse: enough matched words (a bridged run matching too few of its words
   * is cut to its longest unchanged piece), and informative enough. Settles its `information`.
   */
  private accept(words: readonly ScanWord[], candidate: Candidate): boolean {
    const { minWords, minInformation } = this.options;
    if (candidate.matched < minWords || longestPiece(candidate) < Math.ceil(minWords / 2)) return false;
    candidate.information = this.information(words, candidate);
    return candidate.information >= minInformation * this.meanWeight() * candidate.matched;
  }

  /** The library's mean word weight (`WordFrequencies.meanWeight`), computed once per library version. */
  private meanWeight(): number {
    if (this.meanWeightVersion !== this.library.version) {
      this.meanWeightValue = this.library.frequencies.meanWeight();
      this.meanWeightVersion = this.library.version;
    }
    return this.meanWeightValue;
  }

  /** Summed weights of a candidate's matched words. */
  private information(words: readonly ScanWord[], candidate: Candidate): number {
    const frequencies = this.library.frequencies;
    let total = 0;
    let change = 0;
    for (let q = candidate.from; q < candidate.to; q++) {
      const c = candidate.changes[change];
      if (c !== undefined && q >= c.from) {
        if (q + 1 >= c.to) change++;
        if (q < c.to) continue;
      }
      total += frequencies.weight(words[q]!.id);
    }
    return total;
  }

  /**
   * One run per stretch of the draft: the candidate with the most matched words (a cited source's
   * first, then the fewest changes, then path order) wins, and those overlapping it go. A run that
   * many sources hold in different surroundings is a stock phrase, not reuse: at least
   * `stockSources` sources hold it (give or take a few words) with a different word before it and a
   * different word after it in each; copies of one article (syndication) share their surroundings.
   * A source in `hidden` is never chosen nor counted in `alsoIn`, but counts for a stock phrase.
   */
  private choose(candidates: Candidate[], hidden: ReadonlySet<number>): Candidate[] {
    const better = (a: Candidate, b: Candidate): number =>
      b.matched - a.matched ||
      (a.preferred !== b.preferred ? (a.preferred ? -1 : 1) : 0) ||
      a.changes.length - b.changes.length ||
      (a.entry.source.path < b.entry.source.path ? -1 : a.entry.source.path > b.entry.source.path ? 1 : 0) ||
      a.sourceFrom - b.sourceFrom;
    const sorted = candidates.filter((c) => c.accepted && !hidden.has(c.entry.docId)).sort(better);
    const chosen: Candidate[] = [];
    const slack = Math.ceil(this.options.minWords / 2);
    for (const candidate of sorted) {
      if (chosen.some((c) => c.from < candidate.to && candidate.from < c.to)) continue;
      const holders = candidates.filter(
        (h) => h.entry !== candidate.entry && Math.min(h.to, candidate.to) - Math.max(h.from, candidate.from) > candidate.to - candidate.from - slack,
      );
      if (holders.length + 1 >= this.options.stockSources && isStock([candidate, ...holders], this.options.stockSources)) continue;
      candidate.alsoIn = new Set(holders.filter((h) => !hidden.has(h.entry.docId)).map((h) => h.entry.docId)).size;
      chosen.push(candidate);
    }
    return chosen.sort((a, b) => a.from - b.from);
  }

  private toRun(words: readonly ScanWord[], c: Candidate): ReuseRun {
    return {
      start: words[c.from]!.start,
      end: words[c.to - 1]!.end,
      words: c.to - c.from,
      matched: c.matched,
      entry: c.entry,
      sourceFrom: c.sourceFrom,
      sourceTo: c.sourceTo,
      changes: c.changes.map((change) => ({
        start: change.from < change.to ? words[change.from]!.start : words[change.from]?.start ?? words[change.from - 1]!.end,
        end: change.from < change.to ? words[change.to - 1]!.end : words[change.from]?.start ?? words[change.from - 1]!.end,
        sourceFrom: change.sourceFrom,
        sourceTo: change.sourceTo,
      })),
      information: c.information,
      alsoIn: c.alsoIn,
    };
  }
}

/**
 * The question other stores are asked for the stretch of prose `text[from, to)` (its folded words),
 * undefined when it is too short to hold a run of `minWords`.
 */
export function reuseQuestion(text: string, from: number, to: number, minWords: number): ReuseQuestion | undefined {
  const norms: string[] = [];
  forEachFoldedWord(text, from, to, (_, norm) => norms.push(norm));
  return norms.length < minWords ? undefined : { norms, minWords };
}

/**
 * The positions chosen by winnowing (Schleimer, Wilkerson and Aiken, 2003): in every window of
 * `window` consecutive values, the smallest (the rightmost among equals). Any stretch of `window`
 * values holds a chosen position.
 */
export function winnow(values: ArrayLike<number>, window: number): number[] {
  const chosen: number[] = [];
  const n = values.length;
  if (n === 0) return chosen;
  const w = Math.min(window, n);
  // A monotone deque of positions whose values increase: its head is the window's smallest.
  const deque = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let k = 0; k < n; k++) {
    while (tail > head && values[deque[tail - 1]!]! >= values[k]!) tail--;
    deque[tail++] = k;
    if (deque[head]! <= k - w) head++;
    if (k >= w - 1) {
      const min = deque[head]!;
      if (chosen[chosen.length - 1] !== min) chosen.push(min);
    }
  }
  return chosen;
}

/**
 * The core of a run: its words but the `slack` first and last. A source holding all of the run but
 * fewer than `slack` words (what `choose` counts as holding it) holds its core, so one seed looked
 * up inside the core meets every such source.
 */
function core(c: Candidate, slack: number): [number, number] {
  return [c.from + slack, c.to - slack];
}

/** Counts the candidate in `held` at each draft position where it holds the bigram unchanged. */
function holdBigrams(held: Uint32Array, c: Candidate): void {
  let change = 0;
  for (let q = c.from; q + 1 < c.to; q++) {
    while (change < c.changes.length && c.changes[change]!.to <= q) change++;
    const next = c.changes[change];
    // Both words of the bigram outside any change (a change at q + 1 breaks it too).
    if (next !== undefined && next.from <= q + 1) continue;
    held[q]!++;
  }
}

/** Whether draft word `i` at source word `pos` lies on the candidate's alignment (its diagonal, given its changes). */
function onDiagonal(c: Candidate, i: number, pos: number): boolean {
  let shift = c.sourceFrom - c.from;
  for (const change of c.changes) {
    if (i < change.from) break;
    shift += change.sourceTo - change.sourceFrom - (change.to - change.from);
  }
  return pos - i === shift;
}

/**
 * A bridge over changed words at draft word `q` and source word `s` (both differing), going
 * `direction` (1 forward, -1 backward): how many draft and source words it skips, the fewest first,
 * such that `resume` words match right after; undefined when none does.
 */
function findBridge(
  words: readonly ScanWord[],
  ids: Uint32Array,
  q: number,
  s: number,
  direction: 1 | -1,
  maxBridge: number,
  resume: number,
): [number, number] | undefined {
  for (let total = 1; total <= 2 * maxBridge; total++) {
    for (let a = Math.min(total, maxBridge); a >= 0 && total - a <= maxBridge; a--) {
      const b = total - a;
      let k = 0;
      for (; k < resume; k++) {
        const dq = q + direction * (a + k);
        const ds = s + direction * (b + k);
        if (dq < 0 || dq >= words.length || ds < 0 || ds >= ids.length || words[dq]!.id !== ids[ds]) break;
      }
      if (k === resume) return [a, b];
    }
  }
  return undefined;
}

/** Draft words the changes replace or insert. */
function changed(changes: readonly ReuseChange[]): number {
  let n = 0;
  for (const c of changes) n += c.to - c.from;
  return n;
}

/** Words of the longest stretch of a candidate without changes. */
function longestPiece(c: Candidate): number {
  let longest = 0;
  let from = c.from;
  for (const change of c.changes) {
    longest = Math.max(longest, change.from - from);
    from = change.to;
  }
  return Math.max(longest, c.to - from);
}

function cacheKey(
  text: string,
  from: number,
  to: number,
  ranges: ReadonlyArray<readonly [number, number]>,
  preferred: ReadonlySet<number>,
  minWords: number,
): string {
  let key = `${minWords}|${[...preferred].join(',')}|`;
  for (const [a, b] of ranges) key += `${a - from},${b - from};`;
  return `${key}|${text.slice(from, to)}`;
}

function shifted(run: ReuseRun, by: number): ReuseRun {
  if (by === 0) return run;
  return {
    ...run,
    start: run.start + by,
    end: run.end + by,
    changes: run.changes.map((c) => ({ ...c, start: c.start + by, end: c.end + by })),
  };
}
