/**
 * Benchmark rows of the editor experience (issue 10): the built language server over stdio, as an
 * editor runs it, with the corpus of one size as its sources and the workload's 100-quote draft
 * opened right after initialize. Started twice in new processes: with an empty cache folder (cold)
 * and with the index file the first start wrote (restart). Each start measures when the first
 * correct diagnostics of the draft arrive, what was published before the library was ready, and
 * the latency of completion and hover requests sent every few milliseconds while the library builds.
 *
 *   node --import tsx bench/editor.ts --size S [--quick]     (prints the result as JSON)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompletionItem, CompletionList, Diagnostic, Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { LibraryStatus } from '../protocol/src/messages';
import { LspTestClient } from '../tests/protocol/lspClient';
import { CACHE_DIR, readWorkload, type Expected, type SizeName, type Workload } from './corpus';
import { quantile } from './stats';

/** The diagnostic code each expected verdict gives at its quote (none for a verbatim quote); as bench/worker.ts counts. */
const EXPECTED_CODE: Record<Expected, string> = {
  verbatim: 'none',
  misquote: 'misquote',
  'wrong-source': 'wrong-source',
  'not-found': 'quote-not-found',
};

/** Codes that need no library (a quote without a citation); every other code is a verdict about sources. */
const PARSE_LEVEL_CODES = new Set(['unattributed-quote']);

/** How often a request is sent while the library builds (one of the four kinds in turn). */
const REQUEST_EVERY_MS = 25;

/** Latency of one kind of request sent during the build. */
export interface DuringBuild {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Requests answered before the library was ready (the rest waited for the build). */
  readonly answeredBeforeReady: number;
  /** Requests whose answer held something (items, a hover). */
  readonly nonEmpty: number;
}

/** One start of the server. Times in ms from spawning the server process. */
export interface ServerStart {
  /** The initialize response. */
  readonly initializeMs: number;
  /** The library status saying indexing is over with every source loaded. */
  readonly readyMs: number;
  /** The `$/progress` end of the indexing (undefined: none arrived). */
  readonly progressEndMs?: number;
  readonly progress: { readonly begin: number; readonly report: number; readonly end: number };
  /** The first publishDiagnostics of the draft, and how many of its quotes it got right. */
  readonly firstPublishMs?: number;
  readonly firstPublishRight: number;
  /** The first publishDiagnostics with every quote right (undefined: none within the wait). */
  readonly correctMs?: number;
  /** Quotes right in the last publish seen (of `quotes`). */
  readonly lastRight: number;
  readonly quotes: number;
  /** publishDiagnostics of the draft before the library was ready, and the library-dependent diagnostics in them. */
  readonly publishesBeforeReady: number;
  readonly libraryDiagnosticsBeforeReady: number;
  /** Sources the server said it indexed, and how many came from the index file (from its log). */
  readonly sources: number;
  readonly fromCache?: number;
  readonly during: {
    readonly completionPrefix: DuringBuild;
    readonly completionQuote: DuringBuild;
    readonly hoverKey: DuringBuild;
    readonly hoverQuote: DuringBuild;
  };
}

export interface EditorResult {
  readonly size: SizeName;
  readonly files: number;
  readonly cold?: ServerStart;
  readonly restart?: ServerStart;
  readonly error?: string;
}

/** Measures the editor rows of one size: a cold start of the server, then a restart with its index file. */
export async function measureEditor(workload: Workload, quick: boolean, log: (line: string) => void): Promise<EditorResult> {
  const cacheDir = path.join(CACHE_DIR, `editor-index-${workload.size}`);
  fs.rmSync(cacheDir, { recursive: true, force: true });
  fs.mkdirSync(cacheDir, { recursive: true });
  try {
    log(`${workload.size}: language server with the draft open, cold …`);
    const cold = await startOnce(workload, cacheDir, quick);
    log(`${workload.size}: language server with the draft open, restart with the index file …`);
    const restart = await startOnce(workload, cacheDir, quick);
    return { size: workload.size, files: workload.files, cold, restart };
  } catch (error) {
    return { size: workload.size, files: workload.files, error: (error as Error).message.split('\n')[0]!.slice(0, 200) };
  }
}

