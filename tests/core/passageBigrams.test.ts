import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { articleParagraphs, bigramHash, MAX_PARAGRAPH_WORDS } from '../../server/src/archive/passageBigrams';
import { forEachFoldedWord } from '../../server/src/core/text/tokenizer';

/** The plain reading of the paragraph rule, to hold the loader's fast one to: a Set per paragraph, a regular expression for blank lines. */
function paragraphsByTheBook(text: string, starts: number[], norms: string[]): Array<{ start: number; end: number; words: number; bigrams: number[] }> {
  const out: Array<{ start: number; end: number; words: number; bigrams: number[] }> = [];
  let first = 0;
  let hashes = new Set<number>();
  for (let k = 0; k < starts.length; k++) {
    const last = k + 1 === starts.length;
    if (!last) hashes.add(bigramHash(norms[k]!, norms[k + 1]!));
    const blank = !last && /\n[ \t\r]*\n/.test(text.slice(starts[k], starts[k + 1]));
    if (!last && k + 1 - first < MAX_PARAGRAPH_WORDS && !blank) continue;
    out.push({ start: starts[first]!, end: last ? text.length : starts[k + 1]!, words: k + 1 - first, bigrams: [...hashes].sort((a, b) => a - b) });
    hashes = new Set();
    first = k + 1;
  }
  return out;
}

function words(text: string): { starts: number[]; norms: string[] } {
  const starts: number[] = [];
  const norms: string[] = [];
  forEachFoldedWord(text, 0, text.length, (start, norm) => {
    starts.push(start);
    norms.push(norm);
  });
  return { starts, norms };
}

test('paragraphs and their distinct sorted bigrams are those of the plain rule (blank lines, long runs cut, repeated pairs once)', () => {
  const piece = fc.constantFrom('the', 'people', 'of', 'Artsakh', 'the', 'union', ' ', ' ', '\n', '\n\n', '\n \t\r\n', '\r\n\r\n', ', ', '. ', 'état', '1,000');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 1_200 }), (pieces) => {
      const text = pieces.join(' ');
      const { starts, norms } = words(text);
      const fast = articleParagraphs(text, starts, (k) => norms[k]!).map((p) => ({ start: p.start, end: p.end, words: p.words, bigrams: [...p.bigrams] }));
      assert.deepEqual(fast, paragraphsByTheBook(text, starts, norms));
    }),
    { numRuns: 300 },
  );
});

test('a paragraph of one repeated pair holds its bigram once', () => {
  const text = 'the union '.repeat(40);
  const { starts, norms } = words(text);
  const [only, ...rest] = articleParagraphs(text, starts, (k) => norms[k]!);
  assert.deepEqual(rest, []);
  assert.deepEqual([...only!.bigrams].sort((a, b) => a - b), [bigramHash('the', 'union'), bigramHash('union', 'the')].sort((a, b) => a - b));
  assert.equal(only!.words, 80);
});
