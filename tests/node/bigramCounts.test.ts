import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BigramCounts } from '../../server/src/archive/bigramCounts';

test('bigram counts: the same as counting in a Map, through growth, repeats, negative hashes and clearing', () => {
  const counts = new BigramCounts();
  const expected = new Map<number, number>();
  let seed = 7;
  const next = (): number => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) | 0);
  for (let p = 0; p < 3_000; p++) {
    // Paragraphs mixing common hashes (repeated across paragraphs) and rare ones, some negative, 0 among them.
    const hashes = Int32Array.from({ length: 1 + (Math.abs(next()) % 120) }, (_, i) => (i % 3 === 0 ? (Math.abs(next()) % 50) - 25 : next()));
    counts.addAll(hashes);
    for (const h of hashes) expected.set(h, (expected.get(h) ?? 0) + 1);
  }
  const seen = new Map<number, number>();
  counts.forEach((hash, n) => seen.set(hash, n));
  assert.equal(counts.size, expected.size);
  assert.deepEqual(seen, expected);
  counts.clear();
  assert.equal(counts.size, 0);
  counts.addAll([5, -5, 5]);
  const after: Array<[number, number]> = [];
  counts.forEach((hash, n) => after.push([hash, n]));
  assert.deepEqual(after.sort((a, b) => a[0] - b[0]), [[-5, 1], [5, 2]]);
});
