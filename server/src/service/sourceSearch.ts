import Fuse from 'fuse.js';
import type { SourceDirectory } from '../core/sourceCatalog';
import { tokenize } from '../core/tokenizer';
import { citablesOf, type Citable } from './citables';

/**
 * Finding sources and bibliography entries (citables) by what a writer types after `@`: words of
 * their key, title, author or outlet.
 * fuse.js ranks (SPEC section 6), but only a small candidate set: over the thousands of sources a
 * large library has for one author, fuse alone costs a hundred milliseconds per keystroke. A word
 * index of the metadata picks the candidates: sources with a word the typed word starts, or (for a
 * typo or a word's middle) a word sharing most of its letter trigrams.
 */

/** Metadata fields in fuse's order, with fuse's weights. */
const FIELDS = [
  { name: 'key', weight: 3 },
  { name: 'title', weight: 2 },
  { name: 'author', weight: 1.5 },
  { name: 'outlet', weight: 1 },
] as const;

const FUSE_OPTIONS = { keys: FIELDS.map((f) => ({ ...f })), ignoreLocation: true, threshold: 0.4 };

/** Candidates handed to fuse at most. */
export const MAX_FUSE_CANDIDATES = 150;

/** Share of a typed word's trigrams a metadata word must hold to be a fuzzy match. */
const FUZZY_SHARE = 0.6;

interface MetadataIndex {
  readonly version: number;
  readonly sources: readonly Citable[];
  /** Each distinct metadata word → entries `source index * 4 + field`, in source order. */
  readonly byWord: Map<string, number[]>;
  /** The distinct words with their trigrams (for fuzzy matches), in first-seen order. */
  readonly words: ReadonlyArray<{ readonly word: string; readonly trigrams: ReadonlySet<string> }>;
  /** Scratch score arrays, one slot per source, zero between searches. */
  readonly total: Float64Array;
  readonly wordBest: Float64Array;
}

const indexes = new WeakMap<SourceDirectory, MetadataIndex>();

function metadataIndex(library: SourceDirectory): MetadataIndex {
  const cached = indexes.get(library);
  if (cached?.version === library.version) return cached;
  const sources = citablesOf(library);
  const byWord = new Map<string, number[]>();
  const words: Array<{ word: string; trigrams: Set<string> }> = [];
  sources.forEach((entry, i) => {
    [entry.key, entry.title, entry.author, entry.outlet].forEach((text, field) => {
      for (const { norm } of tokenize(text)) {
        let list = byWord.get(norm);
        if (list === undefined) {
          byWord.set(norm, (list = []));
          words.push({ word: norm, trigrams: new Set(trigrams(norm)) });
        }
        const entryCode = i * 4 + field;
        if (list[list.length - 1] !== entryCode) list.push(entryCode);
      }
    });
  });
  const index = { version: library.version, sources, byWord, words, total: new Float64Array(sources.length), wordBest: new Float64Array(sources.length) };
  indexes.set(library, index);
  return index;
}

function trigrams(word: string): string[] {
  const grams: string[] = [];
  for (let i = 0; i + 3 <= word.length; i++) grams.push(word.slice(i, i + 3));
  return grams;
}

/** How well a metadata word answers a typed one: 1 the same word, 0.9 a prefix, less when fuzzy, 0 not. */
function wordQuality(typed: string, typedTrigrams: readonly string[], word: string, wordTrigrams: ReadonlySet<string>): number {
  if (word === typed) return 1;
  if (word.startsWith(typed)) return 0.9;
  if (typedTrigrams.length === 0) return 0;
  let shared = 0;
  for (const gram of typedTrigrams) if (wordTrigrams.has(gram)) shared++;
  const share = shared / typedTrigrams.length;
  return share >= FUZZY_SHARE ? 0.5 * share : 0;
}

/**
 * The candidates for `typed`, best first, at most `limit`: each scored by the sum, over the typed
 * words, of its best field weight times word quality; ties in path order.
 */
export function candidateSources(library: SourceDirectory, typed: string, limit = MAX_FUSE_CANDIDATES): Citable[] {
  return scoredCandidates(library, typed, limit, true);
}

/** The candidates, best first or (for fuse, which breaks its ties by list order) in path order. */
function scoredCandidates(library: SourceDirectory, typed: string, limit: number, bestFirst: boolean): Citable[] {
  const index = metadataIndex(library);
  const typedWords = tokenize(typed).map((t) => t.norm);
  if (typedWords.length === 0) {
    // Nothing word-like was typed (`@{`, `@-`): keys that start with it.
    const lower = typed.toLowerCase();
    return index.sources.filter((e) => e.key.toLowerCase().startsWith(lower)).slice(0, limit);
  }
  // Scores per source index; `touched` lists the sources scored, so the arrays are reset cheaply.
  const { total, wordBest } = index;
  const touched: number[] = [];
  for (const typedWord of typedWords) {
    const typedTrigrams = trigrams(typedWord);
    const scored: number[] = [];
    for (const { word, trigrams: wordTrigrams } of index.words) {
      const quality = wordQuality(typedWord, typedTrigrams, word, wordTrigrams);
      if (quality === 0) continue;
      for (const code of index.byWord.get(word)!) {
        const source = code >> 2;
        const score = FIELDS[code & 3]!.weight * quality;
        if (wordBest[source] === 0) scored.push(source);
        if (score > wordBest[source]!) wordBest[source] = score;
      }
    }
    for (const source of scored) {
      if (total[source] === 0) touched.push(source);
      total[source] = total[source]! + wordBest[source]!;
      wordBest[source] = 0;
    }
  }
  const best = topScored(total, touched, limit);
  if (bestFirst) best.sort((a, b) => total[b]! - total[a]! || a - b);
  for (const source of touched) total[source] = 0;
  return best.map((source) => index.sources[source]!);
}

/**
 * The `limit` best of the `touched` indexes by `scores` (ties in index order), in index order, without sorting them
 * all (a common word can match every source): scores take few distinct values, so the cut-off
 * score is found from their counts.
 */
function topScored(scores: Float64Array, touched: readonly number[], limit: number): number[] {
  const counts = new Map<number, number>();
  for (const i of touched) counts.set(scores[i]!, (counts.get(scores[i]!) ?? 0) + 1);
  let cutoff = 0;
  let above = 0;
  for (const score of [...counts.keys()].sort((a, b) => b - a)) {
    cutoff = score;
    if (above + counts.get(score)! >= limit) break;
    above += counts.get(score)!;
  }
  let atCutoff = limit - above;
  const chosen: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i]!;
    if (score === 0) continue;
    if (score > cutoff || (score === cutoff && atCutoff-- > 0)) chosen.push(i);
  }
  return chosen;
}

/**
 * Citables matching what the writer typed, best first (fuse.js over the candidates), at most
 * `limit`; `extra` (a draft's own inline references, a few) are candidates too.
 */
export function searchSources(library: SourceDirectory, typed: string, limit: number, extra: readonly Citable[] = []): Citable[] {
  const candidates = scoredCandidates(library, typed, MAX_FUSE_CANDIDATES, false);
  return new Fuse([...extra, ...candidates], FUSE_OPTIONS).search(typed, { limit }).map((r) => r.item);
}
