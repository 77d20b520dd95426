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
const FORMAT_VERSION = 7;
const PREFIX_BYTES = 32;

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
    const { header, body } = cache;
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
      const entry = facts && cached && cached.size === facts.size && cached.mtimeMs === facts.mtimeMs ? reuse(cached, display(file), body, header.texts, options.fullTexts?.get(file)) : undefined;
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
function reuse(cached: CachedSource, shownPath: string, body: Buffer, texts: ArrayRef, declared?: DeclaredIdentity): IndexedSource | undefined {
  // A file that was an entry's full text and is no longer one has its own key again: read it anew.
  if (cached.catalogued && declared === undefined) return undefined;
  // A restart decodes no text: each is decoded from the index when first read (a hover, a quote's
  // passage), which saves decoding the whole library's text (hundreds of milliseconds in L).
  const [offset, length] = cached.text;
  let text: string | undefined;
  const source: Source = {
    key: cached.key,
    uri: cached.uri,
    path: shownPath,
    get text(): string {
      return (text ??= body.toString('utf8', texts.offset + offset, texts.offset + offset + length));
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
 * Reads and checks the persisted index. The file is read in chunks, each checksummed while the file
 * system reads the next (on its own thread), so the checksum costs no second pass after the read.
 */
async function readCache(file: string): Promise<{ header: CacheHeader; body: Buffer } | { problem: string }> {
  let data: Buffer;
  let crc = 0;
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const size = (await handle.stat()).size;
    data = Buffer.allocUnsafe(size);
    const fill = (at: number): Promise<number> =>
      at >= size ? Promise.resolve(0) : handle!.read(data, at, Math.min(READ_CHUNK, size - at), at).then((r) => r.bytesRead);
    let at = 0;
    let next = fill(0);
    while (at < size) {
      const got = await next;
      if (got === 0) break; // shorter than it was a moment ago: the length check below says so
      const from = at;
      at += got;
      next = fill(at);
      // The checksum covers everything after the fixed prefix.
      if (at > PREFIX_BYTES) crc = zlib.crc32(data.subarray(Math.max(from, PREFIX_BYTES), at), crc);
    }
    if (at < size) data = data.subarray(0, at);
  } catch (error) {
    return { problem: `no cache yet (${describeFsError(error)})` };
  } finally {
    await handle?.close();
  }
  if (data.length < PREFIX_BYTES || data.toString('latin1', 0, 16) !== MAGIC) return { problem: 'cache is not a Verbatim index' };
  const version = data.readUInt32LE(16);
  if (version !== FORMAT_VERSION) return { problem: `cache has format ${version}, not ${FORMAT_VERSION}` };
  const headerLength = data.readUInt32LE(20);
  const bodyLength = data.readUInt32LE(24);
  const bodyStart = align8(PREFIX_BYTES + headerLength);
  if (bodyStart + bodyLength !== data.length) return { problem: 'cache is truncated or padded' };
  if (crc !== data.readUInt32LE(28)) return { problem: 'cache checksum does not match (damaged)' };
  try {
    const header = JSON.parse(data.toString('utf8', PREFIX_BYTES, PREFIX_BYTES + headerLength)) as CacheHeader;
    const body = data.subarray(bodyStart);
    return { header, body };
  } catch {
    return { problem: 'cache header is unreadable' };
  }
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
  const headerPad = new Uint8Array(align8(PREFIX_BYTES + header.length) - PREFIX_BYTES - header.length);
  let crc = zlib.crc32(header);
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
