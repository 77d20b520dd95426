import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { draftLanguageId, isDraftFile } from '../core/draft/draftAnalysis';
import { SourceLibrary } from '../core/library/sourceLibrary';
import type { ArchiveClient } from '../archive/archiveClient';
import { createLanguageService, type DraftScope, type LanguageService, type PrefetchedStore } from '../service';
import { loadLibrary as loadCachedLibrary } from '../library/libraryOpener';
import { bundledSeedsFolder, isDirectory, listSourceFiles, usesBundledSeeds } from '../library/sourceFiles';
import { bibliographyCacheDir } from '../library/bibliographyCache';
import { bibliographiesOfDraft, installCatalogue, readCatalogue, type CatalogueReading } from '../library/catalogueLoader';
import { defaultCacheDir, defaultCacheRoot, pruneCaches, recordCacheUse } from '../indexFile/cacheFolder';
import { cliSettings, UsageError, type CliArguments } from './arguments';
import { draftText, type DraftFile } from './draftFiles';

export { decodeDraft } from './draftFiles';
import { findingOf, type CheckedDraft } from './findings';
import { terminalProgressLine } from './progressLine';
import type { CliIO } from './cliIO';

/**
 * What `verbatim check` checks drafts with, and `verbatim mcp` too (SPEC section 8a: its library is
 * found as `check` finds it): the library of `--sources` (else ./sources and ./seeds, else the
 * bundled seeds) with the bibliographies of `--bibliography` and of the drafts, the archive of
 * `--archive`, and the language service over them.
 */
export interface CheckSession {
  readonly library: SourceLibrary;
  readonly service: LanguageService;
  readonly archive?: { readonly client: ArchiveClient; readonly store: PrefetchedStore };
  /** The bibliography files of the library's catalogue (`--bibliography`, then the drafts'). */
  readonly bibliographies: readonly string[];
  /** Each draft's scope, by its URI: `--bibliography` and its own bibliographies. */
  readonly scopes: Map<string, DraftScope>;
}

/** A draft as `check` reads it: the path as named (relative to the working folder) and its text. */
export interface DraftText {
  readonly file: string;
  readonly text: string;
}

/** Limits a caller puts on what a session reads (`verbatim mcp`); `check` reads what it is told. */
export interface SessionLimits {
  /** Whether a bibliography a draft names, or an entry's attachment, may be read; others are left out. */
  readonly mayRead?: (file: string) => boolean;
}

/** Opens the library and service `check` uses for `drafts`; throws UsageError for bad arguments or no sources. */
export async function openCheckSession(args: CliArguments, io: CliIO, drafts: readonly DraftFile[], limits: SessionLimits = {}): Promise<CheckSession> {
  // The bibliographies the drafts name (front matter, Quarto files) join those of --bibliography in
  // one library; each draft is checked against its own and those of --bibliography.
  const given = bibliographyFiles(args, io, []);
  const scopes = new Map<string, DraftScope>();
  const named: string[] = [];
  const owned = new Map<string, string[]>();
  for (const draft of drafts) {
    const own = 'text' in draft ? draftBibliographies(io, draft.file, draft.text, limits) : [];
    named.push(...own);
    owned.set(draft.file, own);
  }
  for (const draft of drafts) {
    // A file a LaTeX draft includes uses the bibliographies of the files that include it.
    const files = [...given, ...owned.get(draft.file)!];
    const seen = new Set([draft.file]);
    let by = 'includedBy' in draft ? draft.includedBy : undefined;
    while (by !== undefined && !seen.has(by)) {
      seen.add(by);
      files.push(...(owned.get(by) ?? []));
      const including = drafts.find((d) => d.file === by);
      by = including && 'includedBy' in including ? including.includedBy : undefined;
    }
    scopes.set(draftUri(io, draft.file), { bibliographies: new Set(files.map((f) => pathToFileURL(f).href)) });
  }
  const bibliographies = [...new Set([...given, ...named])];
  const catalogue = confineAttachments(readCatalogue(bibliographies, bibliographyOptions(args, io)), limits);
  reportBibliographyProblems(catalogue, io);
  const library = await loadLibrary(args, io, catalogue);
  const archive = args.archive ? await (await import('./archiveCommand')).openArchiveStore(args.archive, library, io) : undefined;
  const settings = cliSettings(args);
  const service = createLanguageService({ library, settings: () => settings, scopeOf: (uri) => scopes.get(uri), ...(archive ? { stores: [archive.store] } : {}) });
  return { library, service, ...(archive ? { archive } : {}), bibliographies, scopes };
}

