import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher } from '../../server/src/core/match/quoteMatcher';
import type { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import type { Source } from '../../server/src/core/library/source';
import { openIndexFile } from '../../server/src/indexFile/indexFile';
import { loadLibrary } from '../../server/src/library/libraryOpener';
import { packLibrary, unpackLibrary } from '../../server/src/workers/libraryTransfer';
import { SEEDS, worldLibrary, temporaryFolder } from '../helpers';

function workspace(): { sources: string; cache: string } {
  const root = temporaryFolder('verbatim-cache-');
  const sources = path.join(root, 'sources');
  fs.mkdirSync(sources);
  for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(sources, name));
  fs.writeFileSync(path.join(sources, 'extra.md'), '---\nid: extra\ntitle: Extra\n---\nThe harbour master counted forty-two ships on the first of May.\n');
  fs.writeFileSync(path.join(sources, 'broken.txt'), new Uint8Array([0x41, 0x00, 0x42]));
  return { sources, cache: path.join(root, 'cache') };
}

function verdict(library: SourceLibrary, quote: string, key: string): string {
  const cited = library.get(key);
  assert.ok(cited, `source ${key}`);
  return new QuoteMatcher(library).check(parseQuotePattern(quote, 0, quote.length), [cited]).kind;
}

test('a restart reuses the index file and judges quotes the same', async () => {
  const { sources, cache } = workspace();
  const first = await loadLibrary([sources], { cacheDir: cache });
  assert.deepEqual([first.fromCache, first.read], [0, 4]);
  const second = await loadLibrary([sources], { cacheDir: cache });
  assert.deepEqual([second.fromCache, second.read, second.cacheProblem], [3, 0, undefined]);
  assert.equal(second.library.size, 3);
  assert.deepEqual(second.library.skipped().map((s) => [path.basename(s.path), s.reason]), [['broken.txt', 'binary file (contains NUL bytes)']]);
  for (const library of [first.library, second.library]) {
    assert.equal(verdict(library, 'counted forty-two ships on the first of May', 'extra'), 'verbatim');
    assert.equal(verdict(library, 'counted forty-three ships on the first of May', 'extra'), 'misquote');
    assert.equal(verdict(library, 'Russia deployed 2,000 peacekeeping troops in Karabakh', '001_7824a7d0d4dc771b'), 'verbatim');
  }
  assert.equal(second.library.get('extra')!.source.meta.title, 'Extra');
});

test('texts served from the index (decoded when first read) equal the files, non-ASCII included', async () => {
  const { sources, cache } = workspace();
  fs.writeFileSync(path.join(sources, 'accents.md'), '---\nid: accents\n---\nL’été à Zürich — “naïve” café, 東京 and 😀 emoji.\n');
  const first = await loadLibrary([sources], { cacheDir: cache });
  const second = await loadLibrary([sources], { cacheDir: cache });
  assert.equal(second.read, 0);
  for (const entry of first.library.sources()) {
    const restored = second.library.getByUri(entry.source.uri)!;
    assert.equal(restored.source.text, entry.source.text, entry.source.path);
    assert.equal(restored.source.text, fs.readFileSync(new URL(entry.source.uri), 'utf8').replace(/^\uFEFF/, ''));
  }
});

test('texts left on disk by a restart are read as they were after the index is rewritten', async () => {
  const { sources, cache } = workspace();
  await loadLibrary([sources], { cacheDir: cache });
  const restored = await loadLibrary([sources], { cacheDir: cache });
  assert.equal(restored.read, 0);
  // Another load rewrites the index (one file changed, one added) before any restored text was read.
  fs.writeFileSync(path.join(sources, 'extra.md'), '---\nid: extra\ntitle: Extra\n---\nThe harbour master counted ninety ships.\n');
  fs.writeFileSync(path.join(sources, 'later.md'), '---\nid: later\n---\nA later article that moves every text in the index.\n');
  assert.equal((await loadLibrary([sources], { cacheDir: cache })).read, 2);
  assert.match(restored.library.get('extra')!.source.text, /forty-two ships on the first of May/);
  assert.equal(verdict(restored.library, 'Russia deployed 2,000 peacekeeping troops in Karabakh', '001_7824a7d0d4dc771b'), 'verbatim');
  for (const entry of restored.library.sources()) {
    if (entry.source.key === 'extra') continue;
    assert.equal(entry.source.text, fs.readFileSync(new URL(entry.source.uri), 'utf8').replace(/^\uFEFF/, ''), entry.source.path);
  }
});

