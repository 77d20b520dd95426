/**
 * Where candidate passages for a quote come from. The local index is the store every library has
 * (`QuoteMatcher` reads it directly, through its bigram postings); further stores, such as a shared
 * archive, implement this interface. A store only proposes passages: the matcher aligns every
 * candidate and applies the same verdict rules whichever store it came from.
 *
 * The interface is synchronous, like the matcher: a store that lives elsewhere (a database) is read
 * by its adapter before the check, and answers here from what was fetched.
 */
import type { QuotePattern } from './quotePattern';
import type { IndexedSource } from '../library/sourceLibrary';

/** A passage a store proposes for a quote: a source and a range of its words, `[from, to)`. */
export interface CandidatePassage {
  readonly entry: IndexedSource;
  readonly from: number;
  readonly to: number;
}

/** A store of passages besides the local index. */
export interface PassageStore {
  /** Increases whenever what the store answers about quotes may have changed (fetched, reconnected); caches compare it. */
  readonly version: number;
  /**
   * Increases whenever what the store answers for reuse may have changed: a stretch of prose newly
   * answered changes no quote's verdict, so it leaves `version` alone (a draft's quotes are not
   * checked again because a paragraph of prose was edited).
   */
  readonly reuseVersion: number;
  /** Candidate passages for a quote, best first, at most `limit`; empty when it has none or was not asked. */
  candidates(pattern: QuotePattern, limit: number): readonly CandidatePassage[];
  /** The source a key names, when the store holds it (the local library's own sources come first). */
  entry(key: string): IndexedSource | undefined;
  /**
   * Passages that may hold runs of a stretch of the draft's prose (unquoted reuse), best first, at
   * most `limit`; empty when it has none or was not asked. Never one of the local library's own sources.
   */
  reuseCandidates(question: ReuseQuestion, limit: number): readonly CandidatePassage[];
  /**
   * False when the store could not be asked about this quote or key (unreachable, timed out, an old
   * schema): then its silence proves nothing, and "not found" must not be said.
   */
  answered(question: QuotePattern | string): boolean;
}

/**
 * What a store is asked for unquoted reuse: a stretch of prose (a paragraph's words between its
 * quotations, citations and code) as folded words, and the run length the scan looks for.
 */
export interface ReuseQuestion {
  readonly norms: readonly string[];
  readonly minWords: number;
}

/** The key a reuse question's answer is kept under. */
export function reuseQuestionKey(question: ReuseQuestion): string {
  return `${question.minWords}|${question.norms.join(' ')}`;
}

/** A word window around a store's passage: `[from, to)` widened by `margin` words, within the source. */
export function widenPassage(entry: IndexedSource, from: number, to: number, margin: number): CandidatePassage {
  return { entry, from: Math.max(0, from - margin), to: Math.min(entry.words.ids.length, to + margin) };
}
