import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import type { Segment } from '../core/passageIndex';
import type { SourcePages } from '../core/pages';
import { withIdentity, type DeclaredIdentity, type SkippedSource, type Source } from '../core/source';
import { SourceLibrary, type IndexedSource } from '../core/sourceLibrary';
import { defaultCacheRoot } from './cacheHousekeeping';
import { describeFsError, listSourceFiles, loadSourceFile } from './libraryLoader';

/**
 * The persisted index: a library's texts, words, postings and metadata in one binary file, so a
 * restart reads and indexes again only the sources whose path, size or modification time changed.
 * A damaged, truncated or old-format file fails its checks and is rebuilt, never trusted.
 */

const MAGIC = 'VERBATIM-INDEX\u0000\u0000';
const FORMAT_VERSION = 8;
/** Magic, version, header and body lengths, checksum, then the length of the body's texts area (its end). */
const PREFIX_BYTES = 40;
/** Where the checksum starts: after itself, so it covers the texts area's length too. */
const CHECKED_FROM = 32;

/** What a load did: how many sources came from the cache and how many were read and indexed anew. */
export interface LoadResult {
  readonly library: SourceLibrary;
  readonly fromCache: number;
  readonly read: number;
  /** Why the cache was not used, when it was not (missing, damaged, old format). */
  readonly cacheProblem?: string;
}

interface ArrayRef {
  readonly offset: number;
  readonly length: number;
}

interface CachedSource {
  readonly docId: number;
  readonly uri: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly key: string;
  readonly bodyStart: number;
  readonly meta: Source['meta'];
  readonly wordCount: number;
  readonly warnings: readonly string[];
  /** Set when the source was an entry's full text (its key and metadata came from the entry). */
  readonly catalogued?: true;
  /** The text's UTF-8 bytes in the texts area: [offset, length] (decoded when first read). */
  readonly text: readonly [number, number];
  readonly ids: ArrayRef;
  readonly starts: ArrayRef;
  /** Bytes per word start: 2 in a text shorter than 65,536 code units, else 4. */
  readonly startBytes: 2 | 4;
  /** The reader that made the text (`text`, `html`, `pdf`). */
  readonly format: string;
  readonly pages?: SourcePages;
  /** An extracted text's anchors in its file: text offsets, lines, characters. */
  readonly origin?: readonly [ArrayRef, ArrayRef, ArrayRef];
}

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
  readonly skipped: readonly CachedSkip[];
  readonly segments: readonly CachedSegment[];
}

interface FileFacts {
  readonly size: number;
  readonly mtimeMs: number;
}

/** The default cache folder for a set of source folders (under the user's cache directory). */
export function defaultCacheDir(folders: readonly string[]): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(folders.map((f) => path.resolve(f)))).digest('hex').slice(0, 16);
  return path.join(defaultCacheRoot(), hash);
}

/** Options of a load: where the persisted index lives, and what paths are shown relative to. */
export interface LoadOptions {
  readonly cacheDir?: string;
  readonly base?: string;
  /** When set, files and folders whose real path lies outside these are left out (see `listSourceFiles`). */
  readonly within?: readonly string[];
  /** Told after each file read (files done, of all files); cheap to call, it may throttle itself. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Files that are bibliography entries' full texts, with the key and metadata each entry gives; loaded too. */
  readonly fullTexts?: ReadonlyMap<string, DeclaredIdentity>;
}

/** Loads the sources of `folders` into a new library, reusing the persisted index where files are unchanged. */
export async function loadLibrary(folders: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const base = options.base ?? process.cwd();
  const problems: Array<[string, string]> = [];
  const files: string[] = [];
  for (const folder of folders) files.push(...listSourceFiles(folder, (where, reason) => problems.push([where, reason]), options.within));
  const listed = new Set(files);
  for (const file of options.fullTexts?.keys() ?? []) if (!listed.has(file)) files.push(file);
  const result = await loadLibraryFiles(files, options);
  for (const [where, reason] of problems) result.library.skip(pathToFileURL(where).href, path.relative(base, where) || where, reason);
  return result;
}

/**
 * Loads the given source files into a new library, reusing the persisted index where files are
 * unchanged; formats whose extraction is asynchronous (PDF) are awaited before the index is written.
 */
