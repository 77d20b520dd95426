import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';
import { SourceLibrary } from '../core/sourceLibrary';
import { defaultCacheDir, loadLibraryFiles, saveLibraryCache } from './libraryCache';
import { indexingReleased } from './indexingHold';
import { bundledSeedsFolder, isInside, isSourcePath, listSourceFiles, loadSourceFile, realOrSelf } from './libraryLoader';

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
}

/** What the host tells the user about the library's state. */
export interface LibraryHostStatus {
  readonly sources: number;
  readonly skipped: number;
  readonly indexing: boolean;
  readonly folders: readonly string[];
}

const GLOB_CHARS = /[*?[\]{}]/;

/** Delay before file events' changes are written to the persisted index. */
const PERSIST_DELAY_MS = 5_000;

/**
 * Keeps a `SourceLibrary` in step with the file system for the language server: reads the
 * configured folders (through the persisted index), applies file events one file at a time, and
 * falls back to the bundled seeds. It reads sources and writes only its own cache folder.
 */
export class LibraryHost {
  /** The current library; a reload replaces it. */
  library = new SourceLibrary();
  private locations: SourceLocation[] = [];
  private bundled: 'auto' | 'always' | 'never' = 'auto';
  private bundledLoaded = false;
  private indexing = false;
  /** A library was loaded for some configuration; until then nothing may be judged against it. */
  private loadedOnce = false;
  /** The locations must be read (again): set by a change of configuration, cleared by a finished reload. */
  private stale = true;
  private generation = 0;
  private persistTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: (message: string) => void,
    private readonly options: { readonly seedsFolder?: string; readonly cacheDir?: string | null } = {},
  ) {}

  private get seedsFolder(): string {
    return this.options.seedsFolder ?? bundledSeedsFolder();
  }

  /** The persisted index's folder for the current locations; undefined when caching is off. */
  private cacheDir(): string | undefined {
    if (this.options.cacheDir === null) return undefined;
    const key = this.locations.map((l) => (l.glob ? path.join(l.folder, l.glob) : l.folder));
    return this.options.cacheDir ? path.join(this.options.cacheDir, path.basename(defaultCacheDir(key))) : defaultCacheDir(key);
  }

  /**
   * Sets the folders from settings (relative to each root); true when they changed. In an untrusted
   * workspace, entries that do not come from the user's own settings may not leave the workspace.
   */
  configure(
    roots: readonly string[],
    entries: readonly string[],
    bundled: 'auto' | 'always' | 'never',
    trust: WorkspaceTrust = { trusted: true, userEntries: [] },
  ): boolean {
    const locations: SourceLocation[] = [];
    for (const root of roots) {
      for (const entry of entries) {
        const confined = !trust.trusted && !trust.userEntries.includes(entry);
        const realRoot = confined ? realOrSelf(root) : root;
        const location: SourceLocation = GLOB_CHARS.test(entry)
          ? { root, folder: root, glob: entry.replace(/\\/g, '/'), confined, realRoot }
          : { root, folder: path.resolve(root, entry), glob: undefined, confined, realRoot };
        if (confined && (location.glob?.split('/').includes('..') || !isInside(realOrSelf(location.folder), realRoot))) {
          this.log(`ignored source folder "${entry}": it is outside the untrusted workspace ${root}; only your user settings may name such folders`);
          continue;
        }
        locations.push(location);
      }
    }
    const changed = JSON.stringify(locations) !== JSON.stringify(this.locations) || bundled !== this.bundled;
    this.locations = locations;
    this.bundled = bundled;
    if (changed) this.stale = true;
    // Never loaded and not loading yet: the first configuration must be read even if it names nothing.
    return changed || (this.stale && !this.indexing);
  }

  /** Whether a library has been loaded (the first build is over); key lookups may trust it. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /**
   * Whether the library matches the configuration: loaded, and no reload running. Verdicts computed
   * while this is false could be false (a key not read yet), so they are not published.
   */
  get ready(): boolean {
    return this.loadedOnce && !this.indexing && !this.stale;
  }

  /** Reads all locations again (reusing the persisted index) into a new library. */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.indexing = true;
    try {
      // Let the "indexing" status reach the client before the (synchronous) load.
      await new Promise((resolve) => setImmediate(resolve));
      await indexingReleased();
      if (generation !== this.generation) return;
      const cacheDir = this.cacheDir();
      const result = loadLibraryFiles(this.listConfiguredFiles(), cacheDir ? { cacheDir } : {});
      if (generation !== this.generation) return; // a newer reload took over
      this.library = result.library;
      this.loadedOnce = true;
      this.stale = false;
      this.bundledLoaded = false;
      this.applyBundledPolicy();
      for (const skipped of this.library.skipped()) this.log(`skipped source ${skipped.path}: ${skipped.reason}`);
      for (const clash of this.library.clashes()) {
        this.log(`duplicate key @${clash.key}: using ${clash.used}, ignoring ${clash.ignored.join(', ')}`);
      }
      const cacheNote = cacheDir ? `; ${result.fromCache} from the persisted index${result.cacheProblem ? ` (${result.cacheProblem})` : ''}` : '';
      this.log(`indexed ${this.library.size} sources (${this.library.skipped().length} skipped) from ${this.describeFolders().join(', ') || 'no folders'}${cacheNote}`);
    } finally {
      if (generation === this.generation) this.indexing = false;
    }
  }

  /** Writes pending changes to the persisted index now (at shutdown). */
  persistNow(): void {
    if (this.persistTimer === undefined) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    const cacheDir = this.cacheDir();
    if (cacheDir) saveLibraryCache(this.library, cacheDir);
  }

  private persistSoon(): void {
    if (this.cacheDir() === undefined || this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => this.persistNow(), PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  /** Applies one file event; returns true when the library changed. */
  onFileEvent(uri: string, kind: 'created' | 'changed' | 'deleted'): boolean {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return false; // not a file on disk (an untitled or virtual document)
    }
    const before = this.library.version;
    if (kind === 'deleted') {
      this.library.remove(uri);
      this.library.removeUnder(uri.endsWith('/') ? uri : `${uri}/`);
    } else if (this.isSourceFile(file)) {
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        for (const inner of listSourceFiles(file, () => undefined)) if (this.isSourceFile(inner)) loadSourceFile(this.library, inner);
      } else {
        loadSourceFile(this.library, file);
      }
    }
    if (this.library.version === before) return false;
    this.applyBundledPolicy();
    this.persistSoon();
    return true;
  }

  /** Whether a file belongs to a configured location. */
  isSourceFile(file: string): boolean {
    if (!isSourcePath(file)) return false;
    return this.locations.some((location) => {
      if (location.confined && !isInside(realOrSelf(file), location.realRoot)) return false;
      if (location.glob === undefined) return file.startsWith(location.folder + path.sep);
      const relative = path.relative(location.root, file).split(path.sep).join('/');
      return !relative.startsWith('..') && minimatch(relative, location.glob, { dot: false });
    });
  }

  /** The current state, for the status bar. */
  status(): LibraryHostStatus {
    return {
      sources: this.library.size,
      skipped: this.library.skipped().length,
      // Configured but not read yet counts as indexing: the reload is about to start.
      indexing: this.indexing || this.stale,
      folders: this.describeFolders(),
    };
  }

  private describeFolders(): string[] {
    const folders = this.locations.filter((l) => l.glob !== undefined || fs.existsSync(l.folder)).map((l) => (l.glob ? path.join(l.root, l.glob) : l.folder));
    return this.bundledLoaded ? [...folders, `${this.seedsFolder} (bundled seeds)`] : folders;
  }

  private listConfiguredFiles(): string[] {
    const files = new Set<string>();
    for (const location of this.locations) {
      if (!fs.existsSync(location.folder)) continue;
      const within = location.confined ? [location.root] : undefined;
      for (const file of listSourceFiles(location.folder, (where, reason) => this.log(`cannot read ${where}: ${reason}`), within)) {
        if (this.isSourceFile(file)) files.add(file);
      }
    }
    return [...files].sort();
  }

  /** `auto`: the bundled seeds are the library exactly when no configured source is usable. */
  private applyBundledPolicy(): void {
    const seedsUri = pathToFileURL(this.seedsFolder).href + '/';
    const own = this.library.sources().filter((entry) => !entry.source.uri.startsWith(seedsUri)).length;
    const want = this.bundled === 'always' || (this.bundled === 'auto' && own === 0);
    if (want && !this.bundledLoaded) {
      for (const file of listSourceFiles(this.seedsFolder, () => undefined)) loadSourceFile(this.library, file);
      this.bundledLoaded = true;
    } else if (!want && this.bundledLoaded) {
      this.library.removeUnder(seedsUri);
      this.bundledLoaded = false;
    }
  }
}
