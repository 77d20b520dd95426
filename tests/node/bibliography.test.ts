import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { searchText, type BibEntry } from '../../server/src/core/library/bibEntry';
import { completeBibliography, fullTextOf, readBibliographyFile } from '../../server/src/library/bibliographyLoader';
import { plainEntry, readParsedBibliography, writeParsedBibliography, type KeptBibliography } from '../../server/src/library/bibliographyCache';
import { bibliographiesOfDraft, installCatalogue, locateFullTextsInSlices, readBibliographies, readCatalogue } from '../../server/src/library/catalogueLoader';
import { loadLibrary } from '../../server/src/library/libraryOpener';
import { LibraryHost } from '../../server/src/host/libraryHost';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { findCitable, noTextReason } from '../../server/src/service/citables';
import { markedDocument, REPO, temporaryFolder } from '../helpers';
import type { Bibliography } from '../../server/src/core/library/catalogue';
import { createLanguageService } from '../../server/src/service/languageService';
import { BACKGROUND_INDEX_AT, metadataIndexReady } from '../../server/src/service/sourceSearch';

function tempDir(): string {
  return temporaryFolder('verbatim-bib-');
}

function write(file: string, text: string | Buffer): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

function entry(attachments: Array<{ path: string; mime?: string }>): BibEntry {
  return {
    key: 'k', type: 'article', title: 'T', authors: [], issued: '', container: '', pages: '', doi: '', url: '', line: 1,
    attachments: attachments.map((a) => ({ path: a.path, title: '', mime: a.mime ?? '' })),
  };
}

test('full text: the first attachment that exists, HTML and PDF tried before others, Zotero caches beside them', () => {
  const dir = tempDir();
  const bib = path.join(dir, 'refs.bib');
  write(path.join(dir, 'notes', 'a.txt'), 'Plain notes.');
  write(path.join(dir, 'storage', 'PDF1', '.zotero-ft-cache'), 'Page one.\fPage two.');
  write(path.join(dir, 'storage', 'PDF1', 'paper.pdf'), '%PDF-1.4 not really');
  // A .txt attachment is used when no HTML/PDF one can be read.
  const txt = fullTextOf(entry([{ path: 'notes/a.txt' }]), bib);
  assert.ok('file' in txt && txt.file === path.join(dir, 'notes', 'a.txt'));
  // The PDF comes first even when listed second; its Zotero cache gives the text when no PDF reader applies.
  const located = fullTextOf(entry([{ path: 'notes/a.txt' }, { path: 'storage/PDF1/paper.pdf', mime: 'application/pdf' }]), bib);
  assert.ok('file' in located);
  assert.ok(located.file === path.join(dir, 'storage', 'PDF1', 'paper.pdf') || located.file === path.join(dir, 'storage', 'PDF1', '.zotero-ft-cache'), located.file);
  // A missing attachment whose storage folder holds a Zotero cache still has a full text.
  write(path.join(dir, 'storage', 'GONE', '.zotero-ft-cache'), 'Cached text.');
  assert.deepEqual('file' in fullTextOf(entry([{ path: 'storage/GONE/page.html' }]), bib) && fullTextOf(entry([{ path: 'storage/GONE/page.html' }]), bib), {
    file: path.join(dir, 'storage', 'GONE', '.zotero-ft-cache'),
    declared: { key: 'k', fields: { title: 'T', author: '', outlet: '', date: '', url: '' } },
  });
});

test('full text: a Windows path from another machine is found by its last parts below the bibliography', () => {
  const dir = tempDir();
  const bib = path.join(dir, 'refs.bib');
  write(path.join(dir, 'storage', 'ZZ9XK2QA', 'paper.txt'), 'Copied storage.');
  const located = fullTextOf(entry([{ path: 'C:\\Users\\ann\\Zotero\\storage\\ZZ9XK2QA\\paper.txt' }]), bib);
  assert.ok('file' in located && located.file === path.join(dir, 'storage', 'ZZ9XK2QA', 'paper.txt'));
});

test('full text: missing attachments give one clear reason each', () => {
  const dir = tempDir();
  const bib = path.join(dir, 'refs.bib');
  assert.deepEqual(fullTextOf(entry([]), bib), { reason: 'it has no attachment (no "file" field)' });
  assert.deepEqual(fullTextOf(entry([{ path: 'storage/X/a.pdf' }]), bib), { reason: 'attachment storage/X/a.pdf is missing' });
  assert.deepEqual(fullTextOf(entry([{ path: 'a.pdf' }, { path: '/nowhere/b.txt' }]), bib), {
    reason: 'none of its 2 attachments can be read (a.pdf is missing; /nowhere/b.txt is missing)',
  });
});

