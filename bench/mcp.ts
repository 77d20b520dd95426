/**
 * Benchmark rows of the tools for AI assistants (issue 25): the built `verbatim mcp` driven by the
 * MCP SDK's client over stdio, and the same work through the built language server (the custom
 * requests behind the VS Code language-model tools), on the corpus of one size with its persisted
 * index already written (both processes are started once, warm-up calls first):
 * - `check_quotes` on the workload's 100-quote draft (by path) against `verbatim/checkQuotes` with its text;
 * - `find_passage` for each benchmark quote's words against `verbatim/findPassages`.
 *
 *   node --import tsx bench/mcp.ts [--size S|L] [--quick]     (prints a Markdown table)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { LibraryStatus } from '../protocol/src/messages';
import { LspTestClient } from '../tests/protocol/lspClient';
import { CACHE_DIR, ensureWorkload, type SizeName, type Workload } from './corpus';
import { median, ms, quantile } from './stats';

const REPO = path.resolve(__dirname, '..');
const BIN = path.join(REPO, 'bin', 'verbatim.js');
const RUNS = 3;

/** One side of the comparison: a started process and its two kinds of call. */
interface Side {
  /** Spawn to the first answer that needed the library (its load, from the index file). */
  readonly firstAnswerMs: number;
  /** Checks the 100-quote draft; resolves to the number of quotations. */
  check(): Promise<number>;
  find(words: string): Promise<void>;
  close(): Promise<void>;
}

async function startMcp(workload: Workload, dir: string, cacheDir: string): Promise<Side> {
  const started = performance.now();
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '--sources', workload.corpusDir, '--cache-dir', cacheDir],
    cwd: dir,
    stderr: 'ignore',
  });
  const client = new Client({ name: 'verbatim-bench', version: '1.0.0' });
  await client.connect(transport);
  const call = async (name: string, args: Record<string, unknown>): Promise<CallToolResult> => {
    const result = (await client.callTool({ name, arguments: args }, undefined, { timeout: 600_000 })) as CallToolResult;
    if (result.isError) throw new Error(`${name}: ${JSON.stringify(result.content).slice(0, 300)}`);
    return result;
  };
  await call('list_sources', { limit: 1 });
  return {
    firstAnswerMs: performance.now() - started,
    check: async () => ((await call('check_quotes', { path: 'draft.md' })).structuredContent as { quotes: unknown[] }).quotes.length,
    find: async (words) => void (await call('find_passage', { words })),
    close: () => client.close(),
  };
}

async function startLsp(workload: Workload, cacheDir: string): Promise<Side> {
  const started = performance.now();
  const client = await LspTestClient.start({
    copySeeds: false,
    settings: { sources: [workload.corpusDir], bundledSources: 'never' },
    initializationOptions: { cacheDir },
  });
  const isReady = (s: LibraryStatus): boolean => !s.indexing && s.sources >= workload.files;
  await client.waitFor('the library', () => client.statuses.some(isReady), () => JSON.stringify(client.statuses.at(-1)), 600_000);
  const uri = pathToFileURL(path.join(client.workspace, 'draft.md')).href;
  return {
    firstAnswerMs: performance.now() - started,
    check: async () => (await client.request<{ check: { quotes: unknown[] } }>('verbatim/checkQuotes', { uri, text: workload.draft.text }, 600_000)).check.quotes.length,
    find: async (words) => void (await client.request('verbatim/findPassages', { words }, 600_000)),
    close: () => client.stop(),
  };
}

/** Times `run` on each side in turn, `times` rounds: both see the same load on a shared machine. */
async function alternate(sides: readonly Side[], times: number, run: (side: Side, round: number) => Promise<unknown>): Promise<number[][]> {
  const samples = sides.map(() => [] as number[]);
  for (let round = 0; round < times; round++) {
    for (const [i, side] of sides.entries()) {
      const t0 = performance.now();
      await run(side, round);
      samples[i]!.push(performance.now() - t0);
    }
  }
  return samples;
}

/** The rows of one size: MCP and LSP side by side, and their ratio. */
export async function mcpRows(size: SizeName, quick: boolean, log: (line: string) => void): Promise<string[]> {
  const workload = ensureWorkload(size, log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-bench-mcp-'));
  fs.writeFileSync(path.join(dir, 'draft.md'), workload.draft.text);
  const cacheDir = path.join(CACHE_DIR, `mcp-index-${size}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const words = workload.quotes.slice(0, quick ? 20 : 200).map((q) => q.text);
  log(`${size}: verbatim mcp and the language server …`);
  // First starts write the index file; the measured starts read it, as an assistant's and an editor's do.
  await (await startMcp(workload, dir, cacheDir)).close();
  await (await startLsp(workload, cacheDir)).close();
  const mcp = await startMcp(workload, dir, cacheDir);
  const lsp = await startLsp(workload, cacheDir);
  try {
    const quotes = await mcp.check();
    await lsp.check();
    const [checkMcp, checkLsp] = (await alternate([mcp, lsp], RUNS, (side) => side.check())).map(median) as [number, number];
    const [findMcp, findLsp] = (await alternate([mcp, lsp], words.length, (side, i) => side.find(words[i]!))) as [number[], number[]];
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
    const p = (samples: readonly number[], q: number): number => quantile(samples, q);
    return [
      `| ${size} | \`check_quotes\`, ${quotes}-quote draft (median of ${RUNS}) | ${ms(checkMcp)} | ${ms(checkLsp)} | ${ratio(checkMcp, checkLsp)} |`,
      `| ${size} | \`find_passage\` p50 / p99 (${findMcp.length} quotes' words) | ${ms(p(findMcp, 0.5))} / ${ms(p(findMcp, 0.99))} | ${ms(p(findLsp, 0.5))} / ${ms(p(findLsp, 0.99))} | ${ratio(p(findMcp, 0.5), p(findLsp, 0.5))} / ${ratio(p(findMcp, 0.99), p(findLsp, 0.99))} |`,
      `| ${size} | spawn → first answer with the library (index file) | ${ms(mcp.firstAnswerMs)} | ${ms(lsp.firstAnswerMs)} (library ready) | |`,
    ];
  } finally {
    await mcp.close();
    await lsp.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const sizeAt = argv.indexOf('--size');
  const sizes: SizeName[] = sizeAt >= 0 ? [(argv[sizeAt + 1] ?? 'S').toUpperCase() as SizeName] : ['S', 'L'];
  const quick = argv.includes('--quick');
  const rows: string[] = [];
  for (const size of sizes) rows.push(...(await mcpRows(size, quick, (line) => process.stderr.write(`${line}\n`))));
  process.stdout.write(
    [
      `Load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')} (${os.cpus().length} cores, shared).`,
      '',
      '| size | measure | MCP (`verbatim mcp`) | LSP (`verbatim/checkQuotes`, `verbatim/findPassages`) | MCP / LSP |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

if (require.main === module) void main();
