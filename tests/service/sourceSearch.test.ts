import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import Fuse from 'fuse.js';
import { SourceLibrary, type IndexedSource } from '../../server/src/core/library/sourceLibrary';
import { tokenize } from '../../server/src/core/text/tokenizer';
import { BACKGROUND_INDEX_AT, candidateSources, MAX_FUSE_CANDIDATES, metadataIndexReady, searchSources } from '../../server/src/service/sourceSearch';
import { searchText, type BibEntry } from '../../server/src/core/library/bibEntry';
import type { Bibliography } from '../../server/src/core/library/catalogue';

fc.configureGlobal({ seed: Number(process.env['FUZZ_SEED'] ?? 20261201), numRuns: Number(process.env['FUZZ_RUNS'] ?? 150) });

function article(key: string, title: string, author: string, outlet: string): string {
  return `---\nid: ${key}\ntitle: "${title}"\nauthor: "${author}"\noutlet: "${outlet}"\n---\nSome words of the article itself.\n`;
}

function libraryOf(articles: ReadonlyArray<readonly [string, string, string, string]>): SourceLibrary {
  const library = new SourceLibrary();
  articles.forEach(([key, title, author, outlet], i) => {
    const name = `a${String(i).padStart(4, '0')}.md`;
    library.addText({ uri: `file:///lib/${name}`, path: `lib/${name}`, text: article(key, title, author, outlet) });
  });
  return library;
}

/** fuse.js over every source, as the search ranked before it had candidates (the reference). */
function fuseOverAll(library: SourceLibrary, typed: string): IndexedSource[] {
  const fuse = new Fuse(library.sources(), {
    keys: [
      { name: 'source.key', weight: 3 },
      { name: 'source.meta.title', weight: 2 },
      { name: 'source.meta.author', weight: 1.5 },
      { name: 'source.meta.outlet', weight: 1 },
    ],
    ignoreLocation: true,
    threshold: 0.4,
  });
  return fuse.search(typed).map((r) => r.item);
}

const WORDS = ['state', 'union', 'address', 'harbor', 'times', 'roosevelt', 'lincoln', 'grant', 'polk', 'budget', 'treaty', 'canal', 'tariff', 'river'];
const metadataArbitrary = fc.array(
  fc.tuple(fc.subarray(WORDS, { minLength: 1, maxLength: 3 }), fc.subarray(WORDS, { minLength: 1, maxLength: 4 }), fc.constantFrom(...WORDS), fc.constantFrom(...WORDS)),
  { minLength: 1, maxLength: 40 },
);