test('a bibliography file that cannot be used is one problem, nothing thrown', () => {
  const dir = tempDir();
  const binary = write(path.join(dir, 'binary.bib'), Buffer.from([0x40, 0x00, 0x01, 0xff, 0xfe, 0x00]));
  assert.match(readBibliographyFile(binary).bibliography.problems[0]!.message, /not UTF-8|binary/);
  assert.equal(readBibliographyFile(path.join(dir, 'missing.bib')).bibliography.problems[0]!.message, 'no such file or folder');
  assert.equal(readBibliographyFile(write(path.join(dir, 'empty.bib'), '')).bibliography.problems[0]!.message, 'empty file');
  assert.match(readBibliographyFile(write(path.join(dir, 'prose.bib'), 'Just some prose.\n')).bibliography.problems[0]!.message, /no entries/);
  assert.equal(readBibliographyFile(dir).bibliography.problems[0]!.message, 'not a regular file');
});

test('the full parse is kept by path, size and time: the second reading parses nothing', async () => {
  const dir = tempDir();
  const cacheDir = path.join(dir, 'cache');
  const bib = write(path.join(dir, 'refs.bib'), '@article{a, title = {M{\\"u}ller\'s {Title}}, author = {M{\\"u}ller, Hans}, year = 2001}\n');
  const first = readBibliographyFile(bib, { cacheDir });
  assert.ok(first.pending, 'a BibTeX file needs a full parse');
  const complete = await completeBibliography(first, bib, { cacheDir });
  assert.equal(complete!.entries[0]!.title, "Müller's Title");
  const second = readBibliographyFile(bib, { cacheDir });
  assert.equal(second.pending, undefined);
  assert.equal(second.bibliography.complete, true);
  assert.deepEqual(second.bibliography.entries.map(plainEntry), complete!.entries);
  // A changed file is read again.
  fs.writeFileSync(bib, '@article{b, title = {Other}}\n');
  fs.utimesSync(bib, new Date(), new Date(Date.now() + 5000));
  const third = readBibliographyFile(bib, { cacheDir });
  assert.deepEqual(third.bibliography.entries.map((e) => e.key), ['b']);
});

test('the key pass is kept too: a restart before the full parse reads the keys from the cache, then parses fully', async () => {
  const dir = tempDir();
  const cacheDir = path.join(dir, 'cache');
  const bib = write(path.join(dir, 'refs.bib'), '@article{a, title = {M{\\"u}ller\'s {Title}}, author = {M{\\"u}ller, Hans}, year = 2001}\n@book{b, title = {Two}}\n');
  const first = readBibliographyFile(bib, { cacheDir });
  assert.ok(first.pending?.scan, 'the first reading scans the file');
  // The key lookups the cache keeps are put to use at once: the key search's text and the table of keys.
  assert.equal(first.bibliography.searchFields?.entries, first.bibliography.entries);
  assert.deepEqual([first.bibliography.keyIndex?.entries === first.bibliography.entries, first.bibliography.keyIndex?.indexOf('b'), first.bibliography.keyIndex?.indexOf('c')], [true, 1, -1]);
  await new Promise((resolve) => setImmediate(resolve)); // the key pass is written after the keys were used
  const restart = readBibliographyFile(bib, { cacheDir });
  assert.equal(restart.bibliography.complete, false);
  assert.deepEqual(restart.bibliography.entries.map(plainEntry), first.bibliography.entries);
  assert.ok(restart.pending && restart.pending.scan === undefined, 'the kept key pass, not a scan of the file');
  assert.equal(restart.bibliography.searchFields?.entries, restart.bibliography.entries, 'the key pass is kept with its search text');
  assert.deepEqual(restart.bibliography.searchFields.text, searchText(first.bibliography.entries).text);
  const complete = await completeBibliography(restart, bib, { cacheDir });
  assert.equal(complete!.entries[0]!.title, "Müller's Title");
  assert.deepEqual([complete!.searchFields?.entries === complete!.entries, complete!.keyIndex?.entries === complete!.entries], [true, true], 'the full parse has its own lookups');
  const later = readBibliographyFile(bib, { cacheDir });
  assert.equal(later.bibliography.complete, true);
  assert.deepEqual(later.bibliography.entries.map(plainEntry), complete!.entries);
  assert.equal(later.bibliography.searchFields?.entries, later.bibliography.entries, 'the full parse is kept with its search text');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(readBibliographyFile(bib, { cacheDir }).bibliography.complete, true, 'the full parse stays kept');
});

