/**
 * Differential test of the quotation finder against Pandoc's `smart` extension (SPEC section 3): for
 * every snippet of `smartQuotes/corpus.md` (straight marks only: apostrophes, nesting, punctuation,
 * code, links, emphasis, Markdown structure), the outermost quotes Verbatim finds must be the
 * outermost `Quoted` nodes of `pandoc -f markdown+smart -t json`, compared word for word.
 *
 * Where Verbatim decides otherwise on purpose, the snippet is listed in DELIBERATE with the reason,
 * and the test asserts that the two really differ there (so the list cannot go stale).
 * Pandoc must be installed (Debian package `pandoc`); without it these tests fail, they never skip.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { tokenize } from '../../server/src/core/text/tokenizer';

const CORPUS = path.join(__dirname, 'smartQuotes', 'corpus.md');
const MARKER = /^<!-- snippet: ([a-z0-9-]+) -->$/;

/** Snippets where Verbatim's quotes differ from Pandoc's on purpose, and why. */
const DELIBERATE: Record<string, string> = {
  'plural-possessive-in-single':
    'a mark after a plural `s` closes only when no later mark can (decided by pairing); Pandoc closes at the first possible closer, `the ministers’`',
  'two-possessives-one-quote': 'same rule as plural-possessive-in-single',
  'elided-year-and-quote':
    'a mark before two digits and `s` (`’90s`) is an elision and never opens; Pandoc opens a quote there and closes it at the next closing mark',
  'rock-n-roll': '`’n’` between spaces is an elision on both sides; Pandoc reads a one-letter quote `‘n’`',
  'double-in-double':
    'a quote nested in the same marks is part of the outer quote (writers do nest them); Pandoc forbids a double quote inside a double quote and closes at the second mark',
  'single-in-single': 'same rule as double-in-double, for single marks',
  'block-quote': 'a block quote is itself the quotation (SPEC section 3): its paragraph is checked whole, marks inside are part of its words',
};

const pandocAvailable = ((): string | undefined => {
  try {
    execFileSync('pandoc', ['--version']);
    return undefined;
  } catch (error) {
    return `pandoc cannot be run (${(error as Error).message.split('\n')[0]}); install it, e.g. \`apt-get install pandoc\``;
  }
})();

/** The corpus as named snippets. */
function snippets(): Array<{ name: string; text: string }> {
  const out: Array<{ name: string; text: string }> = [];
  for (const line of fs.readFileSync(CORPUS, 'utf8').split('\n')) {
    const m = MARKER.exec(line);
    if (m) out.push({ name: m[1]!, text: '' });
    else if (out.length > 0) out[out.length - 1]!.text += `${line}\n`;
  }
  return out;
}

type Node = { t?: string; c?: unknown };

/** Plain text of Pandoc inlines, as far as a quote's words go (code and raw inlines are not words). */
function inlineText(value: unknown): string {
  if (Array.isArray(value)) return value.map(inlineText).join('');
  const node = value as Node;
  switch (node?.t) {
    case 'Str':
      return node.c as string;
    case 'Space':
    case 'SoftBreak':
    case 'LineBreak':
    case 'Code':
    case 'RawInline':
    case 'Math':
    case 'Note':
      return ' ';
    case 'Quoted': {
      const [kind, inlines] = node.c as [Node, unknown];
      const mark = kind.t === 'DoubleQuote' ? '"' : "'";
      return mark + inlineText(inlines) + mark;
    }
    case 'Link':
    case 'Image':
    case 'Span':
    case 'Cite':
      return inlineText((node.c as unknown[])[1]);
    default:
      return Array.isArray(node?.c) ? inlineText(node.c) : '';
  }
}

/** The outermost `Quoted` nodes of a Pandoc JSON value, as their words. */
function pandocQuotes(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) pandocQuotes(item, out);
  } else if (value !== null && typeof value === 'object') {
    const node = value as Node;
    if (node.t === 'Quoted') {
      out.push(words(inlineText((node.c as unknown[])[1])));
      return out;
    }
    for (const child of Object.values(value)) pandocQuotes(child, out);
  }
  return out;
}

function words(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

/** The inline quotes Verbatim finds in a snippet, as their words (masked code and destinations left out). */
function verbatimQuotes(text: string): string[] {
  const analysis = analyzeDraft(text);
  return analysis.quotations
    .filter((q) => q.kind === 'inline')
    .map((q) => {
      const block = analysis.structure.blocks[q.block]!;
      return words(block.masked.slice(q.textStart - block.start, q.textEnd - block.start));
    });
}

/** Pandoc's quotes per snippet, from one run over the whole corpus (snippets split at their markers). */
function pandocBySnippet(): Map<string, string[]> {
  const json = execFileSync('pandoc', ['-f', 'markdown+smart', '-t', 'json', CORPUS], { encoding: 'utf8' });
  const blocks = (JSON.parse(json) as { blocks: Node[] }).blocks;
  const result = new Map<string, string[]>();
  let current: string | undefined;
  for (const block of blocks) {
    const raw = block.t === 'RawBlock' ? MARKER.exec(((block.c as string[])[1] ?? '').trim()) : null;
    if (raw) {
      current = raw[1]!;
      result.set(current, []);
    } else if (current !== undefined) {
      pandocQuotes(block, result.get(current));
    }
  }
  return result;
}

const corpus = snippets();

test('the smart-quote corpus has at least 100 snippets, each named once', () => {
  assert.ok(corpus.length >= 100, `only ${corpus.length} snippets`);
  assert.equal(new Set(corpus.map((s) => s.name)).size, corpus.length);
  for (const name of Object.keys(DELIBERATE)) assert.ok(corpus.some((s) => s.name === name), `DELIBERATE names a missing snippet ${name}`);
});

const pandoc = pandocAvailable === undefined ? pandocBySnippet() : undefined;

for (const { name, text } of corpus) {
  test(`straight quotes as Pandoc reads them: ${name}`, () => {
    if (pandoc === undefined) assert.fail(pandocAvailable);
    const expected = pandoc.get(name) ?? [];
    const actual = verbatimQuotes(text);
    const reason = DELIBERATE[name];
    if (reason === undefined) {
      assert.deepEqual(actual, expected, `${name}: ${JSON.stringify(text)}`);
    } else {
      assert.notDeepEqual(actual, expected, `${name} is listed as a deliberate difference but Verbatim agrees with Pandoc now`);
    }
  });
}
