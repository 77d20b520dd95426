import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { makeDocx } from '../docxWriter';
import { APPEAL, REPO, SEEDS, TEST_ENV, temporaryFolder } from '../helpers';

// `verbatim mcp` driven as an assistant's MCP client drives it: the SDK's client, over stdio, of
// the built command (SPEC section 8a).

const BIN = path.join(REPO, 'bin', 'verbatim.js');
const LIBRARY = path.join(REPO, 'examples', 'library');

/** A copy of examples/library (draft, bibliography, PDF, web page, notes) to serve from. */
function workspace(): string {
  const dir = temporaryFolder('verbatim-mcp-');
  fs.cpSync(LIBRARY, dir, { recursive: true, filter: (from) => !from.endsWith('makeSamples.ts') });
  return dir;
}

/** Every file under `dir` with its size and modification time (to show nothing was written). */
function snapshot(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => {
      const stat = fs.lstatSync(file);
      return `${path.relative(dir, file)} ${stat.size} ${stat.mtimeMs}`;
    })
    .sort();
}

async function connect(cwd: string, args: string[] = []): Promise<{ client: Client; errors: Error[]; stderr: () => string }> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp', ...args], cwd, env: TEST_ENV as Record<string, string>, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'verbatim-tests', version: '1.0.0' });
  const errors: Error[] = [];
  // A line on stdout that is not a JSON-RPC message lands here: the server's stdout must be the protocol only.
  client.onerror = (error) => errors.push(error);
  await client.connect(transport);
  return { client, errors, stderr: () => stderr };
}

