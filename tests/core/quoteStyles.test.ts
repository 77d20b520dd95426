import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairQuoteMarks } from '../../server/src/core/draft/quoteMarkPairing';
import { closingMarkFor, QUOTE_PAIRS, QUOTE_STYLES } from '../../server/src/core/text/quoteStyles';

/** The quotations the finder sees in `text`, as text. */
function quotes(text: string): string[] {
  return pairQuoteMarks(text).pairs.map(([a, b]) => text.slice(a, b));
}

const styles: Array<[string, string, string[]]> = [
  ['English (US), curly', 'He said “the people of Artsakh” today.', ['“the people of Artsakh”']],
  ['English (US), straight', 'He said "the people of Artsakh" today.', ['"the people of Artsakh"']],
  ['English (US), nested', 'He said “they told us ‘no’ twice” today.', ['“they told us ‘no’ twice”']],
  ['English (UK), curly', 'She said ‘we will not stop’ and left.', ['‘we will not stop’']],
  ['English (UK), straight', "She said 'we will not stop' and left.", ["'we will not stop'"]],
  ['English (UK), nested', 'She said ‘they told us “no” twice’ and left.', ['‘they told us “no” twice’']],
  ['French, no-break spaces', 'Il a dit\u00a0: «\u00a0nous viendrons\u00a0» hier.', ['«\u00a0nous viendrons\u00a0»']],
  ['French, narrow no-break spaces', 'Il a dit «\u202fnous viendrons\u202f» hier.', ['«\u202fnous viendrons\u202f»']],
  ['Swiss, no spaces', 'Er sagte «wir kommen» gestern.', ['«wir kommen»']],
  ['French, opened inside a word', 'Il a dit qu’«il ne viendra pas» hier.', ['«il ne viendra pas»']],
  ['Russian, nested', 'Он сказал: «Они ответили „нет“ вчера».', ['«Они ответили „нет“ вчера»']],
  ['German low-high', 'Er sagte: „Wir kommen nicht“, und ging.', ['„Wir kommen nicht“']],
  ['German, opened after a comma', 'Er sagte,„wir kommen nicht“ und ging.', ['„wir kommen nicht“']],
  ['German guillemets', 'Er sagte »wir kommen nicht« und ging.', ['»wir kommen nicht«']],
  ['German, nested', 'Er sagte „sie riefen ‚nein‘ laut“ und ging.', ['„sie riefen ‚nein‘ laut“']],
  ['German guillemets, nested', 'Er sagte »sie riefen ›nein‹ laut« und ging.', ['»sie riefen ›nein‹ laut«']],
  ['Polish', 'Powiedział „nie przyjdziemy” wczoraj.', ['„nie przyjdziemy”']],
  ['Polish, nested', 'Powiedział „oni mówią ‚nie’ zawsze” wczoraj.', ['„oni mówią ‚nie’ zawsze”']],
  ['Swedish', 'Han sa ”vi kommer inte” igår.', ['”vi kommer inte”']],
  ['Swedish, nested', 'Han sa ”de sa ’nej’ igen” igår.', ['”de sa ’nej’ igen”']],
  ['single guillemets inside French', 'Il a dit « ils criaient ‹ non › fort » hier.', ['« ils criaient ‹ non › fort »']],
  ['Japanese corner brackets', '佐藤さんは「運転を再開できない」と述べた。', ['「運転を再開できない」']],
  ['Japanese, nested', '彼は「本の『題名』を読んだ」と言った。', ['「本の『題名』を読んだ」']],
  ['Chinese, no space before the mark', '他说“我们不会放弃”。', ['“我们不会放弃”']],
  ['two styles in one paragraph', 'He said “yes” and she said «non» and »nein«.', ['“yes”', '«non»', '»nein«']],
];

for (const [name, text, expected] of styles) {
  test(`quote style: ${name}`, () => assert.deepEqual(quotes(text), expected));
}

