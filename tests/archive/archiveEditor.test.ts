/**
 * The archive in the editor, through the built server over stdio: key completion from the archive
 * (key prefix, title words) after the library's own keys, cards from the archive's metadata, go to
 * definition into the read-only `verbatim-archive:` document with the passage's range, the article
 * fetched once, and the archive's state in the library status (never a password).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionItem, CompletionList, Hover, Location, MarkupContent } from 'vscode-languageserver-protocol';
import { ArchiveTextRequest, type LibraryStatus } from '../../protocol/src/messages';
import { benchCorpus, cli } from './archiveFixtures';
import { PAGE_FACTS, PAGE_FILE, PAGE_HTML, PAGE_KEY, PAGE_SENTENCE, PAGE_TITLE } from './archivedPage';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../postgres';
import { LspTestClient } from '../protocol/lspClient';

const TEST = { timeout: 120_000 };
const missing = postgresMissing();
if (missing) console.log(missing);

const text = (content: Hover['contents'] | CompletionItem['documentation']): string => (typeof content === 'string' ? content : (content as MarkupContent | undefined)?.value ?? JSON.stringify(content));
const words = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('the archive in the editor', { skip: missing }, () => {
  let server: ThrowawayPostgres;
  let corpus: ReturnType<typeof benchCorpus>;
  const clients: LspTestClient[] = [];
  const start = async (url: string, files: Record<string, string> = {}, expectSources = 0): Promise<LspTestClient> => {
    const client = await LspTestClient.start({
      copySeeds: false,
      files: { 'sources/.keep': '', ...files },
      settings: { sources: ['sources'], bundledSources: 'never', archive: { url } },
      expectSources,
      initializationOptions: { pageDocuments: true },
    });
    clients.push(client);
    return client;
  };
  /** How many times the server fetched whole articles, from the database's statement log. */
  const articleFetches = (): number => (fs.readFileSync(path.join(server.dir, 'log'), 'utf8').match(/select key, path, text, meta from verbatim_articles where key = any/g) ?? []).length;

  before(async () => {
    server = await startPostgres({ log_statement: 'all' });
    corpus = benchCorpus(6);
    fs.writeFileSync(path.join(corpus.dir, PAGE_FILE), PAGE_HTML);
    const load = cli(['archive', 'load', corpus.dir, '--db', server.url], corpus.dir);
    assert.equal(load.status, 0, load.stderr);
  });
  after(async () => {
    for (const client of clients) await client.dispose();
    server?.destroy();
    if (corpus) fs.rmSync(corpus.dir, { recursive: true, force: true });
  });

  test('keys complete from the archive by prefix and by title word, after the library, which wins a shared key', TEST, async () => {
    const shared = corpus.articles[1]!;
    const own = `---\nid: ${shared.key}\ntitle: "My own notes on the address"\nauthor: Me\n---\n\nNotes of mine, not the archive's article, about what was said that year.\n`;
    const client = await start(server.url, { 'sources/notes.md': own }, 1);
    const uri = await client.open('draft.md', 'Draft.\n');
    const complete = async (typed: string): Promise<CompletionList> => {
      await client.change(uri, `Draft.\n\nSee @${typed}`);
      return client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 'See @'.length + typed.length } });
    };
    const family = shared.key.slice(0, shared.key.indexOf('-'));
    const byPrefix = await complete(family);
    const labels = byPrefix.items.map((i) => i.label);
    const expected = corpus.articles.filter((a) => a.key.startsWith(family)).map((a) => a.key);
    assert.ok(expected.length > 2 && expected.every((key) => labels.includes(key)), JSON.stringify(labels));
    // The shared key is offered once, as the library's item (first, no "archive" mark) with the library's card.
    assert.equal(labels.filter((l) => l === shared.key).length, 1);
    assert.equal(labels[0], shared.key);
    const sharedItem = byPrefix.items[0]!;
    assert.doesNotMatch(sharedItem.labelDetails?.description ?? '', /^archive/);
    assert.match(text((await client.request<CompletionItem>('completionItem/resolve', sharedItem)).documentation), /My own notes/);
    const archived = byPrefix.items.find((i) => i.label !== shared.key)!;
    assert.match(archived.labelDetails?.description ?? '', /^archive · /);
    assert.equal(archived.textEdit && 'newText' in archived.textEdit ? archived.textEdit.newText : undefined, archived.label);
    // Capitals typed: keys are found in lower case too.
    assert.ok((await complete(family.toUpperCase())).items.some((i) => i.label === expected[0]));

    // A title word: the HTML page's key says nothing of lighthouses.
    const byTitle = await complete('Lighthou');
    const page = byTitle.items.find((i) => i.label === PAGE_KEY);
    assert.ok(page, JSON.stringify(byTitle.items.map((i) => i.label)));
    assert.match(page.labelDetails?.description ?? '', new RegExp(PAGE_TITLE.slice(0, 18)));
    // Its card: the metadata the archive kept from the page's markup, as a local source's card shows it.
    const card = text((await client.request<CompletionItem>('completionItem/resolve', page)).documentation);
    assert.match(card, new RegExp(`\\*\\*${PAGE_TITLE}\\*\\*`));
    assert.match(card, new RegExp(PAGE_FACTS));
    assert.match(card, new RegExp(`\`@${PAGE_KEY}\``));
    assert.match(card, /The keepers logged every passing ship/);
    await client.stop();
  });

  test('hover, go to definition and the article document for archived keys and quotes; the text is fetched once', TEST, async () => {
    const client = await start(server.url);
    const quoted = corpus.quotes.find((q) => q.kind === 'verbatim')!;
    const draft = `# Notes\n\nThe station log said “${PAGE_SENTENCE}” [@${PAGE_KEY}].\n\nAnd “${quoted.text}” [@${quoted.cited}].\n`;
    const before = articleFetches();
    const uri = await client.open('draft.md', draft);
    await client.waitForDiagnostics(uri, (d) => d.length === 0, { description: 'both quotes verified through the archive' });
    const afterCheck = articleFetches();
    const line = draft.split('\n')[2]!;

    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: line.indexOf(`@${PAGE_KEY}`) + 3 } });
    assert.match(text(hover?.contents), new RegExp(`\\*\\*${PAGE_TITLE}\\*\\*`));
    assert.match(text(hover?.contents), new RegExp(PAGE_FACTS));

    // On the quote: the archived article's document, with the passage's range.
    const onQuote = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 2, character: line.indexOf('keepers logged') } });
    assert.equal(onQuote.length, 1);
    assert.equal(onQuote[0]!.uri, `verbatim-archive:/${PAGE_KEY}`);
    const article = await client.request<{ text: string } | null>(ArchiveTextRequest.method, { uri: onQuote[0]!.uri });
    assert.ok(article);
    const lines = article.text.split('\n');
    const { start: from, end: to } = onQuote[0]!.range;
    const selected = from.line === to.line ? lines[from.line]!.slice(from.character, to.character) : [lines[from.line]!.slice(from.character), ...lines.slice(from.line + 1, to.line), lines[to.line]!.slice(0, to.character)].join('\n');
    assert.equal(words(selected), PAGE_SENTENCE);

    // On the key: the same document, at the article's start.
    const onKey = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 2, character: line.indexOf(`@${PAGE_KEY}`) + 3 } });
    assert.deepEqual(onKey.map((l) => l.uri), [`verbatim-archive:/${PAGE_KEY}`]);
    // The benchmark article's passage too (a Markdown article: its front matter is in the text).
    const second = draft.split('\n')[4]!;
    const [benchPassage] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 4, character: second.indexOf('“') + 3 } });
    assert.equal(benchPassage!.uri, `verbatim-archive:/${encodeURIComponent(quoted.from)}`);

    // Check, hover, both definitions and the document asked for each article once: before the check
    // (by key, or with the candidates that lie in it), never after.
    assert.ok(afterCheck - before <= 1, 'at most one fetch of both articles by key, before the check');
    assert.equal(articleFetches(), afterCheck, 'hover, definitions and the document fetch nothing more');
    assert.equal(await client.request(ArchiveTextRequest.method, { uri: 'verbatim-archive:/no-such-key' }), null);
    await client.stop();
  });

  test('the library status carries the archive: connected with its article count, reconnecting, connected again; no password', TEST, async () => {
    const own = await startPostgres();
    try {
      const load = cli(['archive', 'load', corpus.dir, '--db', own.url], corpus.dir);
      assert.equal(load.status, 0, load.stderr);
      // Trust authentication ignores the password; the server must never show it.
      const url = own.url.replace('postgres@', 'postgres:sekret@');
      const client = await start(url);
      const articles = corpus.articles.length + 1;
      const connected = (s: LibraryStatus): boolean => s.archive?.state === 'connected' && s.archive.articles === articles;
      const first = await client.waitForStatus(0, connected, `the archive connected with ${articles} articles`);
      assert.equal(first.archive!.address, `postgres://postgres@127.0.0.1:${own.port}/verbatim`);

      const since = client.statuses.length;
      own.stop();
      const quoted = corpus.quotes.find((q) => q.kind === 'verbatim')!;
      await client.open('draft.md', `“${quoted.text}” [@${quoted.cited}].\n`);
      const lost = await client.waitForStatus(since, (s) => s.archive?.state === 'reconnecting', 'the archive lost');
      assert.equal(lost.archive!.problem, 'connection refused');
      own.restart();
      await client.waitForStatus(since, connected, 'connected again, by itself');
      assert.ok(!JSON.stringify(client.statuses).includes('sekret') && !client.log.some((l) => l.includes('sekret')), 'no password in a status or the log');
      await client.stop();
    } finally {
      own.destroy();
    }
  });

  test('an archive unreachable from the start is reported as such, and the library works without it', TEST, async () => {
    const gone = await startPostgres();
    const url = gone.url;
    gone.destroy();
    const client = await start(url, { 'sources/memo.md': '---\nid: memo\n---\n\nThe weather was fine all week and the harbour stayed open for every boat.\n' }, 1);
    const status = await client.waitForStatus(0, (s) => s.archive?.state === 'unreachable', 'the archive unreachable');
    assert.equal(status.archive!.problem, 'connection refused');
    const uri = await client.open('draft.md', '“The weather was fine all week” [@memo].\n\nSee [@smith2020].\n');
    await client.waitForDiagnostics(uri, (d) => d.length === 0, { description: 'the local quote verified' });
    // A key no local source has may be the archive's: the hover does not say it is nowhere.
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 8 } });
    assert.match(text(hover?.contents), /The archive could not be reached/);
    assert.doesNotMatch(text(hover?.contents), /No source has the key/);
    await client.stop();
  });
});