function textOf(result: CallToolResult): string {
  const first = result.content[0];
  return first?.type === 'text' ? first.text : '';
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The findings of `verbatim check --format json` on the same draft and library. */
function checkJson(cwd: string, draft: string): unknown[] {
  const result = spawnSync(process.execPath, [BIN, 'check', draft, '--format', 'json'], { cwd, encoding: 'utf8', env: TEST_ENV });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return JSON.parse(result.stdout) as unknown[];
}

describe('verbatim mcp (the SDK client over stdio)', () => {
  let dir: string;
  let before_: string[];
  let session: Awaited<ReturnType<typeof connect>>;

  before(async () => {
    dir = workspace();
    before_ = snapshot(dir);
    session = await connect(dir);
  });

  after(async () => {
    await session.client.close();
    // Nothing was written in the served folder (the index file lives in the cache folder).
    assert.deepEqual(snapshot(dir), before_);
    assert.deepEqual(session.errors, [], 'stdout carried something else than the protocol');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('initialize and tools/list: four tools, each with an input and an output schema', async () => {
    const { client } = session;
    assert.equal(client.getServerVersion()?.name, 'verbatim');
    assert.match(client.getInstructions() ?? '', /find_passage.*check_quotes/s);
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['check_quotes', 'find_passage', 'list_sources', 'read_source']);
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object', tool.name);
      assert.equal(tool.outputSchema?.type, 'object', tool.name);
      assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
      assert.ok((tool.description ?? '').length > 40, tool.name);
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    assert.match(byName.get('find_passage')!.description!, /before quoting/i);
    assert.match(byName.get('check_quotes')!.description!, /after writing/i);
    assert.deepEqual(byName.get('find_passage')!.inputSchema.required, ['words']);
    assert.deepEqual(byName.get('read_source')!.inputSchema.required, ['key']);
  });

  test('check_quotes on a draft path: the findings of `verbatim check --format json`, each on its quote', async () => {
    const result = await call(session.client, 'check_quotes', { path: 'draft.md' });
    assert.notEqual(result.isError, true, textOf(result));
    const data = result.structuredContent as { diagnostics: Array<{ code: string; line: number; column: number }>; quotes: Array<{ verdict: string; line: number; column: number; problems: Array<{ code: string }>; passage?: { text: string } }>; tally: Record<string, number> };
    const expected = checkJson(dir, 'draft.md');
    assert.ok(expected.length >= 3, 'the example draft has findings');
    assert.deepEqual(data.diagnostics, expected);
    // Every finding is on a quote (or an unknown key), and the quote carries its code.
    for (const finding of data.diagnostics) {
      const quote = data.quotes.find((q) => q.line === finding.line && q.column === finding.column);
      if (finding.code === 'unknown-source') continue;
      assert.ok(quote?.problems.some((p) => p.code === finding.code), `${finding.code} at ${finding.line}:${finding.column}`);
    }
    assert.equal(Object.values(data.tally).reduce((a, b) => a + b, 0), data.quotes.length);
    const verdicts = new Set(data.quotes.map((q) => q.verdict));
    for (const verdict of ['verified', 'misquote', 'wrong-page']) assert.ok(verdicts.has(verdict), `the example draft has a ${verdict} quote`);
    const text = textOf(result);
    for (const quote of data.quotes) assert.ok(text.includes(`${quote.line}:${quote.column} ${quote.verdict.toUpperCase()}`), text);
    assert.match(text, /source says "bilateral", not "multilateral"/);
    assert.match(text, /fix: .*“.*bilateral.*”/);
  });

  test('check_quotes on text: the same findings as the file it came from', async () => {
    const text = fs.readFileSync(path.join(dir, 'draft.md'), 'utf8');
    const result = await call(session.client, 'check_quotes', { text });
    assert.notEqual(result.isError, true, textOf(result));
    const data = result.structuredContent as { draft: string; diagnostics: Array<{ file: string }> };
    assert.equal(data.draft, '<text>');
    const expected = (checkJson(dir, 'draft.md') as Array<{ file: string }>).map((f) => ({ ...f, file: '<text>' }));
    assert.deepEqual(data.diagnostics, expected);
  });

  test('check_quotes reports unquoted reuse: the run, its source\'s words and "Quote and cite"', async () => {
    const source = await call(session.client, 'read_source', { key: 'teacher2022' });
    const words = textOf(source).replace(/\s+/g, ' ').split(' ');
    // Fifteen words of the interview running on as the writer's own sentence.
    const start = words.findIndex((_, i) => words.slice(i, i + 15).every((w) => /^[A-Za-z]+$/.test(w)));
    assert.ok(start >= 0, textOf(source));
    const run = words.slice(start, start + 15).join(' ');
    const draft = `---\nbibliography: library.bib\n---\n\n# Notes\n\nAs I see it, ${run} and so on.\n`;
    const result = await call(session.client, 'check_quotes', { text: draft });
    assert.notEqual(result.isError, true, textOf(result));
    const data = result.structuredContent as { reuse: Array<{ key: string; text: string; line: number; passage?: { text: string }; fix?: { replacement: string } }>; otherProblems: unknown[]; diagnostics: Array<{ code: string }> };
    assert.deepEqual(data.diagnostics.map((d) => d.code), ['unquoted-reuse']);
    assert.equal(data.reuse.length, 1);
    assert.equal(data.reuse[0]!.key, 'teacher2022');
    assert.equal(data.reuse[0]!.line, 7);
    assert.ok(run.includes(data.reuse[0]!.text) || data.reuse[0]!.text.includes(run.split(' ').slice(2, 12).join(' ')), data.reuse[0]!.text);
    assert.match(data.reuse[0]!.fix?.replacement ?? '', /^“.*” \[@teacher2022\]$/);
    assert.deepEqual(data.otherProblems, []);
    assert.match(textOf(result), /1 run copied without quotation marks/);
    assert.match(textOf(result), /unquoted-reuse: \d+ words from @teacher2022/);
    // Without the bibliography the draft may not cite the interview: its words are no one's to name.
    const unscoped = await call(session.client, 'check_quotes', { text: draft.replace('bibliography: library.bib', 'title: Notes') });
    assert.deepEqual((unscoped.structuredContent as { reuse: unknown[] }).reuse, []);
  });

  test('find_passage gives the exact words and the citation; quoting them checks as verified', async () => {
    // The words as an assistant remembers them: case and punctuation off.
    const result = await call(session.client, 'find_passage', { words: 'Put in place additional political, military mechanisms' });
    assert.notEqual(result.isError, true, textOf(result));
    const { passages } = result.structuredContent as { passages: Array<{ key: string; text: string; citation: string; locator?: string; exact: boolean; close: boolean; file: string }> };
    const best = passages[0]!;
    assert.equal(best.key, 'karabakhreport2022');
    assert.equal(best.locator, 'p. 12');
    assert.equal(best.citation, '[@karabakhreport2022, p. 12]');
    assert.equal(best.file, 'karabakh-report.pdf');
    assert.equal(best.text.replace(/\s+/g, ' '), 'put in place additional political and military mechanisms');
    assert.equal(best.exact, false);
    assert.equal(best.close, true);
    assert.ok(textOf(result).includes(best.citation));
    // The round trip an assistant makes: quote the passage with its citation, then check it.
    const draft = `---\nbibliography: library.bib\n---\n\nThe parliament asked Moscow to "${best.text.replace(/\s+/g, ' ')}" ${best.citation}.\n`;
    const checked = await call(session.client, 'check_quotes', { text: draft });
    const quotes = (checked.structuredContent as { quotes: Array<{ verdict: string }> }).quotes;
    assert.deepEqual(quotes.map((q) => q.verdict), ['verified'], textOf(checked));
  });

  test('find_passage: exact words in a named source; an unknown key is an error result', async () => {
    const notes = fs.readFileSync(path.join(dir, 'notes', 'interview.txt'), 'utf8');
    const sentence = /nobody in her street[^.]*/.exec(notes)![0];
    const inKey = await call(session.client, 'find_passage', { words: sentence.toUpperCase().replace(/\s+/g, ' '), key: 'teacher2022', limit: 2 });
    assert.notEqual(inKey.isError, true, textOf(inKey));
    const { passages } = inKey.structuredContent as { passages: Array<{ key: string; exact: boolean; text: string; line: number; column: number; citation: string }> };
    assert.ok(passages.length >= 1 && passages.length <= 2);
    assert.equal(passages[0]!.key, 'teacher2022');
    assert.equal(passages[0]!.exact, true);
    assert.equal(passages[0]!.text, sentence);
    assert.equal(passages[0]!.citation, '[@teacher2022]');
    const lines = notes.split('\n');
    assert.ok(lines[passages[0]!.line - 1]!.slice(passages[0]!.column - 1).startsWith('nobody in her street'));
    const unknown = await call(session.client, 'find_passage', { words: sentence, key: 'no-such-key' });
    assert.equal(unknown.isError, true);
    assert.match(textOf(unknown), /no source has the key "no-such-key"/);
    const noText = await call(session.client, 'find_passage', { words: sentence, key: 'muller2021' });
    assert.equal(noText.isError, true);
    assert.match(textOf(noText), /no full text/);
    const nothing = await call(session.client, 'find_passage', { words: 'zyxwvut qwertyuiop asdfghjkl' });
    assert.notEqual(nothing.isError, true);
    assert.deepEqual((nothing.structuredContent as { passages: unknown[] }).passages, []);
    assert.match(textOf(nothing), /Do not quote/);
  });

  test('list_sources: keys, titles, authors and dates; a query finds by title words', async () => {
    const all = await call(session.client, 'list_sources', {});
    const data = all.structuredContent as { sources: Array<{ key: string; title: string; author?: string; file?: string }>; total: number };
    const keys = data.sources.map((s) => s.key);
    for (const key of ['nersisyan2022', 'karabakhreport2022', 'teacher2022', 'muller2021']) assert.ok(keys.includes(key), key);
    assert.equal(data.total, data.sources.length);
    assert.ok(data.sources.some((s) => s.author && s.title), 'entries carry author and title');
    assert.ok(data.sources.some((s) => s.file === undefined), 'an entry without full text is listed too');
    const found = await call(session.client, 'list_sources', { query: 'Karabakh parliament', limit: 3 });
    const hits = (found.structuredContent as { sources: Array<{ key: string }> }).sources;
    assert.ok(hits.length >= 1 && hits.length <= 3);
    assert.ok(textOf(found).includes(`@${hits[0]!.key}`));
  });

  test('read_source: lines, pages and parts that join into the whole text', async () => {
    const seed = fs.readFileSync(path.join(dir, 'notes', 'interview.txt'), 'utf8');
    const lines = await call(session.client, 'read_source', { key: 'teacher2022', range: '2-3' });
    const excerpt = lines.structuredContent as { text: string; startLine: number; endLine: number; totalLines: number };
    assert.equal(excerpt.text, seed.split('\n').slice(1, 3).join('\n') + '\n');
    assert.deepEqual([excerpt.startLine, excerpt.endLine], [2, 3]);
    const page = await call(session.client, 'read_source', { key: 'karabakhreport2022', range: 'p. 12' });
    assert.notEqual(page.isError, true, textOf(page));
    assert.match((page.structuredContent as { text: string }).text.replace(/\s+/g, ' '), /put in place additional political and military mechanisms/);
    assert.equal((page.structuredContent as { pages?: string }).pages, '12');
    let text = '';
    let range: string | undefined;
    for (let i = 0; i < 100; i++) {
      const part = await call(session.client, 'read_source', { key: 'teacher2022', max_chars: 120, ...(range ? { range } : {}) });
      const data = part.structuredContent as { text: string; next?: string };
      text += data.text;
      range = data.next;
      if (range === undefined) break;
    }
    assert.equal(text, seed);
    for (const [args, reason] of [
      [{ key: 'no-such-key' }, /no source has the key/],
      [{ key: 'muller2021' }, /no full text/],
      [{ key: 'teacher2022', range: '9999-10000' }, /not in @/],
      [{ key: 'teacher2022', range: 'chapter two' }, /cannot read the range/],
      [{ key: 'teacher2022', range: 'p. 3' }, /has no pages/],
      [{ key: 'karabakhreport2022', range: 'p. 99' }, /has no page p. 99/],
    ] as const) {
      const result = await call(session.client, 'read_source', args);
      assert.equal(result.isError, true, JSON.stringify(args));
      assert.match(textOf(result), reason);
    }
  });

  test('bad calls get error results, never another file\'s content, and the server goes on', async () => {
    const outside = temporaryFolder('verbatim-mcp-outside-');
    fs.writeFileSync(path.join(outside, 'secret.md'), 'He said "SECRET-7f3a the launch codes are here" [@x].\n');
    const inside = temporaryFolder('verbatim-mcp-links-');
    fs.writeFileSync(path.join(inside, 'draft.md'), 'Plain.\n');
    fs.symlinkSync(path.join(outside, 'secret.md'), path.join(inside, 'link.md'));
    fs.symlinkSync(outside, path.join(inside, 'out'));
    spawnSync('mkfifo', [path.join(inside, 'pipe.md')]);
    const linked = await connect(inside, ['--sources', SEEDS]);
    try {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ path: path.join(outside, 'secret.md') }, /outside the folders/],
        [{ path: '../' + path.basename(outside) + '/secret.md' }, /outside the folders/],
        [{ path: 'link.md' }, /leads outside/],
        [{ path: 'out/secret.md' }, /leads outside/],
        [{ path: 'pipe.md' }, /not a regular file/],
        [{ path: '.' }, /folder/],
        [{ path: 'missing.md' }, /no such file/],
        [{ path: path.join(SEEDS, `${APPEAL}.txt`) }, /not a draft/],
        [{ path: 'draft.md', text: 'x' }, /either `text`/],
        [{}, /either `text`/],
        [{ text: 42 }, /Input validation error/],
        [{ text: 'x'.repeat(2_000_001) }, /Input validation error/],
        [{ path: 'a\u0000b.md' }, /NUL/],
      ];
      for (const [args, reason] of cases) {
        const result = await call(linked.client, 'check_quotes', args);
        assert.equal(result.isError, true, JSON.stringify(args).slice(0, 100));
        assert.match(textOf(result), reason);
        assert.doesNotMatch(JSON.stringify(result), /SECRET-7f3a/);
      }
      for (const [name, args] of [
        ['find_passage', {}],
        ['find_passage', { words: '' }],
        ['find_passage', { words: 'x', limit: 0 }],
        ['read_source', { key: APPEAL, max_chars: -1 }],
        ['list_sources', { limit: 'all' }],
        ['no_such_tool', {}],
      ] as const) {
        const result = await call(linked.client, name, args);
        assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}`);
      }
      // A message over the SDK's own 10 MB buffer but within ours (control characters, escaped as
      // six bytes each) is served; one over ours is answered with an error; the next call is served.
      const escaped = await call(linked.client, 'check_quotes', { text: '\u0001'.repeat(1_900_000) });
      assert.notEqual(escaped.isError, true, textOf(escaped));
      assert.deepEqual((escaped.structuredContent as { quotes: unknown[] }).quotes, []);
      await assert.rejects(call(linked.client, 'check_quotes', { text: 'x'.repeat(17 * 1024 * 1024) }), /message too large/);
      const fine = await call(linked.client, 'check_quotes', { path: 'draft.md' });
      assert.notEqual(fine.isError, true, textOf(fine));
      assert.deepEqual(linked.errors, []);
    } finally {
      await linked.client.close();
      fs.rmSync(inside, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  test('check_quotes on a Word draft: the findings of `verbatim check --format json` on it', async () => {
    const served = temporaryFolder('verbatim-mcp-docx-');
    fs.cpSync(SEEDS, path.join(served, 'sources'), { recursive: true });
    fs.writeFileSync(path.join(served, 'paper.docx'), makeDocx([['Peacekeepers'], [], [`He said “Russia deployed 3,000 peacekeeping troops in Karabakh” [@${APPEAL}].`]]));
    const word = await connect(served);
    try {
      const result = await call(word.client, 'check_quotes', { path: 'paper.docx' });
      assert.notEqual(result.isError, true, textOf(result));
      const data = result.structuredContent as { diagnostics: Array<{ code: string; line: number }>; quotes: Array<{ verdict: string }> };
      assert.deepEqual(data.diagnostics, checkJson(served, 'paper.docx'));
      assert.deepEqual(data.diagnostics.map((d) => [d.code, d.line]), [['misquote', 3]]);
      assert.deepEqual(data.quotes.map((q) => q.verdict), ['misquote']);
    } finally {
      await word.client.close();
      fs.rmSync(served, { recursive: true, force: true });
    }
  });

  test('a source added while the server runs is found on a later call (the library is opened again)', async () => {
    const served = temporaryFolder('verbatim-mcp-watch-');
    fs.mkdirSync(path.join(served, 'sources'));
    fs.copyFileSync(path.join(SEEDS, `${APPEAL}.txt`), path.join(served, 'sources', `${APPEAL}.txt`));
    const watched = await connect(served);
    try {
      const words = 'the lighthouse keeper counted ninety seven herons at dawn';
      const before = await call(watched.client, 'find_passage', { words });
      assert.deepEqual((before.structuredContent as { passages: unknown[] }).passages, []);
      fs.writeFileSync(path.join(served, 'sources', 'herons.txt'), `Birds\n\nOn the coast, the lighthouse keeper counted ninety-seven herons at dawn, he said.\n`);
      let keys: string[] = [];
      // The change is seen through a file watch: wait for it, as a writer's next request would come.
      for (let i = 0; i < 100 && !keys.includes('herons'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const after = await call(watched.client, 'find_passage', { words });
        keys = (after.structuredContent as { passages: Array<{ key: string }> }).passages.map((p) => p.key);
      }
      assert.deepEqual(keys, ['herons']);
    } finally {
      await watched.client.close();
      fs.rmSync(served, { recursive: true, force: true });
    }
  });

  test('fuzzed arguments: every call is answered, and the server keeps serving', async () => {
    const names = ['check_quotes', 'find_passage', 'list_sources', 'read_source'];
    const fields = ['text', 'path', 'words', 'key', 'limit', 'query', 'range', 'max_chars', 'extra'];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.dictionary(fc.constantFrom(...fields), fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 80 }), fc.integer())),
        async (name, args) => {
          const result = await call(session.client, name, args);
          assert.ok(Array.isArray(result.content) && result.content.length > 0);
          assert.doesNotMatch(textOf(result), /internal error/);
        },
      ),
      { numRuns: 80, seed: 25 },
    );
    const fine = await call(session.client, 'list_sources', {});
    assert.notEqual(fine.isError, true);
  });

  test('input closed: the call under way is answered, then the process exits with 0', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { cwd: dir, env: TEST_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const send = (message: object): boolean => child.stdin.write(`${JSON.stringify(message)}\n`);
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'check_quotes', arguments: { path: 'draft.md' } } });
    child.stdin.end();
    assert.equal(await exited, 0);
    const messages = stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { id?: number; result?: { isError?: boolean; structuredContent?: { diagnostics: unknown[] } } });
    assert.deepEqual(messages.map((m) => m.id), [1, 2]);
    assert.deepEqual(messages[1]!.result?.structuredContent?.diagnostics, checkJson(dir, 'draft.md'));
  });
});