test('only changed, added and removed files are read again', async () => {
  const { sources, cache } = workspace();
  await loadLibrary([sources], { cacheDir: cache });
  const extra = path.join(sources, 'extra.md');
  fs.writeFileSync(extra, '---\nid: extra\n---\nThe harbour master counted fifty ships.\n');
  fs.writeFileSync(path.join(sources, 'new.txt'), 'A brand new article about tides and moons.');
  fs.rmSync(path.join(sources, '000_473b4c7a88a0911c.txt'));
  const after = await loadLibrary([sources], { cacheDir: cache });
  assert.deepEqual([after.fromCache, after.read], [1, 2]);
  assert.equal(after.library.get('000_473b4c7a88a0911c'), undefined);
  assert.equal(verdict(after.library, 'The harbour master counted fifty ships', 'extra'), 'verbatim');
  assert.equal(verdict(after.library, 'article about tides and moons', 'new'), 'verbatim');
});

test('the index is keyed by path, size and time: an edit that keeps both is seen once the time moves', async () => {
  const { sources, cache } = workspace();
  const extra = path.join(sources, 'extra.md');
  const when = new Date('2024-05-01T12:00:00Z');
  fs.utimesSync(extra, when, when); // whole seconds, so the time can be put back exactly
  await loadLibrary([sources], { cacheDir: cache });
  fs.writeFileSync(extra, fs.readFileSync(extra, 'utf8').replace('forty-two', 'forty-six'));
  fs.utimesSync(extra, when, when);
  const kept = await loadLibrary([sources], { cacheDir: cache });
  assert.equal(kept.read, 0, 'same path, size and time: served from the index, text and words together');
  assert.equal(verdict(kept.library, 'counted forty-two ships on the first of May', 'extra'), 'verbatim');
  fs.utimesSync(extra, when, new Date(when.getTime() + 5000));
  const after = await loadLibrary([sources], { cacheDir: cache });
  assert.equal(after.read, 1);
  assert.equal(verdict(after.library, 'counted forty-six ships on the first of May', 'extra'), 'verbatim');
});

const damages: Array<[string, (file: string) => void, RegExp]> = [
  ['a flipped byte', (file) => {
    const data = fs.readFileSync(file);
    data[data.length - 5] = data[data.length - 5]! ^ 0xff;
    fs.writeFileSync(file, data);
  }, /checksum/],
  ['a flipped byte before the texts', (file) => {
    const data = fs.readFileSync(file);
    data[48] = data[48]! ^ 0xff;
    fs.writeFileSync(file, data);
  }, /checksum/],
  ['truncation', (file) => fs.truncateSync(file, fs.statSync(file).size - 100), /truncated/],
  ['an old format', (file) => {
    const data = fs.readFileSync(file);
    data.writeUInt32LE(0, 16);
    fs.writeFileSync(file, data);
  }, /format 0/],
  ['garbage', (file) => fs.writeFileSync(file, 'not an index at all'), /not a Verbatim index/],
];
for (const [name, damage, problem] of damages) {
  test(`a damaged cache (${name}) is detected and rebuilt`, async () => {
    const { sources, cache } = workspace();
    await loadLibrary([sources], { cacheDir: cache });
    damage(path.join(cache, 'index.bin'));
    const after = await loadLibrary([sources], { cacheDir: cache });
    assert.match(after.cacheProblem ?? '', problem);
    assert.deepEqual([after.fromCache, after.read], [0, 4]);
    assert.equal(verdict(after.library, 'counted forty-two ships on the first of May', 'extra'), 'verbatim');
    assert.equal((await loadLibrary([sources], { cacheDir: cache })).fromCache, 3, 'the rebuilt cache is used next time');
  });
}

