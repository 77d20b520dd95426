import { Catalogue } from './catalogue';
import type { SourceMetadata } from './metadata';
import { PassageIndex, Vocabulary, type Segment } from './passageIndex';
import {
  createSource,
  decodeSourceBytes,
  DEFAULT_SOURCE_LIMITS,
  keyFromFileName,
  type DeclaredIdentity,
  type ExtractedParts,
  type SkippedSource,
  type Source,
  type SourceLimits,
} from './source';
import { forEachWordSpan, wordEnd } from '../text/tokenizer';
import { WordFrequencies, type WordCounts } from './wordFrequencies';

/**
 * A source's words: folded-word ids and where each starts in `source.text` (see `wordEndAt`); the
 * starts take 16 bits each in a text shorter than 65,536 code units (most articles: a third less
 * memory per word).
 */
export interface SourceWords {
  readonly ids: Uint32Array;
  readonly starts: WordStarts;
}

/** Where a source's words start: 16-bit offsets when the text is short enough, else 32-bit. */
export type WordStarts = Uint16Array | Uint32Array;

/** Where word `k` of a source ends; found again from its start, which saves memory per word. */
export function wordEndAt(entry: IndexedSource, k: number): number {
  return wordEnd(entry.source.text, entry.words.starts[k] ?? entry.source.text.length);
}

/** A source as the library holds it: the article, its words and its id in the index. */
export interface IndexedSource {
  readonly docId: number;
  readonly source: Source;
  readonly words: SourceWords;
}

/** Everything a library holds, for persisting it; texts are the sources' own. */
export interface LibrarySnapshot {
  readonly vocabulary: readonly string[];
  readonly entries: readonly IndexedSource[];
  readonly skipped: readonly SkippedSource[];
  readonly segments: readonly Segment[];
  /**
   * The entries' word counts (`frequencies`): restoring takes them instead of counting every word
   * again; they must be the counts of exactly `entries`' words.
   */
  readonly frequencies?: WordCounts;
}

/** Two or more sources with one key: the first in path order is used. */
export interface KeyClash {
  readonly key: string;
  readonly used: string;
  readonly ignored: readonly string[];
}

/**
 * The library of sources, indexed for quote lookup. It does no I/O: adapters hand it file contents
 * and tell it about deletions. Sources can be added, replaced and removed one at a time.
 */
export class SourceLibrary {
  readonly vocabulary = new Vocabulary();
  readonly index = new PassageIndex();
  /** Bibliography entries: citable keys, with or without a full text among the sources. */
  readonly catalogue = new Catalogue(() => this.changed());
  /** Occurrences of every word, to weigh quote words by how informative they are. */
  readonly frequencies = new WordFrequencies();
  private readonly byUri = new Map<string, IndexedSource>();
  private readonly byDocId = new Map<number, IndexedSource>();
  private readonly skippedByUri = new Map<string, SkippedSource>();
  /** Sources by key, each list in path order; kept up to date on every change. */
  private readonly byKey = new Map<string, IndexedSource[]>();
  private sortedOwners: IndexedSource[] | undefined;
  private nextDocId = 1;
  private changeCount = 0;

  constructor(readonly limits: SourceLimits = DEFAULT_SOURCE_LIMITS) {}

  /** Increases on every change; caches of verdicts compare it. */
  get version(): number {
    return this.changeCount;
  }

  /** Adds or replaces a source from a file's bytes; returns the skip record when it cannot be used. */
  addFile(file: { uri: string; path: string; bytes: Uint8Array; declared?: DeclaredIdentity }): IndexedSource | SkippedSource {
    const decoded = decodeSourceBytes(file.bytes, this.limits);
    if ('reason' in decoded) return this.skip(file.uri, file.path, decoded.reason);
    return this.addText({ uri: file.uri, path: file.path, text: decoded.text, ...(file.declared ? { declared: file.declared } : {}) });
  }

  /**
   * Adds or replaces a source from its text; `extracted` comes with a text a reader extracted (HTML,
   * PDF), `declared` when it is a bibliography entry's full text.
   */
  addText(file: { uri: string; path: string; text: string; extracted?: ExtractedParts; declared?: DeclaredIdentity }): IndexedSource {
    this.removeQuietly(file.uri);
    // One tokenizing pass serves both the word count and the index.
    let words: SourceWords | undefined;
    const source = createSource({
      ...file,
      fallbackKey: keyFromFileName(file.path),
      countWords: (text, bodyStart) => (words = this.indexWords(text, bodyStart)).ids.length,
    });
    const entry: IndexedSource = { docId: this.nextDocId++, source, words: words! };
    this.byUri.set(file.uri, entry);
    this.byDocId.set(entry.docId, entry);
    this.addToKey(entry);
    this.index.add(entry.docId, entry.words.ids);
    this.frequencies.add(entry.words.ids, this.vocabulary.size);
    this.changed();
    return entry;
  }

