import { alignQuote, type AlignElement, type Alignment } from './alignment';
import type { QuotePattern } from './quotePattern';
import type { IndexedSource, SourceLibrary } from './sourceLibrary';
import { isNeverNoise } from './tokenizer';

/** A source passage aligned with a quote. */
export interface PassageMatch {
  readonly entry: IndexedSource;
  readonly alignment: Alignment;
  /** Same words, honouring ellipses and brackets. */
  readonly exact: boolean;
  /** Close enough to be the passage the writer meant (see `isClose`). */
  readonly close: boolean;
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
  /** Share for an uncited quote to be reported as found in a source. */
  readonly unattributedShare: number;
  /** Bigrams with more postings than this are skipped as too common to locate anything. */
  readonly maxPostings: number;
  /** Passages aligned per quote at most (besides the cited sources' best). */
  readonly maxCandidates: number;
  /** Cited sources up to this many words are aligned whole when the index finds nothing in them. */
  readonly maxScanWords: number;
}

export const DEFAULT_MATCHER_OPTIONS: MatcherOptions = {
  closeShare: 0.6,
  unattributedShare: 0.8,
  maxPostings: 50_000,
  maxCandidates: 8,
  maxScanWords: 60_000,
};

// How far apart hits of one quote may lie and still belong to one passage (ellipses omit text).
const CLUSTER_SLACK = 300;
const WINDOW_MARGIN = 8;

interface Hit {
  readonly doc: number;
  readonly pos: number;
  /** Position of the hit's first word in the quote, counted in source words. */
  readonly q: number;
}

interface Cluster {
  readonly doc: number;
  readonly from: number;
  readonly to: number;
  readonly score: number;
}

/** Finds where quotes come from and judges them. Reads the library; changes nothing. */
export class QuoteMatcher {
  private readonly protectedIds = new Map<number, boolean>();

  constructor(
    private readonly library: SourceLibrary,
    private readonly options: MatcherOptions = DEFAULT_MATCHER_OPTIONS,
  ) {}

  /** Whether this matcher reads `library`. */
  serves(library: SourceLibrary): boolean {
    return this.library === library;
  }

  /**
   * Judges a quote. `cited` are the sources its citation names that exist; undefined when the quote
   * has no citation at all.
   */
  check(pattern: QuotePattern, cited: readonly IndexedSource[] | undefined): QuoteVerdict {
    const elements = this.toAlignElements(pattern);
    const citedIds = new Set((cited ?? []).map((entry) => entry.docId));
    const matches = this.locate(elements, pattern.wordCount, citedIds);
    const inCited = matches.filter((m) => citedIds.has(m.entry.docId));
    const elsewhere = matches.filter((m) => !citedIds.has(m.entry.docId));
    if (cited === undefined) {
      const best = elsewhere[0];
      if (best && (best.exact || best.alignment.matched >= this.options.unattributedShare * pattern.wordCount)) {
        return { kind: 'unattributed', match: best };
      }
      return { kind: 'uncited', nearest: best };
    }
    const bestCited = inCited[0];
    if (bestCited?.exact) return { kind: 'verbatim', match: bestCited };
    const bestElsewhere = elsewhere[0];
    if (bestElsewhere?.exact) {
      // Word for word in another source beats a loose likeness in the cited one.
      if (!bestCited?.close || bestCited.alignment.matched < pattern.wordCount * 0.9) {
        return { kind: 'wrong-source', match: bestElsewhere };
      }
    }
    if (bestCited?.close) return { kind: 'misquote', match: bestCited };
    if (bestElsewhere?.close) return { kind: 'wrong-source', match: bestElsewhere };
    return { kind: 'not-found', nearest: bestCited ?? bestElsewhere };
  }

