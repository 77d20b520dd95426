/**
 * Benchmark rows of issue 27: requests while a 10 MB draft is checked. The built server over stdio
 * with the seed library; a small draft open, then a Markdown draft of 10 MB (a verbatim quote and a
 * misquote every 24 lines, prose between) is opened, and later edited at its top. Meanwhile a
 * request goes out every 20 ms, not waiting for answers, in turn: hover on the small draft, hover on
 * a key of the long draft, completion after `@` in the long draft; latency from sending to the
 * answer, per phase: "open" (until the long draft's diagnostics are published) and "edit" (a
 * character typed at its top, until that version's diagnostics are published). The server runs
 * with bench/eventLoopHolds.cjs preloaded: every stretch it held its event loop over 20 ms, with
 * the CPU time it spent meanwhile (on a loaded machine most holds are waits for a core).
 *
 *   node --import tsx bench/longDraft.ts [--runs 3]     (prints JSON per run, then medians)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { APPEAL, RALLY } from '../tests/helpers';
import { LspTestClient } from '../tests/protocol/lspClient';
import { quantile } from './stats';

const DRAFT_CHARS = 10_000_000;
const REQUEST_EVERY_MS = 20;

interface Waits {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

export interface LongDraftResult {
  /** From opening the long draft to its diagnostics. */
  readonly checkMs: number;
  /** From the edit to the diagnostics of the version edited. */
  readonly editCheckMs: number;
  /** Waits of requests on the other draft, and on the long draft, during both phases. */
  readonly other: Waits;
  readonly long: Waits;
  /** The server's longest hold of its event loop, and the most CPU time one hold took. */
  readonly longestHoldMs: number;
  readonly mostCpuInAHoldMs: number;
  readonly loadAverage: number;
}

const summary = (ms: number[]): Waits => ({ n: ms.length, p50: quantile(ms, 0.5), p99: quantile(ms, 0.99), max: quantile(ms, 1) });

/** One run: a new server, the long draft opened and edited while requests go out. */
export async function measureLongDraft(): Promise<LongDraftResult> {
  const holdsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-holds-')), 'holds.json');
  const client = await LspTestClient.start({
    env: { NODE_OPTIONS: `--require ${path.join(__dirname, 'eventLoopHolds.cjs')}`, VERBATIM_HOLDS_OUT: holdsFile },
  });
  const waits = { other: [] as Array<Promise<number>>, long: [] as Array<Promise<number>> };
  try {
    const small = await client.open('small.md', `As [@${APPEAL}] says.\n`);
    const verbatim = `As @${APPEAL} reports, "It did not specify those mechanisms" [@${APPEAL}].`;
    const misquote = `He claimed that "any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}].`;
    const filler = `${'Plain prose follows here, sentence after sentence, with no quotation in it at all. '.repeat(12)}\n\n`;
    const section = `${verbatim}\n\n${misquote}\n\n${filler.repeat(10)}`;
    const text = section.repeat(Math.ceil(DRAFT_CHARS / section.length));
    let uri = '';
    let sending = true;
    const timed = (method: string, params: unknown): Promise<number> => {
      const sent = performance.now();
      return client.request(method, params, 120_000).then(() => performance.now() - sent);
    };
    const sender = (async () => {
      for (let i = 0; sending; i++) {
        if (i % 3 === 0 || uri === '') waits.other.push(timed('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 6 } }));
        else if (i % 3 === 1) waits.long.push(timed('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: verbatim.indexOf('@') + 2 } }));
        else waits.long.push(timed('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: verbatim.indexOf('@') + 1 } }));
        await new Promise((resolve) => setTimeout(resolve, REQUEST_EVERY_MS));
      }
    })();
    const openedAt = Date.now();
    const opened = performance.now();
    uri = await client.open('long.md', text);
    await client.waitForDiagnostics(uri, (ds) => ds.some((d) => d.code === 'misquote'), { timeoutMs: 300_000 });
    const checkMs = performance.now() - opened;
    const edited = performance.now();
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }],
    });
    await client.waitForDiagnostics(uri, (ds) => ds.length > 0, { minVersion: 2, timeoutMs: 300_000 });
    const editCheckMs = performance.now() - edited;
    sending = false;
    await sender;
    const other = summary(await Promise.all(waits.other));
    const long = summary(await Promise.all(waits.long));
    client.child.kill('SIGTERM');
    await new Promise((resolve) => client.child.once('exit', resolve));
    const holds = JSON.parse(fs.readFileSync(holdsFile, 'utf8')) as Array<[number, number, number]>;
    // Holds before the draft was opened belong to the server's start (loading the library).
    const during = holds.filter(([at]) => at >= openedAt);
    return {
      checkMs,
      editCheckMs,
      other,
      long,
      longestHoldMs: Math.max(0, ...during.map(([, held]) => held)),
      mostCpuInAHoldMs: Math.max(0, ...during.map(([, , cpu]) => cpu)),
      loadAverage: os.loadavg()[0]!,
    };
  } finally {
    await client.dispose();
    fs.rmSync(path.dirname(holdsFile), { recursive: true, force: true });
  }
}

if (require.main === module) {
  const at = process.argv.indexOf('--runs');
  const runs = at >= 0 ? Number(process.argv[at + 1]) : 3;
  void (async () => {
    const results: LongDraftResult[] = [];
    for (let r = 0; r < runs; r++) {
      results.push(await measureLongDraft());
      process.stdout.write(`${JSON.stringify(results.at(-1))}\n`);
    }
  })();
}