/** How many of the draft's quotes `diagnostics` give their expected verdict (the code at the quote's opening mark, or none). */
function quotesRight(workload: Workload, draft: TextDocument, diagnostics: readonly Diagnostic[]): number {
  const byStart = new Map<number, string>();
  for (const d of diagnostics) byStart.set(draft.offsetAt(d.range.start), String(d.code));
  const quoteById = new Map(workload.quotes.map((q) => [q.id, q] as const));
  let right = 0;
  for (const placed of workload.draft.quotes) {
    const expected = EXPECTED_CODE[quoteById.get(placed.id)!.expected];
    if ((byStart.get(placed.start) ?? 'none') === expected) right++;
  }
  return right;
}

async function startOnce(workload: Workload, cacheDir: string, quick: boolean): Promise<ServerStart> {
  const spawned = performance.now();
  const client = await LspTestClient.start({
    copySeeds: false,
    settings: { sources: [workload.corpusDir], bundledSources: 'never' },
    initializationOptions: { cacheDir },
  });
  try {
    const initializeMs = performance.now() - spawned;
    const draftUri = await client.open('draft.md', workload.draft.text);
    const draft = TextDocument.create(draftUri, 'markdown', 1, workload.draft.text);
    const isReady = (s: LibraryStatus): boolean => !s.indexing && s.sources >= workload.files;
    const readyAt = (): number | undefined => client.notifications.find((n) => n.method === 'verbatim/libraryStatus' && isReady(n.params as LibraryStatus))?.at;

    const during = await requestsDuringBuild(client, workload, () => readyAt() !== undefined);
    await client.waitFor(`the library to be ready with ${workload.files} sources`, () => readyAt() !== undefined, () => JSON.stringify(client.statuses.at(-1)), 600_000);
    const ready = readyAt()!;

    // The draft's real verdicts: the first publish after ready with every quote right (or the last seen).
    const publishes = (): Array<{ at: number; params: PublishDiagnosticsParams }> =>
      client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as PublishDiagnosticsParams).uri === draftUri).map((n) => ({ at: n.at, params: n.params as PublishDiagnosticsParams }));
    const allRight = (p: { params: PublishDiagnosticsParams }): boolean => quotesRight(workload, draft, p.params.diagnostics) === workload.draft.quotes.length;
    try {
      await client.waitFor('correct diagnostics of the draft', () => publishes().some(allRight), () => '', quick ? 30_000 : 120_000);
    } catch {
      // Reported below as "never correct" with the last publish's count.
    }
    const all = publishes();
    const before = all.filter((p) => p.at < ready);
    const first = all[0];
    const correct = all.find(allRight);
    const last = all.at(-1);
    const progress = client.notifications.filter((n) => n.method === '$/progress').map((n) => ({ at: n.at, kind: (n.params as { value: { kind: string } }).value.kind }));
    const indexedLine = client.log.find((line) => /^indexed \d+ sources/.test(line)) ?? '';
    const fromCache = /; (\d+) from the index file/.exec(indexedLine)?.[1];
    const result: ServerStart = {
      initializeMs,
      readyMs: ready - spawned,
      ...(progress.some((p) => p.kind === 'end') ? { progressEndMs: progress.find((p) => p.kind === 'end')!.at - spawned } : {}),
      progress: {
        begin: progress.filter((p) => p.kind === 'begin').length,
        report: progress.filter((p) => p.kind === 'report').length,
        end: progress.filter((p) => p.kind === 'end').length,
      },
      ...(first ? { firstPublishMs: first.at - spawned } : {}),
      firstPublishRight: first ? quotesRight(workload, draft, first.params.diagnostics) : 0,
      ...(correct ? { correctMs: correct.at - spawned } : {}),
      lastRight: last ? quotesRight(workload, draft, last.params.diagnostics) : 0,
      quotes: workload.draft.quotes.length,
      publishesBeforeReady: before.length,
      libraryDiagnosticsBeforeReady: before.reduce((n, p) => n + p.params.diagnostics.filter((d) => !PARSE_LEVEL_CODES.has(String(d.code))).length, 0),
      sources: Number(/^indexed (\d+)/.exec(indexedLine)?.[1] ?? 0),
      ...(fromCache !== undefined ? { fromCache: Number(fromCache) } : {}),
      during,
    };
    try {
      await client.stop();
    } catch {
      // A server slow to shut down is killed by stop's own cleanup; the measurement is complete.
    }
    return result;
  } finally {
    await client.dispose();
  }
}

