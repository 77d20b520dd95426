import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { alignQuote, type AlignElement } from '../../server/src/core/match/alignment';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import type { CandidatePassage, PassageStore } from '../../server/src/core/match/passageStore';
import { DEFAULT_MATCHER_OPTIONS, QuoteMatcher, type QuoteVerdict } from '../../server/src/core/match/quoteMatcher';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';

fc.configureGlobal({ seed: Number(process.env['FUZZ_SEED'] ?? 20261201), numRuns: Number(process.env['FUZZ_RUNS'] ?? 300) });

/**
 * A deterministic library like the benchmark's, small: articles drawn from a skewed vocabulary (so
 * some bigrams are very common) and near-copies of each with a word or two changed, as syndication
 * makes them.
 */
function nearCopyLibrary(): { library: SourceLibrary; texts: string[][] } {
  let seed = 7;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const common = ['the', 'of', 'and', 'to', 'our', 'in', 'a', 'that', 'is', 'it'];
  const rare = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
  const word = (): string => (random() < 0.45 ? common[Math.floor(random() * common.length)]! : rare[Math.floor(random() * rare.length)]!);
  const library = new SourceLibrary();
  const texts: string[][] = [];
  for (let a = 0; a < 12; a++) {
    const words = Array.from({ length: 120 + Math.floor(random() * 120) }, word);
    if (a % 4 === 0) words.splice(30, 0, 'not', 'nothing', '2,000'); // words a bracket may not hide
    for (let copy = 0; copy < 3; copy++) {
      const text = copy === 0 ? [...words] : words.map((w) => (random() < 0.02 ? word() : w));
      texts.push(text);
      library.addText({ uri: `file:///lib/a${a}c${copy}.txt`, path: `lib/a${a}c${copy}.txt`, text: `${text.join(' ')}.` });
    }
  }
  return { library, texts };
}

const { library, texts } = nearCopyLibrary();

/** What a verdict says, down to the passage: the fast path must say exactly this. */
function summary(verdict: QuoteVerdict): string {
  const match = 'match' in verdict ? verdict.match : verdict.nearest;
  if (match === undefined) return verdict.kind;
  const a = match.alignment;
  return `${verdict.kind} ${match.entry.source.key} [${a.sourceStart},${a.sourceEnd}) cost ${a.cost} matched ${a.matched} exact ${match.exact} close ${match.close}`;
}

type Edit = 'none' | 'change' | 'drop' | 'insert-not' | 'ellipsis' | 'bracket' | 'invent';

const quoteArbitrary = fc.record({
  from: fc.nat(texts.length - 1),
  start: fc.nat(200),
  length: fc.integer({ min: 2, max: 30 }),
  edit: fc.constantFrom<Edit>('none', 'change', 'drop', 'insert-not', 'ellipsis', 'bracket', 'invent'),
  at: fc.nat(40),
  cite: fc.constantFrom('own', 'own', 'own', 'other', 'both', 'none'),
  other: fc.nat(texts.length - 1),
});

function quoteText(q: { from: number; start: number; length: number; edit: Edit; at: number }): string {
  const source = texts[q.from]!;
  const start = Math.min(q.start, Math.max(0, source.length - q.length));
  const words = source.slice(start, start + q.length);
  const at = q.at % words.length;
  switch (q.edit) {
    case 'change':
      words[at] = words[at] === 'the' ? 'a' : 'the';
      break;
    case 'drop':
      if (words.length > 2) words.splice(at, 1);
      break;
    case 'insert-not':
      words.splice(at, 0, 'not');
      break;
    case 'ellipsis':
      if (words.length > 4) words.splice(at, Math.min(2, words.length - at - 1), '...');
      break;
    case 'bracket':
      words.splice(at, 1, '[he]');
      break;
    case 'invent':
      words.splice(at, 0, 'zebra', 'quantum');
      break;
  }
  return words.join(' ');
}

