import { draftLanguageId, isDraftFile } from '../core/draft/draftAnalysis';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceLibrary } from '../core/library/sourceLibrary';
import { createLanguageService, type DraftScope } from '../service';
import { defaultCacheDir } from '../indexFile/cacheFolder';
import { loadLibrary as loadCachedLibrary } from '../library/libraryOpener';
import { bundledSeedsFolder, isDirectory, listSourceFiles, usesBundledSeeds } from '../library/sourceFiles';
import { completeBibliographyNow } from '../library/bibliographyLoader';
import { bibliographyCacheDir } from '../library/bibliographyCache';
import { bibliographiesOfDraft, installCatalogue, quartoBibliographies, readCatalogue, type CatalogueReading } from '../library/catalogueLoader';
import { cliSettings, parseArguments, UsageError, USAGE, type CliArguments } from './arguments';
import { PROCESS_IO, type CliIO } from './cliIO';
import { findingOf, formatJson, type CheckedDraft, type CheckResult } from './findings';
import { formatGithub } from './githubFormat';
import { writeReport } from './reportCommand';
import { formatSarif } from './sarifFormat';
import { formatSourcesJson, formatSourcesText } from './sourcesReport';
import { clearCaches, defaultCacheRoot, listCaches, pruneCaches, recordCacheUse } from '../indexFile/cacheFolder';
import { formatCacheList } from './cacheReport';
import { formatBytes } from '../core/library/source';
import { terminalProgressLine } from './progressLine';
import { formatText } from './textFormat';

export type { JsonDiagnostic } from './findings';


