import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { threadId } from 'node:worker_threads';

/**
 * Housekeeping of index files. Each library's index lives in a folder of its own under a
 * cache root (`$XDG_CACHE_HOME/verbatim`, else `~/.cache/verbatim`; VS Code gives the server a
 * workspace storage folder instead), with `used.json` saying which source folders it indexes and
 * when it was last used. Indexes unused for `MAX_AGE_DAYS` are removed, and then, while all of them
 * together exceed `MAX_TOTAL_BYTES`, the least recently used ones: never the one in use.
 */

/** An index unused for this long is removed. */
export const MAX_AGE_DAYS = 60;
/** The indexes under one root may take this much together; beyond it the least recently used go. */
export const MAX_TOTAL_BYTES = 2 * 1024 ** 3;

const USED_FILE = 'used.json';
const INDEX_FILE = 'index.bin';
/** Folder of parsed bibliographies under the root (see `bibliographyCache`). */
const BIBLIOGRAPHIES = 'bibliographies';

/** One index file, as `verbatim cache list` shows it. */
export interface CachedIndex {
  readonly dir: string;
  /** The source folders it indexes; empty when not recorded (an index written before this was kept). */
  readonly folders: readonly string[];
  readonly bytes: number;
  readonly lastUsed: Date;
}

/** What a cache root holds. */
export interface CacheContents {
  readonly root: string;
  readonly indexes: readonly CachedIndex[];
  /** Parsed bibliographies (one small file each). */
  readonly bibliographies: { readonly files: number; readonly bytes: number };
}

/** The default cache root: `$XDG_CACHE_HOME/verbatim`, else `~/.cache/verbatim`. */
export function defaultCacheRoot(): string {
  return path.join(process.env['XDG_CACHE_HOME'] || path.join(os.homedir(), '.cache'), 'verbatim');
}

/** Notes that the index in `dir` serves `folders` now (what pruning and `cache list` read). */
export function recordCacheUse(dir: string, folders: readonly string[], now = new Date()): void {
  const file = path.join(dir, USED_FILE);
  const temporary = temporaryName(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temporary, JSON.stringify({ folders: [...folders], lastUsed: now.toISOString() }));
    fs.renameSync(temporary, file);
  } catch {
    // Without the note the index is only pruned earlier (by its file's age); never fail a load for it.
    fs.rmSync(temporary, { force: true });
  }
}

/** A temporary file beside `file` is older than this when its writer is surely gone (a write takes seconds). */
const TEMPORARY_MAX_AGE_MS = 60 * 60 * 1000;
/** `<name>.<pid>.tmp` (written before threads were named) or `<name>.<pid>-<thread>-<count>.tmp`. */
const TEMPORARY = /\.(\d+)(?:-\d+-\d+)?\.tmp$/;
let temporaries = 0;

/**
 * A name for a temporary file beside `file`, never the same twice in this machine's running
 * processes: two servers (two windows) on one cache folder, or a worker thread and the main thread
 * of one, each write their own temporary and rename it over `file`, so no write is mixed with another.
 */
export function temporaryName(file: string): string {
  return `${file}.${process.pid}-${threadId}-${++temporaries}.tmp`;
}

/**
 * Removes the temporary files in `dir` that an interrupted write left: those of a process that is
 * gone, and any older than an hour. Returns the names removed.
 */
export function removeLeftoverTemporaries(dir: string, now = Date.now()): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // no folder yet: nothing left over
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = TEMPORARY.exec(name)?.[1];
    if (pid === undefined) continue;
    const file = path.join(dir, name);
    try {
      const old = now - fs.statSync(file).mtimeMs > TEMPORARY_MAX_AGE_MS;
      if (!old && (Number(pid) === process.pid || processAlive(Number(pid)))) continue;
      fs.rmSync(file, { force: true });
      removed.push(name);
    } catch {
      // Removed meanwhile by its writer (renamed into place) or by another server: nothing to do.
    }
  }
  return removed;
}

