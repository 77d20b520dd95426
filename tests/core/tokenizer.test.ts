import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldWord, isNeverNoise, tokenize } from '../../server/src/core/tokenizer';

const cases: Array<[string, string[]]> = [
  ['People’s Movement', ["people's", 'movement']],
  ["don't stop", ["don't", 'stop']],
  ['peace-loving neighbors—kindness', ['peace', 'loving', 'neighbors', 'kindness']],
  ['2,000 troops; 1.5 million', ['2000', 'troops', '1.5', 'million']],
  ['“Quoted” text', ['quoted', 'text']],
  ['ＦＵＬＬ width', ['full', 'width']],
  ['ﬁne ligature', ['fine', 'ligature']],
  ['café CAFÉ', ['café', 'café']],
  ['soft\u00adhyphen zero\u200bwidth', ['softhyphen', 'zerowidth']],
  ['Ереван и Баку', ['ереван', 'и', 'баку']],
  ['مرحبا بالعالم', ['مرحبا', 'بالعالم']],
  ['emoji 😀 ok', ['emoji', 'ok']],
  ['', []],
];

for (const [text, words] of cases) {
  test(`tokenize ${JSON.stringify(text)}`, () => {
    assert.deepEqual(tokenize(text).map((t) => t.norm), words);
  });
}

test('tokens keep offsets into the original text', () => {
  const text = 'The  “People’s” Movement';
  for (const token of tokenize(text)) {
    assert.equal(foldWord(text.slice(token.start, token.end)), token.norm);
  }
  assert.deepEqual(tokenize(text).map((t) => [t.start, t.end]), [[0, 3], [6, 14], [16, 24]]);
});

test('numbers and negations are never noise', () => {
  for (const word of ['not', 'never', 'no', "don't", "isn't", '2020', '3.5']) assert.ok(isNeverNoise(foldWord(word)), word);
  for (const word of ['note', 'nothingness', 'statement']) assert.ok(!isNeverNoise(foldWord(word)), word);
});