test('the kept reading gives back every field: names beyond ASCII, rich titles, literal authors, attachments; a damaged file is read around', () => {
  const dir = tempDir();
  const cacheDir = path.join(dir, 'cache');
  const bib = write(path.join(dir, 'refs.bib'), '% kept\n');
  const facts = fs.statSync(bib);
  const entries: BibEntry[] = [
    {
      key: 'müller2001', type: 'article', title: 'Ζωή “and” 生活 \u2028 😀', richTitle: '<i>Ζωή</i> “and” 生活', line: 3,
      authors: [{ family: 'Müller', given: 'Jörg', literal: '' }, { family: '', given: '', literal: 'World Health Organization' }, { family: 'Müller', given: 'Jörg', literal: '' }],
      issued: '-334', container: 'Caucasus Survey', pages: '1–9', doi: '10.1/x', url: 'https://example.org/ü',
      attachments: [{ path: 'C:\\Users\\ann\\Zotero\\storage\\AB\\a.pdf', title: 'Full Text PDF', mime: 'application/pdf' }],
    },
    { key: 'b', type: 'book', title: '', authors: [], issued: '', container: '', pages: '', doi: '', url: '', line: 9, attachments: [] },
  ];
  const problems = [{ line: 7, key: 'x', message: 'unbalanced braces «here»' }];
  writeParsedBibliography(cacheDir, bib, facts, { entries, problems });
  const [kept] = fs.readdirSync(cacheDir);
  const text = fs.readFileSync(path.join(cacheDir, kept!), 'latin1');
  const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as { body: number };
  assert.ok(/^[\x00-\x7f]*$/.test(text.slice(0, text.indexOf('\n') + 1 + header.body)), 'the header and the JSON are ASCII only');
  assert.deepEqual(plain(readParsedBibliography(cacheDir, bib, facts)), { content: { entries, problems }, complete: true, searchText: searchText(entries) });
  assert.deepEqual(JSON.parse(JSON.stringify(readParsedBibliography(cacheDir, bib, facts)!.content.entries)), entries, 'a kept entry is written as JSON with its fields');
  // What the key search reads is kept lower-cased, a field at a time.
  const search = readParsedBibliography(cacheDir, bib, facts)!.searchText!;
  const field = (f: number): string => search.text.slice(search.starts[f], search.starts[f + 1]! - 1);
  assert.deepEqual([0, 1, 2, 3, 4].map(field), ['müller2001', 'ζωή “and” 生活 \u2028 😀', 'jörg müller, world health organization, jörg müller', 'caucasus survey', 'b']);
  // A search text cut short is read around: the entries stay.
  fs.writeFileSync(path.join(cacheDir, kept!), text.slice(0, text.length - 4), 'latin1');
  assert.deepEqual(plain(readParsedBibliography(cacheDir, bib, facts)), { content: { entries, problems }, complete: true });
  // Another size or time, or a damaged file, is no kept reading.
  assert.equal(readParsedBibliography(cacheDir, bib, { ...facts, size: facts.size + 1 }), undefined);
  fs.writeFileSync(path.join(cacheDir, kept!), text.slice(0, text.indexOf('\n') + header.body - 40), 'latin1');
  assert.equal(readParsedBibliography(cacheDir, bib, facts), undefined);
  assert.match(text, /"columns":\[2,/);
  fs.writeFileSync(path.join(cacheDir, kept!), text.replace(/"columns":\[2,/, '"columns":[1,'), 'latin1');
  assert.equal(readParsedBibliography(cacheDir, bib, facts), undefined, 'columns that do not agree');
  fs.writeFileSync(path.join(cacheDir, kept!), text.replace(/"latin1":(\d+)/, (_, n: string) => `"latin1":${Number(n) - 1}`), 'latin1');
  assert.equal(readParsedBibliography(cacheDir, bib, facts), undefined, 'strings that do not agree');
  // Indexes damaged inside the columns (the entries are read when asked for) read as empty strings, never as an error.
  const damaged = Buffer.from(text, 'latin1');
  const columnsAt = text.indexOf('\n') + 1 + header.body;
  for (let at = columnsAt; at < columnsAt + 4 * 6; at += 4) damaged.writeInt32LE(1_000_000, at); // the keys, types and titles
  fs.writeFileSync(path.join(cacheDir, kept!), damaged);
  const read = readParsedBibliography(cacheDir, bib, facts);
  assert.deepEqual(read?.content.entries.map((e) => [e.key, e.title, e.authors.length, e.attachments.length]), [['', '', 3, 1], ['', '', 0, 0]]);
});

/** A kept reading with its entries as plain objects, to compare with what was written. */
function plain(kept: KeptBibliography | undefined): unknown {
  if (kept === undefined) return undefined;
  const { keyIndex: _, ...rest } = kept;
  return { ...rest, content: { ...kept.content, entries: kept.content.entries.map(plainEntry) } };
}

test("a restart's first completion from the kept reading (its entries read when asked for, its keys looked up in the kept table) holds what the full read gives", async () => {
  const dir = tempDir();
  const cacheDir = path.join(dir, 'cache');
  // Past BACKGROUND_INDEX_AT, so that completion scans (as a restart's first completion does); names
  // beyond ASCII, a key twice in the file, a key in the second file too, a key a source has.
  const family = ['M{\\"u}ller', 'Smith', '{\\.I}nce', 'de Waal', 'Nersisyan'];
  const bibText = Array.from({ length: BACKGROUND_INDEX_AT + 200 }, (_, i) => {
    const key = i === 77 ? 'twice2001' : i === 78 ? 'twice2001' : `${['muller', 'smith', 'ince', 'waal'][i % 4]}${1990 + (i % 30)}${i.toString(36)}`;
    return `@article{${key},\n  title = {Peace {Treaty} number ${i} of the Caucasus},\n  author = {${family[i % 5]}, Ann and ${family[(i + 2) % 5]}, Jörg},\n  date = {${1990 + (i % 30)}},\n  journaltitle = {Harbor Times}\n}\n`;
  }).join('');
  const bib = write(path.join(dir, 'big.bib'), bibText);
  const small = write(path.join(dir, 'small.bib'), '@book{muller2002c, title = {Shadowed by the big one}}\n@book{karabakh2022, title = {Karabakh Armenians Appeal}, author = {Hakobyan, Ann}}\n');
  const parsed = await completeBibliography(readBibliographyFile(bib, { cacheDir }), bib, { cacheDir });
  const restart = readBibliographyFile(bib, { cacheDir }).bibliography;
  assert.ok(restart.keyIndex !== undefined && restart.searchFields !== undefined, 'read from the cache with its key table and search text');
  const libraryWith = (big: Bibliography): SourceLibrary => {
    const library = new SourceLibrary();
    library.addText({ uri: 'file:///lib/own.md', path: 'lib/own.md', text: '---\nid: smith2003d\ntitle: A source of its own\n---\nWords.\n' });
    library.catalogue.set(big);
    library.catalogue.set(readBibliographyFile(small).bibliography);
    return library;
  };
  const fresh = libraryWith(parsed!);
  const kept = libraryWith(restart);
  for (const key of ['twice2001', 'muller2002c', 'smith2003d', 'karabakh2022', 'waal2001b', 'nothing']) {
    const owner = (library: SourceLibrary): unknown => {
      const found = library.catalogue.get(key);
      return found && [found.bibliography.path, plainEntry(found.entry)];
    };
    assert.deepEqual(owner(kept), owner(fresh), key);
    assert.deepEqual(kept.catalogue.withKey(key).map((e) => e.entry.line), fresh.catalogue.withKey(key).map((e) => e.entry.line), key);
  }
  assert.equal(kept.catalogue.size, fresh.catalogue.size);
  assert.deepEqual(kept.catalogue.clashes(), fresh.catalogue.clashes());
  assert.deepEqual(kept.catalogue.clashes().map((c) => c.key), ['muller2002c'], 'a key the file repeats is its problem, not an entry');
  // A key repeated in one bibliography (no reader keeps one, but a bibliography may hold one) is found in the kept table too.
  const one = (key: string, line: number): BibEntry => ({ ...entry([]), key, line });
  const repeats = write(path.join(dir, 'repeats.bib'), '% repeats\n');
  writeParsedBibliography(cacheDir, repeats, fs.statSync(repeats), { entries: [one('a', 1), one('b', 2), one('a', 3), one('a', 4)], problems: [] });
  const repeated = readBibliographyFile(repeats, { cacheDir }).bibliography;
  assert.deepEqual([repeated.keyIndex?.indexOf('a'), repeated.keyIndex?.indexOf('b'), repeated.keyIndex?.indexOf('c'), Array.from(repeated.keyIndex!.repeated)], [0, 1, -1, [2, 3]]);
  const catalogue = new SourceLibrary().catalogue;
  catalogue.set(repeated);
  assert.deepEqual([catalogue.withKey('a').map((e) => e.entry.line), catalogue.entries().map((e) => e.entry.line), catalogue.size], [[1, 3, 4], [1, 2], 2]);
  assert.deepEqual(kept.catalogue.entries().map((e) => e.entry.line), fresh.catalogue.entries().map((e) => e.entry.line));
  const complete = (library: SourceLibrary, draft: string): unknown => {
    const { document, offset } = markedDocument(draft);
    return createLanguageService({ library }).getCompletionItems(document, document.positionAt(offset));
  };
  const labels: string[][] = [];
  for (const typed of ['twice2001', 'waal2019', 'Müller', 'İnce', 'Nersisyan', 'karabakh', 'muller2002c', 'smith2003d', 'Harbor']) {
    const items = complete(kept, `See [@${typed}|`);
    assert.deepEqual(items, complete(fresh, `See [@${typed}|`), typed);
    labels.push((items as { items: Array<{ label: string }> }).items.map((i) => i.label));
  }
  // Each search found something: the first item and how many (the scan's candidates, ranked by fuse.js).
  assert.deepEqual(labels.map((l) => [l[0], l.length]), [['twice2001', 1], ['waal20191n', 64], ['muller19900', 100], ['ince19922', 100], ['ince19922', 100], ['karabakh2022', 1], ['muller2002c', 2], ['smith2003d', 2], ['smith2003d', 100]]);
  assert.equal(metadataIndexReady(kept), false, 'the completions scanned the kept search text');
});

test('full texts located in slices (as the server does, answering requests meanwhile) are those located at once', async () => {
  const bib = path.join(REPO, 'examples', 'library', 'library.bib');
  const readings = readBibliographies([bib]);
  const atOnce = readCatalogue([bib]);
  const inSlices = await locateFullTextsInSlices(readings, () => false);
  assert.deepEqual([...inSlices!.fullTexts], [...atOnce.fullTexts]);
  assert.deepEqual([...inSlices!.reasons], [...atOnce.reasons]);
  assert.ok(atOnce.fullTexts.size >= 3 && atOnce.reasons.size >= 2, 'the sample has entries with and without full texts');
});

test('before the full texts are looked for, entries without one give one reason, said once for the bibliography', () => {
  const dir = tempDir();
  const bib = write(path.join(dir, 'refs.bib'), '@article{a, title = {A}, file = {storage/A/a.txt}}\n@article{b, title = {B}}\n');
  const library = new SourceLibrary();
  const readings = readBibliographies([bib]);
  installCatalogue(library, { readings, fullTexts: new Map(), reasons: new Map() }, 'its full text is still being looked for');
  const installed = library.catalogue.bibliographies()[0]!;
  assert.deepEqual([installed.noText, installed.noTextOtherwise], [{}, 'its full text is still being looked for']);
  const citable = findCitable({ library, stores: [] }, 'b')!;
  assert.equal(noTextReason(citable), 'its full text is still being looked for');
  // Once they were looked for, every entry is named with its own reason.
  installCatalogue(library, readCatalogue([bib]));
  const located = library.catalogue.bibliographies()[0]!;
  assert.equal(located.noTextOtherwise, undefined);
  assert.deepEqual(located.noText, { a: 'attachment storage/A/a.txt is missing', b: 'it has no attachment (no "file" field)' });
  assert.equal(noTextReason(findCitable({ library, stores: [] }, 'b')!), 'it has no attachment (no "file" field)');
});

test('a catalogue in the library: entries with a full text are sources under their key; the rest say why not', async () => {
  const dir = tempDir();
  write(path.join(dir, 'storage', 'A', 'a.txt'), 'The attached article says exactly this.');
  write(path.join(dir, 'sources', 'bykey.txt'), 'A source folder file whose stem is the key.');
  const bib = write(path.join(dir, 'refs.bib'), [
    '@article{withfile, title = {Attached}, author = {Doe, Jane}, date = {2020-01-02}, file = {storage/A/a.txt}}',
    '@article{bykey, title = {By Key}}',
    '@article{missing, title = {Missing}, file = {storage/B/b.pdf}}',
  ].join('\n'));
  const catalogue = readCatalogue([bib]);
  const { library } = await loadLibrary([path.join(dir, 'sources')], { fullTexts: catalogue.fullTexts });
  installCatalogue(library, catalogue);
  assert.equal(library.get('withfile')!.source.meta.title, 'Attached');
  assert.equal(library.get('withfile')!.source.meta.author, 'Jane Doe');
  assert.equal(library.get('withfile')!.source.meta.date, '2020-01-02');
  assert.equal(library.get('bykey')!.source.path.endsWith('bykey.txt'), true);
  assert.equal(library.get('missing'), undefined);
  assert.deepEqual(library.catalogue.bibliographies()[0]!.noText, { missing: 'attachment storage/B/b.pdf is missing' });
  assert.equal(library.catalogue.size, 3);
});

test('discovery: front matter (one path or a list, relative to the draft) and Quarto files up to the project root', () => {
  const dir = tempDir();
  write(path.join(dir, '_quarto.yml'), 'project:\n  type: book\nbibliography: project.bib\n');
  write(path.join(dir, 'chapters', '_metadata.yml'), 'bibliography:\n  - chapter.json\nreferences:\n- id: inq\n  title: Inline in Quarto\n');
  const draft = path.join(dir, 'chapters', 'one.md');
  const text = '---\nbibliography: [../refs/a.bib, b.yaml]\n---\n';
  assert.deepEqual(bibliographiesOfDraft(draft, text, dir), [
    path.join(dir, 'refs', 'a.bib'),
    path.join(dir, 'chapters', 'b.yaml'),
    path.join(dir, 'chapters', 'chapter.json'),
    path.join(dir, 'chapters', '_metadata.yml'),
    path.join(dir, 'project.bib'),
  ]);
});

test('the host reads a bibliography an open draft names, and an untrusted draft cannot name one outside the workspace', async () => {
  const top = tempDir();
  const workspace = path.join(top, 'ws');
  write(path.join(workspace, 'refs.bib'), '@article{inside, title = {Inside}}\n');
  write(path.join(top, 'outside.bib'), '@article{outside, title = {Outside}}\n');
  const logs: string[] = [];
  const host = new LibraryHost((m) => logs.push(m), { cacheDir: null, seedsFolder: path.join(top, 'no-seeds') });
  host.configure([workspace], ['sources'], 'never', { trusted: false, userEntries: [] });
  host.configureBibliographies([workspace], ['../outside.bib']);
  await host.reload();
  const draft = `file://${path.join(workspace, 'draft.md')}`;
  assert.equal(host.noteDraft(draft, '---\nbibliography: [refs.bib, ../outside.bib]\n---\ntext', [workspace]), true);
  assert.ok(host.library.catalogue.get('inside'));
  assert.equal(host.library.catalogue.get('outside'), undefined);
  assert.ok(logs.some((l) => l.includes('ignored bibliography "../outside.bib"')), logs.join('\n'));
  // The same front matter again reads nothing.
  assert.equal(host.noteDraft(draft, '---\nbibliography: [refs.bib, ../outside.bib]\n---\nmore text', [workspace]), false);
});

test("the host logs each broken entry of a configured bibliography with its line, and keeps the good ones", async () => {
  const workspace = tempDir();
  fs.copyFileSync(path.join(__dirname, '..', 'fixtures', 'bibliography', 'broken.bib'), path.join(workspace, 'refs.bib'));
  const logs: string[] = [];
  const host = new LibraryHost((m) => logs.push(m), { cacheDir: null, seedsFolder: path.join(workspace, 'no-seeds') });
  host.configure([workspace], ['sources'], 'never');
  host.configureBibliographies([workspace], ['refs.bib']);
  await host.reload();
  assert.deepEqual(host.library.catalogue.entries().map((e) => e.entry.key), ['good1', 'good2', 'good3', 'good4']);
  for (const line of [7, 18, 28, 32, 36]) assert.ok(logs.some((l) => new RegExp(`^bibliography \\S*refs\\.bib:${line}: `).test(l)), `no log line for line ${line}:\n${logs.join('\n')}`);
  assert.ok(logs.some((l) => /refs\.bib: @good1 has no full text: it has no attachment/.test(l)), logs.join('\n'));
});
