import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher } from '../../server/src/core/match/quoteMatcher';
import { foldWord, forEachFoldedWord, forEachWordSpan, plainWordHash, tokenize } from '../../server/src/core/text/tokenizer';
import { SourceLibrary, wordEndAt } from '../../server/src/core/library/sourceLibrary';
import { createLanguageService } from '../../server/src/service/languageService';
import { MAX_CHECKED_CHARS } from '../../server/src/service/documentModel';
import { seedLibrary, RALLY, APPEAL } from '../helpers';

// Deterministic by default (reproducible in CI); FUZZ_SEED and FUZZ_RUNS explore further.
fc.configureGlobal({
  seed: Number(process.env['FUZZ_SEED'] ?? 20261123),
  numRuns: Number(process.env['FUZZ_RUNS'] ?? 150),
  interruptAfterTimeLimit: 20_000,
});

const library = seedLibrary();
const service = createLanguageService({ library });

/** Characters that stress Markdown, quotes, citations and Unicode handling. */
const PIECES = [
  '"', '“', '”', "'", '’', '[', ']', '(', ')', '{', '}', '@', '-@', '\\', '`', '```\n', '~~~\n', '*', '_', '<!--', '-->',
  '<div>', '</div>', '> ', '\n', '\n\n', '\r\n', '  \n', '    ', '\t', '...', '…', '[...]', '[sic]', '#', '- ', '1. ', '|',
  '---\n', '$', '$$', ':', ';', ',', '.', 'p. 4', '@key', '@' + RALLY, '[@' + APPEAL + ']', 'e@mail.com', 'http://x.org',
  'the', 'people', 'of', 'Artsakh', 'peace', 'not', '2,000', 'a\u0301', 'é', '\u200b', '\u200d', '\u00ad', '\ufeff', 'ש',
  'مرحبا', '\u202e', '😀', '\ud800', '\udc00', 'ﬁ', 'Ａ', ' ',
  '«', '»', '„', '‚', '‹', '›', '「', '」', '『', '』', '\u00a0', '\u202f', 'l’', '’90s', "'n'", 'dogs’ ', '政府', '2 000',
];

const markdownish = fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6, unit: 'binary' })), { maxLength: 120 }).map((parts) => parts.join(''));

function assertInside(length: number, start: number, end: number, what: string): void {
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= length, `${what} [${start}, ${end}) outside [0, ${length}]`);
}

describe('properties of the draft scanner', () => {
  test('any text: no exception, every citation and quote lies inside the document', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const analysis = analyzeDraft(text);
        for (const block of analysis.structure.blocks) {
          assertInside(text.length, block.start, block.end, 'block');
          assert.equal(block.masked.length, block.end - block.start);
        }
        for (const group of analysis.citations) {
          assertInside(text.length, group.start, group.end, 'citation group');
          for (const c of group.citations) {
            assertInside(text.length, c.keyStart, c.keyEnd, 'key');
            assert.ok(c.keyStart >= group.start && c.keyEnd <= group.end, 'key inside its group');
          }
        }
        for (const q of analysis.quotations) {
          assertInside(text.length, q.start, q.end, 'quotation');
          assert.ok(q.textStart >= q.start && q.textEnd <= q.end && q.textStart <= q.textEnd);
        }
      }),
    );
  });

  test('any text: diagnostics never throw and their ranges are valid positions', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const document = TextDocument.create('file:///fuzz.md', 'markdown', 1, text);
        for (const d of service.computeDiagnostics(document) ?? []) {
          assertInside(text.length, document.offsetAt(d.range.start), document.offsetAt(d.range.end), `diagnostic ${String(d.code)}`);
          assert.equal(d.source, 'verbatim');
        }
        const middle = document.positionAt(Math.floor(text.length / 2));
        service.getCompletionItems(document, middle);
        service.getHover(document, middle);
        service.getDefinition(document, middle);
        service.getCodeActions(document, { start: middle, end: middle }, []);
      }),
    );
  });
});

