import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inferDate, inferOutlet, inferTitle } from '../../server/src/core/library/metadata';
import { createSource, decodeSourceBytes, keyFromFileName } from '../../server/src/core/library/source';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { APPEAL, RALLY, seedLibrary, seedText } from '../helpers';

test('the seeds get keys from their file names and inferred metadata', () => {
  const library = seedLibrary();
  const appeal = library.get(APPEAL)!.source;
  assert.equal(appeal.meta.title, 'Karabakh Armenians Appeal to Russia');
  assert.equal(appeal.meta.outlet, 'Azatutyun');
  assert.equal(appeal.meta.date, '2022-11-01');
  const rally = library.get(RALLY)!.source;
  assert.match(rally.meta.title, /^The people of Artsakh rejected any announcement/);
  assert.equal(rally.meta.date, '');
  assert.ok(rally.wordCount > 400 && rally.wordCount < 600, String(rally.wordCount));
});

test('front matter gives the key and metadata and is not quotable', () => {
  const text = '---\nid: smith2022\ntitle: "A Title: With Colon"\nauthor: [Ann Smith, Bo Lee]\ndate: 2022-03-04\n---\nThe body text here.\n';
  const source = createSource({ uri: 'file:///a.md', path: 'a.md', text, fallbackKey: 'a' });
  assert.equal(source.key, 'smith2022');
  assert.equal(source.meta.title, 'A Title: With Colon');
  assert.equal(source.meta.author, 'Ann Smith, Bo Lee');
  assert.equal(source.meta.date, '2022-03-04');
  assert.equal(text.slice(source.bodyStart), 'The body text here.\n');
  assert.equal(source.wordCount, 4);
});

test('broken front matter is reported, not fatal', () => {
  const source = createSource({ uri: 'file:///b.md', path: 'b.md', text: '---\ntitle: [unclosed\n---\nBody words.\n', fallbackKey: 'b' });
  assert.equal(source.key, 'b');
  assert.equal(source.warnings.length, 1);
  assert.match(source.warnings[0]!, /front matter/);
});

test('metadata inference never fails on odd input', () => {
  for (const text of ['', '\n\n\n', '!!!', '\u0000\u0001', '#'.repeat(10_000), 'a'.repeat(100_000)]) {
    assert.equal(typeof inferTitle(text), 'string');
    assert.equal(typeof inferDate(text), 'string');
    assert.equal(typeof inferOutlet(text), 'string');
  }
  assert.equal(inferDate('Published 3 March 2021 and later'), '2021-03-03');
  assert.equal(inferDate('on Sept. 14, 2019,'), '2019-09-14');
  assert.equal(inferDate('February 31st, 2020 never'), '2020-02-31');
  assert.equal(inferOutlet('WASHINGTON (AP) — The story'), 'AP');
});

test('keys come from file names without the extension', () => {
  assert.equal(keyFromFileName('seeds/000_473b4c7a88a0911c.txt'), '000_473b4c7a88a0911c');
  assert.equal(keyFromFileName('a/b/report.v2.md'), 'report.v2');
  assert.equal(keyFromFileName('.hidden'), '.hidden');
});

const decodeCases: Array<[string, Uint8Array, RegExp | string]> = [
  ['UTF-8', new TextEncoder().encode('Hello “world”'), 'Hello “world”'],
  ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, 0x48, 0x69]), 'Hi'],
  ['UTF-16 LE with BOM', new Uint8Array([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]), 'Hi'],
  ['invalid UTF-8', new Uint8Array([0x48, 0x69, 0xc3, 0x28]), /not UTF-8 text .*byte 3/],
  ['binary', new Uint8Array([0x48, 0x00, 0x69]), /binary/],
  ['empty', new Uint8Array([]), /empty/],
  ['white space', new TextEncoder().encode(' \n\t '), /empty/],
];
for (const [name, bytes, expected] of decodeCases) {
  test(`decode ${name}`, () => {
    const result = decodeSourceBytes(bytes);
    if (typeof expected === 'string') assert.deepEqual(result, { text: expected });
    else assert.match('reason' in result ? result.reason : 'decoded', expected);
  });
}

test('decoders are reused across files: a BOM, a file cut in a character or an invalid one leaves nothing behind', () => {
  const decoded = (bytes: number[]): string => {
    const result = decodeSourceBytes(new Uint8Array(bytes));
    return 'text' in result ? result.text : result.reason;
  };
  assert.equal(decoded([0xef, 0xbb, 0xbf, 0x48, 0x69]), 'Hi');
  assert.equal(decoded([0xef, 0xbb, 0xbf, 0x48, 0x69]), 'Hi', 'the second BOM is stripped too');
  assert.match(decoded([0x48, 0x69, 0xe2, 0x80]), /not UTF-8 text/);
  assert.equal(decoded([0x99, 0x48, 0x69].slice(1)), 'Hi', 'no partial character carried over');
  assert.match(decoded([0xff, 0xfe, 0x48, 0x00, 0x69]), /not valid UTF-16LE/);
  assert.equal(decoded([0xff, 0xfe, 0x48, 0x00, 0x69, 0x00]), 'Hi');
});

test('too large files are refused with their size', () => {
  const result = decodeSourceBytes(new Uint8Array(2048), { maxBytes: 1024 });
  assert.match('reason' in result ? result.reason : '', /too large \(2\.0 KB; the limit is 1\.0 KB\)/);
});

test('two sources with one key: the first in path order wins and the clash is reported', () => {
  const library = new SourceLibrary();
  library.addText({ uri: 'file:///z/dup.md', path: 'z/dup.md', text: 'Second words here.' });
  library.addText({ uri: 'file:///a/dup.txt', path: 'a/dup.txt', text: 'First words here.' });
  assert.equal(library.get('dup')!.source.path, 'a/dup.txt');
  assert.deepEqual(library.clashes(), [{ key: 'dup', used: 'a/dup.txt', ignored: ['z/dup.md'] }]);
  library.remove('file:///a/dup.txt');
  assert.equal(library.get('dup')!.source.path, 'z/dup.md');
  assert.deepEqual(library.clashes(), []);
});

test('a bad file is skipped with its reason and the others keep working', () => {
  const library = seedLibrary();
  const skipped = library.addFile({ uri: 'file:///bad.txt', path: 'bad.txt', bytes: new Uint8Array([0xff, 0x00, 0x01]) });
  assert.ok('reason' in skipped);
  assert.equal(library.size, 2);
  assert.deepEqual(library.skipped().map((s) => s.path), ['bad.txt']);
  assert.ok(seedText(RALLY).length > 0 && library.get(RALLY) !== undefined);
});