describe('the quote matcher', () => {
  test('its staged check gives the thorough path\'s verdict and passage on every quote', () => {
    const fast = new QuoteMatcher(library);
    const thorough = new QuoteMatcher(library);
    const entries = library.sources();
    fc.assert(
      fc.property(quoteArbitrary, (q) => {
        const text = quoteText(q);
        const pattern = parseQuotePattern(text, 0, text.length);
        const own = entries.find((e) => e.source.path === `lib/a${Math.floor(q.from / 3)}c${q.from % 3}.txt`)!;
        const other = entries[q.other]!;
        const cited = { own: [own], other: [other], both: [other, own], none: undefined }[q.cite];
        assert.equal(summary(fast.check(pattern, cited)), summary(thorough.checkThorough(pattern, cited)), text);
      }),
    );
    // It does less: the staged path aligns fewer cells over the same quotes.
    assert.ok(fast.work.cells < thorough.work.cells, `${fast.work.cells} cells against ${thorough.work.cells}`);
  });

  test('with another store proposing passages, the staged check still gives the thorough verdict', () => {
    // An "archive" holding detached copies of two articles, proposing a window of each for every quote.
    const archived = [1, 7].map((k) => library.detached({ uri: `archive:///a${k}`, path: `archive/a${k}.txt`, text: `${texts[k]!.join(' ')}.`, key: `archived${k}` }));
    const store: PassageStore = {
      version: 1,
      reuseVersion: 1,
      candidates: (): CandidatePassage[] => archived.map((entry) => ({ entry, from: 20, to: entry.words.ids.length })),
      reuseCandidates: () => [],
      entry: (key) => archived.find((e) => e.source.key === key),
      answered: () => true,
    };
    const fast = new QuoteMatcher(library, DEFAULT_MATCHER_OPTIONS, [store]);
    const thorough = new QuoteMatcher(library, DEFAULT_MATCHER_OPTIONS, [store]);
    const entries = library.sources();
    fc.assert(
      fc.property(quoteArbitrary, fc.boolean(), (q, citeArchive) => {
        const text = quoteText(q);
        const pattern = parseQuotePattern(text, 0, text.length);
        const cited = citeArchive ? [archived[q.other % 2]!] : [entries[q.other]!];
        assert.equal(summary(fast.check(pattern, cited)), summary(thorough.checkThorough(pattern, cited)), text);
      }),
    );
  });

  test('a cited passage holding 90 % of the words decides a misquote without searching the library', () => {
    const matcher = new QuoteMatcher(library);
    const source = texts[0]!;
    const words = source.slice(10, 30);
    words[5] = words[5] === 'the' ? 'a' : 'the';
    const text = words.join(' ');
    const verdict = matcher.check(parseQuotePattern(text, 0, text.length), [library.sources()[0]!]);
    assert.equal(verdict.kind, 'misquote');
    assert.equal(matcher.work.postings, 0, 'no posting visited');
  });

  test('a quote mostly of words no source has is found nowhere without searching the library', () => {
    const matcher = new QuoteMatcher(library);
    // Common bigrams of every article, and words none has: no passage can match most of the quote.
    const text = 'of the zebra quantum walrus narwhal and the';
    assert.ok(library.index.postingCount(library.vocabulary.find('of')!, library.vocabulary.find('the')!) > 0);
    const verdict = matcher.check(parseQuotePattern(text, 0, text.length), [library.sources()[0]!]);
    assert.equal(verdict.kind, 'not-found');
    assert.equal(verdict.kind === 'not-found' && verdict.nearest?.entry.source.path, library.sources()[0]!.source.path);
    assert.equal(matcher.work.postings, 0, 'no posting visited');
    // The same words without the invented ones are searched for.
    const known = 'of the and the';
    matcher.check(parseQuotePattern(known, 0, known.length), [library.sources()[0]!]);
    assert.ok(matcher.work.postings > 0);
  });

  test('common bigrams are visited only within the posting budget', () => {
    // Thousands of "of our" and "our land" around a rare passage: the quote is located through its
    // rare bigram, not by visiting every common one.
    const big = new SourceLibrary();
    const filler = Array.from({ length: 3000 }, () => 'of our land').join(' ');
    for (let i = 0; i < 4; i++) big.addText({ uri: `file:///f${i}.txt`, path: `f${i}.txt`, text: `${filler} rare${i} words of our land here.` });
    big.addText({ uri: 'file:///cited.txt', path: 'cited.txt', text: 'Something else entirely is written in this one.' });
    const budget = 500;
    const matcher = new QuoteMatcher(big, { closeShare: 0.6, informativeShare: 0.6, unattributedShare: 0.8, maxPostings: 50_000, postingBudget: budget, maxCandidates: 8, maxScanWords: 60_000, ignoreFillers: true });
    const text = 'rare2 words of our land';
    const rarest = big.index.postingCount(big.vocabulary.find('rare2')!, big.vocabulary.find('words')!);
    const verdict = matcher.check(parseQuotePattern(text, 0, text.length), [big.get('cited')!]);
    assert.equal(verdict.kind, 'wrong-source');
    assert.equal(verdict.kind === 'wrong-source' && verdict.match.entry.source.key, 'f2');
    assert.ok(big.index.postingCount(big.vocabulary.find('of')!, big.vocabulary.find('our')!) > 10_000);
    assert.ok(matcher.work.postings <= rarest + budget, `${matcher.work.postings} postings visited`);
  });

  test('a check visiting tens of thousands of postings leaves the next checks as a fresh matcher makes them', () => {
    const big = new SourceLibrary();
    // "of our" 24,000 times in each of three sources: over 65,536 hits, more than the matcher keeps room for.
    const filler = Array.from({ length: 24_000 }, () => 'of our').join(' ');
    for (let i = 0; i < 3; i++) big.addText({ uri: `file:///f${i}.txt`, path: `f${i}.txt`, text: `${filler} rare${i} words of our land here.` });
    big.addText({ uri: 'file:///cited.txt', path: 'cited.txt', text: 'Something else entirely is written in this one.' });
    const options = { ...DEFAULT_MATCHER_OPTIONS, maxPostings: 200_000 };
    const cited = [big.get('cited')!];
    const quotes = ['rare1 words of our land', 'words of our land here', 'of our of our'];
    const used = new QuoteMatcher(big, options);
    const before = quotes.map((text) => summary(used.check(parseQuotePattern(text, 0, text.length), cited)));
    const postings = used.work.postings;
    used.check(parseQuotePattern('of our', 0, 6), cited);
    assert.ok(used.work.postings - postings > 70_000, `${used.work.postings - postings} postings`);
    const fresh = new QuoteMatcher(big, options);
    for (const [k, text] of quotes.entries()) {
      const pattern = parseQuotePattern(text, 0, text.length);
      assert.equal(summary(used.check(pattern, cited)), before[k], text);
      assert.equal(summary(fresh.check(pattern, cited)), before[k], text);
    }
    assert.equal(before[0], 'wrong-source f1 [48000,48005) cost 0 matched 5 exact true close true');
  });

  test('a quote of 50,000 words against a short stretch aligns with a plausible cost', () => {
    const m = 50_000;
    const quote: AlignElement[] = Array.from({ length: m }, (_, i) => ({ kind: 'word', id: i % 10 }));
    const source = Uint32Array.from({ length: 40 }, (_, i) => i % 10);
    const alignment = alignQuote(quote, source, 0, source.length, () => false);
    assert.ok(alignment !== undefined);
    assert.ok(alignment.cost >= m - source.length && alignment.cost <= m, `cost ${alignment.cost}`);
    assert.ok(alignment.matched > 0 && alignment.matched <= source.length, `matched ${alignment.matched}`);
  });

  test('alignment tables reused from a larger alignment give the same result as fresh ones', () => {
    const words = (ids: number[]): AlignElement[] => ids.map((id) => ({ kind: 'word', id }));
    const source = Uint32Array.from({ length: 400 }, (_, i) => (i * 7) % 23);
    const never = (): boolean => false;
    const small = (): ReturnType<typeof alignQuote> => alignQuote(words([3, 10, 17, 99, 1]), source, 50, 90, never);
    const first = small();
    alignQuote([...words([5, 12, 19]), { kind: 'gap' }, ...words([2, 9]), { kind: 'bracket', ids: [4] }], source, 0, 400, never);
    assert.deepEqual(small(), first);
    const anchoredAfter = alignQuote(words(Array.from({ length: 250 }, (_, i) => (i * 7) % 23)), source, 0, 400, never);
    assert.equal(anchoredAfter?.cost, 0);
    assert.deepEqual(small(), first);
  });
});
