/**
 * The language server with `verbatim.archive.url`: the same diagnostics as a server holding the same
 * articles locally, key hovers from the archive, and the archive lost and found again while drafts
 * are open (archive-unavailable meanwhile, real verdicts once the server has reconnected by itself).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { benchCorpus, cli } from './archiveFixtures';
import { RALLY } from '../helpers';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../postgres';
import { describeDiagnostics, LspTestClient, messageOf } from '../protocol/lspClient';

const TEST = { timeout: 120_000 };
const missing = postgresMissing();
if (missing) console.log(missing);

const summary = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${messageOf(d)}`);

describe('the server with an archive', { skip: missing }, () => {
  let server: ThrowawayPostgres;
  let corpus: ReturnType<typeof benchCorpus>;
  let draft: string;
  const clients: LspTestClient[] = [];
  before(async () => {
    server = await startPostgres();
    corpus = benchCorpus(12);
    const load = cli(['archive', 'load', corpus.dir, '--db', server.url], corpus.dir);
    assert.equal(load.status, 0, load.stderr);
    draft = corpus.quotes.filter((_, i) => i % 4 === 0).map((q) => `They wrote “${q.text}” [@${q.cited}].`).join('\n\n') + '\n';
  });
  after(async () => {
    for (const client of clients) await client.dispose();
    server?.destroy();
    fs.rmSync(corpus.dir, { recursive: true, force: true });
  });

  test('a draft gets the same diagnostics through the archive as from local sources, and key hovers', TEST, async () => {
    const local = await LspTestClient.start({ copySeeds: false, settings: { sources: [corpus.dir] }, expectSources: corpus.articles.length });
    clients.push(local);
    const localUri = await local.open('draft.md', draft);
    const expected = summary(await local.waitForDiagnostics(localUri, (d) => d.length > 10, { description: 'the local verdicts' }));
    assert.ok(expected.some((line) => line.includes(' misquote ')) && expected.some((line) => line.includes(' wrong-source ')));

    const remote = await LspTestClient.start({ copySeeds: false, settings: { sources: ['sources'], bundledSources: 'never', archive: { url: server.url } }, expectSources: 0 });
    clients.push(remote);
    const uri = await remote.open('draft.md', draft);
    await remote.waitForDiagnostics(uri, (d) => JSON.stringify(summary(d)) === JSON.stringify(expected), {
      description: `the local verdicts: ${expected.length}`,
      timeoutMs: 60_000,
    });
    const cited = corpus.quotes[0]!.cited;
    const text = draft.split('\n')[0]!;
    const hover = await remote.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: text.indexOf(`@${cited}`) + 2 } });
    const value = JSON.stringify(hover?.contents ?? '');
    assert.match(value, /State of the Union/, value);
    // Key completion from the archive: keys by prefix (the local library here has none).
    const key = corpus.articles[2]!.key;
    const typed = key.slice(0, 5);
    await remote.change(uri, `${draft}See @${typed}`);
    const line = draft.split('\n').length - 1;
    const list = await remote.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: 'See @'.length + typed.length } });
    assert.ok(list.items.some((item) => item.label === key), JSON.stringify(list.items.slice(0, 5).map((i) => i.label)));
    await local.stop();
    await remote.stop();
  });

  test('unquoted reuse is published through the archive as from local sources, and after an edit', TEST, async () => {
    const copies = corpus.quotes.filter((q) => q.kind === 'verbatim' && q.text.split(/\s+/).length >= 14);
    assert.ok(copies.length >= 4);
    const paragraph = (i: number): string => `In draft paragraph ${i + 1} the writer notes that ${copies[i]!.text}, as the record shows.`;
    const text = `# Reuse\n\n${[0, 1, 2].map(paragraph).join('\n\n')}\n`;
    const edited = `${text}\n${paragraph(3)}\n`;
    const reuseOf = (d: readonly Diagnostic[]): string[] => summary(d.filter((x) => x.code === 'unquoted-reuse'));
    const local = await LspTestClient.start({ copySeeds: false, settings: { sources: [corpus.dir] }, expectSources: corpus.articles.length });
    clients.push(local);
    const localUri = await local.open('reuse.md', text);
    const expected = reuseOf(await local.waitForDiagnostics(localUri, (d) => reuseOf(d).length >= 3, { description: 'the local reuse' }));
    const localVersion = await local.change(localUri, edited);
    const expectedEdited = reuseOf(await local.waitForDiagnostics(localUri, (d) => reuseOf(d).length >= 4, { minVersion: localVersion, description: 'the local reuse after the edit' }));

    const remote = await LspTestClient.start({ copySeeds: false, settings: { sources: ['sources'], bundledSources: 'never', archive: { url: server.url } }, expectSources: 0 });
    clients.push(remote);
    const uri = await remote.open('reuse.md', text);
    await remote.waitForDiagnostics(uri, (d) => JSON.stringify(reuseOf(d)) === JSON.stringify(expected), { description: `the local reuse: ${expected.join(' | ')}`, timeoutMs: 60_000 });
    // A paragraph added: its stretch is asked, and its run found in the archive too.
    const version = await remote.change(uri, edited);
    await remote.waitForDiagnostics(uri, (d) => JSON.stringify(reuseOf(d)) === JSON.stringify(expectedEdited), {
      minVersion: version,
      description: `the local reuse after the edit: ${expectedEdited.join(' | ')}`,
      timeoutMs: 60_000,
    });
    await local.stop();
    await remote.stop();
  });

  test('the archive lost while a draft is open: archive-unavailable, then real verdicts after it reconnects itself', TEST, async () => {
    const own = await startPostgres();
    try {
      const load = cli(['archive', 'load', corpus.dir, '--db', own.url], corpus.dir);
      assert.equal(load.status, 0, load.stderr);
      // Trust authentication ignores the password; the server must never show it.
      const url = own.url.replace('postgres@', 'postgres:sekret@');
      const client = await LspTestClient.start({ settings: { sources: ['sources'], archive: { url } } });
      clients.push(client);
      const archived = corpus.quotes.find((q) => q.kind === 'verbatim')!;
      const changed = corpus.quotes.find((q) => q.kind === 'changed-word')!;
      const local = `“Any announcement of compromise made on behalf of the people of Artsakh is rejected” [@${RALLY}].`;
      const uri = await client.open('draft.md', `${local}\n\n“${archived.text}” [@${archived.cited}].\n`);
      await client.waitForDiagnostics(uri, (d) => JSON.stringify(d.map((x) => x.code)) === '["misquote"]', { description: 'the local misquote only' });

      own.stop();
      const version = await client.change(uri, `${local}\n\n“${archived.text}” [@${archived.cited}].\n\n“${changed.text}” [@${changed.cited}].\n`);
      const down = await client.waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'archive-unavailable'), { minVersion: version, timeoutMs: 30_000 });
      // The quotes already answered keep their verdicts; the new one cannot be judged; none is "not found".
      assert.deepEqual(down.map((d) => [d.code, d.severity, d.range.start.line]), [
        ['misquote', 2, 0],
        ['archive-unavailable', 3, 4],
      ], describeDiagnostics(down));
      assert.ok(client.log.some((line) => line.includes('archive unreachable')), client.log.join('\n'));
      assert.ok(!client.log.some((line) => line.includes('sekret')), 'no password in the log');
      assert.ok(!down.some((d) => messageOf(d).includes('sekret') || messageOf(d).includes(String(own.port))), 'no address in a diagnostic');

      own.restart();
      const up = await client.waitForDiagnostics(uri, (d) => JSON.stringify(d.map((x) => x.code)) === '["misquote","misquote"]', {
        description: 'the misquote of the archived article, after reconnecting',
        timeoutMs: 30_000,
      });
      assert.match(messageOf(up[1]!), new RegExp(`@${changed.cited}`));
      await client.stop();
    } finally {
      own.destroy();
    }
  });
});
