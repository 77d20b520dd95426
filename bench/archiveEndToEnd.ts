/**
 * The issue's "done when" at the benchmark's sizes: drafts checked with the archive get the same
 * verdicts as with the local index, in the CLI (`check --archive` against `check --sources`, both
 * the built `bin/verbatim.js`) and in the server (the built server over stdio, `verbatim.archive.url`
 * against `verbatim.sources`, every quotation's verdict from `verbatim/quotes`). The drafts: the
 * workload's 100-quote draft and one that quotes every generated quote of the size, cited as the
 * benchmark cites it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { QuotesRequest, type QuoteList } from '../protocol/src/messages';
import { LspTestClient, messageOf } from '../tests/protocol/lspClient';
import type { Workload } from './corpus';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'verbatim.js');

/** One side of a comparison: what it said per quote, and how long it took. */
interface Side {
  /** Per quote (file and position), what it was told: verdict, message, passage. */
  readonly quotes: Map<string, string>;
  readonly ms: number;
}

/** How the archive side compared with the local side. */
export interface Comparison {
  /** Quotes in the drafts. */
  readonly quotes: number;
  /** Quotes checked (given a verdict) on each side, as the CLI's summary counts them; undefined for the server. */
  readonly checked?: { readonly local: number; readonly archive: number };
  /** Quotes the two sides told something different (must be 0). */
  readonly differing: number;
  /** Findings (CLI) or diagnostics (server) of the local side. */
  readonly findings: number;
  readonly localMs: number;
  readonly archiveMs: number;
  /** A few of the differences, for the table's legend. */
  readonly examples: readonly string[];
}

/** What the CLI and the server gave through the archive, each against the local index. */
export interface EndToEnd {
  readonly cli: Comparison;
  readonly server: Comparison;
}

/** The drafts compared: the workload's draft and one quoting every generated quote. */
function writeDrafts(workload: Workload, dir: string): Record<string, string> {
  const all = workload.quotes.map((q, i) => (i % 2 === 0 ? `They wrote “${q.text}” [@${q.cited}].` : `As @${q.cited} put it, "${q.text}".`)).join('\n\n');
  const drafts = { 'draft.md': workload.draft.text, 'quotes.md': `# Every generated quote\n\n${all}\n` };
  for (const [name, text] of Object.entries(drafts)) fs.writeFileSync(path.join(dir, name), text);
  return drafts;
}

function compare(local: Side, archive: Side, quotes: number, findings: number): Comparison {
  const examples: string[] = [];
  let differing = 0;
  for (const at of new Set([...local.quotes.keys(), ...archive.quotes.keys()])) {
    if (local.quotes.get(at) === archive.quotes.get(at)) continue;
    differing++;
    if (examples.length < 3) examples.push(`${at}: local ${local.quotes.get(at) ?? '(nothing)'}; archive ${archive.quotes.get(at) ?? '(nothing)'}`);
  }
  return { quotes, differing, findings, localMs: local.ms, archiveMs: archive.ms, examples };
}

