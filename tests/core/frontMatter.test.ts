import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readFrontMatter } from '../../server/src/core/text/frontMatter';

// Simple front matter is read without the YAML library; a comment line makes it go through the
// library, so the two readings of the same fields can be compared.
const COMMENT = '# read by the YAML library\n';
const throughYaml = (text: string): ReturnType<typeof readFrontMatter> => {
  const read = readFrontMatter(text.replace(/^---\n/, `---\n${COMMENT}`));
  return { ...read, bodyStart: read.bodyStart - COMMENT.length };
};
// The YAML library's messages give line numbers, which the comment line shifts.
const comparable = (read: ReturnType<typeof readFrontMatter>) => ({ ...read, ...(read.problem ? { problem: 'a problem' } : {}) });

test('simple front matter reads as the YAML library reads it', () => {
  const text = '---\nid: washington1791-3\ntitle: "State of the Union, 1791 (Washington), part 3"\ndate: 1791\nnote: it\'s "plain"\n---\nBody.';
  const fast = readFrontMatter(text);
  assert.deepEqual(fast, throughYaml(text));
  assert.deepEqual(fast.fields, { id: 'washington1791-3', title: 'State of the Union, 1791 (Washington), part 3', date: '1791', note: 'it\'s "plain"' });
  assert.equal(text.slice(fast.bodyStart), 'Body.');
});

test('front matter the fast reading declines still reads right (types, escapes, duplicates, lists)', () => {
  const cases: Array<[string, Record<string, string> | 'problem']> = [
    ['flag: true\nn: 0123\nx: 1.50', { flag: 'true', n: '123', x: '1.5' }],
    ['title: "A \\"quoted\\" word"', { title: 'A "quoted" word' }],
    ['title: Colon: here', 'problem'],
    ['a: 1\na: 2', 'problem'],
    ['author:\n  - Ann\n  - Bob', { author: 'Ann, Bob' }],
    ['title: Word # comment', { title: 'Word' }],
    ['empty:\ntitle: T', { title: 'T' }],
  ];
  for (const [yaml, expected] of cases) {
    const read = readFrontMatter(`---\n${yaml}\n---\nBody`);
    if (expected === 'problem') assert.ok(read.problem, yaml);
    else assert.deepEqual(read.fields, expected, yaml);
  }
});

test('property: any front matter of key: value lines reads the same with and without the YAML library', () => {
  const key = fc.constantFrom('id', 'title', 'author', 'date', 'outlet', 'url', 'true', 'Null', 'x_y', 'a-b');
  const piece = fc.constantFrom('word', 'Word', ' ', ':', ': ', ' #', '#', '"', "'", '\\', '1', '0', '.', '-', 'true', 'NULL', 'é', ',', '[', '{', '&', '*', '!', '|', '>', '%', '@', '?', '\t', 'e5', '0x1F', '.inf');
  const value = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(''));
  const quoted = fc.tuple(fc.constantFrom('"', "'", ''), value).map(([q, v]) => `${q}${v}${q}`);
  const line = fc.tuple(key, fc.constantFrom(': ', ':  ', ':'), quoted).map(([k, sep, v]) => `${k}${sep}${v}`);
  fc.assert(
    fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
      const text = `---\n${lines.join('\n')}\n---\nBody`;
      assert.deepEqual(comparable(readFrontMatter(text)), comparable(throughYaml(text)));
    }),
    { numRuns: 3000, seed: 10 },
  );
});
