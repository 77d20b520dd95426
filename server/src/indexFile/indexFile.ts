import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { Segment } from '../core/library/passageIndex';
import type { SourceCues } from '../core/library/cues';
import type { SourcePages } from '../core/library/pages';
import { withIdentity, type DeclaredIdentity, type SkippedSource, type Source } from '../core/library/source';
import { SourceLibrary, type IndexedSource } from '../core/library/sourceLibrary';
import type { WordCounts } from '../core/library/wordFrequencies';
import { removeLeftoverTemporaries, temporaryName } from './cacheFolder';
import { describeFsError, filePath } from './files';
import { IndexTexts, type IndexTextsFaults } from './indexTexts';

/**
 * The index file: a library's texts, words, postings and metadata in one binary file, so a
 * restart reads and indexes again only the sources whose path, size or modification time changed.
 * A damaged, truncated or old-format file fails its checks and is rebuilt, never trusted.
 */

const MAGIC = 'VERBATIM-INDEX\u0000\u0000';
/** The index file's format: a new one whenever what it keeps changes, the readers' output included (`tests/node/readersDigest`). */
export const FORMAT_VERSION = 13;
/** Magic, version, header and body lengths, checksum, then the length of the body's texts area (its end). */
const PREFIX_BYTES = 40;
/** Where the checksum starts: after itself, so it covers the texts area's length too. */
const CHECKED_FROM = 32;

/**
 * The index file a library was restored from: its body in memory (the restored sources' word
 * arrays and the index segments are views into `body`) and its texts, left on disk. A worker hands
 * both over as they are (`libraryTransfer`), so nothing is read or copied twice.
 */
export interface RestoredIndex {
  readonly body: Buffer;
  readonly texts: IndexTexts;
  /** The sources `onIndexRead` was told, in the index's order, when it was given. */
  readonly told?: readonly Source[];
}

interface ArrayRef {
  readonly offset: number;
  readonly length: number;
}

/**
 * A source's fields in the header; its numbers are in the body's source table (`SourceSlot`), which
 * a restart reads without making an object of each (at L: 140,000 objects fewer, a tenth of a
 * restart's garbage collection and half its header parse).
 */
interface CachedSource {
  readonly uri: string;
  readonly key: string;
  readonly meta: Source['meta'];
  /** Left out when there are none. */
  readonly warnings?: readonly string[];
  /** Set when the source was an entry's full text (its key and metadata came from the entry). */
  readonly catalogued?: true;
  /** The reader that made the text (`text`, `html`, `pdf`). */
  readonly format: string;
  readonly pages?: SourcePages;
  /** A transcript's cue starts, times and speakers (as `pages`: where in the source a passage is). */
  readonly cues?: SourceCues;
  /** An extracted text's anchors in its file: text offsets, lines, characters. */
  readonly origin?: readonly [ArrayRef, ArrayRef, ArrayRef];
}

/** A source's numbers in the source table: `SOURCE_SLOTS` float64 values a source, in header order. */
const enum SourceSlot {
  DocId,
  Size,
  MtimeMs,
  BodyStart,
  WordCount,
  /** The text's UTF-8 bytes in the texts area (decoded when first read). */
  TextOffset,
  TextLength,
  /** Byte offset and length in the body of the word ids, then of the starts. */
  IdsOffset,
  IdsLength,
  StartsOffset,
  StartsLength,
  /** Bytes per word start: 2 in a text shorter than 65,536 code units, else 4. */
  StartBytes,
  /** CRC-32 of the text's UTF-8 bytes: a text read back is checked by it (`IndexTexts`). */
  TextCrc,
}
const SOURCE_SLOTS = 13;

/** A source in a read index: its header fields and its numbers (`table[at * SOURCE_SLOTS + slot]`). */
interface StoredRow {
  readonly fields: CachedSource;
  readonly table: Float64Array;
  readonly at: number;
}

function slot(row: StoredRow, which: SourceSlot): number {
  return row.table[row.at * SOURCE_SLOTS + which]!;
}

function refAt(row: StoredRow, offset: SourceSlot): ArrayRef {
  return { offset: slot(row, offset), length: slot(row, offset + 1) };
}

const NO_WARNINGS: readonly string[] = Object.freeze([]);

interface CachedSkip {
  readonly uri: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly reason: string;
}

