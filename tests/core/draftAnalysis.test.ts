import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';

/** Quotes as `text → keys`, in document order. */
function quotes(draft: string): string[] {
  return analyzeDraft(draft).quotations.map((q) => `${draft.slice(q.textStart, q.textEnd)} → ${q.citation?.citations.map((c) => c.key).join(',') ?? '-'}`);
}

const quoteCases: Array<[string, string, string[]]> = [
  ['straight quotes', 'He said "a b c d" [@k].', ['a b c d → k']],
  ['curly quotes', 'He said “a b c d” [@k].', ['a b c d → k']],
  ['single quotes inside are part of it', 'He said "a \'b c\' d" [@k].', ["a 'b c' d → k"]],
  ['apostrophes are not quote marks', "It's \"the people's right\" [@k].", ["the people's right → k"]],
  ['across a soft line break', 'He said "a b\nc d" [@k].', ['a b\nc d → k']],
  ['not across paragraphs', 'He said "a b\n\nc d" [@k].', []],
  ['several quotes share the next citation', '"a b" and "c d" [@k]', ['a b → k', 'c d → k']],
  ['otherwise the citation before', 'As @k said, "a b c".', ['a b c → k']],
  ['no citation', 'He said "a b c".', ['a b c → -']],
  ['the first citation after wins', '"a b" [@k] "c d" [@j]', ['a b → k', 'c d → j']],
  ['several keys', '"a b" [see @k, p. 4; @j]', ['a b → k,j']],
  ['inches are not a quote', 'A 5" pipe and "real words here" [@k]', ['real words here → k']],
  ['code spans hide quotes', 'Code `"a b"` and "c d" [@k]', ['c d → k']],
  ['block quote with a citation inside', '> a b c\n> d e [@k]\n', ['a b c\n> d e [@k] → k']],
  ['block quote with the citation after', '> a b c\n\n— @k\n', ['a b c → k']],
  ['front matter is not text', '---\ntitle: "a b c"\n---\n"d e f" [@k]\n', ['d e f → k']],
];
for (const [name, draft, expected] of quoteCases) {
  test(`quotations: ${name}`, () => assert.deepEqual(quotes(draft), expected));
}

test('an unclosed quotation is reported as open at its first word', () => {
  const draft = 'He said "the people of\n';
  const analysis = analyzeDraft(draft);
  assert.deepEqual(analysis.quotations, []);
  assert.deepEqual(analysis.openQuotations.map((q) => q.textStart), [draft.indexOf('"') + 1]);
});

test('quote patterns: ellipses, brackets, [sic] and bracketed letters', () => {
  const text = '[T]he price [...] of peace … for [our] people [sic] respect[s]';
  const pattern = parseQuotePattern(text, 0, text.length);
  assert.deepEqual(
    pattern.elements.map((e) => (e.kind === 'word' ? e.norm : e.kind === 'bracket' ? `[${e.norms.join(' ')}]` : '…')),
    ['the', 'price', '…', 'of', 'peace', '…', 'for', '[our]', 'people', 'respects'],
  );
  assert.equal(pattern.wordCount, 7);
});

test('citation details: prefix, locator, suppressed author, braces', () => {
  const draft = 'See [see @a, p. 4; -@b] and @c [ch. 2] and @{odd:key}.';
  const citations = analyzeDraft(draft).citations.flatMap((g) => g.citations);
  assert.deepEqual(
    citations.map((c) => [c.key, c.prefix, c.locator, c.suppressAuthor]),
    [
      ['a', 'see', 'p. 4', false],
      ['b', '', '', true],
      ['c', '', 'ch. 2', false],
      ['odd:key', '', '', false],
    ],
  );
  for (const c of citations) assert.equal(draft.slice(c.keyStart, c.keyEnd), c.key);
});

test('Quarto and R Markdown fenced divs: fences are no text and end a paragraph; an attribute\'s quoted value is no quotation', () => {
  const text = [
    '::: {.callout-note title="The committee approved the plan on Monday"}',
    'Body text "after a long debate here" [@a].',
    ':::',
    '',
    '::: {.exercise name="Characteristic Function of the Sample Mean"}',
    'Compute it.',
    ':::',
    '',
    'Text before',
    '::: note',
    'is one paragraph, as Pandoc reads it.',
    '',
  ].join('\n');
  for (const format of ['quarto', 'rmarkdown'] as const) {
    const analysis = analyzeDraft(text, format);
    assert.deepEqual(analysis.structure.blocks.map((b) => b.masked.replace(/\s+/g, ' ').trim()), ['Body text "after a long debate here" [@a].', 'Compute it.', 'Text before ::: note is one paragraph, as Pandoc reads it.']);
    assert.deepEqual(analysis.quotations.map((q) => text.slice(q.textStart, q.textEnd)), ['after a long debate here']);
  }
});
