import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprint, PassageIndex, Vocabulary } from '../../server/src/core/library/passageIndex';

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

/** The slot of `key` in a segment's table (or -1): the lookup every query makes. */
function slotIn(keys: Uint32Array, key: number): number {
  let s = Math.floor((homeOf(key) / 4294967296) * keys.length);
  for (;;) {
    if (keys[s] === key) return s;
    if (keys[s] === 0) return -1;
    s = s + 1 === keys.length ? 0 : s + 1;
  }
}

function homeOf(key: number): number {
  let h = Math.imul(key ^ (key >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The segment builder as it was before it kept each token's bigram number (two hashing passes over
 * the text, counting in a table doubled at half full): the reference a segment's bigrams and
 * postings are held to. Table layouts may differ (any order of insertion is a valid table).
 */
function referenceSegment(docs: ReadonlyArray<Uint32Array>): { keys: Uint32Array; offsets: Uint32Array; postings: Uint32Array } {
  const counts = new Map<number, number>();
  for (const ids of docs) {
    for (let p = 0; p + 1 < ids.length; p++) {
      const key = fingerprint(ids[p]!, ids[p + 1]!);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const capacity = Math.max(1, Math.ceil(counts.size / (2 / 3)));
  const keys = new Uint32Array(capacity);
  for (const key of counts.keys()) {
    let s = Math.floor((homeOf(key) / 4294967296) * capacity);
    while (keys[s] !== 0) s = s + 1 === capacity ? 0 : s + 1;
    keys[s] = key;
  }
  const offsets = new Uint32Array(capacity + 1);
  for (let t = 0; t < capacity; t++) offsets[t + 1] = offsets[t]! + (keys[t] === 0 ? 0 : counts.get(keys[t]!)!);
  const fill = offsets.slice(0, capacity);
  const postings = new Uint32Array(offsets[capacity]!);
  let base = 0;
  for (const ids of docs) {
    for (let p = 0; p + 1 < ids.length; p++) postings[fill[slotIn(keys, fingerprint(ids[p]!, ids[p + 1]!))]!++] = base + p;
    base += ids.length;
  }
  return { keys, offsets, postings };
}

for (const [name, vocabulary] of [['small ids', 3000], ['ids over 65,535 (hashed fingerprints)', 200_000]] as const) {
  test(`a segment holds the reference builder's bigrams, table size and postings, in text order (${name})`, () => {
    let seed = 11;
    const random = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (const documents of [1, 3, 40, 3000]) {
      const docs: Uint32Array[] = [];
      for (let d = 0; d < documents; d++) {
        // Empty and one-word documents among them; skewed ids, so some bigrams recur.
        const length = d % 17 === 3 ? 0 : d % 13 === 5 ? 1 : 1 + random(40);
        docs.push(Uint32Array.from({ length }, () => (random(4) === 0 ? random(vocabulary) : random(30))));
      }
      const index = new PassageIndex();
      docs.forEach((ids, d) => index.add(d + 1, ids));
      const [segment, ...rest] = index.exportSegments();
      assert.equal(rest.length, 0);
      const expected = referenceSegment(docs);
      assert.equal(segment!.keys.length, expected.keys.length, `table size, ${documents} documents`);
      assert.deepEqual([...segment!.keys].sort(), [...expected.keys].sort(), `bigrams, ${documents} documents`);
      assert.equal(segment!.postings.length, expected.postings.length);
      for (const key of expected.keys) {
        if (key === 0) continue;
        const s = slotIn(segment!.keys, key);
        const e = slotIn(expected.keys, key);
        assert.deepEqual(
          segment!.postings.subarray(segment!.offsets[s]!, segment!.offsets[s + 1]!),
          expected.postings.subarray(expected.offsets[e]!, expected.offsets[e + 1]!),
          `postings of ${key}, ${documents} documents`,
        );
      }
    }
  });
}