/** Whether a process runs; one of another user's (EPERM) runs too. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The indexes and bibliographies under `root`, most recently used first; empty when there is no root. */
export function listCaches(root: string): CacheContents {
  const indexes: CachedIndex[] = [];
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    // No cache root yet: nothing persisted.
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name === BIBLIOGRAPHIES) continue;
    const index = readIndexFolder(path.join(root, entry.name));
    if (index) indexes.push(index);
  }
  indexes.sort((a, b) => b.lastUsed.getTime() - a.lastUsed.getTime());
  const bibliographies = folderFiles(path.join(root, BIBLIOGRAPHIES));
  return { root, indexes, bibliographies: { files: bibliographies.length, bytes: bibliographies.reduce((n, f) => n + f.bytes, 0) } };
}

/**
 * Removes indexes unused for `maxAgeDays`, then the least recently used while the rest exceed
 * `maxTotalBytes`; `keep` (the index in use) stays whatever its age. Returns what was removed.
 */
export function pruneCaches(
  root: string,
  options: { keep?: string; now?: Date; maxAgeDays?: number; maxTotalBytes?: number } = {},
): CachedIndex[] {
  const now = options.now ?? new Date();
  const maxAgeMs = (options.maxAgeDays ?? MAX_AGE_DAYS) * 24 * 3600 * 1000;
  const maxTotal = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
  const keep = options.keep === undefined ? undefined : path.resolve(options.keep);
  const removed: CachedIndex[] = [];
  let total = 0;
  // Most recently used first: what fits under the size cap is kept, in that order.
  for (const index of listCaches(root).indexes) {
    const kept = path.resolve(index.dir) === keep;
    const tooOld = now.getTime() - index.lastUsed.getTime() > maxAgeMs;
    if (!kept && (tooOld || total + index.bytes > maxTotal)) {
      if (removeFolder(index.dir)) removed.push(index);
      continue;
    }
    total += index.bytes;
  }
  return removed;
}

/** Removes every index and parsed bibliography under `root` (nothing else there). Returns how many indexes and bytes. */
export function clearCaches(root: string): { indexes: number; bytes: number } {
  const contents = listCaches(root);
  let indexes = 0;
  let bytes = 0;
  for (const index of contents.indexes) {
    if (removeFolder(index.dir)) {
      indexes++;
      bytes += index.bytes;
    }
  }
  if (contents.bibliographies.files > 0 && removeFolder(path.join(root, BIBLIOGRAPHIES))) bytes += contents.bibliographies.bytes;
  return { indexes, bytes };
}

/** An index folder: one holding `index.bin` or `used.json`; undefined for anything else. */
function readIndexFolder(dir: string): CachedIndex | undefined {
  const files = folderFiles(dir);
  const index = files.find((f) => f.name === INDEX_FILE);
  if (index === undefined && !files.some((f) => f.name === USED_FILE)) return undefined;
  let folders: string[] = [];
  let lastUsed = index?.mtime ?? new Date(0);
  try {
    const used = JSON.parse(fs.readFileSync(path.join(dir, USED_FILE), 'utf8')) as { folders?: unknown; lastUsed?: unknown };
    if (Array.isArray(used.folders)) folders = used.folders.filter((f): f is string => typeof f === 'string');
    const at = typeof used.lastUsed === 'string' ? new Date(used.lastUsed) : undefined;
    if (at && !Number.isNaN(at.getTime())) lastUsed = at;
  } catch {
    // No note (or a damaged one): the index file's time stands for the last use.
  }
  return { dir, folders, bytes: files.reduce((n, f) => n + f.bytes, 0), lastUsed };
}

function folderFiles(dir: string): Array<{ name: string; bytes: number; mtime: Date }> {
  try {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      if (!entry.isFile()) return [];
      const stat = fs.statSync(path.join(dir, entry.name));
      return [{ name: entry.name, bytes: stat.size, mtime: stat.mtime }];
    });
  } catch {
    return []; // gone or unreadable: nothing to count
  }
}

function removeFolder(dir: string): boolean {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  } catch {
    return false; // in use elsewhere or not ours to remove: it is tried again next time
  }
}

/** The default cache folder for a set of source folders (under the user's cache directory). */
export function defaultCacheDir(folders: readonly string[]): string {
  const hash = crypto.createHash('sha256').update(JSON.stringify(folders.map((f) => path.resolve(f)))).digest('hex').slice(0, 16);
  return path.join(defaultCacheRoot(), hash);
}
