import { isArchiveUrl } from '../archive/archiveAddress';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from '../service';

/** A command line that cannot be run: the message is the one-line reason shown to the user. */
export class UsageError extends Error {}

/** Output formats, by command. */
const FORMATS = {
  check: ['text', 'json', 'sarif', 'github'],
  sources: ['text', 'json'],
  report: ['html', 'md'],
  archive: ['text', 'json'],
  cache: ['text'],
  lsp: ['text'],
  mcp: ['text'],
} as const;

/** Every output format of any command. */
export type OutputFormat = (typeof FORMATS)[keyof typeof FORMATS][number];

/** Parsed command line of `verbatim`. */
export interface CliArguments {
  readonly command: 'check' | 'sources' | 'report' | 'lsp' | 'mcp' | 'archive' | 'cache' | 'help' | 'version';
  readonly files: readonly string[];
  readonly sources: readonly string[];
  /** Bibliography files (`--bibliography`), besides those drafts and Quarto files name. */
  readonly bibliographies: readonly string[];
  readonly format: OutputFormat;
  /** `report -o FILE`: where to write (stdout when undefined). */
  readonly output?: string;
  /** `check --max-warnings N`: more warnings than this fail the run (default 0: any warning fails). */
  readonly maxWarnings?: number;
  /** `check --quiet`: errors only; warnings and information are neither printed nor counted. */
  readonly quiet?: boolean;
  /** `--reuse` / `--no-reuse` (check, report): the unquoted-reuse check; undefined: on (the default). */
  readonly reuse?: boolean;
  /** Folder of the index file; undefined with `--no-cache`. */
  readonly cache: { readonly dir?: string; readonly enabled: boolean };
  /** `check --archive URL` and `mcp --archive URL` (repeatable: shards), `archive … --db URL` (repeatable). */
  readonly archive?: readonly string[];
  /** `archive load` or `archive stats`, with `files` as the folders to load. */
  readonly archiveAction?: 'load' | 'stats';
  /** `cache list` (the default) or `cache clear`. */
  readonly cacheAction?: 'list' | 'clear';
}

export const USAGE = `usage: verbatim check [FILES...] [--sources DIR]... [--bibliography FILE]... [--archive URL]...
                      [--format text|json|sarif|github] [--max-warnings N] [--quiet] [--no-reuse]
       verbatim report DRAFT.md [-o FILE] [--format html|md] [--sources DIR]... [--bibliography FILE]... [--no-reuse]
       verbatim sources [--sources DIR]... [--bibliography FILE]... [--format text|json]
       verbatim archive load DIR... --db URL | archive stats --db URL
       verbatim cache [list|clear]
       verbatim lsp --stdio
       verbatim mcp [--sources DIR]... [--bibliography FILE]... [--archive URL]...

  check     check the quotations of drafts (Markdown, Quarto, R Markdown, LaTeX, Typst) against
            their cited sources (no FILES: every .md, .markdown, .qmd, .Rmd, .Rmarkdown, .tex and
            .typ file under the current folder, source folders excepted; Word .docx drafts when
            named, a finding's line being the paragraph's number)
  report    write a fact-check sheet of a draft (any format, .docx too): every quotation, its
            verdict and source passage
  sources   list the library: keys, titles, bibliography entries, skipped files, broken entries
            and key clashes
  archive   load folders of sources into a PostgreSQL archive (incrementally), or show its size
  cache     list the index files (folders, size, last use) or remove them all; indexes
            unused for 60 days, or beyond 2 GB in all (least recently used first), go by themselves
  lsp       run the language server (stdio)
  mcp       run the Model Context Protocol server (stdio) for AI assistants: check_quotes,
            find_passage, list_sources, read_source, on the library check uses

  --sources DIR     a folder of source articles (repeatable; default ./sources and ./seeds,
                    else the seed articles bundled with Verbatim)
  --bibliography F  a .bib/.bibtex, CSL-JSON or CSL-YAML file (repeatable), besides those a
                    draft's front matter or Quarto's _quarto.yml/_metadata.yml name
  --format F        check: text (default), json, sarif (SARIF 2.1.0) or github (workflow commands);
                    report: html (default) or md; sources: text or json
  --max-warnings N  check: fail only when there are more than N warnings (errors always fail)
  --quiet           check: report errors only
  --no-reuse        check, report: leave out unquoted reuse (runs of 10 or more words copied from a
                    source without quotation marks; --reuse, the default, looks for them)
  -o, --output F    report: write to F instead of standard output
  --cache-dir D   where the index file lives (default: ~/.cache/verbatim/…)
  --no-cache      neither read nor write the index file
  --archive URL   also look quotes up in a PostgreSQL archive (postgres://user@host/db; the
                  password from PGPASSWORD or ~/.pgpass); repeat for shards
  --db URL        the archive \`archive\` loads or describes; repeat for shards

exit status: 0 no errors or warnings, 1 errors or warnings found, 2 usage or input error`;