const apostrophes: Array<[string, string, string[]]> = [
  ['possessive', 'Stepanakert’s square and Stepanakert\'s people', []],
  ['contraction', 'We don’t know and we don\'t care', []],
  ['elided year', 'In the ’90s and the \'90s and the ‘90s it was so', []],
  ['rock ’n’ roll', 'They love rock ’n’ roll and rock \'n\' roll', []],
  ['plural possessive', 'the ministers’ view and the ministers\' view', []],
  ['possessive inside a British quote', '‘It’s the ministers’ view that counts,’ she said.', ['‘It’s the ministers’ view that counts,’']],
  ['straight possessive inside a quote', "'It's the ministers' view,' he said.", ["'It's the ministers' view,'"]],
  ['elided year inside a British quote', '‘In the ’90s we were free,’ he said.', ['‘In the ’90s we were free,’']],
  ['rock ’n’ roll inside a British quote', "'We love rock 'n' roll,' he said, ‘rock ’n’ roll’.", ["'We love rock 'n' roll,'", '‘rock ’n’ roll’']],
  ['elision inside a British quote', '‘They’ll see ’em soon,’ he said.', ['‘They’ll see ’em soon,’']],
  ['a plural at the end of a quote', '‘We defend our rights’ he said.', ['‘We defend our rights’']],
  ['French elision before a quote', 'Il a dit qu\'«il viendra» et l’été passa.', ['«il viendra»']],
];

for (const [name, text, expected] of apostrophes) {
  test(`apostrophes never open or close: ${name}`, () => assert.deepEqual(quotes(text), expected));
}

test('a mark without its partner opens nothing, and nothing after it is lost', () => {
  assert.deepEqual(quotes('A stray “ opener, then “a real quote” here.'), ['“a real quote”']);
  assert.deepEqual(quotes('A 5" screen, then "a real quote" here.'), ['"a real quote"']);
  assert.deepEqual(quotes('Stray » and then «a real quote» here.'), ['«a real quote»']);
  assert.deepEqual(quotes('A closer” alone, then ‘a quote’ here.'), ['‘a quote’']);
  assert.deepEqual(quotes('Unclosed „German and then «French» here.'), ['«French»']);
});

test('the last mark left open is reported (the writer is typing a quote)', () => {
  const text = 'He said «the people of';
  assert.equal(pairQuoteMarks(text).unclosed, text.indexOf('«'));
  assert.equal(pairQuoteMarks('He said «yes».').unclosed, undefined);
});

test('every opening mark closes with its partner', () => {
  const expected: Record<string, string> = { '“': '”', '«': '»', '„': '“', '»': '«', '「': '」', '『': '』', '‘': '’', '"': '"', "'": "'", '‹': '›', '›': '‹', '”': '”' };
  for (const [open, close] of Object.entries(expected)) assert.equal(closingMarkFor(open), close, open);
});

test('the style table: every style has outer marks, and every pair of it is in the pair list', () => {
  for (const style of QUOTE_STYLES) {
    assert.ok(style.outer.length > 0, style.name);
    for (const p of [...style.outer, ...style.nested]) assert.ok(QUOTE_PAIRS.some((q) => q.open === p.open && q.close === p.close), `${style.name} ${p.open}${p.close}`);
  }
  // Nested-only pairs do not open at the top level: a lone low single mark is a comma-like mark.
  assert.deepEqual(quotes('Er sagte ‚nein‘ laut.'), []);
});

test('a backslash-escaped straight mark is a literal character; a curled opener may close straight', () => {
  assert.deepEqual(quotes('He said \\"not a quote\\" and \\\\"a quote" here.'), ['"a quote"']);
  assert.deepEqual(quotes('He said “we stay" and ‘we go\' today.'), ['“we stay"', "‘we go'"]);
  assert.deepEqual(quotes('He said "spaced " and left.'), ['"spaced "']);
});

test('a paragraph of thousands of stray marks is read in one pass (the open marks are bounded)', () => {
  const text = `${'“'.repeat(5000)}${'»'.repeat(5000)} and then “a real quote” here.`;
  assert.deepEqual(quotes(text), ['“a real quote”']);
});
