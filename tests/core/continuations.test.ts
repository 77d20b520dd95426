import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { findContinuations, type Continuation } from '../../server/src/core/match/continuations';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';

fc.configureGlobal({ seed: Number(process.env['FUZZ_SEED'] ?? 20261201), numRuns: Number(process.env['FUZZ_RUNS'] ?? 200) });

/** Articles over a small vocabulary (so "of the" is everywhere), some removed and added again. */
function library(): { library: SourceLibrary; texts: string[][] } {
  let seed = 11;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const common = ['of', 'the', 'and', 'to', 'kin', 'kind', 'kinship', 'king', 'in'];
  const rare = Array.from({ length: 120 }, (_, i) => `r${i.toString(36)}q`);
  const lib = new SourceLibrary();
  const texts: string[][] = [];
  for (let a = 0; a < 40; a++) {
    const words = Array.from({ length: 80 + Math.floor(random() * 80) }, () => (random() < 0.6 ? common[Math.floor(random() * common.length)]! : rare[Math.floor(random() * rare.length)]!));
    texts.push(words);
    const sentences = words.map((w, i) => (i % 9 === 8 ? `${w}.` : w)).join(' ');
    lib.addText({ uri: `file:///c/${a}.txt`, path: `c/${a}.txt`, text: sentences });
    lib.index.prepare(); // segments of a few documents each, merged as they grow
    if (a % 7 === 3) lib.addText({ uri: `file:///c/${a - 2}.txt`, path: `c/${a - 2}.txt`, text: texts[a - 2]!.join(' ') });
  }
  return { library: lib, texts };
}

const { library: lib, texts } = library();
const shown = (found: readonly Continuation[]): string[] => found.map((c) => `${c.entry.source.key}@${c.start}: ${c.text}`);

describe('quote completion continuations', () => {
  test('walking a partly typed word\'s bigrams finds what walking the typed words\' rarest bigram finds', () => {
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(200), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 1, max: 8 }), (t, at, count, cut, limit) => {
        const words = texts[t]!;
        const start = at % Math.max(1, words.length - count - 1);
        const typed = words.slice(start, start + count);
        const partial = (words[start + count] ?? '').slice(0, cut);
        assert.deepEqual(shown(findContinuations(lib, typed, partial, limit)), shown(findContinuations(lib, typed, partial, limit, 'rarest-typed-bigram')));
      }),
    );
  });

  test('a partly typed rare word is found without walking every "of the"', () => {
    const big = new SourceLibrary();
    const filler = Array.from({ length: 2000 }, () => 'of the people').join(' ');
    big.addText({ uri: 'file:///f.txt', path: 'f.txt', text: `${filler}. A sense of the kinship of nations grows.` });
    const before = big.index.visited;
    const found = findContinuations(big, ['of', 'the'], 'kinsh', 5);
    assert.deepEqual(found.map((c) => c.text), ['kinship of nations grows.']);
    assert.ok(big.index.visited - before <= 2, `${big.index.visited - before} postings visited`);
    assert.ok(big.index.postingCount(big.vocabulary.find('of')!, big.vocabulary.find('the')!) > 2000);
  });
});