test('loading never writes to sources', async () => {
  const { sources, cache } = workspace();
  const before = fs.readdirSync(sources).map((name) => {
    const file = path.join(sources, name);
    return [name, fs.readFileSync(file).toString('base64'), fs.statSync(file).mtimeMs];
  });
  await loadLibrary([sources], { cacheDir: cache });
  await loadLibrary([sources], { cacheDir: cache });
  const after = fs.readdirSync(sources).map((name) => {
    const file = path.join(sources, name);
    return [name, fs.readFileSync(file).toString('base64'), fs.statSync(file).mtimeMs];
  });
  assert.deepEqual(after, before);
});

test('page boundaries and formats are kept in the index file', async () => {
  const { sources, cache } = workspace();
  fs.writeFileSync(path.join(sources, 'paged.txt'), 'The first page of the report.\fThe harbour opened on the second page.\n');
  const first = await loadLibrary([sources], { cacheDir: cache });
  const second = await loadLibrary([sources], { cacheDir: cache });
  assert.equal(second.read, 0);
  for (const { library } of [first, second]) {
    const paged = library.get('paged')!.source;
    assert.equal(paged.format, 'text');
    assert.deepEqual(paged.pages, { starts: [0, paged.text.indexOf('The harbour')], labels: ['1', '2'] });
    assert.equal(library.get('extra')!.source.pages, undefined);
  }
});

test('word starts of short (16-bit) and long (32-bit) texts survive the index file and the worker hand-over', async () => {
  const { sources, cache } = workspace();
  const long = `---\nid: long\n---\n${'The harbour master counted ships. '.repeat(3000)}Forty-two ships came in on the first of May.\n`;
  fs.writeFileSync(path.join(sources, 'long.md'), long);
  const first = await loadLibrary([sources], { cacheDir: cache });
  const second = await loadLibrary([sources], { cacheDir: cache });
  const handedOver = unpackLibrary(packLibrary((await loadLibrary([sources], { cacheDir: cache })).library).packed);
  assert.equal(first.library.get('long')!.words.starts.BYTES_PER_ELEMENT, 4);
  assert.equal(first.library.get('extra')!.words.starts.BYTES_PER_ELEMENT, 2);
  for (const library of [second.library, handedOver]) {
    for (const entry of first.library.sources()) {
      const other = library.getByUri(entry.source.uri)!;
      assert.deepEqual([...other.words.ids], [...entry.words.ids], entry.source.path);
      assert.deepEqual([...other.words.starts], [...entry.words.starts], entry.source.path);
      assert.equal(other.words.starts.BYTES_PER_ELEMENT, entry.words.starts.BYTES_PER_ELEMENT);
    }
    assert.equal(verdict(library, 'Forty-two ships came in on the first of May', 'long'), 'verbatim');
    assert.equal(verdict(library, 'counted forty-two ships on the first of May', 'extra'), 'verbatim');
  }
});

test('the worker hand-over moves texts in one transferred buffer and gives every text back exactly, in any script', () => {
  const library = worldLibrary(true);
  library.addText({ uri: 'file:///extra/marks.md', path: 'extra/marks.md', text: '“Curly” quotes, an em dash — Հայերեն, 日本語, and 🎉 outside the BMP.' });
  const expected = new Map(library.sources().map((entry) => [entry.source.uri, entry.source.text] as const));
  const { packed, transfer } = packLibrary(library);
  // No text crosses as a string (a structured clone copies strings on both threads).
  assert.ok(transfer.includes(packed.texts.buffer as ArrayBuffer), 'the texts buffer is transferred');
  assert.ok(!JSON.stringify(packed.sources).includes('outside the BMP'), 'no text among the sources');
  const handedOver = unpackLibrary(structuredClone(packed, { transfer }));
  assert.equal(handedOver.size, expected.size);
  for (const [uri, text] of expected) assert.equal(handedOver.getByUri(uri)?.source.text, text, uri);
});

/** Every word's weight in `library`, by word (the counts behind `WordFrequencies.weight`). */
function weights(library: SourceLibrary): Map<string, number> {
  return new Map(library.vocabulary.words().map((word) => [word, library.frequencies.weight(library.vocabulary.find(word)!)] as const));
}

