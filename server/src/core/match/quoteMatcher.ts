import { alignQuote, MAX_ALIGN_CELLS, type AlignElement, type Alignment } from './alignment';
import type { CandidatePassage, PassageStore } from './passageStore';
import type { QuotePattern } from './quotePattern';
import { wordEndAt, type IndexedSource, type SourceLibrary } from '../library/sourceLibrary';
import { annotatedWords, FILLER_WORDS, isSkippableAt, skippableWords } from './spokenWords';
import { elidedForms, isKanaNegationAt, isNeverNoise, mayBeKanaNegation } from '../text/tokenizer';
import { CandidateSearch } from './candidateSearch';
import { noteMarkWords } from '../text/noteMarks';
import { exactOccurrence, occursWithin, plainWords } from './wordScans';
import { forgiveHyphens, type HyphenatedSource } from './hyphenation';

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
  /**
   * Whether a quote of a transcript may leave out fillers, false starts and annotations without an
   * ellipsis (SPEC section 1, setting `transcripts.ignoreFillers`); articles are never affected.
   */
  readonly ignoreFillers: boolean;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  closeShare: 0.6,
  informativeShare: 0.6,
  unattributedShare: 0.8,
  maxPostings: 50_000,
  postingBudget: 4_000,
  maxCandidates: 8,
  maxScanWords: 60_000,
  ignoreFillers: true,
};

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
  /** Source words that may belong to a kana negation, by id (see `isKanaNegation`). */
  private readonly kanaIds = new Map<number, boolean>();
  /** Counts of work done so far; only ever incremented. */
  readonly work: MatcherWork = { postings: 0, cells: 0 };
  /** Where the index finds a quote's candidate passages. */
  private readonly search: CandidateSearch;
  /** Each transcript's skippable words, made when it is first aligned. */
  private readonly skippable = new WeakMap<IndexedSource, Uint8Array>();
  /** Each transcript's annotations as word ranges (see `annotatedWords`), for the word-for-word scan. */
  private readonly annotations = new WeakMap<IndexedSource, Uint32Array>();
  /** Each article's note marks (`NO_MARKS` when it has none), made when it is first read. */
  private readonly marks = new WeakMap<IndexedSource, Uint8Array>();
  /** The filler words' ids and the vocabulary size they were found at (see `fillerIds`). */
  private fillers: { readonly size: number; readonly ids: ReadonlySet<number> } | undefined;

  constructor(
    private readonly library: SourceLibrary,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
    /** Stores asked for candidates besides the library's own index (an archive). */
    private readonly stores: readonly PassageStore[] = [],
  ) {
    this.search = new CandidateSearch(library, options, this.work);
  }

  /** Whether quotes of transcripts may leave out fillers (`MatcherOptions.ignoreFillers`). */
  get ignoresFillers(): boolean {
    return this.options.ignoreFillers;
  }

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
    for (const cluster of this.search.clusters(elements, hidden)) {
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
      if (plain !== undefined && !occursWithin(plain, candidate.entry.words.ids, candidate.from, candidate.to, this.marksOf(candidate.entry))) {
        rest.push({ candidate });
        continue;
      }
      const match = this.align(elements, wordCount, candidate.entry, candidate.from, candidate.to, false);
      if (match?.exact) exact.push(match);
      else if (match) rest.push({ candidate, match });
    }
    if (exact.length > 0) return { kind: 'wrong-source', match: exact.sort(compareMatches)[0]! };
    if (bestCited?.close) return { kind: 'misquote', match: bestCited };
    const elsewhere: PassageMatch[] = [];
    for (const { candidate, match: made } of rest) {
      const match = made ?? this.align(elements, wordCount, candidate.entry, candidate.from, candidate.to, false);
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
      // Most quotes are word for word: find those with a plain scan before any alignment (in a
      // transcript, one that may step over fillers: as word for word as the aligner would find it).
      const exact = exactOccurrence(elements, entry.words.ids) ?? this.spokenOccurrence(elements, entry);
      if (exact) {
        matches.push({ entry, alignment: exact, exact: true, close: true, informative: this.information(elements) });
      } else if (this.readsWhole(elements, words)) {
        const whole = this.align(elements, wordCount, entry, 0, words, true);
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
      const exact = exactOccurrence(elements, entry.words.ids) ?? this.spokenOccurrence(elements, entry);
      if (exact) {
        matches.push({ entry, alignment: exact, exact: true, close: true, informative: this.information(elements) });
        continue;
      }
      if (this.readsWhole(elements, words)) {
        const whole = this.align(elements, wordCount, entry, 0, words, true);
        if (whole) matches.push(whole);
        readWhole.add(docId);
      }
    }
    if (matches.some((m) => m.exact)) return matches.sort(compareMatches);
    // The best clusters, and the best three in each cited source not read whole.
    const cited = new Set(mustSee.map((entry) => entry.docId));
    const unread = [...cited].filter((docId) => !readWhole.has(docId));
    for (const cluster of this.search.clusters(elements, hidden, unread)) {
      if (readWhole.has(cluster.doc)) continue;
      const entry = this.library.getByDocId(cluster.doc);
      const match = entry && this.align(elements, wordCount, entry, cluster.from, cluster.to, cited.has(cluster.doc));
      if (match) matches.push(match);
    }
    // Other stores' passages are aligned exactly as the index's own.
    for (const candidate of proposed) {
      if (readWhole.has(candidate.entry.docId)) continue;
      const match = this.align(elements, wordCount, candidate.entry, candidate.from, candidate.to, cited.has(candidate.entry.docId));
      if (match) matches.push(match);
    }
    return dedupe(matches.sort(compareMatches));
  }

  /** Turns a quote pattern into vocabulary ids; words no source has get -1. */
  toAlignElements(pattern: QuotePattern): AlignElement[] {
    const vocabulary = this.library.vocabulary;
    return pattern.elements.map((element, k) => {
      if (element.kind === 'word') {
        const id = vocabulary.find(element.norm) ?? -1;
        const word = { kind: 'word' as const, id, norm: element.norm, hyphenAfter: element.hyphenAfter === true };
        // A quote (or a part after an ellipsis) may start after an elided word outside its marks:
        // `qu'« il faut »` quotes the source's `qu'il faut`.
        if (k > 0 && pattern.elements[k - 1]!.kind !== 'gap') return word;
        const also = elidedForms(element.norm).flatMap((form) => vocabulary.find(form) ?? []);
        return also.length > 0 ? { ...word, also } : word;
      }
      if (element.kind === 'bracket') {
        return { kind: 'bracket', ids: element.norms.map((norm) => vocabulary.find(norm) ?? -1) };
      }
      return { kind: 'gap' };
    });
  }

  /**
   * `elements` aligned with `entry`'s words `[from, to)`. In a `cited` source a difference in
   * hyphenation alone is no change (`forgiveHyphens`); elsewhere it is only a likeness, so a quote
   * hyphenated otherwise is still found (close) there, and the staged check, which scans other
   * sources for the quote's own words, judges it as the thorough path does.
   */
  private align(
    elements: readonly AlignElement[],
    wordCount: number,
    entry: IndexedSource,
    from: number,
    to: number,
    cited: boolean,
  ): PassageMatch | undefined {
    let alignment = alignQuote(elements, entry.words.ids, from, to, (id, at) => this.isProtected(id) || this.isKanaNegation(entry.words.ids, at), this.skippableOf(entry));
    if (alignment === undefined) return undefined;
    if (cited && alignment.cost > 0) alignment = forgiveHyphens(alignment, elements, this.hyphenatedSource(entry));
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

  /** How `forgiveHyphens` reads a source's words and what is between them. */
  private hyphenatedSource(entry: IndexedSource): HyphenatedSource {
    const words = this.library.vocabulary.words();
    const { ids, starts } = entry.words;
    const text = entry.source.text;
    return {
      word: (k) => words[ids[k]!] ?? '',
      between: (k) => (k + 1 < ids.length ? text.slice(wordEndAt(entry, k), starts[k + 1]!) : undefined),
      pdf: entry.source.format === 'pdf',
    };
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

  /**
   * `exactOccurrence` in a transcript whose fillers, false starts and annotations a quote may leave
   * out (when they may go): the words are told skippable one at a time, as the scan reaches them,
   * so a source's first quote pays for no table of all its words. Undefined for other sources.
   */
  private spokenOccurrence(elements: readonly AlignElement[], entry: IndexedSource): Alignment | undefined {
    if (!this.options.ignoreFillers || entry.source.cues === undefined) {
      // An article's note marks may be left out as a transcript's fillers are.
      const marks = this.marksOf(entry);
      return marks === undefined ? undefined : exactOccurrence(elements, entry.words.ids, (k) => marks[k] === 1);
    }
    const built = this.skippable.get(entry);
    if (built) return exactOccurrence(elements, entry.words.ids, (k) => built[k] === 1);
    let annotations = this.annotations.get(entry);
    if (annotations === undefined) {
      annotations = annotatedWords(entry.source.text, entry.words.starts);
      this.annotations.set(entry, annotations);
    }
    const fillers = this.fillerIds();
    const ranges = annotations;
    return exactOccurrence(elements, entry.words.ids, (k) => isSkippableAt(entry.words.ids, fillers, ranges, k));
  }

  /** The words of a transcript a quote may leave out (see `spokenWords`); undefined for other sources. */
  /**
   * The words of `entry` a quote may leave out at no cost: a transcript's fillers, false starts and
   * annotations (when they may go), an article's note marks (`noteMarks`); undefined when none.
   */
  private skippableOf(entry: IndexedSource): Uint8Array | undefined {
    if (!this.options.ignoreFillers || entry.source.cues === undefined) return this.marksOf(entry);
    let skippable = this.skippable.get(entry);
    if (skippable === undefined) {
      skippable = skippableWords(entry.source.text, entry.words.starts, entry.words.ids, this.fillerIds());
      this.skippable.set(entry, skippable);
    }
    return skippable;
  }

  /** An article's note marks (`noteMarkWords`), found once per source; undefined when it has none. */
  private marksOf(entry: IndexedSource): Uint8Array | undefined {
    let marks = this.marks.get(entry);
    if (marks === undefined) {
      marks = noteMarkWords(entry.source.text, entry.words.starts) ?? NO_MARKS;
      this.marks.set(entry, marks);
    }
    return marks === NO_MARKS ? undefined : marks;
  }

  /**
   * The vocabulary ids of the filler words, found again only when the vocabulary has grown: an
   * entry's words were all in the vocabulary when it was indexed, so the ids found now stay right.
   */
  private fillerIds(): ReadonlySet<number> {
    const size = this.library.vocabulary.size;
    if (this.fillers?.size !== size) {
      const ids = new Set<number>();
      for (const filler of FILLER_WORDS) {
        const id = this.library.vocabulary.find(filler);
        if (id !== undefined) ids.add(id);
      }
      this.fillers = { size, ids };
    }
    return this.fillers.ids;
  }

  /** Whether the source word at `at` of `ids` is part of a kana negation (`ない`): decided by its neighbours. */
  private isKanaNegation(ids: Uint32Array, at: number): boolean {
    const id = ids[at]!;
    let kana = this.kanaIds.get(id);
    if (kana === undefined) {
      kana = mayBeKanaNegation(this.library.vocabulary.word(id));
      this.kanaIds.set(id, kana);
    }
    return kana && isKanaNegationAt((k) => (k >= 0 && k < ids.length ? this.library.vocabulary.word(ids[k]!) : undefined), at);
  }

  private isProtected(id: number): boolean {
    let value = this.protectedIds.get(id);
    if (value === undefined) {
      value = isNeverNoise(this.library.vocabulary.word(id));
      this.protectedIds.set(id, value);
    }
    return value;
  }
}


/** What `QuoteMatcher.marks` keeps for a source without note marks. */
const NO_MARKS = new Uint8Array(0);

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
