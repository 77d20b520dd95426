/**
 * Note marks (`core/text/noteMarks`): the raised numbers of footnotes, which readers write as
 * superscript digits, may be left out of a quote at no cost, as house styles ask; every other word
 * counts, and the staged check and the thorough path agree.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { QuoteMatcher, type QuoteVerdict } from '../../server/src/core/match/quoteMatcher';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { asNoteMark, noteMarkWords } from '../../server/src/core/text/noteMarks';

const library = new SourceLibrary();
library.addText({
  uri: 'file:///lib/report.txt',
  path: 'lib/report.txt',
  text: 'The engineers found cracks in the concrete of the northern pier.¹ If the northern pier fails, the harbour will close for the winter,²³ and the fleet will move to Portlow. The repairs were estimated ⁴ at four million pounds, or 10 m² of new quay a week.',
});
library.addText({
  uri: 'file:///lib/minutes.txt',
  path: 'lib/minutes.txt',
  text: 'At the meeting the mayor said that the fleet will move to Portlow if the harbour closes, and that the engineers were asked to report again in spring.',
});
const entry = (key: string) => library.sources().find((e) => e.source.key === key)!;

function verdict(text: string, cited: string[]): QuoteVerdict {
  const pattern = parseQuotePattern(text, 0, text.length);
  const fast = new QuoteMatcher(library).check(pattern, cited.map(entry));
  const thorough = new QuoteMatcher(library).checkThorough(pattern, cited.map(entry));
  const summary = (v: QuoteVerdict): string => `${v.kind} ${('match' in v ? v.match : v.nearest)?.entry.source.key} ${('match' in v ? v.match : v.nearest)?.alignment.cost}`;
  assert.equal(summary(fast), summary(thorough), text);
  return fast;
}

describe('note marks', () => {
  test('superscript digits standing alone are note marks; an exponent on its word is not', () => {
    assert.equal(asNoteMark('12'), '¹²');
    const report = entry('report');
    const marks = noteMarkWords(report.source.text, report.words.starts)!;
    const marked = [...marks.keys()].filter((k) => marks[k] === 1).map((k) => report.source.text.slice(report.words.starts[k]!, report.words.starts[k]! + 2).trim());
    assert.deepEqual(marked, ['¹', '²³', '⁴']);
    assert.equal(noteMarkWords(entry('minutes').source.text, entry('minutes').words.starts), undefined);
  });

  test('a quote may leave the marks out, or keep them in any digits', () => {
    for (const quote of [
      'cracks in the concrete of the northern pier. If the northern pier fails, the harbour will close for the winter, and the fleet will move to Portlow',
      'the harbour will close for the winter,23 and the fleet will move',
      'The repairs were estimated at four million pounds, or 10 m² of new quay a week',
      'pier.¹ If the northern pier fails',
    ]) {
      assert.equal(verdict(quote, ['report']).kind, 'verbatim', quote);
    }
  });

  test('every other word counts: a changed word beside a mark is a misquote, an exponent left out too', () => {
    const changed = verdict('If the northern pier fails, the harbour will close for the summer, and the fleet will move to Portlow', ['report']);
    assert.equal(changed.kind, 'misquote');
    assert.equal('match' in changed && changed.match.alignment.cost, 1);
    assert.equal(verdict('estimated at four million pounds, or 10 m of new quay a week', ['report']).kind, 'misquote');
  });

  test('a quote word for word but for a mark, cited to another source, is a wrong source', () => {
    assert.equal(verdict('the harbour will close for the winter, and the fleet will move to Portlow', ['minutes']).kind, 'wrong-source');
  });
});