/** The bibliography files a draft names (front matter, Quarto files), those `limits` allow. */
export function draftBibliographies(io: CliIO, file: string, text: string, limits: SessionLimits = {}): string[] {
  const own = bibliographiesOfDraft(path.resolve(io.cwd, file), text, io.cwd);
  return limits.mayRead ? own.filter(limits.mayRead) : own;
}

/** Checks one draft of the session: its findings (as every format prints them) and its quotation model. */
export async function checkDraft(session: CheckSession, io: CliIO, draft: DraftFile, options: { quiet?: boolean } = {}): Promise<CheckedDraft> {
  const { service, archive } = session;
  const uri = draftUri(io, draft.file);
  // Drafts are checked as version 1 each time: what the service kept of an earlier text goes first.
  service.forget(uri);
  const document = TextDocument.create(uri, ('languageId' in draft ? draft.languageId : undefined) ?? draftLanguageId(draft.file), 1, draftText(draft, session.library));
  // The archive is asked everything the draft needs first; the check itself is synchronous.
  if (archive) await service.prefetch(document, archive.store, archive.client);
  const diagnostics = service.computeDiagnostics(document) ?? [];
  const findings = diagnostics
    .map((diagnostic) => findingOf(draft.file, diagnostic, io.cwd))
    // --quiet: errors only, as ESLint's --quiet.
    .filter((finding) => !options.quiet || finding.json.severity === 'error');
  return { file: draft.file, findings, quotes: service.getQuotationModel(document), diagnostics };
}

/** The URI a draft is checked under: its file's. */
export function draftUri(io: CliIO, file: string): string {
  return pathToFileURL(path.resolve(io.cwd, file)).href;
}

/** The folders the library is read from: `--sources`, else ./sources and ./seeds, else the bundled seeds. */
export function libraryFolders(args: CliArguments, cwd: string): string[] {
  if (args.sources.length > 0) return [...args.sources];
  const local = ['sources', 'seeds'].filter((name) => isDirectory(path.join(cwd, name)));
  return local;
}

/** `--bibliography` files (each must exist: a usage error otherwise), then the ones found by discovery. */
export function bibliographyFiles(args: CliArguments, io: CliIO, discovered: readonly string[]): string[] {
  const given = args.bibliographies.map((file) => {
    const full = path.resolve(io.cwd, file);
    if (!fs.existsSync(full)) throw new UsageError(`no such bibliography: ${file}`);
    if (isDirectory(full)) throw new UsageError(`not a bibliography file: ${file} is a folder`);
    return full;
  });
  return [...given, ...discovered];
}

/** Where bibliographies keep their parse, and how their paths are shown. */
export function bibliographyOptions(args: CliArguments, io: CliIO): { cacheDir?: string; display: (file: string) => string } {
  const display = (file: string): string => path.relative(io.cwd, file) || file;
  if (!args.cache.enabled) return { display };
  return { cacheDir: bibliographyCacheDir(args.cache.dir ? path.resolve(io.cwd, args.cache.dir) : undefined), display };
}

/** A bibliography that cannot be used, or has broken entries, is named on stderr; the command goes on. */
export function reportBibliographyProblems(catalogue: CatalogueReading, io: CliIO): void {
  for (const { reading } of catalogue.readings) {
    const { path: shown, problems, entries } = reading.bibliography;
    const fatal = problems.find((p) => p.line === 0);
    if (fatal) io.err(`verbatim: bibliography ${shown}: ${fatal.message}\n`);
    else if (problems.length > 0) {
      io.err(`verbatim: bibliography ${shown}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${entries.length} entries read); \`verbatim sources\` lists them\n`);
    }
  }
}

