import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher } from '../../server/src/core/match/quoteMatcher';
import { QUOTE_STYLES } from '../../server/src/core/text/quoteStyles';
import { isCharacterWord, tokenize } from '../../server/src/core/text/tokenizer';
import { worldLibrary } from '../helpers';

fc.configureGlobal({ seed: Number(process.env['FUZZ_SEED'] ?? 20261201), numRuns: Number(process.env['FUZZ_RUNS'] ?? 300) });

const library = worldLibrary();
const matcher = new QuoteMatcher(library);
const sources = library.sources();
const outerPairs = QUOTE_STYLES.flatMap((style) => style.outer);
// Quote marks of the source itself would end the writer's quote early: spans holding one are skipped.
const MARKS = /["“”«»„‚‹›「」『』]|(?<![\p{L}\p{N}])['‘’]|['‘’](?![\p{L}\p{N}])/u;

/** A span of 6 to 20 words of a source, in one paragraph, holding no quote mark. */
const span = fc
  .record({ doc: fc.nat(sources.length - 1), at: fc.nat(10_000), length: fc.integer({ min: 6, max: 20 }), pair: fc.nat(outerPairs.length - 1), change: fc.nat(19) })
  .map(({ doc, at, length, pair, change }) => {
    const entry = sources[doc]!;
    const tokens = tokenize(entry.source.text, entry.source.bodyStart);
    const first = at % Math.max(1, tokens.length - length);
    const words = tokens.slice(first, first + length);
    const text = entry.source.text.slice(words[0]!.start, words[words.length - 1]!.end);
    return { key: entry.source.key, text, words: words.map((w) => ({ start: w.start - words[0]!.start, end: w.end - words[0]!.start, norm: w.norm })), pair: outerPairs[pair]!, change: change % words.length };
  })
  .filter((s) => !MARKS.test(s.text) && !/\n\s*\n/.test(s.text));

/** The verdict of the only quotation of `draft`. */
function verdictOf(draft: string): string {
  const analysis = analyzeDraft(draft);
  assert.equal(analysis.quotations.length, 1, `one quotation in ${JSON.stringify(draft)}`);
  const q = analysis.quotations[0]!;
  const cited = q.citation!.citations.map((c) => library.get(c.key)!);
  return matcher.check(parseQuotePattern(draft, q.textStart, q.textEnd, q.excluded), cited).kind;
}

describe('quotes of every language in every style', () => {
  test('a verbatim span of any source, in any style’s marks, is found and verbatim', () => {
    fc.assert(
      fc.property(span, (s) => {
        assert.equal(verdictOf(`Text ${s.pair.open}${s.text}${s.pair.close} [@${s.key}].\n`), 'verbatim');
      }),
    );
  });

  test('the same span with one word changed is a misquote', () => {
    fc.assert(
      fc.property(span, (s) => {
        const word = s.words[s.change]!;
        const other = isCharacterWord(word.norm) ? '鑫' : 'xyzzy';
        const changed = s.text.slice(0, word.start) + other + s.text.slice(word.end);
        assert.equal(verdictOf(`Text ${s.pair.open}${changed}${s.pair.close} [@${s.key}].\n`), 'misquote');
      }),
    );
  });
});