describe('properties of the tokenizer and quote patterns', () => {
  test('tokens are ordered, disjoint, inside the text, and fold to their own text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        let last = 0;
        for (const token of tokenize(text)) {
          assert.ok(token.start >= last && token.end > token.start && token.end <= text.length);
          assert.equal(foldWord(text.slice(token.start, token.end)), token.norm);
          last = token.end;
        }
      }),
    );
  });

  test('the indexing fast path reads exactly the words and folds the tokenizer does', () => {
    const alphabet = fc.constantFrom(
      'a', 'Z', 'q', '0', '7', ' ', "'", '’', 'ʼ', ',', '.', '-', '\n', 'é', 'ß', 'İ', 'ﬁ', 'Ａ', '\u0301', '\u00ad', '\u200d',
      'Ж', 'ש', '٣', '²', '½', '😀', '\ud800', '“', '…', '2,000', '1.5', "don't", 'l’été', 'x.5', '5.x',
      '2 000', '2\u202f000', '2\u00a0000', "2'000", '2’000', '2.000', '1 2', '政', '府', 'の', 'カ', 'ー', '\u3099', 'ไม่', 'รัฐบาล', 'ລາວ', 'ខ្មែរ', 'မြန်',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join('')), fc.nat(5), (text, skip) => {
        const from = Math.min(skip, text.length);
        const fast: Array<[number, string]> = [];
        forEachFoldedWord(text, from, text.length, (start, norm) => fast.push([start, norm]));
        assert.deepEqual(fast, tokenize(text, from).map((t) => [t.start, t.norm]));
        // The hash of a plain word, computed while it is read, is the one the vocabulary computes
        // (else a word met again would get a second id); a library's word ids are the vocabulary's.
        forEachWordSpan(text, from, text.length, (start, end, hash) => assert.equal(hash, plainWordHash(text, start, end)), () => {});
        const library = new SourceLibrary();
        const entry = library.addText({ uri: 'file:///a.txt', path: 'a.txt', text: `${text} ${text.toUpperCase()}` });
        const words = tokenize(entry.source.text, entry.source.bodyStart);
        assert.deepEqual([...entry.words.ids], words.map((t) => library.vocabulary.find(t.norm)));
        assert.deepEqual([...entry.words.starts], words.map((t) => t.start));
      }),
      { numRuns: 2000 },
    );
  });

  test('quote patterns: never throw, elements in order and inside the quote', () => {
    fc.assert(
      fc.property(markdownish, (text) => {
        const pattern = parseQuotePattern(text, 0, text.length);
        let last = 0;
        for (const element of pattern.elements) {
          assertInside(text.length, element.start, element.end, element.kind);
          assert.ok(element.start >= last, 'in order');
          last = element.end;
        }
      }),
    );
  });
});

/** A long synthetic source made of seed sentences with numbers, so quotes can be cut anywhere. */
const seedWords = library.sources().flatMap((entry) => entry.source.text.slice(entry.source.bodyStart).split(/\s+/)).filter((w) => w !== '');

describe('verbatim quotes cut from a source are always found', () => {
  const matcher = new QuoteMatcher(library);
  const sources = library.sources();

  test('any span of 4 to 80 words of a seed, with or without an omission', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 4, max: 80 }),
        fc.option(fc.integer({ min: 1, max: 30 })),
        fc.constantFrom('...', '…', '[…]', ' [...] '),
        (which, startSeed, length, omit, ellipsis) => {
          const entry = sources[which]!;
          const { starts } = entry.words;
          const ends = { at: (k: number) => wordEndAt(entry, k) };
          const first = startSeed % Math.max(1, starts.length - length);
          const last = Math.min(starts.length - 1, first + length - 1);
          const text = entry.source.text;
          let quote = text.slice(starts[first]!, ends.at(last));
          if (omit !== null && last - first > omit + 4) {
            const cutFrom = first + 2;
            const cutTo = cutFrom + omit;
            quote = `${text.slice(starts[first]!, ends.at(cutFrom - 1))}${ellipsis}${text.slice(starts[cutTo]!, ends.at(last))}`;
          }
          const verdict = matcher.check(parseQuotePattern(quote, 0, quote.length), [entry]);
          assert.equal(verdict.kind, 'verbatim', `quote: ${quote}`);
        },
      ),
    );
  });

  test('a 10,000-word quote cut from a large source', () => {
    const big = Array.from({ length: 30_000 }, (_, i) => seedWords[(i * 7919) % seedWords.length]!).join(' ');
    const local = seedLibrary({ 'big.txt': big });
    const entry = local.get('big')!;
    const quote = big.slice(entry.words.starts[12_345]!, wordEndAt(entry, 22_344));
    const localMatcher = new QuoteMatcher(local);
    const verdict = localMatcher.check(parseQuotePattern(quote, 0, quote.length), [entry]);
    assert.equal(verdict.kind, 'verbatim');
    const changed = quote.replace(/\bpeace\b/, 'war');
    assert.equal(localMatcher.check(parseQuotePattern(changed, 0, changed.length), [entry]).kind, 'misquote');
  });
});

