import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-types';
import { PrefetchedStore } from '../../server/src/service/prefetchedStore';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { createLanguageService } from '../../server/src/service/languageService';
import { DEFAULT_SERVICE_SETTINGS } from '../../server/src/service/serviceContext';
import { prefetch } from '../../server/src/service/storePrefetch';
import { MemoryArchive } from '../archive/memoryArchive';
import { APPEAL, markedDocument, RALLY, SEEDS, seedLibrary, seedText } from '../helpers';
import { cases } from './quoteChecks.test';

/** A service over `library` with `archive` as a second store, and a check that asks it first. */
function archiveChecker(library: SourceLibrary, archive: MemoryArchive) {
  const store = new PrefetchedStore(() => library);
  const service = createLanguageService({ library, stores: [store] });
  return {
    store,
    service,
    async check(draft: string, uri = 'file:///draft.md'): Promise<Diagnostic[]> {
      const { document } = markedDocument(draft, uri);
      await service.prefetch(document, store, archive);
      return service.computeDiagnostics(document) ?? [];
    },
  };
}

function seedArchive(names = fs.readdirSync(SEEDS).sort()): MemoryArchive {
  const archive = new MemoryArchive();
  for (const name of names) archive.add(`seeds/${name}`, fs.readFileSync(path.join(SEEDS, name), 'utf8'));
  return archive;
}

const summary = (d: Diagnostic) => {
  const data = d.data as VerbatimDiagnosticData;
  // Unknown keys' "did you mean" lists come from the local library's keys, which differ here.
  return d.code === 'unknown-source' ? `${d.code}` : `${d.code}|${d.message}|${data.suggestion ?? ''}|${data.source?.text ?? ''}`;
};

describe('a second passage store (an archive) beside the local library', () => {
  test('the verdict cases give the same diagnostics when every source is in the archive', async () => {
    const local = createLanguageService({ library: seedLibrary() });
    const archived = archiveChecker(new SourceLibrary(), seedArchive());
    assert.ok(cases.length >= 20);
    for (const c of cases) {
      const expected = (local.computeDiagnostics(markedDocument(c.draft).document) ?? []).map(summary);
      const actual = (await archived.check(c.draft)).map(summary);
      assert.deepEqual(actual, expected, c.name);
    }
  });

  test('a cited key only the archive holds is checked against the archived article', async () => {
    const library = seedLibrary();
    library.remove(library.get(APPEAL)!.source.uri);
    const { check } = archiveChecker(library, seedArchive([`${APPEAL}.txt`]));
    const sentence = seedText(APPEAL).split(/(?<=\.)\s+/).find((s) => s.split(/\s+/).length > 8)!.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
    assert.deepEqual((await check(`"${sentence}" [@${APPEAL}]`)).map((d) => d.code), []);
    const words = sentence.split(' ');
    words[3] = 'zebra';
    const [misquote] = await check(`"${words.join(' ')}" [@${APPEAL}]`);
    assert.equal(misquote?.code, 'misquote');
    assert.equal((misquote!.data as VerbatimDiagnosticData).key, APPEAL);
    // Cited to the local article, found word for word in the archived one.
    const [wrong] = await check(`"${sentence}" [@${RALLY}]`);
    assert.equal(wrong?.code, 'wrong-source');
    assert.equal((wrong!.data as VerbatimDiagnosticData).suggestion, APPEAL);
  });

  test('an unreachable archive gives archive-unavailable, never quote-not-found or unknown-source', async () => {
    const library = seedLibrary();
    library.remove(library.get(APPEAL)!.source.uri);
    const archive = seedArchive([`${APPEAL}.txt`]);
    archive.down = true;
    const { check, store } = archiveChecker(library, archive);
    const sentence = seedText(APPEAL).split(/(?<=\.)\s+/).find((s) => s.split(/\s+/).length > 8)!.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
    const draft = [
      `"${sentence}" [@${APPEAL}]`,
      '',
      `"Any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}]`,
      '',
      `"${sentence}" [@${RALLY}]`,
      '',
      `"words that no article anywhere has ever held together" [@${RALLY}]`,
    ].join('\n');
    const down = await check(draft);
    // The local article still gets its misquote; the others needed the archive.
    assert.deepEqual(down.map((d) => [d.code, d.severity, d.range.start.line]), [
      ['archive-unavailable', 3, 0],
      ['misquote', 2, 2],
      ['archive-unavailable', 3, 4],
      ['archive-unavailable', 3, 6],
    ]);
    for (const d of down) assert.ok(!String(d.message).includes('archive:'), 'no address in a message');
    // Back again: the answers that failed are asked again and the verdicts are real.
    archive.down = false;
    store.forgetUnavailable();
    const up = await check(draft);
    assert.deepEqual(up.map((d) => d.code), ['misquote', 'wrong-source', 'quote-not-found']);
  });

  test('unquoted reuse is found in archived articles as in the local library', async () => {
    const copied = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';
    const draft = `# Notes\n\nIn my view, ${copied}, which nobody disputes.\n\nA paragraph of my own words, long enough to be asked about but copied from nowhere at all.\n`;
    const reuseOf = (diagnostics: Diagnostic[]) =>
      diagnostics.filter((d) => d.code === 'unquoted-reuse').map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.message} ${(d.data as VerbatimDiagnosticData).key}`);
    const expected = reuseOf(createLanguageService({ library: seedLibrary() }).computeDiagnostics(markedDocument(draft).document) ?? []);
    assert.equal(expected.length, 1);
    // Every source in the archive only.
    const archive = seedArchive();
    const { check, store } = archiveChecker(new SourceLibrary(), archive);
    assert.deepEqual(reuseOf(await check(draft)), expected);
    const [reuse] = (await check(draft)).filter((d) => d.code === 'unquoted-reuse');
    assert.ok(reuse!.relatedInformation?.[0]?.location.uri.startsWith('verbatim-archive:'), 'the passage is shown from the archive');
    // The "Quote and cite" fix restores and cites the archived article alike.
    assert.equal((reuse!.data as VerbatimDiagnosticData).fixes[0]?.title, `Quote and cite @${APPEAL}`);
    // The archive was asked about each stretch of prose once: re-checking asks nothing new.
    const asked = archive.asked;
    await check(draft, 'file:///other.md');
    assert.equal(archive.asked, asked);
    assert.ok(store.version > 0);
    // An archived copy of a local source is that source, not a second one holding the run.
    const both = archiveChecker(seedLibrary(), seedArchive());
    assert.deepEqual(reuseOf(await both.check(draft)), expected);
  });

  test('a paragraph of prose edited asks the archive about it alone; the quotes keep their verdicts', async () => {
    const archive = seedArchive();
    const { check, service } = archiveChecker(new SourceLibrary(), archive);
    // A misquote: judging it aligns words (cells), which a kept verdict does not.
    const quote = `"Any announcement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}]`;
    const own = 'A paragraph of my own words, long enough to be asked about but copied from nowhere at all';
    const first = await check(`${quote}\n\n${own}.\n`);
    assert.deepEqual(first.map((d) => d.code), ['misquote']);
    assert.ok(service.work.cells > 0);
    const cells = service.work.cells;
    const asked = archive.asked;
    // The writer goes on in their own words: one question (the edited stretch), the quote's verdict kept.
    const more = `${own}, and more words of mine that no article of the archive holds together anywhere`;
    assert.deepEqual((await check(`${quote}\n\n${more}.\n`)).map((d) => d.code), ['misquote']);
    assert.equal(archive.asked, asked + 1);
    assert.equal(service.work.cells, cells);
    // Then copies a run: its stretch asked, the article its passage lies in fetched, the run found.
    const copied = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';
    assert.deepEqual((await check(`${quote}\n\n${more}, and ${copied}.\n`)).map((d) => d.code), ['misquote', 'unquoted-reuse']);
    assert.equal(archive.asked, asked + 3);
  });

  test('an unreachable archive finds no reuse in it, and says nothing of it: a miss, never a false alarm', async () => {
    const copied = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';
    const archive = seedArchive();
    archive.down = true;
    const { check, store } = archiveChecker(new SourceLibrary(), archive);
    const draft = `In my view, ${copied}, which nobody disputes.\n`;
    assert.deepEqual((await check(draft)).map((d) => d.code), []);
    archive.down = false;
    store.forgetUnavailable();
    assert.deepEqual((await check(draft)).map((d) => d.code), ['unquoted-reuse']);
  });

  test('the reuse check off asks the archive nothing about prose', async () => {
    const archive = seedArchive();
    const library = new SourceLibrary();
    const store = new PrefetchedStore(() => library);
    const service = createLanguageService({ library, stores: [store], settings: () => ({ ...DEFAULT_SERVICE_SETTINGS, reuseEnabled: false }) });
    const { document } = markedDocument('In my view, Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial.\n');
    await service.prefetch(document, store, archive);
    assert.equal(archive.asked, 0);
  });

  test('answers are reused: re-checking a draft asks the archive nothing new', async () => {
    const archive = seedArchive();
    const { check } = archiveChecker(new SourceLibrary(), archive);
    const draft = `"Any statement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}]`;
    await check(draft);
    const asked = archive.asked;
    assert.ok(asked > 0);
    await check(draft, 'file:///other.md');
    assert.equal(archive.asked, asked);
  });
});