describe('source search for citation completion', () => {
  test('with few sources, it ranks exactly as fuse.js over the whole library, and misses no word it starts', () => {
    fc.assert(
      fc.property(metadataArbitrary, fc.nat(), fc.integer({ min: 2, max: 9 }), (rows, pick, length) => {
        const library = libraryOf(rows.map(([key, title, author, outlet], i) => [`${key.join('-')}${i}`, title.join(' '), author, outlet] as const));
        const all = library.sources().flatMap((e) => tokenize(`${e.source.key} ${e.source.meta.title} ${e.source.meta.author} ${e.source.meta.outlet}`).map((t) => t.norm));
        const typed = all[pick % all.length]!.slice(0, length);
        const found = searchSources(library, typed, 100);
        const candidates = new Set(candidateSources(library, typed));
        const candidateKeys = new Set([...candidates].map((c) => c.key));
        assert.deepEqual(found.map((c) => c.key), fuseOverAll(library, typed).filter((e) => candidateKeys.has(e.source.key)).map((e) => e.source.key));
        for (const entry of library.sources()) {
          const { key, meta } = entry.source;
          const starts = tokenize(`${key} ${meta.title} ${meta.author} ${meta.outlet}`).some((t) => t.norm.startsWith(typed.toLowerCase()));
          if (starts) assert.ok([...candidates].some((c) => c.source === entry), `${key} has a word starting with "${typed}"`);
        }
      }),
    );
  });

  test('thousands of sources by one author: fuse ranks a bounded candidate set, a key match first', () => {
    const rows: Array<[string, string, string, string]> = [];
    for (let i = 0; i < 2000; i++) rows.push([`message${i}`, `Annual message, part ${i}`, 'Theodore Roosevelt', 'Harbor Times']);
    rows.push(['roosevelt1905', 'Annual message, 1905', 'Theodore Roosevelt', 'Harbor Times']);
    const library = libraryOf(rows);
    const candidates = candidateSources(library, 'Roosevelt');
    assert.equal(candidates.length, MAX_FUSE_CANDIDATES);
    assert.equal(candidates[0]!.key, 'roosevelt1905', 'a key word weighs most');
    const found = searchSources(library, 'Roosevelt', 100);
    assert.equal(found.length, 100);
    assert.equal(found[0]!.key, 'roosevelt1905');
  });

  test('a typo or the middle of a word still finds the source', () => {
    const library = libraryOf([
      ['karabakh-appeal', 'Karabakh Armenians Appeal to Russia', 'Staff', 'Azatutyun'],
      ['budget-speech', 'The budget speech', 'Minister', 'Herald'],
    ]);
    assert.equal(searchSources(library, 'Karabak', 10)[0]?.key, 'karabakh-appeal');
    assert.equal(searchSources(library, 'Karabahk', 10)[0]?.key, 'karabakh-appeal');
    assert.equal(searchSources(library, 'menians', 10)[0]?.key, 'karabakh-appeal');
    assert.deepEqual(searchSources(library, 'zzzz', 10), []);
  });

  test('a large bibliography answers at once by a scan while its word index is built in the background, then as the index does', async () => {
    const library = new SourceLibrary();
    const n = BACKGROUND_INDEX_AT + 1_000;
    const entry = (key: string, title: string, family: string) => ({ key, type: 'article', title, authors: [{ family, given: 'Ann', literal: '' }], issued: '2020', container: 'Harbor Times', pages: '', doi: '', url: '', attachments: [], line: 1 });
    const entries = Array.from({ length: n }, (_, i) => entry(`message${i}`, `Annual message, part ${i}`, 'Roosevelt'));
    entries.push(entry('karabakh2022', 'Karabakh Armenians Appeal to Russia', 'Hakobyan'));
    library.catalogue.set({ uri: 'file:///big.bib', path: 'big.bib', format: 'bibtex', entries, problems: [], complete: false, noText: {} });
    const keys = (typed: string): string[] => searchSources(library, typed, 5).map((c) => c.key);
    // Before the index: a key, a title word's start and an author find their entries.
    assert.deepEqual(keys('karabakh2022'), ['karabakh2022']);
    assert.equal(metadataIndexReady(library), false, 'the first search does not build the index');
    assert.deepEqual(keys('Armen'), ['karabakh2022']);
    assert.deepEqual(keys('message123'), ['message123', 'message1230', 'message1231', 'message1232', 'message1233']);
    assert.deepEqual(keys('Hakobyan'), ['karabakh2022']);
    for (let slices = 0; !metadataIndexReady(library); slices++) {
      assert.ok(slices < 10_000, 'the index was never built');
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The index answers the same, and typos too.
    assert.deepEqual(keys('karabakh2022'), ['karabakh2022']);
    assert.deepEqual(keys('Armen'), ['karabakh2022']);
    assert.deepEqual(keys('Karabahk')[0], 'karabakh2022');
  });

  test('a bibliography kept with its search text (a restart from the cache) is searched as one lower-cased on the spot: the same candidates in the same order', () => {
    // Deterministic entries past BACKGROUND_INDEX_AT, so that the searches scan: names beyond ASCII
    // (Turkish İ lower-cases to two characters), a key in two bibliographies, a key a source has.
    let seed = 7;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const pick = <T>(list: readonly T[]): T => list[next(list.length)]!;
    const TITLE = ['Peace', 'treaty', 'Caucasus', 'rally', 'Ζωή', 'İstanbul', 'MÜLLER', 'corridor', 'state', 'of', 'the', 'union'];
    const FAMILY = ['Müller', 'İnce', 'Smith', 'de Waal', 'Nersisyan', 'ÖZ'];
    const entry = (key: string): BibEntry => ({
      key, type: 'article', title: Array.from({ length: 1 + next(5) }, () => pick(TITLE)).join(' '),
      authors: Array.from({ length: next(3) }, () => ({ family: pick(FAMILY), given: pick(['Jörg', 'Ann', '']), literal: next(9) === 0 ? 'World Health Organization' : '' })),
      issued: String(1990 + next(30)), container: pick(['Caucasus Survey', 'Harbor Times', '']), pages: '', doi: '', url: '', attachments: [], line: 1,
    });
    const first = Array.from({ length: BACKGROUND_INDEX_AT }, (_, i) => entry(`${pick(['muller', 'smith', 'ince', 'oz'])}${1990 + (i % 30)}${i.toString(36)}`));
    const second = [entry(first[3]!.key), entry('karabakh2022'), ...Array.from({ length: 300 }, (_, i) => entry(`second${i}`))];
    const bibliography = (name: string, entries: BibEntry[], kept: BibEntry[] | undefined): Bibliography => ({
      uri: `file:///${name}.bib`, path: `${name}.bib`, format: 'bibtex', entries, problems: [], complete: true, noText: {},
      ...(kept ? { searchFields: { entries: kept, ...searchText(kept) } } : {}),
    });
    const make = (kept: boolean): SourceLibrary => {
      const library = libraryOf([[first[10]!.key, 'A source of its own', 'Jörg Müller', 'Harbor Times']]);
      library.catalogue.set(bibliography('first', first, kept ? first : undefined));
      library.catalogue.set(bibliography('second', second, kept ? second : undefined));
      return library;
    };
    const lowered = make(false);
    const keptText = make(true);
    // Search fields made for other entries (the full parse replaced the key pass's) are not read.
    const stale = libraryOf([[first[10]!.key, 'A source of its own', 'Jörg Müller', 'Harbor Times']]);
    stale.catalogue.set({ ...bibliography('first', first, undefined), searchFields: { entries: second, ...searchText(second) } });
    stale.catalogue.set(bibliography('second', second, second.map((e) => ({ ...e, title: 'Something else' }))));
    const typedList = ['müller', 'MÜL', 'i̇nce', 'İnce', 'jörg', 'smith 1995', 'peace treaty', 'ζωή', 'of', 'the union', 'karabakh2022', first[3]!.key, first[10]!.key, 'caucasus', 'world health', 'oz199', 'de waal', 'xyzzy'];
    for (const typed of typedList) {
      const expected = candidateSources(lowered, typed).map((c) => c.key);
      assert.deepEqual(candidateSources(keptText, typed).map((c) => c.key), expected, typed);
      assert.deepEqual(candidateSources(stale, typed).map((c) => c.key), expected, `${typed} (stale search fields)`);
      assert.deepEqual(searchSources(keptText, typed, 100).map((c) => c.key), searchSources(lowered, typed, 100).map((c) => c.key), typed);
    }
    assert.equal(metadataIndexReady(keptText), false, 'the searches scanned');
    assert.ok(candidateSources(lowered, 'müller').length === MAX_FUSE_CANDIDATES, 'a word many entries share');
  });
});
