/**
 * Word bigrams as 32-bit hashes: how an archive indexes paragraphs and how a quote asks for them.
 * Hashes of folded words (not vocabulary ids) are the same in every process, so an archive loaded by
 * one machine answers another. Two bigrams sharing a hash only add a candidate, which alignment
 * then rejects.
 */
import type { QuotePattern } from '../core/match/quotePattern';
import type { ReuseQuestion } from '../core/match/passageStore';
import { DEFAULT_REUSE_OPTIONS, winnow } from '../core/match/reuseScan';

/** A bigram's hash as a signed 32-bit integer (PostgreSQL's int4): FNV-1a over both words. */
export function bigramHash(a: string, b: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ 0x1f, 0x01000193); // a separator no word contains
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** A quote's bigram, with the part (between ellipses) it belongs to. */
export interface QuoteBigram {
  readonly hash: number;
  readonly part: number;
}

/** The bigrams of adjacent quoted words, as the local index reads them (brackets break a pair). */
export function quoteBigrams(pattern: QuotePattern): QuoteBigram[] {
  const bigrams: QuoteBigram[] = [];
  const seen = new Set<number>();
  let part = 0;
  const elements = pattern.elements;
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    const next = elements[i + 1];
    if (element.kind === 'gap') part++;
    if (element.kind !== 'word' || next?.kind !== 'word') continue;
    const hash = bigramHash(element.norm, next.norm);
    if (seen.has(hash)) continue;
    seen.add(hash);
    bigrams.push({ hash, part });
  }
  return bigrams;
}

/** The bigrams of a stretch of prose (a reuse question), in order, one per pair of adjacent words. */
export function proseBigrams(question: ReuseQuestion): number[] {
  const hashes: number[] = [];
  for (let i = 0; i + 1 < question.norms.length; i++) hashes.push(bigramHash(question.norms[i]!, question.norms[i + 1]!));
  return hashes;
}

/** Paragraphs the seeds of one stretch of prose read at most (the rarest seed is read whatever it costs). */
export const REUSE_PARAGRAPH_BUDGET = 16_000;

/**
 * The bigrams a stretch of prose is looked up by, as the local reuse scan seeds (`ReuseScanner`):
 * the rarest of every window of `ceil(minWords / 2) - 1` bigrams by the archive's paragraph counts
 * (winnowing), leaving out those no paragraph holds or too common to seed anything, rarest first
 * while their paragraphs fit the budget. A run of `minWords` words unchanged holds two of them (one
 * whose pieces around changed words are shorter holds one in each piece of `ceil(minWords / 2)`).
 */
export function reuseSeeds(hashes: readonly number[], counts: ReadonlyMap<number, number>, minWords: number): Array<{ hash: number; n: number }> {
  const values = hashes.map((hash) => counts.get(hash) ?? 0);
  const window = Math.max(1, Math.ceil(minWords / 2) - 1);
  const seen = new Set<number>();
  const seeds = winnow(values, window)
    .map((k) => ({ hash: hashes[k]!, n: values[k]! }))
    .filter((seed) => seed.n > 0 && seed.n <= DEFAULT_REUSE_OPTIONS.maxPostings && !seen.has(seed.hash) && seen.add(seed.hash))
    .sort((a, b) => a.n - b.n || a.hash - b.hash);
  let reading = 0;
  return seeds.filter((seed, k) => {
    if (k > 0 && reading + seed.n > REUSE_PARAGRAPH_BUDGET) return false;
    reading += seed.n;
    return true;
  });
}

/** A paragraph of an article: `[start, end)` in its text and its distinct bigram hashes, sorted. */
export interface ArticleParagraph {
  readonly start: number;
  readonly end: number;
  readonly words: number;
  readonly bigrams: Int32Array;
}

/** Paragraphs longer than this are cut into pieces of this many words (texts without blank lines). */
export const MAX_PARAGRAPH_WORDS = 250;

/**
 * Splits an article's quotable text into paragraphs (blank lines) with their bigrams, from its words:
 * `starts[k]` is where word k begins in `text`, `norm(k)` its folded form. Every bigram of the text
 * belongs to exactly one paragraph, the one holding its first word, so a quote that runs across a
 * paragraph break is still found by its words on either side.
 */
export function articleParagraphs(text: string, starts: ArrayLike<number>, norm: (k: number) => string): ArticleParagraph[] {
  const paragraphs: ArticleParagraph[] = [];
  const count = starts.length;
  // A paragraph's bigram hashes as they come (at most MAX_PARAGRAPH_WORDS), then sorted and made
  // distinct in place: a Set per paragraph cost a third of an archive load's reading.
  const hashes = new Int32Array(MAX_PARAGRAPH_WORDS);
  let held = 0;
  let first = 0;
  let previous = count > 0 ? norm(0) : '';
  for (let k = 0; k < count; k++) {
    const last = k + 1 === count;
    const next = last ? '' : norm(k + 1);
    if (!last) hashes[held++] = bigramHash(previous, next);
    previous = next;
    if (!last && k + 1 - first < MAX_PARAGRAPH_WORDS && !blankLineBetween(text, starts[k]!, starts[k + 1]!)) continue;
    const end = last ? text.length : starts[k + 1]!;
    paragraphs.push({ start: starts[first]!, end, words: k + 1 - first, bigrams: distinctSorted(hashes.subarray(0, held)) });
    held = 0;
    first = k + 1;
  }
  return paragraphs;
}

/** The distinct values of `values`, sorted, in a new array (`values` is sorted in place). */
function distinctSorted(values: Int32Array): Int32Array {
  values.sort();
  let kept = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[kept - 1]) values[kept++] = values[i]!;
  return values.slice(0, kept);
}

/** Whether `text[from, to)` holds an empty line (two line breaks with only blanks between). */
function blankLineBetween(text: string, from: number, to: number): boolean {
  // Only the characters between the two words are read (`indexOf` ran on to the next line break,
  // past the end of a long paragraph, once per word).
  for (let at = from; at < to; at++) {
    if (text.charCodeAt(at) !== 10) continue;
    let i = at + 1;
    while (i < to && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r')) i++;
    if (i < to && text[i] === '\n') return true;
  }
  return false;
}