test('a question that records more articles than the store keeps loses none of them', async () => {
  const archive = new MemoryArchive();
  const keys = Array.from({ length: 4_500 }, (_, i) => `k${i}`);
  for (const key of keys) archive.add(`${key}.md`, `---\nid: ${key}\ntitle: Article ${key}\n---\n\nThe words of article ${key}, kept.\n`);
  const store = new PrefetchedStore(() => new SourceLibrary());
  await prefetch(store, archive, [], keys, 'file:///draft.md');
  assert.deepEqual(keys.filter((key) => store.entry(key) === undefined), []);
});

test("one draft's prefetch does not push out the articles another draft pinned, until it is closed", async () => {
  const archive = new MemoryArchive();
  const keys = Array.from({ length: 4_500 }, (_, i) => `k${i}`);
  for (const key of keys) archive.add(`${key}.md`, `---\nid: ${key}\ntitle: Article ${key}\n---\n\nThe words of article ${key}, kept.\n`);
  const store = new PrefetchedStore(() => new SourceLibrary());
  const first = keys.slice(0, 300);
  await prefetch(store, archive, [], first, 'file:///a.md');
  // The second draft needs 4,200 others: the store's cap (4,000) is passed, and the first draft's are the oldest.
  await prefetch(store, archive, [], keys.slice(300), 'file:///b.md');
  assert.deepEqual(first.filter((key) => store.entry(key) === undefined), []);
  assert.deepEqual(keys.slice(300).filter((key) => store.entry(key) === undefined), []);
  // Once both drafts are closed, the next article recorded makes room: the oldest go first.
  store.unpin('file:///a.md');
  store.unpin('file:///b.md');
  await prefetch(store, archive, [], ['k0-new'], 'file:///c.md');
  assert.equal(store.entry('k0'), undefined);
  assert.equal(store.hasArticle('k0-new'), true);
});
