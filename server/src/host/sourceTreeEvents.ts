import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { isWalkedPath, listSourceFiles } from '../library/sourceFiles';
import { listLocationFiles, locationsInclude, type SourceLocation } from '../library/sourceLocations';

/** What a file event says happened to a path. */
export type FileEventKind = 'created' | 'changed' | 'deleted';

/** What `SourceTreeEvents.apply` works on: the library, its locations and how a file is read into it. */
export interface SourceTree {
  readonly library: SourceLibrary;
  readonly locations: readonly SourceLocation[];
  /** Reads one source file into the library (as a cold start reads it). */
  load(file: string): void;
  /** Whether a file the library knows came from the locations (not a bundled seed, not an entry's full text). */
  owns(uri: string): boolean;
}

/**
 * Applies file events to a library so that it holds what a cold start on the tree as it is now
 * would: the same files, read by the same rules (`listSourceFiles`: sorted, hidden and ignored
 * folders left out, symbolic links followed but never into a loop, confined locations kept
 * inside). Editors report a folder moved in as one event for the folder, so a folder's event
 * lists the folder. A tree with symbolic links is listed whole on every batch, and every file
 * reached through a link is read again: a link decides which path of a folder read twice is the
 * one a cold start keeps, and an event names a link's target, not the link. A file skipped, or a
 * folder not read, is logged once with its reason.
 */
export class SourceTreeEvents {
  /** Whether the tree had a symbolic link when last listed; unknown (true) until then. */
  private linked = true;
  /** What was logged (`path\treason`), so each is said once. */
  private readonly told = new Set<string>();

  constructor(private readonly log: (message: string) => void) {}

  /** Starts anew after a reload: its skipped files were logged by it; links are unknown until listed. */
  reset(library: SourceLibrary): void {
    this.linked = true;
    this.told.clear();
    for (const skipped of library.skipped()) this.told.add(`${skipped.uri}\t${skipped.reason}`);
  }

  /** Applies a batch of events (absolute paths) to the tree's library. */
  apply(tree: SourceTree, events: ReadonlyArray<readonly [string, FileEventKind]>): void {
    const linkedNow = events.some(([file, kind]) => kind !== 'deleted' && isLink(file));
    if (this.linked || linkedNow) this.reconcile(tree, events);
    else for (const [file, kind] of events) this.applyOne(tree, file, kind);
    this.tellSkipped(tree);
  }

  /** One event in a tree without links: the file, or the folder, alone decides. */
  private applyOne(tree: SourceTree, file: string, kind: FileEventKind): void {
    const uri = pathToFileURL(file).href;
    const stat = kind === 'deleted' ? undefined : statOf(file);
    if (stat?.isDirectory()) {
      const within = tree.locations.filter((l) => isWalkedPath(l.folder, file, true));
      if (within.length === 0) return;
      const listed = new Set<string>();
      for (const location of within) {
        const confined = location.confined ? [location.root] : undefined;
        for (const inner of listSourceFiles(file, (where, reason) => this.tell(where, `cannot read ${where}: ${reason}`), confined)) {
          if (locationsInclude(tree.locations, inner)) listed.add(inner);
        }
      }
      // A folder's event: files gone from it go, files new in it come.
      const prefix = `${uri}/`;
      for (const known of tree.library.uris()) if (known.startsWith(prefix) && tree.owns(known) && !listed.has(fileURLToPath(known))) tree.library.remove(known);
      for (const inner of [...listed].sort()) if (!isKnown(tree.library, pathToFileURL(inner).href)) tree.load(inner);
      return;
    }
    if (stat === undefined) {
      // Gone (a file, or a folder with all it held).
      if (tree.owns(uri)) tree.library.remove(uri);
      const prefix = `${uri}/`;
      for (const known of tree.library.uris()) if (known.startsWith(prefix) && tree.owns(known)) tree.library.remove(known);
      return;
    }
    if (locationsInclude(tree.locations, file) && tree.locations.some((l) => isWalkedPath(l.folder, file))) tree.load(file);
  }

  /**
   * Lists the locations as a cold start does and makes the library hold exactly those files; the
   * events' files and every file reached through a link are read again.
   */
  private reconcile(tree: SourceTree, events: ReadonlyArray<readonly [string, FileEventKind]>): void {
    const links: string[] = [];
    const listed = listLocationFiles(tree.locations, (line) => this.tell(line, line), (link) => links.push(link));
    this.linked = links.length > 0;
    const throughLink = (file: string): boolean => links.some((link) => file === link || file.startsWith(link + path.sep));
    const wanted = new Map(listed.map((file) => [pathToFileURL(file).href, file]));
    for (const known of tree.library.uris()) if (tree.owns(known) && !wanted.has(known)) tree.library.remove(known);
    const touched = new Set(events.filter(([, kind]) => kind !== 'deleted').map(([file]) => pathToFileURL(file).href));
    for (const [uri, file] of wanted) if (touched.has(uri) || !isKnown(tree.library, uri) || throughLink(file)) tree.load(file);
  }

  /** Logs the library's newly skipped files, each once with its reason. */
  private tellSkipped(tree: SourceTree): void {
    for (const skipped of tree.library.skipped()) this.tell(`${skipped.uri}\t${skipped.reason}`, `skipped source ${skipped.path}: ${skipped.reason}`);
  }

  private tell(key: string, line: string): void {
    if (this.told.has(key)) return;
    this.told.add(key);
    this.log(line);
  }
}

/** Whether the library knows a file, as a source or as skipped. */
function isKnown(library: SourceLibrary, uri: string): boolean {
  return library.getByUri(uri) !== undefined || library.isSkipped(uri);
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    // Gone, or a dangling or looping link: a file to the walk, which reads (and reports) it as one.
    return fs.lstatSync(file, { throwIfNoEntry: false }) ?? undefined;
  }
}

/** Whether a path is a symbolic link. */
function isLink(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() === true;
}