  /**
   * A source read with this library's vocabulary but not added to it: an article another store (an
   * archive) holds, so the matcher can align it. Its doc id lies outside the library's own ids.
   * `meta` is what the store knows of it (the metadata its reader found when it was stored, which
   * an extracted text no longer carries); its non-empty fields win over what the text says.
   */
  detached(file: { uri: string; path: string; text: string; key?: string; meta?: Partial<SourceMetadata> }): IndexedSource {
    let words: SourceWords | undefined;
    const created = createSource({
      uri: file.uri,
      path: file.path,
      text: file.text,
      fallbackKey: file.key ?? keyFromFileName(file.path),
      countWords: (text, bodyStart) => (words = this.indexWords(text, bodyStart)).ids.length,
    });
    const source = { ...created, ...(file.key === undefined ? {} : { key: file.key }), meta: withKnownMetadata(created.meta, file.meta) };
    return { docId: nextDetachedId++, source, words: words! };
  }

  /** The library's state for an index file. */
  snapshot(): LibrarySnapshot {
    return {
      vocabulary: this.vocabulary.words(),
      entries: [...this.byUri.values()],
      skipped: [...this.skippedByUri.values()],
      segments: this.index.exportSegments(),
      frequencies: this.frequencies.export(),
    };
  }

  /**
   * Restores a persisted state into this empty library. Entries must be those the snapshot was taken
   * with (same doc ids and words); entries left out count as removed.
   */
  restore(snapshot: LibrarySnapshot): void {
    this.vocabulary.restore(snapshot.vocabulary);
    const docs = new Map<number, Uint32Array>();
    if (snapshot.frequencies) this.frequencies.restore(snapshot.frequencies);
    for (const entry of snapshot.entries) {
      this.byUri.set(entry.source.uri, entry);
      this.byDocId.set(entry.docId, entry);
      this.addToKey(entry);
      docs.set(entry.docId, entry.words.ids);
      if (!snapshot.frequencies) this.frequencies.add(entry.words.ids, this.vocabulary.size);
      this.nextDocId = Math.max(this.nextDocId, entry.docId + 1);
    }
    for (const segment of snapshot.segments) {
      for (const id of segment.docIds) this.nextDocId = Math.max(this.nextDocId, id + 1);
    }
    for (const skipped of snapshot.skipped) this.skippedByUri.set(skipped.uri, skipped);
    this.index.importSegments(snapshot.segments, docs);
    this.changed();
  }

  /** Records a file that cannot be a source (the adapters call this for read errors too). */
  skip(uri: string, path: string, reason: string): SkippedSource {
    this.removeQuietly(uri);
    const skipped = { uri, path, reason };
    this.skippedByUri.set(uri, skipped);
    this.changed();
    return skipped;
  }

  /** Forgets a file, source or skipped; returns false when it was not known. */
  remove(uri: string): boolean {
    const known = this.removeQuietly(uri);
    if (known) this.changed();
    return known;
  }

  /** Forgets every source and skipped file. */
  clear(): void {
    for (const uri of [...this.byUri.keys(), ...this.skippedByUri.keys()]) this.removeQuietly(uri);
    this.changed();
  }

  /** Forgets every file whose URI starts with `prefix` (a deleted folder). */
  removeUnder(prefix: string): number {
    const uris = [...this.byUri.keys(), ...this.skippedByUri.keys()].filter((uri) => uri.startsWith(prefix));
    for (const uri of uris) this.removeQuietly(uri);
    if (uris.length > 0) this.changed();
    return uris.length;
  }

  /** The source a key cites, or undefined when no source has that key. */
  get(key: string): IndexedSource | undefined {
    return this.byKey.get(key)?.[0];
  }

  /** Every source with a key, the owner first (an entry's full text a draft may not see hides none behind it). */
  withKey(key: string): readonly IndexedSource[] {
    return this.byKey.get(key) ?? [];
  }

  /** The source loaded from `uri`, or undefined. */
  getByUri(uri: string): IndexedSource | undefined {
    return this.byUri.get(uri);
  }

  /** The source with index id `docId`, or undefined once it was removed. */
  getByDocId(docId: number): IndexedSource | undefined {
    return this.byDocId.get(docId);
  }

  /** The sources that own their key, in path order. */
  sources(): readonly IndexedSource[] {
    this.sortedOwners ??= [...this.byKey.values()].map((entries) => entries[0]!).sort(byPath);
    return this.sortedOwners;
  }