export async function loadLibraryFiles(files: readonly string[], options: LoadOptions = {}): Promise<LoadResult> {
  const base = options.base ?? process.cwd();
  const library = new SourceLibrary();
  const display = displayPaths(base);
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, 'index.bin') : undefined;
  const cache = cacheFile ? await readCache(cacheFile) : { problem: 'no cache folder' };
  let fromCache = 0;
  let read = 0;
  const fresh: string[] = [];
  if ('header' in cache) {
    const { header, body, texts } = cache;
    const byUri = new Map(header.sources.map((s) => [s.uri, s]));
    const skipsByUri = new Map(header.skipped.map((s) => [s.uri, s]));
    const vocabulary = readVocabulary(body, header.vocabulary);
    const entries: IndexedSource[] = [];
    const skipped: SkippedSource[] = [];
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      const facts = statFile(file);
      const cachedSkip = skipsByUri.get(uri);
      if (facts && cachedSkip && cachedSkip.size === facts.size && cachedSkip.mtimeMs === facts.mtimeMs) {
        skipped.push({ uri, path: display(file), reason: cachedSkip.reason });
        continue;
      }
      const cached = byUri.get(uri);
      const entry = facts && cached && cached.size === facts.size && cached.mtimeMs === facts.mtimeMs ? reuse(cached, display(file), body, texts, options.fullTexts?.get(file)) : undefined;
      if (entry) {
        entries.push(entry);
        fromCache++;
      } else {
        fresh.push(file);
      }
    }
    library.restore({ vocabulary, entries, skipped, segments: header.segments.map((s) => segmentOf(s, body)) });
  } else {
    fresh.push(...files);
  }
  options.onProgress?.(files.length - fresh.length, files.length);
  for (const file of fresh) {
    // One extraction at a time: pdf.js runs on this thread anyway, and a folder of PDFs must not be
    // held in memory all at once.
    const pending = loadSourceFile(library, file, display(file), options.fullTexts?.get(file));
    if (pending) await pending;
    read++;
    options.onProgress?.(files.length - fresh.length + read, files.length);
  }
  library.index.prepare();
  if (cacheFile && (read > 0 || !('header' in cache) || fromCache !== cache.header.sources.length)) {
    writeCache(cacheFile, library);
  }
  return { library, fromCache, read, ...('problem' in cache ? { cacheProblem: cache.problem } : {}) };
}

/**
 * Paths as shown, relative to `base`: a plain cut for files below it (path.relative resolves both
 * paths every time, which costs tens of milliseconds over a large library).
 */
function displayPaths(base: string): (file: string) => string {
  const root = path.resolve(base) + path.sep;
  return (file) => (file.startsWith(root) && path.isAbsolute(file) ? file.slice(root.length) : path.relative(base, file) || file);
}

function statFile(file: string): FileFacts | undefined {
  try {
    const stat = fs.statSync(file);
    return { size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined; // gone since it was listed: it will be read (and reported) as a fresh file
  }
}

/**
 * A cached source whose file kept its size and time: rebuilt from the index alone, no file read.
 * An entry's full text takes the entry's current key and metadata (the bibliography may have changed).
 */
function reuse(cached: CachedSource, shownPath: string, body: Buffer, texts: IndexTexts, declared?: DeclaredIdentity): IndexedSource | undefined {
  // A file that was an entry's full text and is no longer one has its own key again: read it anew.
  if (cached.catalogued && declared === undefined) return undefined;
  // A restart reads no text: each is read from the index file and decoded when first asked for (a
  // hover, a quote's passage), which saves a third of the index file's memory (a second at L).
  const [offset, length] = cached.text;
  let text: string | undefined;
  const source: Source = {
    key: cached.key,
    uri: cached.uri,
    path: shownPath,
    get text(): string {
      return (text ??= texts.read(offset, length));
    },
    bodyStart: cached.bodyStart,
    meta: cached.meta,
    wordCount: cached.wordCount,
    warnings: cached.warnings,
    format: cached.format,
    ...(cached.pages ? { pages: cached.pages } : {}),
    ...(cached.origin
      ? { origin: { textOffsets: u32(body, cached.origin[0]), lines: u32(body, cached.origin[1]), characters: u32(body, cached.origin[2]) } }
      : {}),
  };
  return { docId: cached.docId, source: declared ? withIdentity(source, declared) : source, words: { ids: u32(body, cached.ids), starts: cached.startBytes === 2 ? u16(body, cached.starts) : u32(body, cached.starts) } };
}

/** Bytes read from the index file at a time; the checksum of one chunk runs while the next is read. */
const READ_CHUNK = 8 * 1024 * 1024;

/**
 * The texts area of an index file, left on disk: each text is read and decoded when first asked for.
 * Memory a process touches for the first time is what a restart costs most (the texts are a third of
 * the file), and most texts are never read in a session. The file stays open so a later rewrite of
 * the index (a rename over it) cannot change what is read; the descriptor is closed once every text
 * was read or when the library is collected.
 */
class IndexTexts {
  private unread: number;

  constructor(
    private readonly file: string,
    private fd: number | undefined,
    /** Where the texts area starts in the file. */
    private readonly start: number,
    count: number,
  ) {
    this.unread = count;
    if (fd !== undefined) closeWhenCollected.register(this, fd, this);
    if (count === 0) this.close();
  }

  /** The text stored at `[offset, offset + length)` of the texts area (each is read once by its source). */
  read(offset: number, length: number): string {
    const fd = this.fd;
    // Only reachable when every text was read already: a source reads its own text once.
    if (fd === undefined) throw new Error(`persisted index ${this.file}: text read after the file was closed`);
    const bytes = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      // An I/O error on a file held open since it passed its checksum is a fault of the machine, not
      // bad input: it escapes, as a failed read of any file the process holds would.
      const n = fs.readSync(fd, bytes, got, length - got, this.start + offset + got);
      if (n === 0) throw new Error(`persisted index ${this.file}: shorter than when it was checked`);
      got += n;
    }
    if (--this.unread === 0) this.close();
    return bytes.toString('utf8', 0, length);
  }

  private close(): void {
    if (this.fd === undefined) return;
    closeWhenCollected.unregister(this);
    fs.close(this.fd, () => undefined); // nothing to do about a failed close of a read-only descriptor
    this.fd = undefined;
  }
}