/** Runs the command line; resolves to the exit status (0 clean, 1 findings, 2 usage or input error). */
export async function runCli(argv: readonly string[], io: CliIO = PROCESS_IO): Promise<number> {
  let args: CliArguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`verbatim: ${error.message}\n${USAGE.split('\n')[0]}\n`);
      return 2;
    }
    throw error;
  }
  try {
    switch (args.command) {
      case 'help':
        io.out(`${USAGE}\n`);
        return 0;
      case 'version':
        io.out(`${readVersion()}\n`);
        return 0;
      case 'lsp': {
        const { startServer } = await import('../lsp/server');
        startServer();
        return await new Promise<number>(() => undefined);
      }
      case 'cache': {
        const root = defaultCacheRoot();
        if (args.cacheAction === 'clear') {
          const { indexes, bytes } = clearCaches(root);
          io.out(`removed ${indexes} index ${indexes === 1 ? 'file' : 'files'} and the parsed bibliographies from ${root} (${formatBytes(bytes)})\n`);
        } else {
          io.out(formatCacheList(listCaches(root)));
        }
        return 0;
      }
      case 'sources': {
        const catalogue = await completeCatalogue(readCatalogue(bibliographyFiles(args, io, quartoBibliographies(io.cwd, io.cwd)), bibliographyOptions(args, io)), args, io);
        const library = await loadLibrary(args, io, catalogue);
        io.out(args.format === 'json' ? formatSourcesJson(library, io.cwd) : formatSourcesText(library));
        return 0;
      }
      case 'check':
        return await check(args, io);
      case 'report': {
        const file = args.files[0]!;
        const text = readDraft(path.resolve(io.cwd, file), file);
        const catalogue = readCatalogue(bibliographyFiles(args, io, bibliographiesOfDraft(path.resolve(io.cwd, file), text, io.cwd)), bibliographyOptions(args, io));
        reportBibliographyProblems(catalogue, io);
        const library = await loadLibrary(args, io, catalogue);
        return writeReport({ file, text, library, args, io });
      }
      case 'archive': {
        const { runArchiveCommand } = await import('./archiveCommand');
        return await runArchiveCommand(args, io);
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`verbatim: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function check(args: CliArguments, io: CliIO): Promise<number> {
  const sourceFolders = libraryFolders(args, io.cwd).map((folder) => path.resolve(io.cwd, folder));
  const files = args.files.length > 0 ? args.files : findDrafts(io.cwd, sourceFolders);
  const drafts = files.map((file) => ({ file, text: readDraft(path.resolve(io.cwd, file), file) }));
  // The bibliographies the drafts name (front matter, Quarto files) join those of --bibliography in
  // one library; each draft is checked against its own and those of --bibliography.
  const given = bibliographyFiles(args, io, []);
  const scopes = new Map<string, DraftScope>();
  const named: string[] = [];
  for (const { file, text } of drafts) {
    const own = bibliographiesOfDraft(path.resolve(io.cwd, file), text, io.cwd);
    named.push(...own);
    scopes.set(draftUri(io, file), { bibliographies: new Set([...given, ...own].map((f) => pathToFileURL(f).href)) });
  }
  const catalogue = readCatalogue([...given, ...named], bibliographyOptions(args, io));
  reportBibliographyProblems(catalogue, io);
  const library = await loadLibrary(args, io, catalogue);
  const archive = args.archive ? await (await import('./archiveCommand')).openArchiveStore(args.archive, library, io) : undefined;
  const settings = cliSettings(args);
  const service = createLanguageService({ library, settings: () => settings, scopeOf: (uri) => scopes.get(uri), ...(archive ? { stores: [archive.store] } : {}) });
  const checked: CheckedDraft[] = [];
  for (const { file, text } of drafts) {
    const document = TextDocument.create(draftUri(io, file), draftLanguageId(file), 1, text);
    // The archive is asked everything the draft needs first; the check itself is synchronous.
    if (archive) await service.prefetch(document, archive.store, archive.client);
    const findings = (service.computeDiagnostics(document) ?? [])
      .map((diagnostic) => findingOf(file, diagnostic, io.cwd))
      // --quiet: errors only, as ESLint's --quiet.
      .filter((finding) => !args.quiet || finding.json.severity === 'error');
    checked.push({ file, findings, quotes: service.getQuotationModel(document) });
  }
  await archive?.client.close();
  const result: CheckResult = { drafts: checked, sources: library.size, entries: library.catalogue.size, archive: archive !== undefined };
  switch (args.format) {
    case 'json':
      io.out(formatJson(result));
      break;
    case 'sarif':
      io.out(formatSarif(result, { version: readVersion(), cwd: io.cwd }));
      break;
    case 'github':
      io.out(formatGithub(result));
      break;
    default:
      io.out(formatText(result));
  }
  const findings = checked.flatMap((draft) => draft.findings);
  const errors = findings.filter((f) => f.json.severity === 'error').length;
  const warnings = findings.filter((f) => f.json.severity === 'warning').length;
  // Errors always fail; warnings fail past --max-warnings (default 0, as SPEC section 8 has it).
  return errors > 0 || warnings > (args.maxWarnings ?? 0) ? 1 : 0;
}

function draftUri(io: CliIO, file: string): string {
  return pathToFileURL(path.resolve(io.cwd, file)).href;
}

/** The folders the library is read from: `--sources`, else ./sources and ./seeds, else the bundled seeds. */
function libraryFolders(args: CliArguments, cwd: string): string[] {
  if (args.sources.length > 0) return [...args.sources];
  const local = ['sources', 'seeds'].filter((name) => isDirectory(path.join(cwd, name)));
  return local;
}

/** `--bibliography` files (each must exist: a usage error otherwise), then the ones found by discovery. */
function bibliographyFiles(args: CliArguments, io: CliIO, discovered: readonly string[]): string[] {
  const given = args.bibliographies.map((file) => {
    const full = path.resolve(io.cwd, file);
    if (!fs.existsSync(full)) throw new UsageError(`no such bibliography: ${file}`);
    if (isDirectory(full)) throw new UsageError(`not a bibliography file: ${file} is a folder`);
    return full;
  });
  return [...given, ...discovered];
}

function bibliographyOptions(args: CliArguments, io: CliIO): { cacheDir?: string; display: (file: string) => string } {
  const display = (file: string): string => path.relative(io.cwd, file) || file;
  if (!args.cache.enabled) return { display };
  return { cacheDir: bibliographyCacheDir(args.cache.dir ? path.resolve(io.cwd, args.cache.dir) : undefined), display };
}

/** `sources` shows bibliographies fully parsed (and keeps the parse for the next run). */
async function completeCatalogue(catalogue: CatalogueReading, args: CliArguments, io: CliIO): Promise<CatalogueReading> {
  const options = bibliographyOptions(args, io);
  const readings = await Promise.all(
    catalogue.readings.map(async ({ file, reading }) => ({ file, reading: { bibliography: await completeBibliographyNow(reading, file, options) } })),
  );
  return { ...catalogue, readings };
}

/** A bibliography that cannot be used, or has broken entries, is named on stderr; the command goes on. */
function reportBibliographyProblems(catalogue: CatalogueReading, io: CliIO): void {
  for (const { reading } of catalogue.readings) {
    const { path: shown, problems, entries } = reading.bibliography;
    const fatal = problems.find((p) => p.line === 0);
    if (fatal) io.err(`verbatim: bibliography ${shown}: ${fatal.message}\n`);
    else if (problems.length > 0) {
      io.err(`verbatim: bibliography ${shown}: ${problems.length} problem${problems.length === 1 ? '' : 's'} (${entries.length} entries read); \`verbatim sources\` lists them\n`);
    }
  }
}

async function loadLibrary(args: CliArguments, io: CliIO, catalogue: CatalogueReading): Promise<SourceLibrary> {
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

function readDraft(full: string, shown: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${shown}`);
    if (code === 'EISDIR') throw new UsageError(`${shown} is a folder; name draft files`);
    throw new UsageError(`cannot read ${shown}: ${(error as Error).message}`);
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) throw new Error('NUL');
    return text;
  } catch {
    throw new UsageError(`${shown} is not UTF-8 text`);
  }
}

function findDrafts(cwd: string, sourceFolders: readonly string[]): string[] {
  const inSources = (file: string): boolean =>
    sourceFolders.some((folder) => file === folder || file.startsWith(folder + path.sep));
  return listSourceFiles(cwd, () => undefined, undefined, isDraftFile)
    .filter((file) => !inSources(file))
    .map((file) => path.relative(cwd, file));
}


function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(bundledSeedsFolder()), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
