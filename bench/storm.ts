/**
 * Benchmark rows of issue 27: request latency while the writer types. The built language server
 * over stdio, a generated library of 1,000 articles (`tests/generatedLibrary`, real prose) and a
 * draft of 100 quotes of them (one in five misquoted) and about 5,000 words. Idle: hover on a key,
 * hover on a quote, completion after `@` and code actions on a quote, one after another, nothing
 * else happening. Storm: the same requests, one every 20 ms in turn, while edits (a character
 * typed or deleted in the draft's last paragraph, each an incremental change of its own version)
 * go out at 200 a second for STORM_MS: the edits due by the clock are sent at each wake of the
 * client's timer, so a late timer (a loaded machine) sends two or three at once rather than fewer;
 * latency from sending to the answer. `npm run bench -- --typing-only` prints these rows in the
 * table (bench/run.ts).
 *
 *   node --import tsx bench/storm.ts [--runs 3]     (prints JSON, then a table of medians)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { writeSotuLibrary } from '../tests/generatedLibrary';
import { LspTestClient } from '../tests/protocol/lspClient';
import { quantile } from './stats';

const ARTICLES = 1_000;
const QUOTES = 100;
const STORM_MS = 6_000;
const EDIT_EVERY_MS = 5;
const REQUEST_EVERY_MS = 20;
const IDLE_REQUESTS = 30;

type Method = 'hoverKey' | 'hoverQuote' | 'completion' | 'codeAction';
const METHODS: Method[] = ['hoverKey', 'hoverQuote', 'completion', 'codeAction'];

interface Latency {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface StormResult {
  readonly idle: Record<Method, Latency>;
  readonly storm: Record<Method, Latency>;
  readonly edits: number;
  /** Edits sent a second over the storm. */
  readonly editsPerSecond: number;
  /** The server's longest event-loop hold during the storm, and the most CPU time one hold took (bench/eventLoopHolds.cjs). */
  readonly longestHoldMs: number;
  readonly mostCpuInAHoldMs: number;
  readonly loadAverage: number;
}

/** The storm's request kinds, in the order the table shows them. */
export const STORM_METHODS: readonly Method[] = ['hoverKey', 'hoverQuote', 'completion', 'codeAction'];
export type StormMethod = Method;

/** The draft: per quote a paragraph of prose, the quote and its citation; positions of what the requests aim at. */
function makeDraft(library: string): { text: string; lines: Array<{ line: number; keyAt: number; quoteAt: number; quoteEnd: number }> } {
  const paragraphs: string[] = [];
  const lines: Array<{ line: number; keyAt: number; quoteAt: number; quoteEnd: number }> = [];
  for (let q = 0; q < QUOTES; q++) {
    const n = q * 10;
    const body = fs.readFileSync(path.join(library, `sotu-${String(n).padStart(5, '0')}.md`), 'utf8').split('\n---\n')[1]!;
    const words = body.split(/\s+/).filter((w) => /^[A-Za-z]+[,.;]?$/.test(w)).slice(30, 42).map((w) => w.replace(/[,.;]$/, ''));
    if (q % 5 === 4) words[5] = 'notably';
    const prose = 'Reporters compared the speech with the record and found passages worth a second look, as the archive shows. '.repeat(3);
    const lead = `${prose}As @sotu-${n} put it, "`;
    paragraphs.push(`${lead}${words.join(' ')}" [@sotu-${n}].`);
    lines.push({ line: q * 2, keyAt: lead.indexOf('@') + 3, quoteAt: lead.length + 3, quoteEnd: lead.length + words.join(' ').length });
  }
  paragraphs.push('The last paragraph, where the writer types: ');
  return { text: `${paragraphs.join('\n\n')}\n`, lines };
}

function summary(ms: number[]): Latency {
  return { n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: quantile(ms, 1) };
}