/**
 * Sends completion and hover requests in turn every REQUEST_EVERY_MS, without waiting for answers
 * (an editor does not), on a second document changed before each request, until the library is
 * ready; then waits for every answer. Latency is from sending to the answer's arrival.
 */
async function requestsDuringBuild(client: LspTestClient, workload: Workload, ready: () => boolean): Promise<ServerStart['during']> {
  const uri = await client.open('notes.md', 'Notes.\n');
  const lead = 'Reporters compared the speeches with the record and found many passages worth a second look. ';
  type Kind = 'completionPrefix' | 'completionQuote' | 'hoverKey' | 'hoverQuote';
  const kinds: Kind[] = ['completionPrefix', 'completionQuote', 'hoverKey', 'hoverQuote'];
  const samples: Record<Kind, Array<Promise<{ ms: number; sent: number; beforeReady: boolean; nonEmpty: boolean }>>> = { completionPrefix: [], completionQuote: [], hoverKey: [], hoverQuote: [] };
  const send = async (kind: Kind, i: number): Promise<void> => {
    let text: string;
    let offset: number;
    if (kind === 'completionPrefix') {
      text = `${lead}Edition ${i}: as @${workload.keyPrefixes[i % workload.keyPrefixes.length]!}`;
      offset = text.length;
    } else if (kind === 'completionQuote') {
      const o = workload.quoteOpenings[i % workload.quoteOpenings.length]!;
      text = `${lead}Edition ${i}: as @${o.key} said, "${o.typed}`;
      offset = text.length;
    } else if (kind === 'hoverKey') {
      text = `${lead}Edition ${i}: the address [@${workload.quotes[i % workload.quotes.length]!.cited}] said so.`;
      offset = text.indexOf('@') + 3;
    } else {
      const q = workload.quotes[i % workload.quotes.length]!;
      text = `${lead}Edition ${i}: as @${q.cited} said, "${q.text}" and more.`;
      offset = text.indexOf('"') + 3;
    }
    await client.change(uri, text);
    const position = { line: 0, character: offset };
    const method = kind.startsWith('completion') ? 'textDocument/completion' : 'textDocument/hover';
    const sent = performance.now();
    samples[kind].push(
      client.request<CompletionList | CompletionItem[] | Hover | null>(method, { textDocument: { uri }, position }, 600_000).then((answer) => {
        const items = answer === null ? [] : Array.isArray(answer) ? answer : 'items' in answer ? answer.items : [answer];
        return { ms: performance.now() - sent, sent, beforeReady: !ready(), nonEmpty: items.length > 0 };
      }),
    );
  };
  for (let i = 0; !ready() && client.running; i++) {
    await send(kinds[i % kinds.length]!, Math.floor(i / kinds.length));
    await new Promise((resolve) => setTimeout(resolve, REQUEST_EVERY_MS));
  }
  const summary = async (kind: Kind): Promise<DuringBuild> => {
    const answers = await Promise.all(samples[kind]);
    const ms = answers.map((a) => a.ms);
    return {
      n: answers.length,
      p50: quantile(ms, 0.5),
      p99: quantile(ms, 0.99),
      max: quantile(ms, 1),
      answeredBeforeReady: answers.filter((a) => a.beforeReady).length,
      nonEmpty: answers.filter((a) => a.nonEmpty).length,
    };
  };
  await client.close(uri);
  return {
    completionPrefix: await summary('completionPrefix'),
    completionQuote: await summary('completionQuote'),
    hoverKey: await summary('hoverKey'),
    hoverQuote: await summary('hoverQuote'),
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--size');
  const size: SizeName = at >= 0 && argv[at + 1]?.toUpperCase() === 'L' ? 'L' : 'S';
  void measureEditor(readWorkload(size), argv.includes('--quick'), (line) => process.stderr.write(`${line}\n`)).then((result) => {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });
}
