import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DeclaredIdentity, SkippedSource, Source } from '../core/library/source';
import { SourceLibrary, type IndexedSource } from '../core/library/sourceLibrary';
import { removeLeftoverTemporaries } from '../indexFile/cacheFolder';
import { fileUris } from '../indexFile/files';
import type { IndexTextsFaults } from '../indexFile/indexTexts';
import { readIndexFile, writeIndexFile, type FileFacts, type RestoredIndex } from '../indexFile/indexFile';
import { listSourceFiles, loadSourceFile } from './sourceFiles';

/**
 * Opening a library from disk, for the CLI, the language server's worker and the bench alike: list
 * the source files, reuse the index file's sources whose files are unchanged, read and index the rest,
 * and write the index file again when anything changed.
 */

/** What a load did: how many sources came from the cache and how many were read and indexed anew. */
export interface LoadResult {
  readonly library: SourceLibrary;
  readonly fromCache: number;
  readonly read: number;
  /** Why the cache was not used, when it was not (missing, damaged, old format). */
  readonly cacheProblem?: string;
  /** The index file the cached sources were restored from (their word arrays are views into it). */
  readonly restored?: RestoredIndex;
}

/** Options of a load: where the index file lives, and what paths are shown relative to. */
export interface LoadOptions {
  readonly cacheDir?: string;
  readonly base?: string;
  /** When set, files and folders whose real path lies outside these are left out (see `listSourceFiles`). */
  readonly within?: readonly string[];
  /** Told after each file read (files done, of all files); cheap to call, it may throttle itself. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Files that are bibliography entries' full texts, with the key and metadata each entry gives; loaded too. */
  readonly fullTexts?: ReadonlyMap<string, DeclaredIdentity>;
  /**
   * Told, as soon as the index file is read, the sources it holds (key, metadata, path; the
   * text empty), whether or not their files changed since, so that key completion can answer from
   * them while the load goes on; undefined when there is no usable index (told before any file is
   * read). The load goes on once what it returns is settled.
   */
  readonly onIndexRead?: (sources: readonly Source[] | undefined) => void | Promise<void>;
  /**
   * An open descriptor of `cacheDir`'s index file, which the caller owns: the index is read through
   * it and it is never closed here. (The language server opens the file on its main thread, which
   * takes the texts over: a worker thread's own descriptors are closed when it ends.)
   */
  readonly indexFd?: number;
  /** Told when the index file fails its texts later (changed on disk while in use); default: nothing is told. */
  readonly faults?: IndexTextsFaults;
}

/** Loads the sources of `folders` into a new library, reusing the index file where files are unchanged. */
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
 * Loads the given source files into a new library, reusing the index file where files are
 * unchanged; formats whose extraction is asynchronous (PDF) are awaited before the index is written.
 * Given a function, it lists the files once the index was read (and `onIndexRead` told).
 */
export async function loadLibraryFiles(listed: readonly string[] | (() => readonly string[]), options: LoadOptions = {}): Promise<LoadResult> {
  const base = options.base ?? process.cwd();
  const library = new SourceLibrary();
  const display = displayPaths(base);
  const cacheFile = options.cacheDir ? path.join(options.cacheDir, 'index.bin') : undefined;
  // Temporaries an interrupted write left (a crash, a killed window) go, whatever this load does.
  if (options.cacheDir) removeLeftoverTemporaries(options.cacheDir);
  const cache = cacheFile ? await readIndexFile(cacheFile, options.indexFd, options.faults) : { problem: 'no cache folder' };
  let files: readonly string[] = [];
  const list = (): readonly string[] => (files = typeof listed === 'function' ? listed() : listed);
  let fromCache = 0;
  let read = 0;
  const fresh: string[] = [];
  let restored: RestoredIndex | undefined;
  if (!('problem' in cache)) {
    const told = options.onIndexRead ? cache.heads(display) : undefined;
    if (told) await options.onIndexRead!(told);
    list();
    const entries: IndexedSource[] = [];
    const skipped: SkippedSource[] = [];
    const fileUri = fileUris();
    for (const file of files) {
      const found = cache.lookup(fileUri(file), statFile(file), display(file), options.fullTexts?.get(file));
      if (found === undefined) fresh.push(file);
      else if ('skipped' in found) skipped.push(found.skipped);
      else {
        entries.push(found.entry);
        fromCache++;
      }
    }
    restored = cache.restoreInto(library, entries, skipped, told);
  } else {
    await options.onIndexRead?.(undefined);
    fresh.push(...list());
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
  if (cacheFile && (read > 0 || 'problem' in cache || fromCache !== cache.size)) {
    writeIndexFile(cacheFile, library);
  }
  return { library, fromCache, read, ...('problem' in cache ? { cacheProblem: cache.problem } : {}), ...(restored ? { restored } : {}) };
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
