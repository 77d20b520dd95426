import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { parseQuotePattern } from '../../server/src/core/match/quotePattern';

// Pandoc's grid and pipe tables in Markdown and Quarto: borders are never text, each cell is text
// of its own, and a quotation inside a cell is checked with the cell's words only.

function words(text: string, quote: { textStart: number; textEnd: number; excluded: ReadonlyArray<readonly [number, number]> }): string {
  return parseQuotePattern(text, quote.textStart, quote.textEnd, quote.excluded).elements.flatMap((e) => (e.kind === 'word' ? [e.norm] : [])).join(' ');
}

const GRID = [
  'Before.',
  '',
  '+---------------+----------------------+',
  '| Fruit         | Quote                |',
  '+===============+======================+',
  '| Bananas       | "The committee       |',
  '|               | approved the plan"   |',
  '|               | [@minutes, p. 4]     |',
  '+---------------+----------------------+',
  '| Apples        |     code [@not]      |',
  '+---------------+----------------------+',
  '',
  'After.',
  '',
].join('\n');

test('grid table: a quote over two lines of a cell is the cell\'s words, with the cell\'s citation; borders are no text', () => {
  const analysis = analyzeDraft(GRID, 'quarto');
  const texts = analysis.structure.blocks.map((b) => b.masked.replace(/\s+/g, ' ').trim());
  assert.deepEqual(texts, ['Before.', 'Fruit', 'Quote', 'Bananas', '"The committee approved the plan" [@minutes, p. 4]', 'Apples', 'After.']);
  assert.equal(analysis.quotations.length, 1);
  const quote = analysis.quotations[0]!;
  assert.equal(words(GRID, quote), 'the committee approved the plan');
  assert.deepEqual(quote.citation?.citations.map((c) => [c.key, c.locator]), [['minutes', 'p. 4']]);
  // Five spaces in every line of a cell: one goes, four make a code block (Pandoc's reading).
  assert.deepEqual(analysis.citations.map((g) => g.citations.map((c) => c.key)), [['minutes']]);
});

test('grid table: wide characters take two columns; cells spanning rows are read line by line', () => {
  const wide = '+--+----+\n|魚|fish|\n+--+----+\n';
  assert.deepEqual(analyzeDraft(wide).structure.blocks.map((b) => b.masked.trim()), ['魚', 'fish']);
  const spans = [
    '+---------------------+----------+',
    '| Property            | Earth    |',
    '+=============+=======+==========+',
    '|             | min   | -89.2 °C |',
    '| Temperature +-------+----------+',
    '| 1961-1990   | mean  | 14 °C    |',
    '+-------------+-------+----------+',
  ].join('\n');
  const blocks = analyzeDraft(spans).structure.blocks.map((b) => b.masked.trim());
  assert.deepEqual(blocks, ['Property', 'Earth', 'min', '-89.2 °C', 'Temperature', '1961-1990', 'mean', '14 °C']);
});

test('pipe table: each cell is its own text, so marks in two cells pair nothing', () => {
  const text = '| Said | Source |\n|---|---|\n| "The committee approved | the plan" |\n| "after a long debate here" [@a] | x |\n';
  const analysis = analyzeDraft(text);
  assert.deepEqual(analysis.quotations.map((q) => text.slice(q.textStart, q.textEnd)), ['after a long debate here']);
  assert.deepEqual(analysis.quotations[0]!.citation?.citations.map((c) => c.key), ['a']);
  assert.ok(analysis.structure.blocks.every((b) => !b.masked.includes('|') && !b.masked.includes('---')));
});

test('a table cannot interrupt a paragraph, and fenced code holds none', () => {
  const text = 'Text\n+---+---+\n| x | y |\n+---+---+\n\n```\n| a | b |\n|---|---|\n```\n';
  const analysis = analyzeDraft(text);
  assert.deepEqual(analysis.structure.blocks.map((b) => b.masked.replace(/\s+/g, ' ').trim()), ['Text +---+---+ | x | y | +---+---+']);
});

test('simple table: columns are the dashed line\'s runs, a row a line; a quote in one cell is that cell\'s', () => {
  const text = 'Intro.\n\n  Who     Said\n-------  ----------------------------------\n  Owner  "The committee approved the plan" [@a]\n  Clerk  nothing at all\n\nAfter.\n';
  const analysis = analyzeDraft(text);
  assert.deepEqual(analysis.structure.blocks.map((b) => b.masked.trim()), ['Intro.', 'Who', 'Said', 'Owner', '"The committee approved the plan" [@a]', 'Clerk', 'nothing at all', 'After.']);
  assert.deepEqual(analysis.quotations.map((q) => [text.slice(q.textStart, q.textEnd), q.citation?.citations[0]?.key]), [['The committee approved the plan', 'a']]);
});

test('multiline table: a cell\'s lines up to a blank line are one text; a quote over them leaves the other columns out', () => {
  const text = [
    '::: {#tbl-said}',
    '--------------------------------------------',
    'Who      Said',
    '-------  -----------------------------------',
    'Owner    "The committee approved the plan',
    '(cafe)   on Monday" [@a]',
    '',
    'Clerk    Nothing.',
    '--------------------------------------------',
    '',
    ':::',
    '',
  ].join('\n');
  const analysis = analyzeDraft(text, 'quarto');
  const texts = analysis.structure.blocks.map((b) => b.masked.replace(/\s+/g, ' ').trim()).filter((t) => !t.startsWith(':::'));
  assert.deepEqual(texts, ['Who', 'Said', 'Owner (cafe)', '"The committee approved the plan on Monday" [@a]', 'Clerk', 'Nothing.']);
  assert.equal(analysis.quotations.length, 1);
  assert.equal(words(text, analysis.quotations[0]!), 'the committee approved the plan on monday');
});

test('a line of single dashes is a thematic break, not a table', () => {
  const text = 'Before.\n\n- - - - - -\n\n# Next\n\nText.\n\n-- --\n';
  assert.deepEqual(analyzeDraft(text).structure.blocks.map((b) => b.masked.trim()), ['Before.', 'Next', 'Text.']);
});
