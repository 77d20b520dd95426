import assert from 'node:assert/strict';
import { test } from 'node:test';
import { annotatedWords, isSkippableAt, skippableWords } from '../../server/src/core/match/spokenWords';
import { Rng } from '../../bench/prng';

/** A transcript of `n` words from a small vocabulary: fillers, repeats and annotations come by chance. */
function transcript(rng: Rng, n: number): { text: string; starts: number[]; ids: number[] } {
  const vocabulary = ['we', 'were', 'um', 'going', 'to', 'the', 'harbour', 'uh', 'and', 'then'];
  let text = '';
  const starts: number[] = [];
  const ids: number[] = [];
  for (let k = 0; k < n; k++) {
    if (rng.next() < 0.05) text += rng.next() < 0.5 ? '[inaudible] ' : '(laughs) ';
    const open = rng.next() < 0.03 ? (rng.next() < 0.5 ? '[' : '(') : '';
    const id = Math.floor(rng.next() * vocabulary.length);
    starts.push(text.length + open.length);
    ids.push(id);
    text += `${open}${vocabulary[id]}${open === '[' && rng.next() < 0.5 ? ']' : open === '(' && rng.next() < 0.5 ? ')' : ''} `;
  }
  return { text, starts, ids };
}

test('a word is skippable one at a time exactly as in the table of all a transcript\'s words', () => {
  const rng = new Rng('spoken words');
  const fillers = new Set([2, 7]);
  for (let trial = 0; trial < 200; trial++) {
    const { text, starts, ids } = transcript(rng, 1 + Math.floor(rng.next() * 60));
    const table = skippableWords(text, starts, ids, fillers);
    const annotations = annotatedWords(text, starts);
    for (let k = 0; k < ids.length; k++) assert.equal(isSkippableAt(ids, fillers, annotations, k), table[k] === 1, `${text} @${k}`);
  }
});