/** One storm run: a new server, its idle requests, then the storm. */
export async function measureStorm(): Promise<StormResult> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-storm-'));
  const library = path.join(root, 'library');
  const files = writeSotuLibrary(library, ARTICLES);
  const holdsFile = path.join(root, 'holds.json');
  const client = await LspTestClient.start({
    copySeeds: false,
    expectSources: files,
    settings: { sources: [library], bundledSources: 'never' },
    initializationOptions: { cacheDir: path.join(root, 'cache') },
    env: { NODE_OPTIONS: `--require ${path.join(__dirname, 'eventLoopHolds.cjs')}`, VERBATIM_HOLDS_OUT: holdsFile },
  });
  try {
    const draft = makeDraft(library);
    const uri = await client.open('draft.md', draft.text);
    await client.waitForDiagnostics(uri, (ds) => ds.length >= QUOTES / 5, { description: 'the draft checked', timeoutMs: 120_000 });
    const lastLine = draft.text.split('\n').length - 2;
    let lastLength = 'The last paragraph, where the writer types: '.length;
    const send = (method: Method, i: number): Promise<unknown> => {
      const target = draft.lines[(i * 7) % draft.lines.length]!;
      const textDocument = { uri };
      switch (method) {
        case 'hoverKey':
          return client.request('textDocument/hover', { textDocument, position: { line: target.line, character: target.keyAt } }, 60_000);
        case 'hoverQuote':
          return client.request('textDocument/hover', { textDocument, position: { line: target.line, character: target.quoteAt } }, 60_000);
        case 'completion':
          return client.request('textDocument/completion', { textDocument, position: { line: target.line, character: target.keyAt - 1 } }, 60_000);
        case 'codeAction':
          return client.request(
            'textDocument/codeAction',
            { textDocument, range: { start: { line: target.line, character: target.quoteAt }, end: { line: target.line, character: target.quoteEnd } }, context: { diagnostics: [] } },
            60_000,
          );
      }
    };
    const timed = async (method: Method, i: number): Promise<number> => {
      const sent = performance.now();
      await send(method, i);
      return performance.now() - sent;
    };
    const idle: Record<Method, number[]> = { hoverKey: [], hoverQuote: [], completion: [], codeAction: [] };
    for (let i = 0; i < IDLE_REQUESTS; i++) for (const method of METHODS) idle[method].push(await timed(method, i));

    const storm: Record<Method, Array<Promise<number>>> = { hoverKey: [], hoverQuote: [], completion: [], codeAction: [] };
    let version = 1;
    let edits = 0;
    const stormFrom = Date.now();
    const start = performance.now();
    let nextRequest = start;
    let i = 0;
    let elapsed = 0;
    while ((elapsed = performance.now() - start) < STORM_MS) {
      // Every edit due by the clock: a timer that wakes late does not lower the rate.
      const due = Math.floor(elapsed / EDIT_EVERY_MS) + 1;
      while (edits < due) {
        // Type a character, then delete it: the last paragraph changes, the lines above stay put.
        const typing = edits % 2 === 0;
        const change = typing
          ? { range: { start: { line: lastLine, character: lastLength }, end: { line: lastLine, character: lastLength } }, text: 'x' }
          : { range: { start: { line: lastLine, character: lastLength - 1 }, end: { line: lastLine, character: lastLength } }, text: '' };
        lastLength += typing ? 1 : -1;
        void client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: [change] });
        edits++;
      }
      while (performance.now() >= nextRequest) {
        const method = METHODS[i % METHODS.length]!;
        storm[method].push(timed(method, i));
        i++;
        nextRequest += REQUEST_EVERY_MS;
      }
      await new Promise((resolve) => setTimeout(resolve, EDIT_EVERY_MS));
    }
    const stormSeconds = (performance.now() - start) / 1000;
    const stormTo = Date.now();
    const stormMs = Object.fromEntries(await Promise.all(METHODS.map(async (m) => [m, summary(await Promise.all(storm[m]))] as const))) as Record<Method, Latency>;
    client.child.kill('SIGTERM');
    await new Promise((resolve) => client.child.once('exit', resolve));
    const holds = (JSON.parse(fs.readFileSync(holdsFile, 'utf8')) as Array<[number, number, number]>).filter(([at]) => at >= stormFrom && at <= stormTo);
    return {
      longestHoldMs: Math.max(0, ...holds.map(([, held]) => held)),
      mostCpuInAHoldMs: Math.max(0, ...holds.map(([, , cpu]) => cpu)),
      idle: Object.fromEntries(METHODS.map((m) => [m, summary(idle[m])])) as Record<Method, Latency>,
      storm: stormMs,
      edits,
      editsPerSecond: edits / stormSeconds,
      loadAverage: os.loadavg()[0]!,
    };
  } finally {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
  void (async () => {
    const results: StormResult[] = [];
    for (let r = 0; r < runs; r++) {
      results.push(await measureStorm());
      process.stdout.write(`${JSON.stringify(results.at(-1))}\n`);
    }
    const median = (values: number[]): number => quantile(values, 0.5);
    const cell = (f: (r: StormResult) => Latency): string =>
      `${median(results.map((r) => f(r).p50)).toFixed(1)} / ${median(results.map((r) => f(r).p99)).toFixed(1)} ms`;
    process.stdout.write(`\n| request (p50 / p99, median of ${runs} runs) | idle | 200 edits/s storm |\n|---|---|---|\n`);
    for (const m of METHODS) process.stdout.write(`| ${m} | ${cell((r) => r.idle[m])} | ${cell((r) => r.storm[m])} |\n`);
    process.stdout.write(`\nedits sent per run: ${results.map((r) => `${r.edits} (${r.editsPerSecond.toFixed(0)}/s)`).join(', ')}; load average (1 min) at the end: ${results.map((r) => r.loadAverage.toFixed(1)).join(', ')}\n`);
  })();
}