  /**
   * The best passages for a quote, best first: the library's best candidates plus the best passage of
   * each source in `mustSee` (aligned whole when the index finds nothing there).
   */
  locate(elements: readonly AlignElement[], wordCount: number, mustSee: ReadonlySet<number>): PassageMatch[] {
    const clusters = this.findClusters(elements);
    const chosen = clusters.slice(0, this.options.maxCandidates);
    for (const docId of mustSee) {
      const own = clusters.filter((c) => c.doc === docId).slice(0, 3);
      for (const cluster of own) if (!chosen.includes(cluster)) chosen.push(cluster);
    }
    const matches: PassageMatch[] = [];
    for (const cluster of chosen) {
      const match = this.align(elements, wordCount, cluster.doc, cluster.from, cluster.to);
      if (match) matches.push(match);
    }
    for (const docId of mustSee) {
      const best = matches.filter((m) => m.entry.docId === docId).sort(compareMatches)[0];
      if (best?.exact) continue;
      // The index misses passages whose every bigram was changed: read the cited source whole.
      const entry = this.library.getByDocId(docId);
      if (entry && entry.words.ids.length <= this.options.maxScanWords) {
        const whole = this.align(elements, wordCount, docId, 0, entry.words.ids.length);
        if (whole) matches.push(whole);
      }
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
    docId: number,
    from: number,
    to: number,
  ): PassageMatch | undefined {
    const entry = this.library.getByDocId(docId);
    if (entry === undefined) return undefined;
    const alignment = alignQuote(elements, entry.words.ids, from, to, (id) => this.isProtected(id));
    if (alignment === undefined) return undefined;
    const exact = alignment.cost === 0 && (alignment.matched > 0 || wordCount === 0);
    return { entry, alignment, exact, close: exact || this.isClose(alignment, wordCount) };
  }

  /**
   * A passage is close when most quoted words match it in order (at least `closeShare` of them, and
   * two or more) and it is not stretched over many more source words than the quote has.
   */
  private isClose(alignment: Alignment, wordCount: number): boolean {
    const deleted = alignment.steps.filter((s) => s.op === 'delete').length;
    return (
      alignment.matched >= 2 &&
      alignment.matched >= this.options.closeShare * wordCount &&
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

  /** Groups the postings of the quote's bigrams into candidate passages, best first. */
  private findClusters(elements: readonly AlignElement[]): Cluster[] {
    const hits: Hit[] = [];
    let q = 0;
    let total = 0;
    for (let i = 0; i < elements.length; i++) {
      const element = elements[i]!;
      const next = elements[i + 1];
      if (element.kind === 'word' && next?.kind === 'word' && element.id >= 0 && next.id >= 0) {
        const count = this.library.index.postingCount(element.id, next.id);
        if (count > 0 && count <= this.options.maxPostings) {
          const at = q;
          this.library.index.forEachPosting(element.id, next.id, (doc, pos) => hits.push({ doc, pos, q: at }));
        }
      }
      q += element.kind === 'word' ? 1 : element.kind === 'bracket' ? Math.max(1, element.ids.length) : 0;
      total = q;
    }
    hits.sort((a, b) => a.doc - b.doc || a.pos - b.pos);
    const clusters: Cluster[] = [];
    let i = 0;
    while (i < hits.length) {
      const first = hits[i]!;
      let from = first.pos - first.q;
      let to = first.pos + (total - first.q);
      const seen = new Set<number>([first.q]);
      let last = first;
      let j = i + 1;
      while (j < hits.length) {
        const hit = hits[j]!;
        if (hit.doc !== first.doc || hit.pos - last.pos > Math.max(0, hit.q - last.q) + CLUSTER_SLACK) break;
        seen.add(hit.q);
        from = Math.min(from, hit.pos - hit.q);
        to = Math.max(to, hit.pos + (total - hit.q));
        last = hit;
        j++;
      }
      const length = this.library.getByDocId(first.doc)?.words.ids.length ?? 0;
      clusters.push({
        doc: first.doc,
        from: Math.max(0, from - WINDOW_MARGIN),
        to: Math.min(length, to + WINDOW_MARGIN),
        score: seen.size,
      });
      i = j;
    }
    return clusters.sort((a, b) => b.score - a.score || a.doc - b.doc || a.from - b.from);
  }
}

function compareMatches(a: PassageMatch, b: PassageMatch): number {
  return (
    a.alignment.cost - b.alignment.cost ||
    b.alignment.matched - a.alignment.matched ||
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
