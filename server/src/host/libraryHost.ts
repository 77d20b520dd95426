import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DeclaredIdentity } from '../core/library/source';
import { SourceHeads } from '../core/library/sourceHeads';
import { SourceLibrary } from '../core/library/sourceLibrary';
import type { DraftScope, PendingLibrary } from '../service';
import { buildInBackground } from '../workers/backgroundIndexing';
import { defaultCacheDir, defaultCacheRoot, pruneCaches, recordCacheUse } from '../indexFile/cacheFolder';
import { saveIndexFile } from '../indexFile/indexFile';
import type { IndexTextsFaults } from '../indexFile/indexTexts';
import { loadLibraryFiles, type LoadResult } from '../library/libraryOpener';
import { indexingReleased } from '../workers/indexingHold';
import { bundledSeedsFolder, isInside, listSourceFiles, loadSourceFile, realOrSelf, usesBundledSeeds, type BundledSources } from '../library/sourceFiles';
import { libraryFiles, locationsInclude, resolveLocations, type RootEntries, type SourceLocation, type WorkspaceTrust } from '../library/sourceLocations';
import { DraftBibliographies } from './draftBibliographies';
import { SourceTreeEvents, type FileEventKind } from './sourceTreeEvents';
import { bibliographyCacheDir } from '../library/bibliographyCache';
import { completeBibliography, withNoTextReasons, type BibliographyOptions } from '../library/bibliographyLoader';
import { installCatalogue, locateFullTextsInSlices, readBibliographies, readCatalogue, type CatalogueReading } from '../library/catalogueLoader';

/** What the host tells the user about the library's state. */
export interface LibraryHostStatus {
  readonly sources: number;
  readonly skipped: number;
  readonly indexing: boolean;
  readonly folders: readonly string[];
  /** While indexing: files indexed so far, of all (total 0 until they are listed). */
  readonly progress?: { readonly done: number; readonly total: number };
}

/** How a host is set up; everything is optional. */
export interface LibraryHostOptions {
  readonly seedsFolder?: string;
  /** Folder of index files; null turns persisting off. */
  readonly cacheDir?: string | null;
  /** Build in worker threads (default true); false builds on the calling thread. */
  readonly workers?: boolean;
  /** Told whenever indexing progresses or the source heads grow (often: throttle what it sends). */
  readonly onProgress?: () => void;
  /** Told, for the user, when something went wrong that they should know about (a failed worker). */
  readonly onProblem?: (message: string) => void;
  /** Resolves when background work may run its next slice (the server: once its requests are answered); default: the next turn of the event loop. */
  readonly giveWay?: () => Promise<void>;
}

/** Delay before file events' changes are written to the index file. */
const PERSIST_DELAY_MS = 5_000;

/** Entries without a full text named one by one in the log, per bibliography. */
const MAX_LOGGED_NO_TEXT = 20;

/**
 * Keeps a `SourceLibrary` in step with the file system for the language server: reads the
 * configured folders (through the index file), applies file events one file at a time, and
 * falls back to the bundled seeds. It reads sources and writes only its own cache folder.
 */