const closeWhenCollected = new FinalizationRegistry<number>((fd) => fs.close(fd, () => undefined));

function readAt(fd: number, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => fs.read(fd, buffer, offset, length, position, (error, n) => (error ? reject(error) : resolve(n))));
}

/**
 * Reads and checks the persisted index. All but the texts area is read into memory in chunks, each
 * checksummed while the file system reads the next (on its own thread), so the checksum costs no
 * second pass after the read; the texts area is checksummed through two small buffers that are
 * reused, and left on disk (`IndexTexts`).
 */
async function readCache(file: string): Promise<{ header: CacheHeader; body: Buffer; texts: IndexTexts } | { problem: string }> {
  let fd: number | undefined;
  try {
    fd = await new Promise<number>((resolve, reject) => fs.open(file, 'r', (error, opened) => (error ? reject(error) : resolve(opened))));
    const checked = await readChecked(fd);
    if ('problem' in checked) return checked;
    const { data, bodyStart, textsStart } = checked;
    try {
      const header = JSON.parse(data.toString('utf8', PREFIX_BYTES, checked.headerEnd)) as CacheHeader;
      const texts = new IndexTexts(file, fd, textsStart, header.sources.length);
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
  const data = Buffer.allocUnsafe(resident);
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

/** Whether `cacheDir` holds a persisted index (not checked: loading checks it). */
export function hasLibraryCache(cacheDir: string): boolean {
  return fs.existsSync(path.join(cacheDir, 'index.bin'));
}

/** Persists a library's index into `cacheDir` (after file events changed it). */
export function saveLibraryCache(library: SourceLibrary, cacheDir: string): void {
  writeCache(path.join(cacheDir, 'index.bin'), library);
}

/** Writes the library's index next to a temporary name, then renames it into place (atomic). */
function writeCache(file: string, library: SourceLibrary): void {
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
  const textParts: Buffer[] = [];
  let textBytes = 0;
  for (const entry of snapshot.entries) {
    let facts: FileFacts;
    try {
      const filePath = new URL(entry.source.uri);
      const stat = fs.statSync(filePath);
      facts = { size: stat.size, mtimeMs: stat.mtimeMs };
    } catch {
      continue; // not a file any more (or not on disk): it will be read again next time
    }
    const { source, words } = entry;
    const bytes = Buffer.from(source.text, 'utf8');
    textParts.push(bytes);
    const text = [textBytes, bytes.length] as const;
    textBytes += bytes.length;
    sources.push({
      docId: entry.docId,
      uri: source.uri,
      size: facts.size,
      mtimeMs: facts.mtimeMs,
      key: source.key,
      bodyStart: source.bodyStart,
      meta: source.meta,
      wordCount: source.wordCount,
      warnings: source.warnings,
      ...(source.catalogued ? { catalogued: true as const } : {}),
      text,
      ids: array(words.ids),
      starts: array(words.starts),
      startBytes: words.starts.BYTES_PER_ELEMENT === 2 ? 2 : 4,
      format: source.format,
      ...(source.pages ? { pages: { starts: [...source.pages.starts], labels: [...source.pages.labels] } } : {}),
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
  const texts = add(Buffer.concat(textParts, textBytes));
  const header = Buffer.from(JSON.stringify({ vocabulary, texts, sources, skipped, segments } satisfies CacheHeader), 'utf8');
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
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(temporary, 'w');
    try {
      for (const part of [prefix, header, headerPad, ...chunks]) fs.writeSync(fd, part);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch {
    // A cache that cannot be written only costs time at the next start; never fail the load for it.
    fs.rmSync(temporary, { force: true });
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

/** A Uint16Array over part of the body (copied when the buffer is not 2-byte aligned). */
function u16(body: Buffer, ref: ArrayRef): Uint16Array {
  const start = body.byteOffset + ref.offset;
  if (start % 2 === 0) return new Uint16Array(body.buffer, start, ref.length / 2);
  return new Uint16Array(body.buffer.slice(start, start + ref.length));
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
