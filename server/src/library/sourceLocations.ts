import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type { DeclaredIdentity } from '../core/library/source';
import { isInside, isSourcePath, listSourceFiles, realOrSelf } from './sourceFiles';

/** Where sources come from: a folder, or a glob evaluated below a workspace root. */
export interface SourceLocation {
  readonly root: string;
  /** The folder itself, or the root for a glob. */
  readonly folder: string;
  readonly glob: string | undefined;
  /** Set in an untrusted workspace for folders the workspace named: nothing outside `root` is read. */
  readonly confined: boolean;
  /** The real path of `root` (resolved once, for confined locations). */
  readonly realRoot: string;
}

/** Workspace trust, as the client reports it. */
export interface WorkspaceTrust {
  readonly trusted: boolean;
  /** Entries of `verbatim.sources` from the user's own settings, honoured even when untrusted. */
  readonly userEntries: readonly string[];
  /** Entries of `verbatim.bibliography` from the user's own settings, honoured even when untrusted. */
  readonly userBibliographies?: readonly string[];
}

/** Settings entries (`verbatim.sources`, `verbatim.bibliography`): the same for every root, or each root's own (multi-root). */
export type RootEntries = readonly string[] | ((root: string) => readonly string[]);

/** The entries that apply below `root`. */
export function entriesOf(entries: RootEntries, root: string): readonly string[] {
  return typeof entries === 'function' ? entries(root) : entries;
}

const GLOB_CHARS = /[*?[\]{}]/;

/**
 * The locations of `verbatim.sources` entries (folders or globs) below each root. In an untrusted
 * workspace, entries that do not come from the user's own settings may not leave the workspace:
 * those are left out, with a line to `log`.
 */
export function resolveLocations(roots: readonly string[], entries: RootEntries, trust: WorkspaceTrust, log: (message: string) => void): SourceLocation[] {
    const locations: SourceLocation[] = [];
    for (const root of roots) {
      for (const entry of entriesOf(entries, root)) {
        const confined = !trust.trusted && !trust.userEntries.includes(entry);
        const realRoot = confined ? realOrSelf(root) : root;
        const location: SourceLocation = GLOB_CHARS.test(entry)
          ? { root, folder: root, glob: entry.replace(/\\/g, '/'), confined, realRoot }
          : { root, folder: path.resolve(root, entry), glob: undefined, confined, realRoot };
        if (confined && (location.glob?.split('/').includes('..') || !isInside(realOrSelf(location.folder), realRoot))) {
          log(`ignored source folder "${entry}": it is outside the untrusted workspace ${root}; only your user settings may name such folders`);
          continue;
        }
        locations.push(location);
      }
    }
  return locations;
}

/** Whether a file is a source of one of the locations. */
export function locationsInclude(locations: readonly SourceLocation[], file: string): boolean {
  if (!isSourcePath(file)) return false;
  return locations.some((location) => {
    if (location.confined && !isInside(realOrSelf(file), location.realRoot)) return false;
    if (location.glob === undefined) return file.startsWith(location.folder + path.sep);
    const relative = path.relative(location.root, file).split(path.sep).join('/');
    return !relative.startsWith('..') && minimatch(relative, location.glob, { dot: false });
  });
}

/** What a reload reads: the locations' source files, then bibliography entries' full texts found elsewhere. */
export function libraryFiles(locations: readonly SourceLocation[], fullTexts: ReadonlyMap<string, DeclaredIdentity>, log: (message: string) => void): string[] {
  const listed = listLocationFiles(locations, log);
  const known = new Set(listed);
  return [...listed, ...[...fullTexts.keys()].filter((file) => !known.has(file))];
}

/**
 * Every source file of the locations, sorted; problems go to `log`; `onLink` is told each symbolic
 * link the walk followed (see `listSourceFiles`).
 */
export function listLocationFiles(locations: readonly SourceLocation[], log: (message: string) => void, onLink?: (link: string) => void): string[] {
  const files = new Set<string>();
  for (const location of locations) {
    if (!fs.existsSync(location.folder)) continue;
    const within = location.confined ? [location.root] : undefined;
    for (const file of listSourceFiles(location.folder, (where, reason) => log(`cannot read ${where}: ${reason}`), within, isSourcePath, onLink)) {
      if (locationsInclude(locations, file)) files.add(file);
    }
  }
  return [...files].sort();
}
