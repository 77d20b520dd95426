import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeFsError } from '../indexFile/files';
import type { DeclaredIdentity, ExtractedParts, SourceLimits } from '../core/library/source';
import { isReadFailure, type ReadResult } from '../readers/sourceReader';
import { readerFor, SOURCE_EXTENSIONS } from '../readers/sourceReaders';

export { SOURCE_EXTENSIONS };

/** The text Zotero extracted from an attachment, kept beside it in the storage folder. */
export const ZOTERO_FULL_TEXT = '.zotero-ft-cache';

/** Folders never searched for sources or drafts. */
const IGNORED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.vscode-test', 'out', 'dist']);

/** Whether a path names a possible source file. */
export function isSourcePath(file: string): boolean {
  return SOURCE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/**
 * Every source-like file under `folder` (or every file `accept` takes), sorted, following no symbolic link into a loop. With
 * `within`, anything whose real path lies outside those folders (a link that escapes) is reported
 * and left out: what an untrusted workspace's settings may not reach. `onLink` is told each
 * symbolic link (to a folder or to a source file) that the walk follows.
 */
export function listSourceFiles(
  folder: string,
  onProblem: (file: string, reason: string) => void,
  within?: readonly string[],
  accept: (name: string) => boolean = isSourcePath,
  onLink?: (link: string) => void,
): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const roots = within?.map(realOrSelf);
  const escapes = (real: string): boolean => roots !== undefined && !roots.some((root) => isInside(real, root));
  const walk = (dir: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (error) {
      onProblem(dir, describeFsError(error));
      return;
    }
    if (escapes(real)) {
      onProblem(dir, `outside the workspace (${real}); only the user's own settings may name such folders`);
      return;
    }
    if (seen.has(real)) {
      onProblem(dir, 'symbolic link loop (folder already read)');
      return;
    }
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      onProblem(dir, describeFsError(error));
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name);
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(full))) {
        if (entry.isSymbolicLink()) onLink?.(full);
        if (!IGNORED_DIRS.has(entry.name)) walk(full);
      } else if (accept(entry.name)) {
        if (roots !== undefined && entry.isSymbolicLink() && escapes(realOrSelf(full))) {
          onProblem(full, 'a link to a file outside the workspace; only the user\'s own settings may name such files');
        } else {
          if (entry.isSymbolicLink()) onLink?.(full);
          files.push(full);
        }
      }
    }
  };
  walk(folder);
  return files;
}

/**
 * Whether `listSourceFiles(folder)` walks by name to `file` (a file, or a folder with `isFolder`):
 * it lies below `folder` with no hidden file or folder and no ignored folder on the way. Links are
 * not looked at (a loop or an escape is the walk's to find).
 */
export function isWalkedPath(folder: string, file: string, isFolder = false): boolean {
  const relative = path.relative(folder, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep);
  return parts.every((part, i) => !part.startsWith('.') && ((i === parts.length - 1 && !isFolder) || !IGNORED_DIRS.has(part)));
}

/** Whether `file` is `folder` or lies below it (both real, absolute paths). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of a file, or the path itself when it cannot be resolved. */
export function realOrSelf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    // Missing or looping: callers report it when they read it; compare the path as written.
    return path.resolve(file);
  }
}

/** Whether `file` is a folder, following links (false when it does not exist or cannot be read). */
export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    // A dangling or looping link is not a folder; reading it as a file reports the problem.
    return false;
  }
}

/** Where `loadSourceFile` puts what it read: a `SourceLibrary`, or the archive loader's reader. */
export interface SourceSink {
  readonly limits: SourceLimits;
  addText(file: { uri: string; path: string; text: string; extracted?: ExtractedParts; declared?: DeclaredIdentity }): unknown;
  skip(uri: string, path: string, reason: string): unknown;
}

/**
 * Reads one file into the library through the reader of its format (or records why it cannot be a
 * source); `declared` when it is a bibliography entry's full text. Text and HTML are read at once; a
 * heavy format (PDF) returns a promise that settles once its text was extracted and added. The
 * promise never rejects.
 */
export function loadSourceFile(library: SourceSink, file: string, displayPath = file, declared?: DeclaredIdentity): Promise<void> | undefined {
  const uri = pathToFileURL(file).href;
  // Zotero's full-text cache is plain text (pages end in form feeds), whatever its name says.
  const reader = path.basename(file) === ZOTERO_FULL_TEXT ? readerFor('.txt') : readerFor(file);
  if (reader === undefined) {
    library.skip(uri, displayPath, `not a source format (${SOURCE_EXTENSIONS.join(', ')})`);
    return undefined;
  }
  let bytes: Uint8Array;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      library.skip(uri, displayPath, 'not a regular file');
      return undefined;
    }
    const limit = reader.maxFileBytes ?? library.limits.maxBytes;
    if (stat.size > limit) {
      library.skip(uri, displayPath, `too large (${(stat.size / 1024 / 1024).toFixed(1)} MB; the limit is ${(limit / 1024 / 1024).toFixed(0)} MB)`);
      return undefined;
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    library.skip(uri, displayPath, describeFsError(error));
    return undefined;
  }
  const add = (result: ReadResult): void => {
    if (isReadFailure(result)) library.skip(uri, displayPath, result.reason);
    else library.addText({ uri, path: displayPath, text: result.text, ...(result.extracted ? { extracted: result.extracted } : {}), ...(declared ? { declared } : {}) });
  };
  let result: ReadResult | Promise<ReadResult>;
  try {
    result = reader.read(bytes, library.limits);
  } catch (error) {
    // Readers report bad input as a reason; an exception is a reader's bug, still only this file's loss.
    add({ reason: `could not be read as ${reader.format}: ${(error as Error).message}` });
    return undefined;
  }
  if (!(result instanceof Promise)) {
    add(result);
    return undefined;
  }
  return result.then(add, (error: unknown) => add({ reason: `could not be read as ${reader.format}: ${(error as Error).message}` }));
}

/** The seed articles that ship with Verbatim (the package's `seeds/` folder). */
export function bundledSeedsFolder(): string {
  // The bundles live in `dist/`; this file in `server/src/library/`: look upwards for `seeds/`.
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, 'seeds');
    if (fs.existsSync(path.join(candidate)) && fs.existsSync(path.join(dir, 'package.json'))) return candidate;
    dir = path.dirname(dir);
  }
  return path.join(__dirname, '..', 'seeds');
}

/** When the bundled seed articles are part of the library (setting `verbatim.bundledSources`). */
export type BundledSources = 'auto' | 'always' | 'never';

/** Whether the bundled seeds are in the library: `always`, or `auto` when no source of the user's own is usable. */
export function usesBundledSeeds(mode: BundledSources, ownSources: number): boolean {
  return mode === 'always' || (mode === 'auto' && ownSources === 0);
}
