import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { QuoteBigram } from '../../server/src/archive/passageBigrams';
import { DEFAULT_MATCHER_OPTIONS } from '../../server/src/core/match/quoteMatcher';
import { lookupOf } from '../../server/src/archive/archiveClient';

const budget = DEFAULT_MATCHER_OPTIONS.postingBudget;
/** Bigrams 1…n of one part (or of the parts given), with these paragraph counts. */
function quote(counts: readonly number[], parts: readonly number[] = counts.map(() => 0)): { bigrams: QuoteBigram[]; counts: Map<number, number> } {
  return { bigrams: counts.map((_, i) => ({ hash: i + 1, part: parts[i]! })), counts: new Map(counts.map((n, i) => [i + 1, n])) };
}
const paragraphsRead = (filter: number[], counts: Map<number, number>): number => filter.reduce((sum, hash) => sum + counts.get(hash)!, 0);

test('a quote is read through its rarest bigrams while they fit the budget, and ranked by the rarest eight', () => {
  const q = quote([30_000, 12, 900, 2_500, 40, 7_000, 300, 1_100, 20_000, 60]);
  const lookup = lookupOf(q.bigrams, q.counts)!;
  assert.ok(Array.isArray(lookup.filter));
  const filter = lookup.filter as number[];
  assert.deepEqual([...filter].sort((a, b) => a - b), [2, 3, 5, 7, 8, 10]);
  assert.ok(paragraphsRead(filter, q.counts) <= budget);
  assert.equal(lookup.reads, paragraphsRead(filter, q.counts));
  // Ranked by the eight rarest, common ones left out.
  assert.deepEqual([...lookup.wanted].sort((a, b) => a - b), [2, 3, 4, 5, 6, 7, 8, 10]);
});

test('each part between ellipses is read through its own rarest bigram, whatever it costs', () => {
  const q = quote([10, 20, 3_900, 3_950], [0, 0, 1, 1]);
  const filter = lookupOf(q.bigrams, q.counts)!.filter as number[];
  assert.ok(filter.includes(1) && filter.includes(3));
  assert.ok(!filter.includes(4), 'the second bigram of part 1 does not fit the budget');
});

test('a quote of common words only is read through the paragraphs holding its two rarest bigrams together', () => {
  const q = quote([31_144, 8_206, 30_984, 8_560, 28_638]);
  const lookup = lookupOf(q.bigrams, q.counts)!;
  assert.equal(lookup.filter, '(2&4)');
  assert.deepEqual([...lookup.wanted].sort(), [1, 2, 3, 4, 5]);
  const parts = quote([9_000, 8_000, 12_000, 70_000], [0, 0, 1, 1]);
  assert.equal(lookupOf(parts.bigrams, parts.counts)!.filter, '(2&1)|(3)');
});

test('bigrams found nowhere, or too common to locate anything, are not looked up', () => {
  const q = quote([0, DEFAULT_MATCHER_OPTIONS.maxPostings + 1, 5]);
  const lookup = lookupOf(q.bigrams, q.counts)!;
  assert.deepEqual(lookup.filter, [3]);
  assert.deepEqual(lookup.wanted, [3]);
  assert.equal(lookupOf(quote([0, 0]).bigrams, quote([0, 0]).counts), undefined);
});