/** Parses `argv` (without `node` and the script); throws UsageError with a one-line reason. */
export function parseArguments(argv: readonly string[]): CliArguments {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help', files: [], sources: [], bibliographies: [], format: 'text', cache: { enabled: true } };
  }
  if (command === '--version' || command === '-v') return { command: 'version', files: [], sources: [], bibliographies: [], format: 'text', cache: { enabled: true } };
  if (command !== 'check' && command !== 'sources' && command !== 'report' && command !== 'lsp' && command !== 'mcp' && command !== 'archive' && command !== 'cache') {
    throw new UsageError(`unknown command "${command}"`);
  }
  let cacheAction: 'list' | 'clear' | undefined;
  if (command === 'cache') {
    const action = rest[0] === undefined || rest[0].startsWith('-') ? 'list' : rest.shift();
    if (action !== 'list' && action !== 'clear') throw new UsageError(`cache takes list or clear, not "${action}"`);
    cacheAction = action;
  }
  let archiveAction: 'load' | 'stats' | undefined;
  if (command === 'archive') {
    const action = rest.shift();
    if (action !== 'load' && action !== 'stats') throw new UsageError(`archive needs load or stats, not ${action === undefined ? 'nothing' : `"${action}"`}`);
    archiveAction = action;
  }
  const archive: string[] = [];
  const files: string[] = [];
  const sources: string[] = [];
  const bibliographies: string[] = [];
  const formats: readonly OutputFormat[] = FORMATS[command];
  let format: OutputFormat = formats[0]!;
  let output: string | undefined;
  let maxWarnings: number | undefined;
  let quiet = false;
  let reuse: boolean | undefined;
  let cacheDir: string | undefined;
  let cacheEnabled = true;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === '--sources') sources.push(value());
    else if (name === '--bibliography') bibliographies.push(value());
    else if (name === '--cache-dir') cacheDir = value();
    else if (name === '--no-cache') cacheEnabled = false;
    else if ((name === '--archive' && (command === 'check' || command === 'mcp')) || (name === '--db' && command === 'archive')) {
      const url = value();
      if (!isArchiveUrl(url)) throw new UsageError(`${name} needs a postgres:// URL, not "${url.replace(/:[^:@/]*@/, ':***@')}"`);
      archive.push(url);
    }
    else if (name === '--format') {
      const v = value();
      const known = formats.find((f) => f === v);
      if (known === undefined) throw new UsageError(`--format must be ${formats.join(', ').replace(/, (\w+)$/, ' or $1')}, not "${v}"`);
      format = known;
    } else if ((name === '-o' || name === '--output') && command === 'report') output = value();
    else if (name === '--max-warnings' && command === 'check') {
      const v = value();
      if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, not "${v}"`);
      maxWarnings = Number(v);
    } else if (name === '--quiet' && command === 'check') quiet = true;
    else if ((name === '--reuse' || name === '--no-reuse') && (command === 'check' || command === 'report')) reuse = name === '--reuse';
    else if (command === 'lsp' && (name === '--stdio' || name === '--node-ipc' || name.startsWith('--clientProcessId'))) {
      continue;
    } else if (name === '--help' || name === '-h') return { command: 'help', files: [], sources: [], bibliographies: [], format, cache: { enabled: true } };
    else if (name.startsWith('-') && name !== '-') throw new UsageError(`unknown option "${name}"`);
    else if (command === 'check' || command === 'report' || archiveAction === 'load') files.push(arg);
    else throw new UsageError(`"${command}" takes no file arguments`);
  }
  if (command === 'report' && files.length !== 1) throw new UsageError('report takes one draft (verbatim report DRAFT.md)');
  if (command === 'archive') {
    if (archive.length === 0) throw new UsageError(`archive ${archiveAction} needs --db URL`);
    if (archiveAction === 'load' && files.length === 0) throw new UsageError('archive load needs at least one folder');
  }
  return {
    command,
    files,
    sources,
    bibliographies,
    format,
    ...(output !== undefined ? { output } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
    ...(quiet ? { quiet } : {}),
    ...(reuse !== undefined ? { reuse } : {}),
    cache: { ...(cacheDir !== undefined ? { dir: cacheDir } : {}), enabled: cacheEnabled },
    ...(archive.length > 0 ? { archive } : {}),
    ...(archiveAction ? { archiveAction } : {}),
    ...(cacheAction ? { cacheAction } : {}),
  };
}

/** The language service's settings for `check` and `report`: the defaults, with `--no-reuse`. */
export function cliSettings(args: CliArguments): ServiceSettings {
  return { ...DEFAULT_SERVICE_SETTINGS, reuseEnabled: args.reuse ?? DEFAULT_SERVICE_SETTINGS.reuseEnabled };
}
