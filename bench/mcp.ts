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

interface Side {
  /** Spawn to the first answer that needed the library (its load, from the persisted index). */
  readonly firstAnswerMs: number;
  /** The whole-draft check, each run. */
  readonly checkMs: number[];
  readonly quotes: number;
  /** One passage search per benchmark quote. */
  readonly find: number[];
}

async function measureMcp(workload: Workload, dir: string, cacheDir: string, words: readonly string[]): Promise<Side> {
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
  try {
    await call('list_sources', { limit: 1 });
    const firstAnswerMs = performance.now() - started;
    await call('check_quotes', { path: 'draft.md' }); // warm-up
    const checkMs: number[] = [];
    let quotes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const result = await call('check_quotes', { path: 'draft.md' });
      checkMs.push(performance.now() - t0);
      quotes = (result.structuredContent as { quotes: unknown[] }).quotes.length;
    }
    const find: number[] = [];
    for (const w of words) {
      const t0 = performance.now();
      await call('find_passage', { words: w });
      find.push(performance.now() - t0);
    }
    return { firstAnswerMs, checkMs, quotes, find };
  } finally {
    await client.close();
  }
}

async function measureLsp(workload: Workload, cacheDir: string, words: readonly string[]): Promise<Side> {
  const started = performance.now();
  const client = await LspTestClient.start({
    copySeeds: false,
    settings: { sources: [workload.corpusDir], bundledSources: 'never' },
    initializationOptions: { cacheDir },
  });
  try {
    const isReady = (s: LibraryStatus): boolean => !s.indexing && s.sources >= workload.files;
    await client.waitFor('the library', () => client.statuses.some(isReady), () => JSON.stringify(client.statuses.at(-1)), 600_000);
    const firstAnswerMs = performance.now() - started;
    const uri = pathToFileURL(path.join(client.workspace, 'draft.md')).href;
    const check = (): Promise<{ check: { quotes: unknown[] } }> => client.request('verbatim/checkQuotes', { uri, text: workload.draft.text }, 600_000);
    await check();
    const checkMs: number[] = [];
    let quotes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      quotes = (await check()).check.quotes.length;
      checkMs.push(performance.now() - t0);
    }
    const find: number[] = [];
    for (const w of words) {
      const t0 = performance.now();
      await client.request('verbatim/findPassages', { words: w }, 600_000);
      find.push(performance.now() - t0);
    }
    return { firstAnswerMs, checkMs, quotes, find };
  } finally {
    await client.stop();
  }
}

/** The rows of one size: MCP and LSP side by side, and their ratio. */
export async function mcpRows(size: SizeName, quick: boolean, log: (line: string) => void): Promise<string[]> {
  const workload = ensureWorkload(size, log);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-bench-mcp-'));
  fs.writeFileSync(path.join(dir, 'draft.md'), workload.draft.text);
  const cacheDir = path.join(CACHE_DIR, `mcp-index-${size}`);
  fs.mkdirSync(cacheDir, { recursive: true });
  const words = workload.quotes.slice(0, quick ? 20 : 200).map((q) => q.text);
  try {
    log(`${size}: verbatim mcp …`);
    // A first start writes the persisted index; the measured start reads it, as an assistant's does.
    await measureMcp(workload, dir, cacheDir, []);
    const mcp = await measureMcp(workload, dir, cacheDir, words);
    log(`${size}: the language server …`);
    await measureLsp(workload, cacheDir, []);
    const lsp = await measureLsp(workload, cacheDir, words);
    const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
    const checkMcp = median(mcp.checkMs);
    const checkLsp = median(lsp.checkMs);
    return [
      `| ${size} | MCP \`check_quotes\`, ${mcp.quotes}-quote draft (median of ${RUNS}) | ${ms(checkMcp)} | LSP \`verbatim/checkQuotes\` ${ms(checkLsp)} | ${ratio(checkMcp, checkLsp)} |`,
      `| ${size} | MCP \`find_passage\` p50 / p99 (${mcp.find.length} quotes) | ${ms(quantile(mcp.find, 0.5))} / ${ms(quantile(mcp.find, 0.99))} | LSP \`verbatim/findPassages\` ${ms(quantile(lsp.find, 0.5))} / ${ms(quantile(lsp.find, 0.99))} | ${ratio(quantile(mcp.find, 0.5), quantile(lsp.find, 0.5))} / ${ratio(quantile(mcp.find, 0.99), quantile(lsp.find, 0.99))} |`,
      `| ${size} | spawn → first answer with the library (persisted index) | ${ms(mcp.firstAnswerMs)} | LSP library ready ${ms(lsp.firstAnswerMs)} | |`,
    ];
  } finally {
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
      '| size | measure | MCP | the same through the LSP | MCP / LSP |',
      '|---|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}

if (require.main === module) void main();