interface CachedSegment {
  readonly tokenCount: number;
  readonly docIds: ArrayRef;
  readonly docStarts: ArrayRef;
  readonly keys: ArrayRef;
  readonly offsets: ArrayRef;
  readonly postings: ArrayRef;
}

interface CacheHeader {
  readonly vocabulary: ArrayRef;
  /** Every source's text, one after the other, as UTF-8, and their length in UTF-16 code units. */
  readonly texts: ArrayRef;
  readonly sources: readonly CachedSource[];
  /** The sources' numbers (`SourceSlot`), a float64 array in the body. */
  readonly table: ArrayRef;
  readonly skipped: readonly CachedSkip[];
  readonly segments: readonly CachedSegment[];
  /** Occurrences of every word id in all the sources, and their sum (`WordFrequencies`). */
  readonly frequencies: { readonly counts: ArrayRef; readonly total: number };
}

/**
 * A cached source as the source heads show it before the load ends: no text (it stays on disk), no
 * words; its other fields are those the restored source will have (the worker hand-over names it
 * instead of sending them again), but the origin, which is a view into the index.
 */
function headOnly(row: StoredRow, display: (file: string) => string): Source {
  const cached = row.fields;
  let shown: string;
  try {
    shown = display(filePath(cached.uri));
  } catch {
    shown = cached.uri; // not a file URI: shown as it is
  }
  return { ...storedFields(row), path: shown, text: '' };
}

/** A cached source's fields as the index keeps them (all but its path, text and origin). */
function storedFields(row: StoredRow): Omit<Source, 'path' | 'text' | 'origin'> {
  const cached = row.fields;
  return {
    key: cached.key,
    uri: cached.uri,
    bodyStart: slot(row, SourceSlot.BodyStart),
    meta: cached.meta,
    wordCount: slot(row, SourceSlot.WordCount),
    warnings: cached.warnings ?? NO_WARNINGS,
    format: cached.format,
    ...(cached.pages ? { pages: cached.pages } : {}),
    ...(cached.cues ? { cues: cached.cues } : {}),
  };
}

/**
 * The persisted word counts less those of the cached sources not restored (changed or gone since):
 * exactly the restored entries' counts, without counting their words again.
 */
function countsOf(header: CacheHeader, table: Float64Array, body: Buffer, entries: readonly IndexedSource[]): WordCounts {
  const stored = u32(body, header.frequencies.counts);
  if (entries.length === header.sources.length) return { counts: stored, total: header.frequencies.total };
  const counts = stored.slice();
  let total = header.frequencies.total;
  const kept = new Set(entries.map((entry) => entry.docId));
  for (let at = 0; at < header.sources.length; at++) {
    const cached: StoredRow = { fields: header.sources[at]!, table, at };
    if (kept.has(slot(cached, SourceSlot.DocId))) continue;
    const ids = u32(body, refAt(cached, SourceSlot.IdsOffset));
    for (let i = 0; i < ids.length; i++) counts[ids[i]!]!--;
    total -= ids.length;
  }
  return { counts, total };
}

/**
 * A cached source whose file kept its size and time: rebuilt from the index alone, no file read.
 * An entry's full text takes the entry's current key and metadata (the bibliography may have changed).
 */
function reuse(row: StoredRow, shownPath: string, body: Buffer, texts: IndexTexts, declared?: DeclaredIdentity): IndexedSource | undefined {
  const cached = row.fields;
  // A file that was an entry's full text and is no longer one has its own key again: read it anew.
  if (cached.catalogued && declared === undefined) return undefined;
  // A restart reads no text: each is read from the index file and decoded when first asked for (a
  // hover, a quote's passage), which saves a third of the index file's memory (a second at L).
  const offset = slot(row, SourceSlot.TextOffset);
  const length = slot(row, SourceSlot.TextLength);
  const crc = slot(row, SourceSlot.TextCrc);
  let text: string | undefined;
  const source: Source = {
    ...storedFields(row),
    path: shownPath,
    get text(): string {
      return (text ??= texts.read(offset, length, crc, cached));
    },
    ...(cached.origin
      ? { origin: { textOffsets: u32(body, cached.origin[0]), lines: u32(body, cached.origin[1]), characters: u32(body, cached.origin[2]) } }
      : {}),
  };
  const shown = declared ? withIdentity(source, declared) : source;
  stored.set(shown, { text: [offset, length, crc], at: row.at });
  const ids = u32(body, refAt(row, SourceSlot.IdsOffset));
  const starts = slot(row, SourceSlot.StartBytes) === 2 ? u16(body, refAt(row, SourceSlot.StartsOffset)) : u32(body, refAt(row, SourceSlot.StartsOffset));
  return { docId: slot(row, SourceSlot.DocId), source: shown, words: { ids, starts } };
}

