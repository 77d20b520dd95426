import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldWord, isNeverNoise, tokenize } from '../../server/src/core/text/tokenizer';

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
  // Numbers grouped with spaces, no-break and thin spaces, dots or apostrophes are their plain digits.
  ['2 000 et 2\u202f000, 2\u00a0000; 2\u2009000', ['2000', 'et', '2000', '2000', '2000']],
  ["2.000 2'000 2’000 1.000.000 2.000,5 2,000.5", ['2000', '2000', '2000', '1000000', '2000,5', '2000.5']],
  ['2.5 3.14159 1990 2020', ['2.5', '3.14159', '1990', '2020']],
  ["the 1990's", ['the', "1990's"]],
  // Han and Kana: one word per character; Thai by Intl.Segmenter.
  ['政府は「安全」と発表した', ['政', '府', 'は', '安', '全', 'と', '発', '表', 'し', 'た']],
  ['外交部表示：“不会放弃。”', ['外', '交', '部', '表', '示', '不', '会', '放', '弃']],
  ['ABC株式会社カタカナー', ['abc', '株', '式', '会', '社', 'カ', 'タ', 'カ', 'ナ', 'ー']],
  ['รัฐบาลจะไม่ยอมแพ้', ['รัฐบาล', 'จะ', 'ไม่', 'ยอม', 'แพ้']],
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

test('negations of other languages are never noise', () => {
  const negations = [
    'ne', 'pas', 'jamais', 'rien', 'personne', 'aucun', 'aucune', "n’a", "n'est", // French
    'nicht', 'kein', 'keine', 'keinen', 'nie', 'niemals', 'nichts', // German
    'no', 'nunca', 'nada', 'ni', 'non', 'mai', 'não', // Spanish, Italian, Portuguese
    'не', 'ни', 'нет', 'никогда', // Russian
    'չի', 'չեն', 'չենք', 'չփոխվեց', 'ոչ', 'ոչինչ', // Armenian
    '不', '没', '無', 'ไม่', // Chinese, Japanese, Thai
  ];
  for (const word of negations) assert.ok(isNeverNoise(foldWord(word)), word);
  for (const word of ['nous', 'neige', 'nachts', 'новый', 'չափ', 'չորս', 'the', 'people', '政']) assert.ok(!isNeverNoise(foldWord(word)), word);
});
