import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PassageIndex, Vocabulary } from '../../server/src/core/passageIndex';

function postings(index: PassageIndex, a: number, b: number): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  index.forEachPosting(a, b, (doc, pos) => {
    found.push([doc, pos]);
  });
  return found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

for (const base of [0, 70_000]) {
  test(`bigram postings find every occurrence in every document (ids from ${base})`, () => {
    const index = new PassageIndex();
    index.add(1, Uint32Array.from([1, 2, 3, 1, 2].map((id) => base + id)));
    index.add(2, Uint32Array.from([2, 1, 2].map((id) => base + id)));
    assert.deepEqual(postings(index, base + 1, base + 2), [[1, 0], [1, 3], [2, 1]]);
    assert.deepEqual(postings(index, base + 2, base + 3), [[1, 1]]);
    assert.deepEqual(postings(index, base + 3, base + 2), []);
    assert.equal(index.postingCount(base + 1, base + 2), 3);
  });
}

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

test('documents left out of restored segments, or removed after, yield no postings; the others are found across many documents', () => {
  const built = new PassageIndex();
  // Many documents, so a posting's document is found by galloping far from the last one.
  for (let doc = 1; doc <= 300; doc++) built.add(doc, Uint32Array.from(doc % 100 === 0 ? [5, 6, 5, 6] : [doc + 10, doc + 11]));
  const segments = built.exportSegments();
  const restored = new PassageIndex();
  const docs = new Map<number, Uint32Array>();
  for (let doc = 1; doc <= 300; doc++) if (doc !== 200) docs.set(doc, Uint32Array.from(doc % 100 === 0 ? [5, 6, 5, 6] : [doc + 10, doc + 11]));
  restored.importSegments(segments, docs);
  assert.deepEqual(postings(restored, 5, 6), [[100, 0], [100, 2], [300, 0], [300, 2]], 'document 200 was left out');
  restored.remove(300);
  assert.deepEqual(postings(restored, 5, 6), [[100, 0], [100, 2]]);
  assert.deepEqual(postings(restored, 260, 261), [[250, 0]]);
  restored.add(301, Uint32Array.from([5, 6]));
  for (let doc = 302; doc <= 2000; doc++) restored.add(doc, Uint32Array.from([1, 2]));
  assert.deepEqual(postings(restored, 5, 6), [[100, 0], [100, 2], [301, 0]], 'after merges too');
});

test('postings stay exact when the bigram table grows past its first size and is resized to its bigrams', () => {
  // 5,000 documents of pseudo-random ids: tens of thousands of distinct bigrams, each compared with a naive count.
  const index = new PassageIndex();
  const naive = new Map<string, Array<[number, number]>>();
  let seed = 7;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % 3000;
  for (let doc = 1; doc <= 5000; doc++) {
    const ids = Uint32Array.from({ length: 12 }, next);
    index.add(doc, ids);
    for (let p = 0; p + 1 < ids.length; p++) {
      const key = `${ids[p]} ${ids[p + 1]}`;
      if (!naive.has(key)) naive.set(key, []);
      naive.get(key)!.push([doc, p]);
    }
  }
  index.prepare();
  assert.ok(naive.size > 40_000);
  for (const [key, expected] of naive) {
    const [a, b] = key.split(' ').map(Number) as [number, number];
    assert.deepEqual(postings(index, a, b), expected, key);
  }
  assert.deepEqual(postings(index, 3001, 3002), []);
});

test('the vocabulary interns a plain word from the text as it interns the folded string', () => {
  const vocabulary = new Vocabulary();
  const text = 'The THE the Don’t don\'t DONʼT';
  const ids = [[0, 3], [4, 7], [8, 11], [12, 17], [18, 23], [24, 29]].map(([s, e]) => vocabulary.internPlain(text, s!, e!));
  assert.deepEqual(ids, [0, 0, 0, 1, 1, 1]);
  assert.equal(vocabulary.intern("don't"), 1);
  assert.equal(vocabulary.find('the'), 0);
  for (let k = 0; k < 5000; k++) vocabulary.intern(`w${k}`);
  assert.equal(vocabulary.internPlain('W4999', 0, 5), vocabulary.find('w4999'));
  assert.equal(vocabulary.word(vocabulary.find('w123')!), 'w123');
  assert.equal(vocabulary.size, 5002);
  assert.equal(vocabulary.find('missing'), undefined);
});