/**
 * An index file as read and checked: its sources can be reused, file by file, where the file kept
 * its size and modification time; the rest of the index (words, segments, counts) is restored with them.
 */
export class IndexFileReading {
  private readonly table: Float64Array;
  private readonly byUri: Map<string, number>;
  private readonly skipsByUri: Map<string, CachedSkip>;

  constructor(
    private readonly header: CacheHeader,
    private readonly body: Buffer,
    readonly texts: IndexTexts,
  ) {
    this.table = f64(body, header.table);
    this.byUri = new Map(header.sources.map((s, at) => [s.uri, at]));
    this.skipsByUri = new Map(header.skipped.map((s) => [s.uri, s]));
  }

  /** How many sources the index holds. */
  get size(): number {
    return this.header.sources.length;
  }

  /** Every source it holds, without text or words, in its order (for key completion during a load). */
  heads(display: (file: string) => string): Source[] {
    return this.header.sources.map((_, at) => headOnly(this.row(at), display));
  }

  /**
   * What the index holds for the file at `uri` whose size and time are `facts` now: its source (with
   * `declared`'s identity when it is an entry's full text), or why it was skipped; undefined when the
   * file is new or changed (it must be read).
   */
  lookup(uri: string, facts: FileFacts | undefined, shownPath: string, declared?: DeclaredIdentity): { entry: IndexedSource } | { skipped: SkippedSource } | undefined {
    if (!facts) return undefined;
    const cachedSkip = this.skipsByUri.get(uri);
    if (cachedSkip && cachedSkip.size === facts.size && cachedSkip.mtimeMs === facts.mtimeMs) return { skipped: { uri, path: shownPath, reason: cachedSkip.reason } };
    const at = this.byUri.get(uri);
    if (at === undefined) return undefined;
    const cached = this.row(at);
    if (slot(cached, SourceSlot.Size) !== facts.size || slot(cached, SourceSlot.MtimeMs) !== facts.mtimeMs) return undefined;
    const entry = reuse(cached, shownPath, this.body, this.texts, declared);
    return entry ? { entry } : undefined;
  }

  /** Restores the index into the empty `library` with just these of its sources (the others count as removed). */
  restoreInto(library: SourceLibrary, entries: readonly IndexedSource[], skipped: readonly SkippedSource[], told?: readonly Source[]): RestoredIndex {
    const { header, body } = this;
    const vocabulary = readVocabulary(body, header.vocabulary);
    library.restore({ vocabulary, entries, skipped, segments: header.segments.map((s) => segmentOf(s, body)), frequencies: countsOf(header, this.table, body, entries) });
    return { body, texts: this.texts, ...(told ? { told } : {}) };
  }

  private row(at: number): StoredRow {
    return { fields: this.header.sources[at]!, table: this.table, at };
  }
}

