import * as path from 'node:path';
import { completeBibliographyNow } from '../library/bibliographyLoader';
import { bibliographiesOfDraft, readCatalogue, quartoBibliographies, type CatalogueReading } from '../library/catalogueLoader';
import { parseArguments, UsageError, USAGE, type CliArguments } from './arguments';
import {
  bibliographyFiles,
  bibliographyOptions,
  checkDraft,
  findDrafts,
  libraryFolders,
  loadLibrary,
  openCheckSession,
  reportBibliographyProblems,
} from './checkSession';
import { PROCESS_IO, type CliIO } from './cliIO';
import { draftText, readDraftFile, withIncludedFiles } from './draftFiles';
import { formatJson, type CheckedDraft, type CheckResult } from './findings';
import { formatGithub } from './githubFormat';
import { writeReport } from './reportCommand';
import { formatSarif } from './sarifFormat';
import { formatSourcesJson, formatSourcesText } from './sourcesReport';
import { clearCaches, defaultCacheRoot, listCaches } from '../indexFile/cacheFolder';
import { formatCacheList } from './cacheReport';
import { formatBytes } from '../core/library/source';
import { formatText } from './textFormat';
import { readVersion } from './version';

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
      case 'mcp': {
        // A bundle of its own (dist/mcpServer.js, with the MCP SDK): `check` never loads it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { runMcpServer } = require('./mcpServer') as typeof import('./mcpServer');
        return await runMcpServer(args, io);
      }
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
        // The files a LaTeX draft includes are reported with it, after it.
        const [draft, ...included] = withIncludedFiles([readDraftFile(path.resolve(io.cwd, file), file)], io);
        const texts = included.flatMap((d) => ('text' in d ? [{ file: d.file, text: d.text, ...(d.languageId ? { languageId: d.languageId } : {}) }] : []));
        const own = [draft!, ...texts].flatMap((d) => ('text' in d ? bibliographiesOfDraft(path.resolve(io.cwd, d.file), d.text, io.cwd) : []));
        const catalogue = readCatalogue(bibliographyFiles(args, io, [...new Set(own)]), bibliographyOptions(args, io));
        reportBibliographyProblems(catalogue, io);
        const library = await loadLibrary(args, io, catalogue);
        return writeReport({ file, text: draftText(draft!, library), library, args, io, included: texts });
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
  const drafts = withIncludedFiles(
    files.map((file) => readDraftFile(path.resolve(io.cwd, file), file)),
    io,
  );
  const session = await openCheckSession(args, io, drafts);
  const checked: CheckedDraft[] = [];
  for (const draft of drafts) checked.push(await checkDraft(session, io, draft, { quiet: args.quiet === true }));
  await session.archive?.client.close();
  const result: CheckResult = { drafts: checked, sources: session.library.size, entries: session.library.catalogue.size, archive: session.archive !== undefined };
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

/** `sources` shows bibliographies fully parsed (and keeps the parse for the next run). */
async function completeCatalogue(catalogue: CatalogueReading, args: CliArguments, io: CliIO): Promise<CatalogueReading> {
  const options = bibliographyOptions(args, io);
  const readings = await Promise.all(
    catalogue.readings.map(async ({ file, reading }) => ({ file, reading: { bibliography: await completeBibliographyNow(reading, file, options) } })),
  );
  return { ...catalogue, readings };
}