/** Attachments `limits` do not allow are not read: their entries say why. */
function confineAttachments(reading: CatalogueReading, limits: SessionLimits): CatalogueReading {
  const mayRead = limits.mayRead;
  if (mayRead === undefined) return reading;
  const fullTexts = new Map([...reading.fullTexts].filter(([file]) => mayRead(file)));
  const reasons = new Map(reading.reasons);
  for (const [file, declared] of reading.fullTexts) {
    if (!fullTexts.has(file)) reasons.set(declared.key, `its attachment ${file} is outside the folders this server reads`);
  }
  return { ...reading, fullTexts, reasons };
}

/** The library of the command line's folders with `catalogue` installed; throws UsageError when it has nothing. */
export async function loadLibrary(args: CliArguments, io: CliIO, catalogue: CatalogueReading): Promise<SourceLibrary> {
  for (const folder of args.sources) {
    const full = path.resolve(io.cwd, folder);
    if (!fs.existsSync(full)) throw new UsageError(`no such sources folder: ${folder}`);
    if (!isDirectory(full)) throw new UsageError(`not a folder: ${folder}`);
  }
  let folders = libraryFolders(args, io.cwd).map((folder) => path.resolve(io.cwd, folder));
  let library = await openLibrary(folders, args, io, catalogue);
  // The CLI's `bundledSources` is `auto` unless folders were named: the seed articles that ship with
  // Verbatim are the library when no local source is usable.
  if (usesBundledSeeds(args.sources.length === 0 ? 'auto' : 'never', library.size)) {
    folders = [bundledSeedsFolder()];
    const local = library;
    library = await openLibrary(folders, args, io, catalogue);
    // Keep what was wrong with the local folders visible (`verbatim sources`).
    for (const skipped of local.skipped()) library.skip(skipped.uri, skipped.path, skipped.reason);
  }
  installCatalogue(library, catalogue);
  if (library.size === 0 && library.catalogue.size === 0) {
    const where = args.sources.length > 0 ? args.sources.join(', ') : 'the bundled seeds';
    throw new UsageError(`no usable sources in ${where}${describeSkipped(library)}`);
  }
  return library;
}

async function openLibrary(folders: readonly string[], args: CliArguments, io: CliIO, catalogue: CatalogueReading): Promise<SourceLibrary> {
  if (folders.length === 0 && catalogue.fullTexts.size === 0) return new SourceLibrary();
  const cacheDir = args.cache.enabled ? path.resolve(io.cwd, args.cache.dir ?? defaultCacheDir(folders)) : undefined;
  // Default folders (./sources, ./seeds) may not lead outside the current folder through links;
  // folders named with --sources are the user's own choice.
  const within = args.sources.length === 0 && !folders.includes(bundledSeedsFolder()) ? [io.cwd] : undefined;
  // A progress line is for a person watching a terminal: not in a pipe, nor beside machine output.
  const progress = io.terminal && args.format === 'text' ? terminalProgressLine((text) => io.err(text)) : undefined;
  let library: SourceLibrary;
  try {
    const options = { base: io.cwd, fullTexts: catalogue.fullTexts, ...(cacheDir ? { cacheDir } : {}), ...(within ? { within } : {}) };
    library = (await loadCachedLibrary(folders, { ...options, ...(progress ? { onProgress: progress.update } : {}) })).library;
  } finally {
    progress?.clear();
  }
  if (cacheDir) {
    recordCacheUse(cacheDir, folders);
    // Only the default cache root is pruned: a --cache-dir folder is the user's to manage.
    if (args.cache.dir === undefined) pruneCaches(defaultCacheRoot(), { keep: cacheDir });
  }
  return library;
}

function describeSkipped(library: SourceLibrary): string {
  const skipped = library.skipped();
  if (skipped.length === 0) return ' (no .txt or .md files)';
  const first = skipped[0]!;
  return ` (${skipped.length} skipped; ${first.path}: ${first.reason})`;
}

/** The drafts `check` with no files checks: the draft files under `cwd` (every format), source folders excepted (paths relative to `cwd`). */
export function findDrafts(cwd: string, sourceFolders: readonly string[]): string[] {
  const inSources = (file: string): boolean =>
    sourceFolders.some((folder) => file === folder || file.startsWith(folder + path.sep));
  return listSourceFiles(cwd, () => undefined, undefined, isDraftFile)
    .filter((file) => !inSources(file))
    .map((file) => path.relative(cwd, file));
}