export class LibraryHost {
  /** The current library; a reload replaces it. */
  library = new SourceLibrary();
  private locations: SourceLocation[] = [];
  private bundled: BundledSources = 'auto';
  private bundledLoaded = false;
  private indexing = false;
  /** A library was loaded for some configuration; until then nothing may be judged against it. */
  private loadedOnce = false;
  /** The locations must be read (again): set by a change of configuration, cleared by a finished reload. */
  private stale = true;
  /**
   * The configuration is the one the client sent with `initialize`, read at once while the client is
   * asked for its settings (`configureProvisionally`); until `confirm`, nothing is published (`ready`).
   */
  private provisional = false;
  private generation = 0;
  private persistTimer: NodeJS.Timeout | undefined;
  /** While a reload runs: files indexed so far, of all. */
  private progress: { done: number; total: number } | undefined;
  /** While the first build runs: the sources read by their front matter so far. */
  private heads: SourceHeads | undefined;
  private cancelBuild: (() => void) | undefined;
  /** Whether index files were pruned yet (once per host, at its first load). */
  private pruned = false;
  /** File events that arrived during a reload, applied to the library it produces. */
  private queuedEvents: Array<readonly [string, FileEventKind]> = [];
  /** Applies file events as a cold start would read the tree. */
  private readonly treeEvents = new SourceTreeEvents((message) => this.log(message));
  private trust: WorkspaceTrust = { trusted: true, userEntries: [] };
  /** Which bibliographies are in use, and which each draft uses. */
  private readonly bibliographies = new DraftBibliographies((message) => this.log(message), () => this.trust);
  /** The bibliographies and full texts of the current library. */
  private catalogueReading: CatalogueReading = { readings: [], fullTexts: new Map(), reasons: new Map() };
  /** Called when a background full parse refined the catalogue. */
  onCatalogueRefined: () => void = () => undefined;
  /** Called when a file event's extraction (a PDF's) finished after `onFileEvent` returned. */
  onLateChange: (() => void) | undefined;

  constructor(
    private readonly log: (message: string) => void,
    private readonly options: LibraryHostOptions = {},
  ) {}

  private get seedsFolder(): string {
    return this.options.seedsFolder ?? bundledSeedsFolder();
  }

  /** The index file's folder for the current locations; undefined when caching is off. */
  private cacheDir(): string | undefined {
    if (this.options.cacheDir === null) return undefined;
    const key = this.cacheKey();
    return this.options.cacheDir ? path.join(this.options.cacheDir, path.basename(defaultCacheDir(key))) : defaultCacheDir(key);
  }

  /** The folders (and globs) the index file is named after. */
  private cacheKey(): string[] {
    return this.locations.map((l) => (l.glob ? path.join(l.folder, l.glob) : l.folder));
  }

  /**
   * Sets the folders from settings (relative to each root; `entries` may differ per root); true when
   * they changed. In an untrusted workspace, entries that do not come from the user's own settings
   * may not leave the workspace.
   */
  configure(
    roots: readonly string[],
    entries: RootEntries,
    bundled: BundledSources,
    trust: WorkspaceTrust = { trusted: true, userEntries: [] },
  ): boolean {
    const locations = resolveLocations(roots, entries, trust, this.log);
    const changed = JSON.stringify(locations) !== JSON.stringify(this.locations) || bundled !== this.bundled;
    this.locations = locations;
    this.bundled = bundled;
    this.trust = trust;
    if (changed) this.stale = true;
    // Never loaded and not loading yet: the first configuration must be read even if it names nothing.
    return changed || (this.stale && !this.indexing);
  }


  /**
   * Marks the configuration that follows as provisional: the settings the client sent with
   * `initialize`, which its answer to `workspace/configuration` may still change (see `confirm`).
   */
  configureProvisionally(): void {
    this.provisional = true;
  }

  /**
   * Ends a provisional configuration, once the client's settings are in: `changed` when they named
   * other sources or bibliographies, whose library read meanwhile is then dropped (never served);
   * the reload that follows is a first build.
   */
  confirm(changed: boolean): void {
    if (!this.provisional) return;
    this.provisional = false;
    if (!changed || !this.loadedOnce) return;
    this.library = new SourceLibrary();
    this.loadedOnce = false;
    this.catalogueReading = { readings: [], fullTexts: new Map(), reasons: new Map() };
    this.log('the settings differ from those the client started with: the library read from those is dropped');
  }

  /** Sets the `verbatim.bibliography` entries (see `DraftBibliographies.configure`); true when the bibliographies changed. */
  configureBibliographies(roots: readonly string[], entries: RootEntries): boolean {
    return this.bibliographies.configure(roots, entries);
  }