describe('adversarial drafts', () => {
  const cases: Array<[string, string]> = [
    ['thousands of ellipses', `"${'the people … '.repeat(3000)}" [@${RALLY}]`],
    ['thousands of unbalanced quotes and brackets', '"[“(«'.repeat(5000) + ` [@${RALLY}`.repeat(500)],
    ['ten thousand citations in one paragraph', `[@${RALLY}] `.repeat(10_000)],
    ['a long run of unmatched dollar signs and braces', '$a {b \\c{ '.repeat(5000)],
    ['many block quotes', '> "quoted words here now"\n\n'.repeat(3000)],
    ['CRLF line breaks and right-to-left marks', `He said "The children living in\r\n\u202bArtsakh are in deprivation and suffering" [@${RALLY}]\r\n`.repeat(200)],
  ];
  for (const [name, text] of cases) {
    test(`${name}: checked without an exception, ranges inside`, () => {
      const document = TextDocument.create('file:///adversarial.md', 'markdown', 1, text);
      for (const d of service.computeDiagnostics(document) ?? []) {
        assertInside(text.length, document.offsetAt(d.range.start), document.offsetAt(d.range.end), String(d.code));
      }
    });
  }

  test('a 10 MB draft is checked up to the limit, without an exception', () => {
    const quoted = `He said "The children living in Artsakh are in deprivation and suffering" [@${RALLY}] and "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].\n\n`;
    const prose = 'Plain prose follows here, sentence after sentence, with no quotation in it at all. '.repeat(12) + '\n\n';
    const section = quoted + prose.repeat(10);
    const copies = Math.ceil((10 * 1024 * 1024) / section.length);
    const text = section.repeat(copies);
    assert.ok(text.length >= 10 * 1024 * 1024);
    const document = TextDocument.create('file:///huge.md', 'markdown', 1, text);
    const diagnostics = service.computeDiagnostics(document) ?? [];
    // A draft over the limit is checked up to a paragraph break before it: every quote there is.
    const checked = service.checkedChars(document);
    assert.ok(checked > 0 && checked <= MAX_CHECKED_CHARS);
    let within = 0;
    for (let at = 0; at + quoted.length <= checked; at += section.length) within++;
    assert.equal(diagnostics.length, within);
    assert.ok(diagnostics.every((d) => d.code === 'misquote'));
  });

  test('matching work grows linearly with the draft (no quadratic blow-up)', () => {
    const paragraph = `He said "The children living in Armenia are in deprivation and suffering" [@${RALLY}] and "It did not specify those mechanisms" [@${APPEAL}].\n\n`;
    const work = (copies: number): number => {
      const fresh = createLanguageService({ library });
      fresh.computeDiagnostics(TextDocument.create('file:///w.md', 'markdown', 1, paragraph.repeat(copies)));
      return fresh.work.cells + fresh.work.postings;
    };
    const small = work(50);
    const large = work(400);
    assert.ok(small > 0);
    assert.ok(large <= small * 8 * 1.1, `8× the draft cost ${(large / small).toFixed(1)}× the work`);
  });
});
