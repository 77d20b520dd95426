import Fuse from 'fuse.js';
import type { SourceDirectory } from '../core/library/sourceHeads';
import { forEachFoldedWord, tokenize } from '../core/text/tokenizer';
import { searchFieldsOf } from '../core/library/catalogue';
import { builtCitables, citablePartsOf, citablesOf, type Citable, type CitableParts } from './citables';

/**
 * Finding sources and bibliography entries (citables) by what a writer types after `@`: words of
 * their key, title, author or outlet.
 * fuse.js ranks (SPEC section 6), but only a small candidate set: over the thousands of sources a
 * large library has for one author, fuse alone costs a hundred milliseconds per keystroke. A word
 * index of the metadata picks the candidates: sources with a word the typed word starts, or (for a
 * typo or a word's middle) a word sharing most of its letter trigrams.
 * Building that index over a 20,000-entry bibliography takes most of a second, so a large library
 * builds it in the background, in slices; until it is ready a scan of the lower-cased metadata for
 * words the typed ones start answers (no typo matches meanwhile), and keys complete at once.
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

/** Libraries with more citables than this build their word index in the background. */
export const BACKGROUND_INDEX_AT = 5_000;
/** How long one slice of a background build runs before it yields, in milliseconds. */
const SLICE_MS = 8;

const indexes = new WeakMap<SourceDirectory, MetadataIndex>();
/** The version each background build is for. */
const building = new WeakMap<SourceDirectory, number>();

/** How background slices give way by default: to the next turn of the event loop. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The word index of the library's citables; undefined while a large library's is being built (in
 * slices, each after `giveWay` resolved).
 */
function metadataIndex(library: SourceDirectory, giveWay: () => Promise<void> = nextTurn): MetadataIndex | undefined {
  const cached = indexes.get(library);
  if (cached?.version === library.version) return cached;
  // A large library's citables are built in the background build's first slice, not before the search that starts it.
  const builder = new IndexBuilder(library);
  if (citablePartsOf(library).size <= BACKGROUND_INDEX_AT) {
    builder.run(Infinity);
    return remember(library, builder.index());
  }
  if (building.get(library) !== library.version) {
    building.set(library, library.version);
    void (async () => {
      do {
        await giveWay();
        if (library.version !== builder.version) return; // changed meanwhile: the next search starts again
      } while (!builder.run(performance.now() + SLICE_MS));
      remember(library, builder.index());
    })();
  }
  return undefined;
}

/**
 * Starts building the library's word index now (in the background for a large library), so the
 * first `@` typed after the library loads or changes finds it ready rather than scanning; its slices
 * run when `giveWay` resolves (default: each in the next turn of the event loop).
 */
export function prepareSourceSearch(library: SourceDirectory, giveWay?: () => Promise<void>): void {
  metadataIndex(library, giveWay);
}

/** Whether the library's word index is built for its current version (the scan answers until then). */
export function metadataIndexReady(library: SourceDirectory): boolean {
  return indexes.get(library)?.version === library.version;
}

function remember(library: SourceDirectory, index: MetadataIndex): MetadataIndex {
  indexes.set(library, index);
  return index;
}

/** Builds a word index over citables, a run of them at a time. */
class IndexBuilder {
  private readonly byWord = new Map<string, number[]>();
  private readonly words: Array<{ word: string; trigrams: Set<string> }> = [];
  private next = 0;
  private citables: readonly Citable[] | undefined;
  readonly version: number;

  constructor(private readonly library: SourceDirectory) {
    this.version = library.version;
  }

  /** The citables indexed (the library's at the version the build is for). */
  private get sources(): readonly Citable[] {
    return (this.citables ??= citablesOf(this.library));
  }

  /** Indexes citables until done (true) or past `deadline` (`performance.now()` time). */
  run(deadline: number): boolean {
    const { byWord, words, sources } = this;
    for (; this.next < sources.length; this.next++) {
      if ((this.next & 63) === 0 && performance.now() > deadline) return false;
      const entry = sources[this.next]!;
      const i = this.next;
      [entry.key, entry.title, entry.author, entry.outlet].forEach((text, field) => {
        forEachFoldedWord(text, 0, text.length, (_start, norm) => {
          let list = byWord.get(norm);
          if (list === undefined) {
            byWord.set(norm, (list = []));
            words.push({ word: norm, trigrams: new Set(trigrams(norm)) });
          }
          const entryCode = i * 4 + field;
          if (list[list.length - 1] !== entryCode) list.push(entryCode);
        });
      });
    }
    return true;
  }

