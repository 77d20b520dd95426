/**
 * Differential test of the citation scanner against Pandoc, the reference parser (SPEC section 2):
 * for every snippet in `corpus/`, the keys Verbatim cites must be the keys `pandoc -t json` cites.
 *
 * Keys are compared as multisets (each citation counts, in any order), which is stricter than the
 * SPEC's "set of cited keys": a key read twice or missed once is a scanner bug too. Only the document
 * body counts: Pandoc also reads citations in YAML front matter (into the metadata), which the SPEC
 * says are not citations.
 *
 * Pandoc must be installed (Debian package `pandoc`); without it these tests fail, they never skip.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';

const CORPUS = path.join(__dirname, 'corpus');
const snippets = fs
  .readdirSync(CORPUS)
  .filter((name) => /^\d+-.*\.md$/.test(name))
  .sort();

/** Pandoc's version line, or why Pandoc cannot be run. */
function pandocVersion(): { version: string } | { problem: string } {
  try {
    return { version: execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.trim() };
  } catch (error) {
    return { problem: `pandoc cannot be run (${(error as Error).message.split('\n')[0]}); install it, e.g. \`apt-get install pandoc\`` };
  }
}

const pandoc = pandocVersion();

/** The `citationId` of every `Cite` in a Pandoc JSON value, in document order. */
function citeIds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) citeIds(item, out);
  } else if (value !== null && typeof value === 'object') {
    const node = value as { t?: unknown; c?: unknown };
    if (node.t === 'Cite' && Array.isArray(node.c) && Array.isArray(node.c[0])) {
      for (const citation of node.c[0] as Array<{ citationId: string }>) out.push(citation.citationId);
    }
    // Prefixes and suffixes of citations are inlines that may hold citations of their own.
    for (const child of Object.values(value)) citeIds(child, out);
  }
  return out;
}

/** Keys Pandoc cites in the body of a file. */
function pandocKeys(file: string): string[] {
  const json = execFileSync('pandoc', ['-f', 'markdown', '-t', 'json', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return citeIds((JSON.parse(json) as { blocks: unknown }).blocks);
}

/** Keys Verbatim cites in a text. */
function verbatimKeys(text: string): string[] {
  return analyzeDraft(text).citations.flatMap((group) => group.citations.map((citation) => citation.key));
}

/** The items of `a` not matched one for one by items of `b`. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const rest = [...b];
  return a.filter((item) => {
    const at = rest.indexOf(item);
    if (at < 0) return true;
    rest.splice(at, 1);
    return false;
  });
}

const show = (keys: readonly string[]): string => (keys.length === 0 ? '(none)' : keys.map((k) => JSON.stringify(k)).join(' '));

test(`pandoc is installed${'version' in pandoc ? ` (${pandoc.version})` : ''}`, () => {
  if ('problem' in pandoc) assert.fail(pandoc.problem);
});

test('the corpus has at least 40 snippets', () => {
  assert.ok(snippets.length >= 40, `only ${snippets.length} snippets in ${CORPUS}`);
});

for (const name of snippets) {
  test(`Verbatim cites the keys Pandoc cites: ${name}`, () => {
    if ('problem' in pandoc) assert.fail(pandoc.problem);
    const file = path.join(CORPUS, name);
    const expected = pandocKeys(file);
    const actual = verbatimKeys(fs.readFileSync(file, 'utf8'));
    const missing = without(expected, actual);
    const extra = without(actual, expected);
    assert.ok(
      missing.length === 0 && extra.length === 0,
      [
        `${name}: Verbatim and Pandoc disagree on the cited keys`,
        `  Pandoc cites:        ${show(expected)}`,
        `  Verbatim cites:      ${show(actual)}`,
        `  only Pandoc cites:   ${show(missing)}`,
        `  only Verbatim cites: ${show(extra)}`,
      ].join('\n'),
    );
  });
}
