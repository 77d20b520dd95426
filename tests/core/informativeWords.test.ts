import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MATCHER_OPTIONS, QuoteMatcher } from '../../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { RALLY, seedLibrary } from '../helpers';

const pattern = (text: string) => parseQuotePattern(text, 0, text.length);

test('words weigh by how rare they are in the library; a word no source has weighs most', () => {
  const library = seedLibrary();
  const weight = (word: string) => library.frequencies.weight(library.vocabulary.find(word) ?? -1);
  assert.ok(weight('the') < weight('artsakh') && weight('artsakh') < weight('blockade'));
  assert.ok(weight('blockade') < weight('xyzzy'));
});

test('a quote whose only matching words are function words is close to nothing', () => {
  const library = seedLibrary();
  const quote = pattern('the state of the art');
  // Four of its five words ("the", "of", "the" and "state") match a passage in order: enough by count.
  const byCount = new QuoteMatcher(library, { ...DEFAULT_MATCHER_OPTIONS, informativeShare: 0 });
  assert.equal(byCount.check(quote, [library.get(RALLY)!]).kind, 'misquote');
  // But they carry little of its information: not close, so not a misquote of anything.
  assert.equal(new QuoteMatcher(library).check(quote, [library.get(RALLY)!]).kind, 'not-found');
});

test('weights are kept as sources come and go', () => {
  const library = new SourceLibrary();
  library.addText({ uri: 'file:///a.txt', path: 'a.txt', text: 'alpha beta beta gamma' });
  const before = library.frequencies.weight(library.vocabulary.find('beta')!);
  library.addText({ uri: 'file:///b.txt', path: 'b.txt', text: 'beta beta beta beta delta' });
  assert.ok(library.frequencies.weight(library.vocabulary.find('beta')!) < before);
  library.remove('file:///b.txt');
  assert.equal(library.frequencies.weight(library.vocabulary.find('beta')!), before);
});

test('of passages as close by count, the one matching the informative words is shown', () => {
  const library = new SourceLibrary();
  const filler = Array.from({ length: 200 }, (_, i) => `the word${i} of the day`).join(' ');
  // Both passages match three of the quote's four words with one change; "a" matches "the",
  // "b" matches "Artsakh". By path alone "a" would come first.
  library.addText({ uri: 'file:///a.txt', path: 'a.txt', text: `${filler} They spoke of the rights of the city.` });
  library.addText({ uri: 'file:///b.txt', path: 'b.txt', text: `${filler} They spoke of our rights of Artsakh today.` });
  const verdict = new QuoteMatcher(library).check(pattern('the rights of Artsakh'), [library.get('a')!, library.get('b')!]);
  assert.equal(verdict.kind, 'misquote');
  assert.equal(verdict.kind === 'misquote' && verdict.match.entry.source.key, 'b');
});