  index(): MetadataIndex {
    const { sources } = this;
    return { version: this.version, sources, byWord: this.byWord, words: this.words, total: new Float64Array(sources.length), wordBest: new Float64Array(sources.length) };
  }
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
function scoredCandidates(library: SourceDirectory, typed: string, limit: number, bestFirst: boolean, giveWay?: () => Promise<void>): Citable[] {
  const index = metadataIndex(library, giveWay);
  const typedWords = tokenize(typed).map((t) => t.norm);
  if (typedWords.length === 0) {
    // Nothing word-like was typed (`@{`, `@-`): keys that start with it.
    const lower = typed.toLowerCase();
    return citablesOf(library).filter((e) => e.key.toLowerCase().startsWith(lower)).slice(0, limit);
  }
  if (index === undefined) return scannedCandidates(library, typedWords, limit, bestFirst);
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

/** What the scan reads of a library version's citables. */
interface ScanFields {
  readonly version: number;
  /** The citables no kept search text covers, and their fields lower-cased here (`k * 4 + field` for the `k`th). */
  readonly uncovered: readonly number[];
  readonly lowered: readonly string[];
  /** Bibliographies whose search text was kept (`searchFieldsOf`): the text, where each field starts, and the citable of each entry (-1: none). */
  readonly covered: ReadonlyArray<{ readonly text: string; readonly starts: Int32Array; readonly citableOf: (entry: number) => number }>;
}

const scanFields = new WeakMap<SourceDirectory, ScanFields>();

/** The fields the scan reads, for the library's current version (a bibliography's kept search text is read as it is; the rest is lower-cased once). */
function scanFieldsOf(library: SourceDirectory, parts: CitableParts): ScanFields {
  const cached = scanFields.get(library);
  if (cached?.version === library.version) return cached;
  const covered: Array<ScanFields['covered'][number]> = [];
  const uncovered: number[] = [];
  const lowered: string[] = [];
  const lower = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      parts.lowerCasedFields(i, lowered, uncovered.length * 4);
      uncovered.push(i);
    }
  };
  // The sources first (no search text is kept for them), then the entries' runs.
  lower(0, parts.runs[0]?.start ?? parts.size);
  for (const run of parts.runs) {
    const fields = searchFieldsOf(run.bibliography);
    if (fields === undefined) lower(run.start, run.start + run.count);
    else covered.push({ text: fields.text, starts: fields.starts, citableOf: (entry) => parts.entryCitable(run, entry) });
  }
  const result = { version: library.version, uncovered, lowered, covered };
  scanFields.set(library, result);
  return result;
}

/**
 * The candidates while the word index is being built: each citable scored as by the index, but a
 * word counts only where it starts a word of the lower-cased field (1 the whole word, 0.9 its
 * start). The fields are a bibliography's kept search text where it has one (one text searched
 * for each typed word), else lower-cased once per library version from the citables' parts; only
 * the candidates kept are built as citables.
 */
function scannedCandidates(library: SourceDirectory, typedWords: readonly string[], limit: number, bestFirst: boolean): Citable[] {
  const parts = citablePartsOf(library);
  const count = parts.size;
  const { uncovered, lowered, covered } = scanFieldsOf(library, parts);
  const total = new Float64Array(count);
  const touched: number[] = [];
  uncovered.forEach((source, k) => {
    let sum = 0;
    for (const typed of typedWords) {
      let best = 0;
      for (let field = 0; field < 4; field++) best = Math.max(best, FIELDS[field]!.weight * wordStartQuality(lowered[k * 4 + field]!, typed));
      sum += best;
    }
    if (sum > 0) {
      total[source] = sum;
      touched.push(source);
    }
  });
  if (covered.length > 0) {
    // Each typed word's best field per citable, added in the typed words' order (as the sum above).
    const wordBest = new Float64Array(count);
    const scored: number[] = [];
    for (const typed of typedWords) {
      for (const { text, starts, citableOf } of covered) scoreSearchText(text, starts, citableOf, typed, wordBest, scored);
      for (const source of scored) {
        if (total[source] === 0) touched.push(source);
        total[source] = total[source]! + wordBest[source]!;
        wordBest[source] = 0;
      }
      scored.length = 0;
    }
  }
  const best = topScored(total, touched, limit);
  if (bestFirst) best.sort((a, b) => total[b]! - total[a]! || a - b);
  const built = builtCitables(library);
  return best.map((source) => built?.[source] ?? parts.citable(source));
}

/**
 * Scores one typed word in a kept search text as `wordStartQuality` scores it in each field: every
 * place it occurs, at the start of a word of a field, raises that field's citable's best score
 * (`wordBest`; `scored` lists the citables scored).
 */
function scoreSearchText(text: string, starts: Int32Array, citableOf: (entry: number) => number, typed: string, wordBest: Float64Array, scored: number[]): void {
  let field = 0;
  for (let at = text.indexOf(typed); at >= 0; at = text.indexOf(typed, at + 1)) {
    while (starts[field + 1]! <= at) field++;
    // The field's text ends before its line break.
    const end = starts[field + 1]! - 1;
    const source = citableOf(field >> 2);
    if (source < 0 || at + typed.length > end) {
      at = end; // no citable here, or a match over the line break: on to the next field
      continue;
    }
    if (at > starts[field]! && isWordChar(text.charCodeAt(at - 1))) continue;
    const quality = at + typed.length < end && isWordChar(text.charCodeAt(at + typed.length)) ? 0.9 : 1;
    const score = FIELDS[field & 3]!.weight * quality;
    if (wordBest[source] === 0) scored.push(source);
    if (score > wordBest[source]!) wordBest[source] = score;
    if (quality === 1) at = end; // the field's best: on to the next field
  }
}

/** 1 when `typed` is a whole word of `text`, 0.9 when it starts one, else 0. */
function wordStartQuality(text: string, typed: string): number {
  let quality = 0;
  for (let at = text.indexOf(typed); at >= 0 && quality < 1; at = text.indexOf(typed, at + 1)) {
    if (at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
    quality = at + typed.length < text.length && isWordChar(text.charCodeAt(at + typed.length)) ? 0.9 : 1;
  }
  return quality;
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || code === 95 || code > 127;
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
 * `limit`; `extra` (a draft's own inline references, a few) are candidates too. `giveWay`: how the
 * word index's background build gives way between slices (see `metadataIndex`).
 */
export function searchSources(library: SourceDirectory, typed: string, limit: number, extra: readonly Citable[] = [], giveWay?: () => Promise<void>): Citable[] {
  const candidates = scoredCandidates(library, typed, MAX_FUSE_CANDIDATES, false, giveWay);
  return new Fuse([...extra, ...candidates], FUSE_OPTIONS).search(typed, { limit }).map((r) => r.item);
}
