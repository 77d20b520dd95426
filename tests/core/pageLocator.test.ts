import assert from 'node:assert/strict';
import { test } from 'node:test';
import { citesPage, formatPages, pageNumber, parsePageLocator, rewriteLocator } from '../../server/src/core/match/pageLocator';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';

const cites = (locator: string, label: string): boolean => citesPage(parsePageLocator(locator)!, label);

test('page terms and Pandoc\'s default: p., pp., page, pages, a bare number', () => {
  for (const locator of ['p. 12', 'p.12', 'p 12', 'page 12', 'P. 12', '12']) assert.ok(cites(locator, '12'), locator);
  assert.ok(!cites('p. 12', '13'));
  for (const [locator, inside, outside] of [
    ['pp. 12–13', '13', '14'],
    ['pp. 12-13', '12', '11'],
    ['pages 12--14', '14', '15'],
    ['12—13', '13', '11'],
    ['pp. 123–27', '125', '128'],
    ['p. 12f', '13', '14'],
    ['pp. 3, 5', '5', '4'],
    ['pp. 3 & 7', '7', '6'],
    ['p. 12ff', '40', '11'],
  ] as const) {
    assert.ok(cites(locator, inside), `${locator} cites ${inside}`);
    assert.ok(!cites(locator, outside), `${locator} does not cite ${outside}`);
  }
});

test('roman folios are their own numbering', () => {
  assert.ok(cites('p. xii', 'xii'));
  assert.ok(cites('pp. x–xii', 'xi'));
  assert.ok(!cites('p. 12', 'xii'));
  assert.ok(!cites('pp. x–xii', '11'));
  assert.equal(pageNumber('xiv'), 14);
  assert.equal(pageNumber('A-3'), undefined);
  assert.equal(parsePageLocator('p. A-3'), undefined, 'an unusual label is not guessed at, so never a false warning');
});

test('other locator terms and free text name no page', () => {
  for (const locator of ['chap. 2', 'ch. 2', 'sec. 4', 'para. 3', '§ 4', 'emphasis added', '', 'vol. 2, p. 5 ']) {
    assert.equal(parsePageLocator(locator), undefined, locator);
  }
});

test('Pandoc\'s braced locators are read inside their braces', () => {
  assert.ok(cites('{pp. iv, vi}', 'vi'));
  assert.ok(!cites('{pp. iv, vi}', 'v'));
  const locator = parsePageLocator('{p. 12}, note')!;
  assert.deepEqual([locator.start, locator.end], [1, 6]);
  assert.equal(parsePageLocator('{chap. 3}'), undefined);
});

test('the page part is found within a locator that goes on ("p. 12, emphasis added")', () => {
  const locator = parsePageLocator('p. 12, emphasis added')!;
  assert.deepEqual([locator.start, locator.end, locator.term], [0, 5, 'p.']);
  assert.deepEqual(parsePageLocator('pp. 12–13 and passim')!.end, 9);
});

test('a rewritten locator keeps the writer\'s style', () => {
  const rewrite = (locator: string, labels: string[]): string => rewriteLocator(parsePageLocator(locator)!, labels);
  assert.equal(rewrite('p. 12', ['14']), 'p. 14');
  assert.equal(rewrite('p. 12', ['13', '14']), 'pp. 13–14');
  assert.equal(rewrite('pp. 2–3', ['7']), 'p. 7');
  assert.equal(rewrite('page 12', ['14']), 'page 14');
  assert.equal(rewrite('page 12', ['14', '15']), 'pages 14–15');
  assert.equal(rewrite('12', ['14']), '14');
  assert.equal(rewrite('p 12', ['14']), 'p 14');
  assert.equal(formatPages(['ix', 'x']), 'pp. ix–x');
  assert.equal(formatPages(['3', '5']), 'pp. 3, 5');
});

test('citations keep where their locator starts in the draft', () => {
  const text = 'He said "the port would reopen to boats" [see @report,  p. 12; @other] and @third [pp. 4–5] too.';
  const groups = analyzeDraft(text).citations;
  const located = groups.flatMap((g) => g.citations).map((c) => [c.key, c.locator, text.slice(c.locatorStart, c.locatorStart + c.locator.length)]);
  assert.deepEqual(located, [
    ['report', 'p. 12', 'p. 12'],
    ['other', '', ''],
    ['third', 'pp. 4–5', 'pp. 4–5'],
  ]);
});