  /** Every key with more than one source. */
  clashes(): KeyClash[] {
    const clashes: KeyClash[] = [];
    for (const [key, entries] of this.byKey) {
      if (entries.length > 1) {
        clashes.push({ key, used: entries[0]!.source.path, ignored: entries.slice(1).map((e) => e.source.path) });
      }
    }
    return clashes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Files that could not be used, with reasons, in path order. */
  skipped(): SkippedSource[] {
    return [...this.skippedByUri.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Every file the library knows, source (owning its key or not) or skipped, by URI. */
  uris(): string[] {
    return [...this.byUri.keys(), ...this.skippedByUri.keys()];
  }

  /** Whether the library knows a file as skipped (read, but no source). */
  isSkipped(uri: string): boolean {
    return this.skippedByUri.has(uri);
  }

  /** Number of usable sources (owners of a key). */
  get size(): number {
    return this.byKey.size;
  }

  /** Total words of quotable text, for status displays and benchmarks. */
  get totalWords(): number {
    let n = 0;
    for (const entry of this.byUri.values()) n += entry.words.ids.length;
    return n;
  }

  private addToKey(entry: IndexedSource): void {
    const list = this.byKey.get(entry.source.key);
    if (list === undefined) {
      this.byKey.set(entry.source.key, [entry]);
      return;
    }
    const at = list.findIndex((other) => byPrecedence(entry, other) < 0);
    list.splice(at < 0 ? list.length : at, 0, entry);
  }

  private removeFromKey(entry: IndexedSource): void {
    const list = this.byKey.get(entry.source.key);
    if (list === undefined) return;
    const rest = list.filter((other) => other !== entry);
    if (rest.length > 0) this.byKey.set(entry.source.key, rest);
    else this.byKey.delete(entry.source.key);
  }

  private indexWords(text: string, bodyStart: number): SourceWords {
    const vocabulary = this.vocabulary;
    // Words of the source, ids and starts, in buffers shared by every call (indexing is synchronous).
    let ids = scratchIds;
    let starts = scratchStarts;
    let n = 0;
    const grow = (): void => {
      const grownIds = new Uint32Array(n * 2);
      grownIds.set(ids);
      ids = scratchIds = grownIds;
      const grownStarts = new Uint32Array(n * 2);
      grownStarts.set(starts);
      starts = scratchStarts = grownStarts;
    };
    forEachWordSpan(
      text,
      bodyStart,
      text.length,
      (start, end, hash) => {
        if (n === ids.length) grow();
        ids[n] = vocabulary.internPlain(text, start, end, hash);
        starts[n++] = start;
      },
      (start, norm) => {
        if (n === ids.length) grow();
        ids[n] = vocabulary.intern(norm);
        starts[n++] = start;
      },
    );
    // Ids and starts share one buffer: one allocation per source instead of two.
    const narrow = text.length < 0x10000;
    const buffer = new ArrayBuffer(n * (narrow ? 6 : 8));
    const wordIds = new Uint32Array(buffer, 0, n);
    wordIds.set(ids.subarray(0, n));
    const wordStarts: WordStarts = narrow ? new Uint16Array(buffer, n * 4, n) : new Uint32Array(buffer, n * 4, n);
    wordStarts.set(starts.subarray(0, n));
    return { ids: wordIds, starts: wordStarts };
  }

  private removeQuietly(uri: string): boolean {
    const skipped = this.skippedByUri.delete(uri);
    const entry = this.byUri.get(uri);
    if (entry === undefined) return skipped;
    this.byUri.delete(uri);
    this.byDocId.delete(entry.docId);
    this.removeFromKey(entry);
    this.index.remove(entry.docId);
    this.frequencies.remove(entry.words.ids);
    return true;
  }

  private changed(): void {
    this.sortedOwners = undefined;
    // Versions are unique across libraries, so a cache keyed by version never mixes two libraries.
    this.changeCount = ++changesEverywhere;
  }
}

let changesEverywhere = 0;
// Words of the source being indexed, ids and starts (see `indexWords`).
let scratchIds = new Uint32Array(1 << 12);
let scratchStarts = new Uint32Array(1 << 12);
// Detached sources are numbered from 2^31, far above any library's own ids (counted from 1).
let nextDetachedId = 0x8000_0000;

/** `meta` with the non-empty string fields of `known` (a store's record) laid over it. */
function withKnownMetadata(meta: SourceMetadata, known: Partial<SourceMetadata> | undefined): SourceMetadata {
  if (known === undefined) return meta;
  const merged: Record<string, string> = { ...meta };
  for (const field of Object.keys(meta) as Array<keyof SourceMetadata>) {
    const value = known[field];
    if (typeof value === 'string' && value !== '') merged[field] = value;
  }
  return merged as unknown as SourceMetadata;
}

/** Which source owns a shared key: an entry's full text before a source folder's file, then path order. */
function byPrecedence(a: IndexedSource, b: IndexedSource): number {
  if (a.source.catalogued !== b.source.catalogued) return a.source.catalogued ? -1 : 1;
  return byPath(a, b);
}

function byPath(a: IndexedSource, b: IndexedSource): number {
  return a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0;
}
