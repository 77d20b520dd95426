import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceLibrary } from '../core/sourceLibrary';
import { createLanguageService } from '../service/languageService';
import { prefetchForDocument } from '../service/storePrefetch';
import { defaultCacheDir, loadLibrary as loadCachedLibrary } from '../node/libraryCache';
import { bundledSeedsFolder, listSourceFiles } from '../node/libraryLoader';
import { parseArguments, UsageError, USAGE, type CliArguments } from './arguments';
import { findingOf, formatJson, type CheckedDraft, type CheckResult } from './findings';
import { formatGithub } from './githubFormat';
import { writeReport } from './reportCommand';
import { formatSarif } from './sarifFormat';
import { formatSourcesJson, formatSourcesText } from './sourcesReport';
import { formatText } from './textFormat';

export type { JsonDiagnostic } from './findings';

/** Output streams and working folder, injectable for tests. */
export interface CliIO {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

const PROCESS_IO: CliIO = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

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
      case 'sources': {
        const library = await loadLibrary(args, io);
        io.out(args.format === 'json' ? formatSourcesJson(library, io.cwd) : formatSourcesText(library));
        return 0;
      }
      case 'check':
        return await check(args, io);
      case 'report': {
        const library = await loadLibrary(args, io);
        const file = args.files[0]!;
        return writeReport({ file, text: readDraft(path.resolve(io.cwd, file), file), library, args, io });
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
  const library = await loadLibrary(args, io);
  const sourceFolders = libraryFolders(args, io.cwd).map((folder) => path.resolve(io.cwd, folder));
  const files = args.files.length > 0 ? args.files : findDrafts(io.cwd, sourceFolders);
  const drafts = files.map((file) => ({ file, text: readDraft(path.resolve(io.cwd, file), file) }));
  const archive = args.archive ? await (await import('./archiveCommand')).openArchiveStore(args.archive, library, io) : undefined;
  const service = createLanguageService({ library, ...(archive ? { stores: [archive.store] } : {}) });
  const checked: CheckedDraft[] = [];
  for (const { file, text } of drafts) {
    const document = TextDocument.create(pathToFileURL(path.resolve(io.cwd, file)).href, 'markdown', 1, text);
    // The archive is asked everything the draft needs first; the check itself is synchronous.
    if (archive) await prefetchForDocument(service.context, service.models, document, archive.store, archive.client);
    const findings = (service.computeDiagnostics(document) ?? [])
      .map((diagnostic) => findingOf(file, diagnostic, io.cwd))
      // --quiet: errors only, as ESLint's --quiet.
      .filter((finding) => !args.quiet || finding.json.severity === 'error');
    checked.push({ file, findings, quotes: service.getQuotationModel(document) });
  }
  await archive?.client.close();
  const result: CheckResult = { drafts: checked, sources: library.size, archive: archive !== undefined };
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

/** The folders the library is read from: `--sources`, else ./sources and ./seeds, else the bundled seeds. */
function libraryFolders(args: CliArguments, cwd: string): string[] {
  if (args.sources.length > 0) return [...args.sources];
  const local = ['sources', 'seeds'].filter((name) => isDirectory(path.join(cwd, name)));
  return local;
}

async function loadLibrary(args: CliArguments, io: CliIO): Promise<SourceLibrary> {
  for (const folder of args.sources) {
    const full = path.resolve(io.cwd, folder);
    if (!fs.existsSync(full)) throw new UsageError(`no such sources folder: ${folder}`);
    if (!isDirectory(full)) throw new UsageError(`not a folder: ${folder}`);
  }
  let folders = libraryFolders(args, io.cwd).map((folder) => path.resolve(io.cwd, folder));
  let library = await openLibrary(folders, args, io);
  if (library.size === 0 && args.sources.length === 0) {
    // No usable local library: the seed articles that ship with Verbatim are the library.
    folders = [bundledSeedsFolder()];
    const local = library;
    library = await openLibrary(folders, args, io);
    // Keep what was wrong with the local folders visible (`verbatim sources`).
    for (const skipped of local.skipped()) library.skip(skipped.uri, skipped.path, skipped.reason);
  }
  if (library.size === 0) {
    const where = args.sources.length > 0 ? args.sources.join(', ') : 'the bundled seeds';
    throw new UsageError(`no usable sources in ${where}${describeSkipped(library)}`);
  }
  return library;
}

async function openLibrary(folders: readonly string[], args: CliArguments, io: CliIO): Promise<SourceLibrary> {
  if (folders.length === 0) return new SourceLibrary();
  const cacheDir = args.cache.enabled ? path.resolve(io.cwd, args.cache.dir ?? defaultCacheDir(folders)) : undefined;
  // Default folders (./sources, ./seeds) may not lead outside the current folder through links;
  // folders named with --sources are the user's own choice.
  const within = args.sources.length === 0 && !folders.includes(bundledSeedsFolder()) ? [io.cwd] : undefined;
  return (await loadCachedLibrary(folders, { base: io.cwd, ...(cacheDir ? { cacheDir } : {}), ...(within ? { within } : {}) })).library;
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
    if (code === 'EISDIR') throw new UsageError(`${shown} is a folder; name Markdown files`);
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
  return listSourceFiles(cwd, () => undefined)
    .filter((file) => file.toLowerCase().endsWith('.md') && !inSources(file))
    .map((file) => path.relative(cwd, file));
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    // Missing or unreadable: not a folder we can use.
    return false;
  }
}

function readVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(bundledSeedsFolder()), 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