  /**
   * Notes the bibliographies an open draft names (front matter `bibliography:`, Quarto files up to
   * its workspace root); true when that brings a bibliography the library has not read, which is
   * then read at once (its fast key pass), so the draft's first diagnostics already know its keys.
   * `parsed`: the bibliographies the draft's own syntax names, when its parse found them already.
   */
  noteDraft(uri: string, text: string, roots: readonly string[], parsed?: readonly string[]): boolean {
    const named = this.bibliographies.note(uri, text, roots, parsed);
    if (named === undefined) return false;
    const known = new Set(this.catalogueReading.readings.map((r) => r.file));
    const fresh = named.filter((f) => !known.has(f));
    if (fresh.length === 0) return false;
    this.addBibliographies(fresh);
    return true;
  }

  /**
   * What a draft may cite (see `DraftBibliographies.scopeOf`): in a workspace of several roots, only
   * its root's source folders (and the bundled seeds) besides its bibliographies.
   */
  scopeOf(uri: string): DraftScope {
    return this.bibliographies.scopeOf(uri, (root) => this.sourceFoldersOf(root));
  }

  /** URI prefixes of a root's source folders (a glob's: the root), and of the bundled seeds while they are loaded. */
  private sourceFoldersOf(root: string): string[] {
    const folders = this.locations.filter((l) => l.root === root).map((l) => l.folder);
    if (this.bundledLoaded) folders.push(this.seedsFolder);
    return [...new Set(folders.map((folder) => `${pathToFileURL(folder).href}/`))];
  }

  /** Paths are shown as the index file shows sources: relative to the server's folder. */
  private bibliographyOptions(): BibliographyOptions & { display: (file: string) => string } {
    const display = (file: string): string => path.relative(process.cwd(), file) || file;
    const giveWay = this.options.giveWay ? { giveWay: this.options.giveWay } : {};
    if (this.options.cacheDir === null) return { display, ...giveWay };
    return { cacheDir: bibliographyCacheDir(this.options.cacheDir), display, ...giveWay };
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
    return this.confine(readCatalogue(files, this.bibliographyOptions()));
  }

