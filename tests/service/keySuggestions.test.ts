import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { boundedEditDistance, closestKeys, editDistance } from '../../server/src/service/keySuggestions';

/** Levenshtein by the book: the whole table. */
function levenshtein(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return table[a.length]![b.length]!;
}

test('the bounded edit distance is exact up to its bound and past it otherwise', () => {
  const key = fc.stringMatching(/^[a-c0-2-]{0,24}$/);
  fc.assert(
    fc.property(key, key, fc.nat(12), (a, b, bound) => {
      const exact = levenshtein(a, b);
      const bounded = boundedEditDistance(a, b, bound);
      if (exact <= bound) assert.equal(bounded, exact);
      else assert.ok(bounded > bound, `${a} ${b} bound ${bound}: ${bounded}`);
      assert.equal(editDistance(a, b), exact);
    }),
    { numRuns: 2_000 },
  );
  // Keys longer than the reused rows.
  assert.equal(editDistance('a'.repeat(200), 'b'.repeat(150)), 200);
});

test('suggested keys: the near ones by distance, and keys the typed one starts, nothing far off', () => {
  const library = new SourceLibrary();
  for (const key of ['lincoln1861', 'lincoln1862', 'lincoln1861-w2', 'wilson1913', 'washington1790', 'lincoln1861-11-w5']) {
    library.addText({ uri: `file:///s/${key}.md`, path: `${key}.md`, text: `---\nid: ${key}\n---\n\nWords of ${key} for the record.\n` });
  }
  assert.deepEqual(closestKeys(library, 'lincon1861', 3), ['lincoln1861', 'lincoln1862', 'lincoln1861-w2']);
  assert.deepEqual(closestKeys(library, 'lincoln1861', 5), ['lincoln1861', 'lincoln1862', 'lincoln1861-w2', 'lincoln1861-11-w5']);
  assert.deepEqual(closestKeys(library, 'zzzz', 3), []);
});
