import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PassageIndex } from '../../server/src/core/passageIndex';

function postings(index: PassageIndex, a: number, b: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  index.forEachPosting(a, b, (doc, pos) => {
    found.push([doc, pos]);
  });
  return found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

test('bigram postings find every occurrence in every document', () => {
  const index = new PassageIndex();
  index.add(1, Uint32Array.from([1, 2, 3, 1, 2]));
  index.add(2, Uint32Array.from([2, 1, 2]));
  assert.deepEqual(postings(index, 1, 2), [[1, 0], [1, 3], [2, 1]]);
  assert.deepEqual(postings(index, 2, 3), [[1, 1]]);
  assert.deepEqual(postings(index, 3, 2), []);
  assert.equal(index.postingCount(1, 2), 3);
});

test('documents are added and removed one at a time, across segment merges', () => {
  const index = new PassageIndex();
  for (let doc = 1; doc <= 50; doc++) {
    index.add(doc, Uint32Array.from([doc, 1000, doc + 1]));
    postings(index, 0, 0); // query between adds so segments are built and merged
  }
  index.remove(7);
  index.add(51, Uint32Array.from([7, 1000]));
  assert.deepEqual(postings(index, 7, 1000), [[51, 0]]);
  assert.deepEqual(postings(index, 1000, 8), [], 'the removed document is gone');
  assert.deepEqual(postings(index, 1000, 9), [[8, 1]]);
  assert.deepEqual(postings(index, 50, 1000), [[50, 0]]);
  assert.ok(!index.has(7) && index.has(51));
});