  /** Untrusted, an attachment outside the workspace is not read: its entry says why. */
  private confine(reading: CatalogueReading): CatalogueReading {
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
      // As installed: with the reasons its entries have no full text.
      const b = this.library.catalogue.bibliography(r.bibliography.uri) ?? r.bibliography;
      const noText = Object.keys(b.noText).length;
      this.log(`bibliography ${b.path}: ${b.entries.length} entries, ${b.entries.length - noText} with full text${r.pending ? ' (full parse under way)' : ''}`);
      for (const problem of b.problems) this.log(`bibliography ${b.path}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`);
      // The first few only: 20,000 log lines would hold up the server (`verbatim sources` lists them all).
      const noTexts = Object.entries(b.noText);
      for (const [key, why] of noTexts.slice(0, MAX_LOGGED_NO_TEXT)) this.log(`bibliography ${b.path}: @${key} has no full text: ${why}`);
      if (noTexts.length > MAX_LOGGED_NO_TEXT) this.log(`bibliography ${b.path}: ${noTexts.length - MAX_LOGGED_NO_TEXT} more entries have no full text (\`verbatim sources\` lists them)`);
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

  /** Whether a library has been loaded (the first build is over); key lookups may trust it. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /**
   * Whether the library matches the configuration: loaded, and no reload running. Verdicts computed
   * while this is false could be false (a key not read yet), so they are not published.
   */
  get ready(): boolean {
    return this.loadedOnce && !this.indexing && !this.stale && !this.provisional;
  }

  /**
   * What the first build knows so far, for answers during it; undefined once a library is loaded
   * (a later reload keeps serving the previous library until the new one is ready).
   */
  pending(): PendingLibrary | undefined {
    if (this.loadedOnce) return undefined;
    return { heads: (this.heads ??= new SourceHeads()), done: this.progress?.done ?? 0, total: this.progress?.total ?? 0 };
  }

  /**
   * Reads all locations again (reusing the index file) into a new library, in worker threads
   * so the caller's thread stays free; a reload started meanwhile replaces this one. Resolves to
   * true when its library was put in place.
   */
  async reload(): Promise<boolean> {
    const generation = ++this.generation;
    this.cancelBuild?.();
    this.indexing = true;
    this.progress = { done: 0, total: 0 };
    if (!this.loadedOnce) this.heads = new SourceHeads(); // what an earlier configuration read is void
    try {
      // Let the "indexing" status reach the client first.
      await new Promise((resolve) => setImmediate(resolve));
      if (generation !== this.generation) return false;
      const cacheDir = this.cacheDir();
      // The bibliographies' fast key pass stays here: drafts' keys depend on it, and it is quick.
      const readings = readBibliographies(this.bibliographies.files(), this.bibliographyOptions());
      // Keys complete at once: the entries go in before their attachments are looked for (half a
      // second at 20,000 entries), which runs in slices so that requests are answered meanwhile.
      const looking = { readings, fullTexts: new Map(), reasons: new Map() };
      const lookingFor = 'its full text is still being looked for';
      // During the first build the source heads answer; the library in use gets them only after a first build.
      if (this.loadedOnce) installCatalogue(this.library, looking, lookingFor);
      if (this.heads) installCatalogue(this.heads, looking, lookingFor);
      const located = await locateFullTextsInSlices(readings, () => generation !== this.generation, this.options.giveWay);
      if (located === undefined || generation !== this.generation) return false;
      const catalogue = this.confine(located);
      // The keys complete and hover while the sources are indexed: the library in use gets the
      // catalogue now (entries whose full text is being read say so), the new one when it is built.
      const reading = new Map(catalogue.reasons);
      for (const declared of catalogue.fullTexts.values()) reading.set(declared.key, 'its full text is still being indexed');
      installCatalogue(this.library, { ...catalogue, reasons: reading });
      if (this.heads) installCatalogue(this.heads, { ...catalogue, reasons: reading });
      const result = await this.build(generation, cacheDir, catalogue.fullTexts);
      if (result === undefined || generation !== this.generation) return false; // cancelled, or a newer reload took over
      this.library = result.library;
      this.loadedOnce = true;
      this.stale = false;
      installCatalogue(this.library, catalogue);
      this.catalogueReading = catalogue;
      this.logBibliographies(catalogue);
      this.refineInBackground(catalogue);
      // Bibliographies drafts named while the build ran went into the library it replaced.
      const read = new Set(catalogue.readings.map((r) => r.file));
      const late = this.bibliographies.files().filter((file) => !read.has(file));
      if (late.length > 0) this.addBibliographies(late);
      this.bundledLoaded = false;
      this.applyBundledPolicy();
      for (const skipped of this.library.skipped()) this.log(`skipped source ${skipped.path}: ${skipped.reason}`);
      this.treeEvents.reset(this.library);
      for (const clash of this.library.clashes()) {
        this.log(`duplicate key @${clash.key}: using ${clash.used}, ignoring ${clash.ignored.join(', ')}`);
      }
      const cacheNote = cacheDir ? `; ${result.fromCache} from the index file${result.cacheProblem ? ` (${result.cacheProblem})` : ''}` : '';
      this.log(`indexed ${this.library.size} sources (${this.library.skipped().length} skipped) from ${this.describeFolders().join(', ') || 'no folders'}${cacheNote}`);
      if (cacheDir) this.keepHouse(cacheDir);
      this.finishReload();
      return true;
    } finally {
      if (generation === this.generation && this.indexing) this.finishReload();
    }
  }

  /** Notes the use of the index in `cacheDir`; at the first load, prunes indexes long unused (see `indexFile/cacheFolder`). */
  private keepHouse(cacheDir: string): void {
    recordCacheUse(cacheDir, this.cacheKey());
    if (this.pruned) return;
    this.pruned = true;
    const root = this.options.cacheDir ?? defaultCacheRoot();
    for (const index of pruneCaches(root, { keep: cacheDir })) {
      this.log(`removed the index file ${index.dir} (${index.folders.join(', ') || 'folders unknown'}; last used ${index.lastUsed.toISOString().slice(0, 10)})`);
    }
  }

  /**
   * Stops a running reload and keeps the library loaded before it (which then counts as current);
   * false when there is none to stop, or no library to keep (the first build cannot be cancelled).
   */
  cancelReload(): boolean {
    if (!this.indexing || !this.loadedOnce) return false;
    this.generation++;
    this.log('indexing cancelled; the library read before stays in use');
    this.stale = false;
    this.finishReload();
    return true;
  }

  /** Whether a reload running now may be cancelled (there is a previous library to keep). */
  get cancellable(): boolean {
    return this.indexing && this.loadedOnce;
  }

  private finishReload(): void {
    this.cancelBuild?.();
    this.cancelBuild = undefined;
    this.indexing = false;
    this.progress = undefined;
    this.heads = undefined;
    const events = this.queuedEvents;
    this.queuedEvents = [];
    if (events.length > 0) this.onFileEvents(events);
  }

  /** Builds in workers; when they fail, says why and builds here instead. Undefined when superseded. */
  private async build(generation: number, cacheDir: string | undefined, fullTexts: ReadonlyMap<string, DeclaredIdentity>): Promise<LoadResult | undefined> {
    const current = (): boolean => generation === this.generation;
    const onProgress = (done: number, total: number): void => {
      if (!current()) return;
      this.progress = { done, total };
      this.options.onProgress?.();
    };
    if (this.options.workers !== false) {
      const background = buildInBackground(
        { locations: this.locations, fullTexts: [...fullTexts], ...(cacheDir ? { cacheDir } : {}) },
        {
          onHeads: (sources) => {
            if (!current() || this.loadedOnce) return;
            (this.heads ??= new SourceHeads()).add(sources);
            this.options.onProgress?.();
          },
          onProgress,
          log: this.log,
          textFaults: this.textFaults,
        },
        // The source heads serve answers during the first build (a restart's comes from the index file).
        { heads: !this.loadedOnce },
      );
      this.cancelBuild = background.cancel;
      try {
        return await background.result;
      } catch (error) {
        if (!current()) return undefined;
        const reason = (error as Error).message;
        this.log(`${reason}; indexing on the main thread instead`);
        this.options.onProblem?.(`Verbatim: ${reason}. Indexing goes on without it; the editor may pause until it is done.`);
      }
    }
    await indexingReleased();
    if (!current()) return undefined;
    return loadLibraryFiles(libraryFiles(this.locations, fullTexts, this.log), { fullTexts, ...(cacheDir ? { cacheDir } : {}), onProgress, faults: this.textFaults });
  }

  /** Writes pending changes to the index file now (at shutdown); never throws, logs why it could not. */
  persistNow(): void {
    if (this.persistTimer === undefined) return;
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    const cacheDir = this.cacheDir();
    const problem = cacheDir ? saveIndexFile(this.library, cacheDir) : undefined;
    if (problem) this.log(`the index file in ${cacheDir} ${problem}; the next start reads the changed sources again`);
  }

  /**
   * What the library's texts do when the index file fails them (changed on disk while in use):
   * say so, and read anew a source whose indexed text is gone (its file is read as if it changed).
   */
  private readonly textFaults: IndexTextsFaults = {
    log: (message) => this.log(message),
    reread: (uri) => {
      if (this.rereads.size === 0) {
        setImmediate(() => {
          const uris = [...this.rereads];
          this.rereads.clear();
          if (this.onFileEvents(uris.map((each) => [each, 'changed'] as const))) this.onLateChange?.();
        });
      }
      this.rereads.add(uri);
    },
  };
  /** Sources to read anew, their indexed texts lost (see `textFaults`). */
  private readonly rereads = new Set<string>();

  private persistSoon(): void {
    if (this.cacheDir() === undefined || this.persistTimer !== undefined) return;
    this.persistTimer = setTimeout(() => this.persistNow(), PERSIST_DELAY_MS);
    this.persistTimer.unref();
  }

  /** Applies one file event (see `onFileEvents`); true when the library changed. */
  onFileEvent(uri: string, kind: FileEventKind): boolean {
    return this.onFileEvents([[uri, kind]]);
  }

  /**
   * Applies a batch of file events; returns true when the library changed. The library then holds
   * what a cold start on the tree as it is now would (`SourceTreeEvents`). During a reload the
   * events wait and are applied to the library the reload produces (which may have read a file
   * before it changed).
   */
  onFileEvents(events: ReadonlyArray<readonly [string, FileEventKind]>): boolean {
    if (this.indexing) {
      this.queuedEvents.push(...events);
      return false;
    }
    const files: Array<readonly [string, FileEventKind]> = [];
    for (const [uri, kind] of events) {
      try {
        files.push([fileURLToPath(uri), kind]);
      } catch {
        // Not a file on disk (an untitled or virtual document): nothing of the library.
      }
    }
    if (files.some(([file]) => this.bibliographies.files().includes(file))) {
      // A bibliography changed: read the catalogue again (unchanged attachments come from the index).
      void this.reload().then(() => this.onCatalogueRefined());
      return false;
    }
    const before = this.library.version;
    const pending: Promise<void>[] = [];
    const { display } = this.bibliographyOptions();
    const fullTexts = this.catalogueReading.fullTexts;
    const load = (target: string): void => {
      const extraction = loadSourceFile(this.library, target, display(target), fullTexts.get(target));
      if (extraction) pending.push(extraction);
    };
    const inTree: Array<readonly [string, FileEventKind]> = [];
    for (const [file, kind] of files) {
      if (!fullTexts.has(file)) inTree.push([file, kind]);
      else if (kind === 'deleted') this.library.remove(pathToFileURL(file).href);
      else load(file);
    }
    if (inTree.length > 0) {
      const seeds = pathToFileURL(this.seedsFolder).href + '/';
      const owns = (uri: string): boolean => !(this.bundledLoaded && uri.startsWith(seeds)) && !fullTexts.has(fileURLToPath(uri));
      this.treeEvents.apply({ library: this.library, locations: this.locations, load, owns }, inTree);
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

  /**
   * What to watch for a client that sends no file events: the configured source folders (a glob's
   * root is left out: it may hold a whole project) and the folders of the bibliographies in use.
   */
  watchedFolders(): { readonly recursive: readonly string[]; readonly flat: readonly string[] } {
    const recursive = this.locations.filter((l) => l.glob === undefined && fs.existsSync(l.folder)).map((l) => l.folder);
    const flat = this.bibliographies.files().map((file) => path.dirname(file)).filter((folder) => fs.existsSync(folder));
    return { recursive: [...new Set(recursive)], flat: [...new Set(flat)] };
  }

  /** Whether a file belongs to a configured location. */
  isSourceFile(file: string): boolean {
    return locationsInclude(this.locations, file);
  }

  /** The current state, for the status bar. */
  status(): LibraryHostStatus {
    return {
      // During the first build, the sources known so far by their front matter.
      sources: this.loadedOnce ? this.library.size : (this.heads?.size ?? 0),
      skipped: this.library.skipped().length,
      // Configured but not read yet counts as indexing: the reload is about to start.
      indexing: this.indexing || this.stale,
      folders: this.describeFolders(),
      ...(this.progress ? { progress: { ...this.progress } } : {}),
    };
  }

  private describeFolders(): string[] {
    const folders = this.locations.filter((l) => l.glob !== undefined || fs.existsSync(l.folder)).map((l) => (l.glob ? path.join(l.root, l.glob) : l.folder));
    return this.bundledLoaded ? [...folders, `${this.seedsFolder} (bundled seeds)`] : folders;
  }


  /** `auto`: the bundled seeds are the library exactly when no configured source is usable. */
  private applyBundledPolicy(): void {
    const seedsUri = pathToFileURL(this.seedsFolder).href + '/';
    const own = this.library.sources().filter((entry) => !entry.source.uri.startsWith(seedsUri)).length;
    const want = usesBundledSeeds(this.bundled, own);
    if (want && !this.bundledLoaded) {
      for (const file of listSourceFiles(this.seedsFolder, () => undefined)) loadSourceFile(this.library, file);
      this.bundledLoaded = true;
    } else if (!want && this.bundledLoaded) {
      this.library.removeUnder(seedsUri);
      this.bundledLoaded = false;
    }
  }
}

/** Settings entries (folders, globs, files) relative to each workspace root: the same for all, or per root. */
