import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { tokenize } from '../../server/src/core/text/tokenizer';

const typst = (text: string) => analyzeDraft(text, 'typst');

function cited(text: string): string[] {
  return typst(text).citations.flatMap((g) => g.citations.map((c) => `${c.key}|${c.locator}`));
}

function quotes(text: string): string[] {
  const analysis = typst(text);
  return analysis.quotations.map((q) => {
    const words = tokenize(analysis.text, q.textStart, q.textEnd)
      .filter((t) => !q.excluded.some(([a, b]) => t.start >= a && t.end <= b))
      .map((t) => t.norm)
      .join(' ');
    return `${words} → ${q.citation?.citations.map((c) => c.key).join(',') ?? '-'}`;
  });
}

const citationCases: Array<[string, string, string[]]> = [
  ['a reference', 'As @smith2020 says.', ['smith2020|']],
  ['a supplement is the locator', 'As @smith2020[p. 12] says.', ['smith2020|p. 12']],
  ['trailing dots and colons are text', 'See @smith. Or @doe: yes', ['smith|', 'doe|']],
  ['keys with dashes, colons and dots inside', 'See @van-dijk:2020.a here', ['van-dijk:2020.a|']],
  ['cite with a supplement', '#cite(<doe>, supplement: [pp. 3--4]) text', ['doe|pp. 3--4']],
  ['cite with a label call', '#cite(label("odd key")) text', ['odd key|']],
  ['a label of the document is a cross-reference', '= Intro <intro>\nSee @intro and @knuth.', ['knuth|']],
  ['comments, raw text and escapes hold no references', '// @a\n/* @b /* @c */ */ `@d` \\@e ```\n@f\n``` @g', ['g|']],
  ['quote attributions that are labels cite', '#quote(attribution: <roe>)[a b c]', ['roe|']],
];
for (const [name, text, expected] of citationCases) {
  test(`Typst citations: ${name}`, () => assert.deepEqual(cited(text), expected));
}

const quoteCases: Array<[string, string, string[]]> = [
  ['smart quotes with the reference after', 'He said "a b c" @k.', ['a b c → k']],
  ['the reference before, when none follows', 'As @k wrote, "a b c".', ['a b c → k']],
  ['an inline quote call', 'He said #quote[a b c] @k.', ['a b c → k']],
  ['a quote call attributed by its label', '#quote(attribution: <k>)[a b c] and @j', ['a b c → k']],
  ['a block quote', '#quote(block: true)[\n  A b c d.\n]\n@k\n', ['a b c d → k']],
  ['shorthands and escapes are text', '"a~b -- c\\#d" @k', ['a b c d → k']],
  ['math and code are not text', '"a $"x"$ b" @k #let s = "not a quote here"', ['a b → k']],
  ['not across paragraphs', '"a b\n\nc d" @k', []],
];
for (const [name, text, expected] of quoteCases) {
  test(`Typst quotations: ${name}`, () => assert.deepEqual(quotes(text), expected));
}

test('Typst bibliographies: one file or several', () => {
  assert.deepEqual(typst('#bibliography("refs.yml")').bibliographies, ['refs.yml']);
  assert.deepEqual(typst('#bibliography(("a.bib", "b.yml"), style: "apa")').bibliographies, ['a.bib', 'b.yml']);
});

test('Typst syntax: citations and keys added as references', () => {
  const text = 'x @a y';
  const analysis = typst(text);
  assert.equal(analysis.syntax.citation('k'), '@k');
  assert.equal(analysis.syntax.citation('odd key'), '#cite(label("odd key"))');
  const added = analysis.syntax.addKey(analysis.citations[0]!, 'b');
  assert.equal(text.slice(0, added.at) + added.text + text.slice(added.at), 'x @a @b y');
  assert.equal(analysis.syntax.escape('a #1 @b'), 'a \\#1 \\@b');
  assert.deepEqual(analysis.syntax.typedKeyAt!('see @sm', 7), { typed: 'sm', from: 5, to: 7, insertPrefix: '' });
});

// Property: documents generated from the markup grammar of Typst's documentation (references with
// and without supplements, labels, comments, raw text, escapes, math, code, cite calls) yield
// exactly the references the grammar makes citations, in order.
test('Typst references follow the documented grammar on generated documents', () => {
  let seed = 23;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor((seed / 2 ** 31) * n);
  };
  const keys = ['smith2020', 'van-dijk', 'doe:2019', 'a.b', 'x_y', 'intro', 'fig-map', 'résumé'];
  for (let run = 0; run < 500; run++) {
    const labels = new Set(keys.filter(() => random(5) === 0));
    const parts: string[] = [];
    const expected: string[] = [];
    for (let p = 0; p < 12; p++) {
      const key = keys[random(keys.length)]!;
      switch (random(11)) {
        case 0: parts.push(`@${key}`); expected.push(key); break;
        case 1: parts.push(`@${key}[p. ${random(99) + 1}]`); expected.push(key); break;
        case 2: parts.push(`@${key}.`); expected.push(key); break;
        case 3: parts.push(`#cite(<${key}>)`); expected.push(`cite:${key}`); break;
        case 4: parts.push(`// @${key}\n`); break;
        case 5: parts.push(`/* @${key} */`); break;
        case 6: parts.push(`\`@${key}\``); break;
        case 7: parts.push(`\\@${key}`); break;
        case 8: parts.push(`$@${key}$`); break;
        case 9: parts.push(`#let v = "@${key}"\n`); break;
        default: parts.push('words "quoted" here');
      }
    }
    for (const label of labels) parts.push(`\n= Part <${label}>\n`);
    const text = parts.join(' ');
    // A `#cite` always cites; a bare reference to one of the document's own labels refers to it.
    const want = expected.filter((k) => k.startsWith('cite:') || !labels.has(k)).map((k) => k.replace(/^cite:/, ''));
    const got = typst(text).citations.flatMap((g) => g.citations.map((c) => c.key));
    assert.deepEqual(got, want, JSON.stringify(text));
    assert.equal(typst(text).text.length, text.length);
  }
});
