import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { minimatch } from 'minimatch';
import { SourceLibrary } from '../core/sourceLibrary';
import { defaultCacheDir, loadLibraryFiles, saveLibraryCache } from './libraryCache';
import { bundledSeedsFolder, isInside, isSourcePath, listSourceFiles, loadSourceFile, realOrSelf } from './libraryLoader';
import { bibliographyCacheDir } from './bibliographyCache';
import { completeBibliography, withNoTextReasons } from './bibliographyLoader';
import { bibliographiesOfDraft, installCatalogue, quartoBibliographies, readCatalogue, type CatalogueReading } from './catalogueLoader';

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
  private generation = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  private trust: WorkspaceTrust = { trusted: true, userEntries: [] };
  /** Bibliographies from the setting and the workspace roots' Quarto files. */
  private configuredBibliographies: string[] = [];
  /** Bibliographies drafts named (front matter, Quarto files near them), by draft URI. */
  private readonly draftBibliographies = new Map<string, string[]>();
  /** Each draft's front matter when it was last looked at: an edit elsewhere reads nothing again. */
  private readonly draftFrontMatter = new Map<string, string>();
  /** The bibliographies and full texts of the current library. */
  private catalogueReading: CatalogueReading = { readings: [], fullTexts: new Map(), reasons: new Map() };
  /** Called when a background full parse refined the catalogue. */
  onCatalogueRefined: () => void = () => undefined;
  /** Called when a file event's extraction (a PDF's) finished after `onFileEvent` returned. */
  onLateChange: (() => void) | undefined;

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
    this.trust = trust;
    return changed;
  }

  /**
   * Sets the `verbatim.bibliography` entries (relative to each root) and reads the roots' Quarto
   * files; true when the bibliographies changed. Untrusted: as for sources, only the user's own
   * entries may name files outside the workspace.
   */
  configureBibliographies(roots: readonly string[], entries: readonly string[]): boolean {
    const files: string[] = [];
    for (const root of roots) {
      for (const entry of entries) {
        const file = path.resolve(root, entry);
        if (!this.trust.trusted && !(this.trust.userBibliographies ?? []).includes(entry) && !isInside(realOrSelf(file), realOrSelf(root))) {
          this.log(`ignored bibliography "${entry}": it is outside the untrusted workspace ${root}; only your user settings may name such files`);
          continue;
        }
        files.push(file);
      }
      files.push(...this.confined(quartoBibliographies(root, root), root));
    }
    const unique = [...new Set(files)];
    const changed = JSON.stringify(unique) !== JSON.stringify(this.configuredBibliographies);
    this.configuredBibliographies = unique;
    return changed;
  }

  /**
   * Notes the bibliographies an open draft names (front matter `bibliography:`, Quarto files up to
   * its workspace root); true when that brings a bibliography the library has not read, which is
   * then read at once (its fast key pass), so the draft's first diagnostics already know its keys.
   */
  noteDraft(uri: string, text: string, roots: readonly string[]): boolean {
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return false; // an untitled draft names nothing on disk
    }
    const frontMatter = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text.slice(0, 64 * 1024))?.[0] ?? '';
    if (this.draftFrontMatter.get(uri) === frontMatter) return false;
    this.draftFrontMatter.set(uri, frontMatter);
    const root = roots.find((r) => isInside(path.resolve(file), path.resolve(r))) ?? path.dirname(file);
    const named = this.confined(bibliographiesOfDraft(file, text, root), root);
    const before = this.draftBibliographies.get(uri) ?? [];
    if (JSON.stringify(named) === JSON.stringify(before)) return false;
    this.draftBibliographies.set(uri, named);
    const known = new Set(this.catalogueReading.readings.map((r) => r.file));
    const fresh = named.filter((f) => !known.has(f));
    if (fresh.length === 0) return false;
    this.addBibliographies(fresh);
    return true;
  }

  /** Every bibliography in use: configured first, then those drafts named, each once. */
  private bibliographyFiles(): string[] {
    return [...new Set([...this.configuredBibliographies, ...[...this.draftBibliographies.values()].flat()])];
  }

  /** In an untrusted workspace, files outside `root` (a draft's `../../x.bib`, an absolute path) are left out. */
  private confined(files: readonly string[], root: string): string[] {
    if (this.trust.trusted) return [...files];
    const realRoot = realOrSelf(root);
    return files.filter((file) => {
      const inside = isInside(realOrSelf(file), realRoot);
      if (!inside) this.log(`ignored ${file}: it is outside the untrusted workspace ${root}`);
      return inside;
    });
  }

  /** Paths are shown as the persisted index shows sources: relative to the server's folder. */
  private bibliographyOptions(): { cacheDir?: string; display: (file: string) => string } {
    const display = (file: string): string => path.relative(process.cwd(), file) || file;
    if (this.options.cacheDir === null) return { display };
    return { cacheDir: bibliographyCacheDir(this.options.cacheDir), display };
  }

  /** Reads bibliographies and their entries' full texts into the current library (no reload). */
  private addBibliographies(files: readonly string[]): void {
    const reading = this.readCatalogueConfined(files);
    const { display } = this.bibliographyOptions();
    const pending: Promise<void>[] = [];
    for (const [file, declared] of reading.fullTexts) {
      const extraction = loadSourceFile(this.library, file, display(file), declared);
      if (extraction) pending.push(extraction);
    }
    installCatalogue(this.library, reading);
    if (pending.length > 0) {
      // PDF attachments are extracted asynchronously: once they are in, entries have their texts.
      const library = this.library;
      void Promise.all(pending).then(() => {
        if (library !== this.library) return;
        installCatalogue(library, reading);
        this.onCatalogueRefined();
      });
    }
    this.catalogueReading = {
      readings: [...this.catalogueReading.readings, ...reading.readings],
      fullTexts: new Map([...this.catalogueReading.fullTexts, ...reading.fullTexts]),
      reasons: new Map([...this.catalogueReading.reasons, ...reading.reasons]),
    };
    this.logBibliographies(reading);
    this.refineInBackground(reading);
  }

  /** Reads bibliographies; untrusted, an attachment outside the workspace is not read either. */
  private readCatalogueConfined(files: readonly string[]): CatalogueReading {
    const reading = readCatalogue(files, this.bibliographyOptions());
    if (this.trust.trusted) return reading;
    const roots = this.locations.map((l) => l.realRoot);
    const fullTexts = new Map([...reading.fullTexts].filter(([file]) => roots.some((root) => isInside(realOrSelf(file), realOrSelf(root)))));
    const reasons = new Map(reading.reasons);
    for (const [file, declared] of reading.fullTexts) {
      if (!fullTexts.has(file)) reasons.set(declared.key, `its attachment ${file} is outside the untrusted workspace`);
    }
    return { ...reading, fullTexts, reasons };
  }

  private logBibliographies(reading: CatalogueReading): void {
    for (const { reading: r } of reading.readings) {
      const b = r.bibliography;
      const noText = Object.keys(b.noText).length;
      this.log(`bibliography ${b.path}: ${b.entries.length} entries, ${b.entries.length - noText} with full text${r.pending ? ' (full parse under way)' : ''}`);
      for (const problem of b.problems) this.log(`bibliography ${b.path}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`);
      for (const [key, why] of Object.entries(b.noText)) this.log(`bibliography ${b.path}: @${key} has no full text: ${why}`);
    }
  }

  /** Runs the full parse of BibTeX files off the request path (in slices), then refines the catalogue. */
  private refineInBackground(reading: CatalogueReading): void {
    const generation = this.generation;
    for (const { file, reading: first } of reading.readings) {
      if (first.pending === undefined) continue;
      void completeBibliography(first, file, { ...this.bibliographyOptions(), isStale: () => generation !== this.generation })
        .then((complete) => {
          if (complete === undefined || generation !== this.generation) return;
          this.library.catalogue.set(withNoTextReasons(complete, this.library, this.catalogueReading.reasons));
          this.log(`bibliography ${complete.path}: fully parsed (${complete.entries.length} entries)`);
          this.onCatalogueRefined();
        })
        .catch((error: unknown) => this.log(`bibliography ${first.bibliography.path}: full parse failed, keeping the fast reading: ${(error as Error).message}`));
    }
  }

  /** Reads all locations again (reusing the persisted index) into a new library. */
  async reload(): Promise<void> {
    const generation = ++this.generation;
    this.indexing = true;
    try {
      // Let the "indexing" status reach the client before the (synchronous) load.
      await new Promise((resolve) => setImmediate(resolve));
      const cacheDir = this.cacheDir();
      const catalogue = this.readCatalogueConfined(this.bibliographyFiles());
      const listed = this.listConfiguredFiles();
      const files = [...listed, ...[...catalogue.fullTexts.keys()].filter((f) => !listed.includes(f))];
      const result = await loadLibraryFiles(files, { fullTexts: catalogue.fullTexts, ...(cacheDir ? { cacheDir } : {}) });
      if (generation !== this.generation) return; // a newer reload took over
      this.library = result.library;
      installCatalogue(this.library, catalogue);
      this.catalogueReading = catalogue;
      this.logBibliographies(catalogue);
      this.refineInBackground(catalogue);
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
    const pending: Promise<void>[] = [];
    const load = (target: string): void => {
      const extraction = loadSourceFile(this.library, target);
      if (extraction) pending.push(extraction);
    };
    if (this.bibliographyFiles().includes(file)) {
      // A bibliography changed: read the catalogue again (unchanged attachments come from the index).
      void this.reload().then(() => this.onCatalogueRefined());
      return false;
    }
    const declared = this.catalogueReading.fullTexts.get(file);
    if (declared && kind !== 'deleted') {
      const extraction = loadSourceFile(this.library, file, this.bibliographyOptions().display(file), declared);
      if (extraction) pending.push(extraction);
    } else if (kind === 'deleted') {
      this.library.remove(uri);
      this.library.removeUnder(uri.endsWith('/') ? uri : `${uri}/`);
    } else if (this.isSourceFile(file)) {
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
        for (const inner of listSourceFiles(file, () => undefined)) if (this.isSourceFile(inner)) load(inner);
      } else {
        load(file);
      }
    }
    if (pending.length > 0) {
      const library = this.library;
      void Promise.all(pending).then(() => {
        if (library !== this.library) return; // a reload replaced it meanwhile
        this.applyBundledPolicy();
        this.persistSoon();
        this.onLateChange?.();
      });
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
      indexing: this.indexing,
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