/** The CLI on both drafts, `--format json`: each finding is one quote's verdict (a verified quote has none). */
function throughCli(work: string, args: readonly string[]): Side & { checked: number } {
  const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache') };
  const run = (format: string[]): { stdout: string; ms: number } => {
    const t = performance.now();
    const result = spawnSync(process.execPath, [BIN, 'check', 'draft.md', 'quotes.md', ...args, '--no-cache', ...format], { cwd: work, encoding: 'utf8', env, maxBuffer: 256 << 20 });
    if (result.status !== 0 && result.status !== 1) throw new Error(`verbatim check ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
    return { stdout: result.stdout, ms: performance.now() - t };
  };
  const json = run(['--format', 'json']);
  const quotes = new Map<string, string>();
  const findings = JSON.parse(json.stdout) as Array<{ file: string; line: number; column: number; code: string; message: string; suggestion?: string; source?: { key: string; line: number; column: number; text: string } }>;
  for (const d of findings) {
    const at = `${path.basename(d.file)}:${d.line}:${d.column}`;
    const told = `${d.code} ${d.message} ${d.suggestion ?? ''} ${d.source ? `${d.source.key} ${d.source.line}:${d.source.column} ${d.source.text}` : ''}`;
    quotes.set(at, quotes.has(at) ? `${quotes.get(at)!} | ${told}` : told);
  }
  const checked = Number(/\((\d+) quotes? checked/.exec(run([]).stdout)?.[1] ?? NaN);
  return { quotes, ms: json.ms, checked };
}

/** The built server on both drafts: every quotation's verdict, explanation and passage from `verbatim/quotes`. */
async function throughServer(settings: Record<string, unknown>, expectSources: number, drafts: Record<string, string>): Promise<Side & { diagnostics: number }> {
  const client = await LspTestClient.start({ copySeeds: false, files: { 'sources/.keep': '' }, settings: { bundledSources: 'never', ...settings } });
  try {
    await client.waitFor(
      `the library to finish indexing ${expectSources} sources`,
      () => client.statuses.some((s) => !s.indexing && s.sources === expectSources),
      () => JSON.stringify(client.statuses.slice(-3)),
      600_000,
    );
    const quotes = new Map<string, string>();
    let diagnostics = 0;
    const t = performance.now();
    const uris = await Promise.all(Object.entries(drafts).map(([name, text]) => client.open(name, text)));
    for (const [i, uri] of uris.entries()) {
      // Published once every quote is checked (through the archive: once its answers came).
      const published: Diagnostic[] = await client.waitForDiagnostics(uri, (d) => d.length > 0, { timeoutMs: 600_000 });
      diagnostics += published.length;
      const list = await client.request<QuoteList | null>(QuotesRequest.method, { uri }, 600_000);
      if (!list) throw new Error(`the server does not have ${uri} open`);
      const related = (d: Diagnostic): string => JSON.stringify((d.relatedInformation ?? []).map((r) => [r.location.range, r.message]));
      const byStart = new Map<string, string[]>();
      for (const d of published) {
        const at = `${d.range.start.line}:${d.range.start.character}`;
        byStart.set(at, [...(byStart.get(at) ?? []), `${String(d.code)} ${messageOf(d)} ${related(d)}`]);
      }
      for (const q of list.quotes) {
        const at = `${q.range.start.line}:${q.range.start.character}`;
        const passage = q.passage ? `${q.passage.key} ${JSON.stringify(q.passage.range)} ${q.passage.text}` : '-';
        quotes.set(`${Object.keys(drafts)[i]}:${at}`, `${q.verdict} ${q.reason ?? ''} ${q.explanation} ${passage} ${(byStart.get(at) ?? []).join(' | ')}`);
      }
    }
    return { quotes, diagnostics, ms: performance.now() - t };
  } finally {
    await client.stop().catch(() => client.dispose());
  }
}

/**
 * Checks the drafts through the CLI and the built server, with the archive at `url` and with the
 * local index of the workload's corpus, and compares every quote's verdict.
 */
export async function checkThroughAdapters(workload: Workload, url: string, sourceCount: number): Promise<EndToEnd> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-archive-adapters-')));
  try {
    const drafts = writeDrafts(workload, work);
    const quoteCount = workload.draft.quotes.length + workload.quotes.length;
    // The archive side's own library: one unrelated memo (a library may not be empty).
    fs.mkdirSync(path.join(work, 'memo'));
    fs.writeFileSync(path.join(work, 'memo', 'memo.txt'), 'A short memo about the weather, which was fine all week.\n');
    process.stderr.write(`${workload.size}: the CLI, with --sources and with --archive …\n`);
    const localCli = throughCli(work, ['--sources', workload.corpusDir]);
    const archiveCli = throughCli(work, ['--sources', 'memo', '--archive', url]);
    const cli = { ...compare(localCli, archiveCli, quoteCount, localCli.quotes.size), checked: { local: localCli.checked, archive: archiveCli.checked } };
    process.stderr.write(`${workload.size}: the server, with verbatim.sources and with verbatim.archive.url …\n`);
    const localServer = await throughServer({ sources: [workload.corpusDir] }, sourceCount, drafts);
    const archiveServer = await throughServer({ sources: ['sources'], archive: { url } }, 0, drafts);
    if (localServer.quotes.size !== quoteCount) throw new Error(`the server listed ${localServer.quotes.size} quotations of ${quoteCount}`);
    const server = compare(localServer, archiveServer, quoteCount, localServer.diagnostics);
    return { cli, server };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
