/**
 * The issue's "done when", at CI size: a draft checked through the archive gets the same verdicts as
 * through the local index, in the server (the built server over stdio, every quotation's verdict,
 * explanation and source passage, and every diagnostic) and in the CLI (`check --archive` against
 * `check --sources`). The library is part of the benchmark's L corpus (articles and their edited
 * copies) with its generated quotes of every kind.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { QuotesRequest, type QuoteList } from '../../protocol/src/messages';
import { benchCorpus, cli, tempDir } from './archiveFixtures';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../postgres';
import { LspTestClient, messageOf } from '../protocol/lspClient';

const TEST = { timeout: 240_000 };
/**
 * Addresses of the benchmark's L corpus in the library, each with its nine edited copies (near
 * duplicates, which the archive must rank as the local index does): 540 articles, 1.5 MB, 204 quotes.
 */
const ADDRESSES = 12;
const missing = postgresMissing();
if (missing) console.log(missing);

/** A diagnostic as both sides must agree on it (related passages by range, not by document). */
const diagnosticSummary = (d: Diagnostic): string =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${messageOf(d)} ${JSON.stringify((d.relatedInformation ?? []).map((r) => [r.location.range, r.message]))}`;

/** Every quotation's verdict, explanation and passage (key, range, text), in draft order. */
const quoteSummary = (list: QuoteList): string[] =>
  list.quotes.map((q) => `${q.range.start.line}:${q.range.start.character} ${q.verdict} ${q.reason ?? ''} ${q.explanation} ${q.passage ? `${q.passage.key} ${JSON.stringify(q.passage.range)} ${q.passage.text}` : '-'}`);

describe('the same verdicts through the archive as through the local index', { skip: missing }, () => {
  let server: ThrowawayPostgres;
  let corpus: ReturnType<typeof benchCorpus>;
  let work: string;
  let draft: string;
  const clients: LspTestClient[] = [];
  before(async () => {
    server = await startPostgres();
    corpus = benchCorpus(ADDRESSES, 'L');
    const load = cli(['archive', 'load', corpus.dir, '--db', server.url], corpus.dir);
    assert.equal(load.status, 0, load.stderr);
    work = tempDir('comparison');
    // Every generated quote, cited as the benchmark cites it (some to the wrong source, some to none that has it).
    draft = `# Draft\n\n${corpus.quotes.map((q, i) => (i % 2 === 0 ? `They wrote “${q.text}” [@${q.cited}].` : `As @${q.cited} put it, "${q.text}".`)).join('\n\n')}\n`;
    fs.writeFileSync(path.join(work, 'draft.md'), draft);
  });
  after(async () => {
    for (const client of clients) await client.dispose();
    server?.destroy();
    for (const dir of [corpus?.dir, work]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('in the server: every quotation and diagnostic of a draft', TEST, async () => {
    const verdicts = async (settings: Record<string, unknown>, expectSources: number): Promise<{ quotes: string[]; diagnostics: string[]; counts: Map<string, number> }> => {
      const client = await LspTestClient.start({ copySeeds: false, files: { 'sources/.keep': '' }, settings: { bundledSources: 'never', ...settings }, expectSources });
      clients.push(client);
      const uri = await client.open('draft.md', draft);
      // Diagnostics are published once every quote is checked (through the archive: after its answers came).
      const diagnostics = await client.waitForDiagnostics(uri, (d) => d.length > 0, { timeoutMs: 120_000 });
      const list = await client.request<QuoteList | null>(QuotesRequest.method, { uri });
      assert.ok(list);
      await client.stop();
      const counts = new Map<string, number>();
      for (const q of list.quotes) counts.set(q.verdict, (counts.get(q.verdict) ?? 0) + 1);
      return { quotes: quoteSummary(list), diagnostics: diagnostics.map(diagnosticSummary), counts };
    };
    const local = await verdicts({ sources: [corpus.dir] }, corpus.articles.length);
    const archived = await verdicts({ sources: ['sources'], archive: { url: server.url } }, 0);
    assert.equal(local.quotes.length, corpus.quotes.length);
    // Every verdict occurs: the comparison covers each rule.
    assert.deepEqual([...local.counts.keys()].sort(), ['misquote', 'not-found', 'verified', 'wrong-source'], JSON.stringify([...local.counts]));
    assert.deepEqual(archived.quotes, local.quotes);
    assert.deepEqual(archived.diagnostics, local.diagnostics);
    console.log(`server: ${local.quotes.length} quotations, ${local.diagnostics.length} diagnostics, the same through the archive (${JSON.stringify(Object.fromEntries(local.counts))})`);
  });

  test('in the CLI: check --archive against check --sources', TEST, () => {
    const findings = (stdout: string): string[] =>
      (JSON.parse(stdout) as Array<{ line: number; column: number; code: string; message: string; suggestion?: string; source?: { key: string; line: number; column: number; text: string } }>).map(
        (d) => `${d.line}:${d.column} ${d.code} ${d.message} ${d.suggestion ?? ''} ${d.source ? `${d.source.key} ${d.source.line}:${d.source.column} ${d.source.text}` : ''}`,
      );
    const quotesChecked = (stdout: string): string => /\((\d+) quotes? checked/.exec(stdout)?.[1] ?? `no count in: ${stdout.slice(-300)}`;
    // The archive side's own library: one unrelated memo (a library may not be empty).
    fs.mkdirSync(path.join(work, 'memo'), { recursive: true });
    fs.writeFileSync(path.join(work, 'memo', 'memo.txt'), 'A short memo about the weather, which was fine all week.\n');
    const localArgs = ['--sources', corpus.dir, '--no-cache'];
    const archiveArgs = ['--sources', 'memo', '--archive', server.url, '--no-cache'];
    const localJson = cli(['check', 'draft.md', ...localArgs, '--format', 'json'], work);
    const archiveJson = cli(['check', 'draft.md', ...archiveArgs, '--format', 'json'], work);
    assert.equal(archiveJson.status, localJson.status, archiveJson.stderr);
    const expected = findings(localJson.stdout);
    assert.ok(expected.length > corpus.quotes.length / 3, `${expected.length} findings`);
    assert.deepEqual(findings(archiveJson.stdout), expected);
    // The quotes without a finding are verified on both sides: as many quotes were checked.
    const localText = cli(['check', 'draft.md', ...localArgs], work);
    const archiveText = cli(['check', 'draft.md', ...archiveArgs], work);
    assert.equal(quotesChecked(localText.stdout), String(corpus.quotes.length));
    assert.equal(quotesChecked(archiveText.stdout), quotesChecked(localText.stdout));
    console.log(`CLI: ${corpus.quotes.length} quotes, ${expected.length} findings, the same through the archive`);
  });
});