test('word counts kept in the index file equal counting anew, with files changed and removed since', async () => {
  const { sources, cache } = workspace();
  await loadLibrary([sources], { cacheDir: cache });
  const extra = path.join(sources, 'extra.md');
  fs.writeFileSync(extra, fs.readFileSync(extra, 'utf8').replace('forty-two ships', 'forty-two ships and a ferry'));
  fs.rmSync(path.join(sources, '001_7824a7d0d4dc771b.txt'));
  const restored = await loadLibrary([sources], { cacheDir: cache });
  assert.deepEqual([restored.fromCache, restored.read], [1, 1]);
  const fresh = (await loadLibrary([sources])).library;
  const expected = weights(fresh);
  const actual = weights(restored.library);
  // The restored vocabulary still holds the removed file's words; only the words of the sources count.
  for (const [word, weight] of expected) assert.equal(actual.get(word), weight, word);
  for (const [word, weight] of actual) if (!expected.has(word)) assert.equal(weight, restored.library.frequencies.weight(-1), `${word} occurs nowhere now`);
  // And once more from the index those counts were written to.
  const again = await loadLibrary([sources], { cacheDir: cache });
  assert.equal(again.read, 0);
  for (const [word, weight] of expected) assert.equal(weights(again.library).get(word), weight, word);
});

test('a restored library crosses to another thread as it is: index body moved, texts read from the file its receiver opened', async () => {
  const { sources, cache } = workspace();
  fs.writeFileSync(path.join(sources, 'accents.md'), '---\nid: accents\n---\nL’été à Zürich — “naïve” café, 東京 and 😀 emoji.\n');
  const first = await loadLibrary([sources], { cacheDir: cache });
  const expected = new Map(first.library.sources().map((entry) => [entry.source.uri, { text: entry.source.text, ids: [...entry.words.ids], starts: [...entry.words.starts] }] as const));
  // As the language server does: the receiving thread opens the index, the loader reads through it.
  const indexFd = openIndexFile(cache)!;
  let told: readonly Source[] | undefined;
  const result = await loadLibrary([sources], { cacheDir: cache, indexFd, onIndexRead: (sources) => void (told = sources) });
  assert.equal(result.read, 0);
  assert.deepEqual(told?.map((s) => [s.key, s.text]).sort(), [...first.library.sources()].map((e) => [e.source.key, '']).sort(), 'the sources of the index, told before they are restored');
  const { packed, transfer } = packLibrary(result.library, result.restored);
  assert.ok(transfer.includes(result.restored!.body.buffer as ArrayBuffer), 'the index body is moved');
  assert.equal(packed.texts.byteLength, 0, 'no text is read back from the index');
  assert.equal(packed.ids.length, 0, 'no word array is copied');
  assert.equal(packed.sources.length, 0, 'every source was told already: none is sent again');
  assert.equal(packed.restored?.texts?.fd, indexFd);
  const handedOver = unpackLibrary(structuredClone(packed, { transfer }), structuredClone(told));
  assert.equal(handedOver.size, expected.size);
  for (const [uri, { text, ids, starts }] of expected) {
    const entry = handedOver.getByUri(uri)!;
    assert.equal(entry.source.text, text, uri);
    assert.deepEqual([[...entry.words.ids], [...entry.words.starts]], [ids, starts], uri);
  }
  assert.equal(handedOver.get('extra')!.source.meta.title, 'Extra');
  assert.equal(verdict(handedOver, 'counted forty-two ships on the first of May', 'extra'), 'verbatim');
  assert.equal(verdict(handedOver, 'counted forty-three ships on the first of May', 'extra'), 'misquote');
  assert.deepEqual([...weights(handedOver)], [...weights(first.library)]);
});

test('a restart finds its sources in folders whose names need escaping in a URI', async () => {
  const { sources, cache } = workspace();
  const odd = path.join(path.dirname(sources), 'my sources #1 – été');
  fs.renameSync(sources, odd);
  const first = await loadLibrary([odd], { cacheDir: cache });
  let told: readonly Source[] | undefined;
  const second = await loadLibrary([odd], { cacheDir: cache, onIndexRead: (sources) => void (told = sources) });
  assert.deepEqual([second.fromCache, second.read], [first.library.size, 0]);
  assert.deepEqual(second.library.sources().map((e) => e.source.uri), first.library.sources().map((e) => e.source.uri));
  assert.deepEqual(told?.map((s) => s.path).sort(), first.library.sources().map((e) => e.source.path).sort(), 'the told paths are the paths the sources are shown with');
});