/** A file's size and modification time, which decide whether its indexed source is still good. */
export interface FileFacts {
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * Reads and checks the index file `file` (through `fd` when given, which stays the caller's); a
 * problem says why it cannot be used. `faults` is told when its texts fail later (see `IndexTexts`).
 */
export async function readIndexFile(file: string, fd?: number, faults?: IndexTextsFaults): Promise<IndexFileReading | { problem: string }> {
  const read = await readCache(file, fd, faults);
  return 'problem' in read ? read : new IndexFileReading(read.header, read.body, read.texts);
}

/** Sources restored from an index file: where each has its text in the texts area, and its place among the index's sources. */
const stored = new WeakMap<Source, StoredSource>();

/** Where a restored source is in its index file. */
export interface StoredSource {
  /** [offset, length, CRC-32] of the text's UTF-8 bytes in the texts area. */
  readonly text: readonly [number, number, number];
  /** Its place among the index's sources (and `RestoredIndex.told`). */
  readonly at: number;
}

/** Where a source restored from an index file is there; undefined for others. */
export function storedSourceOf(source: Source): StoredSource | undefined {
  return stored.get(source);
}

/** Bytes read from the index file at a time; the checksum of one chunk runs while the next is read. */
const READ_CHUNK = 8 * 1024 * 1024;

function readAt(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => fs.read(fd, buffer, offset, length, position, (error, n) => (error ? reject(error) : resolve(n))));
}

/**
 * Reads and checks the index file. All but the texts area is read into memory in chunks, each
 * checksummed while the file system reads the next (on its own thread), so the checksum costs no
 * second pass after the read; the texts area is checksummed through two small buffers that are
 * reused, and left on disk (`IndexTexts`).
 */
async function readCache(file: string, given?: number, faults?: IndexTextsFaults): Promise<{ header: CacheHeader; body: Buffer; texts: IndexTexts } | { problem: string }> {
  // A descriptor the caller gave stays the caller's: it is never closed here.
  let fd: number | undefined;
  try {
    const opened = given ?? (fd = await new Promise<number>((resolve, reject) => fs.open(file, 'r', (error, o) => (error ? reject(error) : resolve(o)))));
    const checked = await readChecked(opened);
    if ('problem' in checked) return checked;
    const { data, bodyStart, textsStart } = checked;
    try {
      const header = JSON.parse(data.toString('utf8', PREFIX_BYTES, checked.headerEnd)) as CacheHeader;
      const texts = new IndexTexts(file, opened, textsStart, header.sources.length, given === undefined, faults);
      fd = undefined; // the texts own it now
      return { header, body: data.subarray(bodyStart), texts };
    } catch {
      return { problem: 'cache header is unreadable' };
    }
  } catch (error) {
    return { problem: `no cache yet (${describeFsError(error)})` };
  } finally {
    if (fd !== undefined) fs.close(fd, () => undefined); // read-only: a failed close loses nothing
  }
}

/** Reads an index file's prefix, header and body up to its texts, checking lengths and the checksum of the whole file. */
async function readChecked(fd: number): Promise<{ data: Buffer; headerEnd: number; bodyStart: number; textsStart: number } | { problem: string }> {
  const size = fs.fstatSync(fd).size;
  const prefix = Buffer.alloc(PREFIX_BYTES);
  const prefixRead = size >= PREFIX_BYTES ? await readAt(fd, prefix, 0, PREFIX_BYTES, 0) : 0;
  if (prefixRead < 16 || prefix.toString('latin1', 0, 16) !== MAGIC) return { problem: 'cache is not a Verbatim index' };
  const version = prefix.readUInt32LE(16);
  if (version !== FORMAT_VERSION) return { problem: `cache has format ${version}, not ${FORMAT_VERSION}` };
  const headerLength = prefix.readUInt32LE(20);
  const bodyLength = prefix.readUInt32LE(24);
  const textsBytes = prefix.readUInt32LE(32);
  const bodyStart = align8(PREFIX_BYTES + headerLength);
  if (bodyStart + bodyLength !== size || textsBytes > bodyLength) return { problem: 'cache is truncated or padded' };
  const resident = size - textsBytes;
  // Never from Node's shared pool: a worker hands this buffer over whole (`libraryTransfer`).
  const data = Buffer.allocUnsafeSlow(resident);
  prefix.copy(data, 0, 0, PREFIX_BYTES);
  // The checksum covers everything from CHECKED_FROM on, the texts included.
  let crc = zlib.crc32(prefix.subarray(CHECKED_FROM));
  const fill = (at: number): Promise<number> => (at >= resident ? Promise.resolve(0) : readAt(fd, data, at, Math.min(READ_CHUNK, resident - at), at));
  let at = PREFIX_BYTES;
  let next = fill(at);
  while (at < resident) {
    const got = await next;
    if (got === 0) return { problem: 'cache is truncated or padded' };
    const from = at;
    at += got;
    next = fill(at);
    crc = zlib.crc32(data.subarray(from, at), crc);
  }
  // The texts pass through two buffers in turn: one is checksummed while the other is filled.
  const scratch = [Buffer.allocUnsafe(Math.min(READ_CHUNK, textsBytes)), Buffer.allocUnsafe(Math.min(READ_CHUNK, textsBytes))] as const;
  const fillText = (position: number, into: Buffer): Promise<number> => (position >= size ? Promise.resolve(0) : readAt(fd, into, 0, Math.min(into.length, size - position), position));
  let turn = 0;
  let pending = fillText(at, scratch[0]);
  while (at < size) {
    const got = await pending;
    if (got === 0) return { problem: 'cache is truncated or padded' };
    const full = scratch[turn]!;
    at += got;
    turn = 1 - turn;
    pending = fillText(at, scratch[turn]!);
    crc = zlib.crc32(full.subarray(0, got), crc);
  }
  if (crc !== prefix.readUInt32LE(28)) return { problem: 'cache checksum does not match (damaged)' };
  return { data, headerEnd: PREFIX_BYTES + headerLength, bodyStart, textsStart: resident };
}

/** The index file file of `cacheDir`, opened for reading (see the library opener's `indexFd`); undefined when there is none. */
export function openIndexFile(cacheDir: string): number | undefined {
  try {
    return fs.openSync(path.join(cacheDir, 'index.bin'), 'r');
  } catch {
    return undefined; // no index yet (or unreadable): the load says why when it tries
  }
}

/**
 * Writes a library's index into `cacheDir` (after file events changed it). Never throws: an index
 * file that cannot be written only costs time at the next start; returns why it was not written.
 */
export function saveIndexFile(library: SourceLibrary, cacheDir: string): string | undefined {
  return writeIndexFile(path.join(cacheDir, 'index.bin'), library);
}

/**
 * Writes the library's index to a temporary name of its own, then renames it over `file` (atomic:
 * a reader has the old file or the new one, and two writers never mix). Temporaries that an
 * interrupted write left are removed first. Undefined when written, else why not.
 */
export function writeIndexFile(file: string, library: SourceLibrary): string | undefined {
  removeLeftoverTemporaries(path.dirname(file));
  try {
    return writeChecked(file, library);
  } catch (error) {
    // Reading a source's text for it failed, or the snapshot: the index stays as it was.
    return `could not be written: ${(error as Error).message}`;
  }
}

function writeChecked(file: string, library: SourceLibrary): string | undefined {
  const snapshot = library.snapshot();
  const chunks: Uint8Array[] = [];
  let offset = 0;
  const add = (bytes: Uint8Array): ArrayRef => {
    const ref = { offset, length: bytes.byteLength };
    chunks.push(bytes);
    offset += bytes.byteLength;
    const pad = align8(offset) - offset;
    if (pad > 0) {
      chunks.push(new Uint8Array(pad));
      offset += pad;
    }
    return ref;
  };
  const array = (a: Uint32Array | Uint16Array): ArrayRef => add(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  const vocabulary = add(Buffer.from(snapshot.vocabulary.join('\n'), 'utf8'));
  const sources: CachedSource[] = [];
  const rows: number[] = [];
  // The counts of the sources written (a copy: `export` made it), less any left out below.
  const { counts, total: countedWords } = snapshot.frequencies!;
  let total = countedWords;
  const textParts: Buffer[] = [];
  let textBytes = 0;
  for (const entry of snapshot.entries) {
    let facts: FileFacts;
    try {
      const filePath = new URL(entry.source.uri);
      const stat = fs.statSync(filePath);
      facts = { size: stat.size, mtimeMs: stat.mtimeMs };
    } catch {
      // Not a file any more (or not on disk): it will be read again next time.
      for (let i = 0; i < entry.words.ids.length; i++) counts[entry.words.ids[i]!]!--;
      total -= entry.words.ids.length;
      continue;
    }
    const { source, words } = entry;
    const bytes = Buffer.from(source.text, 'utf8');
    textParts.push(bytes);
    const ids = array(words.ids);
    const starts = array(words.starts);
    // In `SourceSlot` order.
    rows.push(entry.docId, facts.size, facts.mtimeMs, source.bodyStart, source.wordCount, textBytes, bytes.length);
    rows.push(ids.offset, ids.length, starts.offset, starts.length, words.starts.BYTES_PER_ELEMENT === 2 ? 2 : 4, zlib.crc32(bytes));
    textBytes += bytes.length;
    sources.push({
      uri: source.uri,
      key: source.key,
      meta: source.meta,
      ...(source.warnings.length > 0 ? { warnings: source.warnings } : {}),
      ...(source.catalogued ? { catalogued: true as const } : {}),
      format: source.format,
      ...(source.pages ? { pages: { starts: [...source.pages.starts], labels: [...source.pages.labels] } } : {}),
      ...(source.cues ? { cues: plainCues(source.cues) } : {}),
      ...(source.origin ? { origin: [array(source.origin.textOffsets), array(source.origin.lines), array(source.origin.characters)] as const } : {}),
    });
  }
  const skipped: CachedSkip[] = [];
  for (const skip of snapshot.skipped) {
    try {
      const stat = fs.statSync(new URL(skip.uri));
      skipped.push({ uri: skip.uri, size: stat.size, mtimeMs: stat.mtimeMs, reason: skip.reason });
    } catch {
      // Unreadable or gone: nothing to remember; it is checked again next time.
    }
  }
  const segments: CachedSegment[] = snapshot.segments.map((s) => ({
    tokenCount: s.tokenCount,
    docIds: array(s.docIds),
    docStarts: array(s.docStarts),
    keys: array(s.keys),
    offsets: array(s.offsets),
    postings: array(s.postings),
  }));
  const frequencies = { counts: array(counts), total };
  const tableBytes = new Float64Array(rows);
  const table = add(new Uint8Array(tableBytes.buffer));
  const texts = add(Buffer.concat(textParts, textBytes));
  const header = Buffer.from(JSON.stringify({ vocabulary, texts, sources, table, skipped, segments, frequencies } satisfies CacheHeader), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(FORMAT_VERSION, 16);
  prefix.writeUInt32LE(header.length, 20);
  prefix.writeUInt32LE(offset, 24);
  // The texts area is the body's last: a restart leaves it on disk (`IndexTexts`).
  prefix.writeUInt32LE(offset - texts.offset, 32);
  const headerPad = new Uint8Array(align8(PREFIX_BYTES + header.length) - PREFIX_BYTES - header.length);
  let crc = zlib.crc32(prefix.subarray(CHECKED_FROM));
  crc = zlib.crc32(header, crc);
  crc = zlib.crc32(headerPad, crc);
  for (const chunk of chunks) crc = zlib.crc32(chunk, crc);
  prefix.writeUInt32LE(crc, 28);
  const temporary = temporaryName(file);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(temporary, 'w');
    try {
      for (const part of [prefix, header, headerPad, ...chunks]) fs.writeSync(fd, part);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
    return undefined;
  } catch (error) {
    // An index file that cannot be written only costs time at the next start; never fail the load for it.
    fs.rmSync(temporary, { force: true });
    return `could not be written: ${describeFsError(error)}`;
  }
}

function readVocabulary(body: Buffer, ref: ArrayRef): string[] {
  if (ref.length === 0) return [];
  return body.toString('utf8', ref.offset, ref.offset + ref.length).split('\n');
}

function segmentOf(s: CachedSegment, body: Buffer): Segment {
  return {
    tokenCount: s.tokenCount,
    docIds: u32(body, s.docIds),
    docStarts: u32(body, s.docStarts),
    keys: u32(body, s.keys),
    offsets: u32(body, s.offsets),
    postings: u32(body, s.postings),
  };
}

/** A Uint32Array over part of the body (copied when the buffer is not 4-byte aligned). */
function u32(body: Buffer, ref: ArrayRef): Uint32Array {
  const start = body.byteOffset + ref.offset;
  if (start % 4 === 0) return new Uint32Array(body.buffer, start, ref.length / 4);
  return new Uint32Array(body.buffer.slice(start, start + ref.length));
}

/** A Float64Array over part of the body (copied when the buffer is not 8-byte aligned). */
function f64(body: Buffer, ref: ArrayRef): Float64Array {
  const start = body.byteOffset + ref.offset;
  if (start % 8 === 0) return new Float64Array(body.buffer, start, ref.length / 8);
  return new Float64Array(body.buffer.slice(start, start + ref.length));
}

/** A Uint16Array over part of the body (copied when the buffer is not 2-byte aligned). */
function u16(body: Buffer, ref: ArrayRef): Uint16Array {
  const start = body.byteOffset + ref.offset;
  if (start % 2 === 0) return new Uint16Array(body.buffer, start, ref.length / 2);
  return new Uint16Array(body.buffer.slice(start, start + ref.length));
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** A transcript's cues as plain arrays, for the index file's header. */
function plainCues(cues: SourceCues): SourceCues {
  const words = cues.words ? { words: { starts: [...cues.words.starts], times: [...cues.words.times] } } : {};
  return { starts: [...cues.starts], times: [...cues.times], ends: [...cues.ends], speakerOf: [...cues.speakerOf], speakers: [...cues.speakers], ...words };
}
