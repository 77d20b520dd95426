import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO, temporaryFolder } from '../helpers';
import { verbatim } from './runVerbatim';

const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'bibliography');

function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = temporaryFolder('verbatim-cli-bib-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Two drafts in their own folders, each naming its own .bib whose one entry has a text attachment. */
const TWO_DRAFTS = path.join(REPO, 'tests', 'fixtures', 'two-bibliographies');

/** The finding lines of `verbatim check`'s text output (its summary line left out). */
function findingLines(stdout: string): string[] {
  return stdout.trimEnd().split('\n').slice(0, -1);
}

describe('verbatim with bibliographies', () => {
  test('check: the sample library draft names library.bib in its front matter', async () => {
    const { status, stdout } = await verbatim(['check', 'examples/library/draft.md']);
    assert.equal(status, 1, stdout);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, -1).map((l) => /^\S+ (\w+ [\w-]+):/.exec(l)?.[1]), [
      'warning wrong-page',
      'warning misquote',
      'information no-full-text',
      'information no-full-text',
    ]);
    assert.ok(lines.includes('examples/library/draft.md:18:42: information no-full-text: cannot be checked: no full text for @dewaal2003'), stdout);
    // The PDF attachment has its pages (labelled from 12): the locator is checked too. The quote
    // on p. 1 of Zotero's cached text of another PDF is verified (no finding).
    assert.ok(lines.includes('examples/library/draft.md:11:41: warning wrong-page: wrong page for @karabakhreport2022: the quote is on p. 12, not p. 14'), stdout);
    assert.ok(lines.includes('examples/library/draft.md:13:14: warning misquote: misquote of @karabakhreport2022: source says "bilateral", not "multilateral"'), stdout);
    assert.match(lines[lines.length - 1]!, /\(5 quotes checked against \d+ sources; 6 bibliography entries\)$/);
  });

  test('check --bibliography: a key of a CSL-YAML file, no front matter needed; inline references too', async () => {
    const dir = tempDir({
      'refs.yaml': fs.readFileSync(path.join(FIXTURES, 'library.yaml'), 'utf8'),
      'draft.md': '---\nreferences:\n- id: inline2001\n  title: Inline\n---\n\n"Four words are quoted here" [@smith2016], and "so are these four words" [@inline2001].\n',
    });
    const { status, stdout } = await verbatim(['check', 'draft.md', '--bibliography', 'refs.yaml', '--no-cache'], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /draft\.md:7:1: information no-full-text: cannot be checked: no full text for @smith2016/);
    assert.match(stdout, /draft\.md:7:\d+: information no-full-text: cannot be checked: no full text for @inline2001/);
    assert.doesNotMatch(stdout, /unknown-source|quote-not-found/);
  });

  test('a --bibliography that does not exist is a usage error; one that is broken is reported and the rest used', async () => {
    const missing = await verbatim(['check', 'examples/draft.md', '--bibliography', 'nowhere.bib']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^verbatim: no such bibliography: nowhere\.bib$/m);
    const dir = tempDir({ 'broken.bib': fs.readFileSync(path.join(FIXTURES, 'broken.bib'), 'utf8'), 'draft.md': 'Cites [@good4] and [@unbalanced].\n' });
    const { status, stdout, stderr } = await verbatim(['check', 'draft.md', '--bibliography', 'broken.bib', '--no-cache'], dir);
    assert.match(stderr, /bibliography broken\.bib: 5 problems \(4 entries read\)/);
    assert.match(stdout, /error unknown-source: no source has the key "unbalanced"/);
    assert.doesNotMatch(stdout, /"good4"/);
    assert.equal(status, 1);
  });

  test('sources: entries, full texts, why an entry has none, and each broken entry with its line', async () => {
    const dir = tempDir({ 'broken.bib': fs.readFileSync(path.join(FIXTURES, 'broken.bib'), 'utf8') });
    const { status, stdout } = await verbatim(['sources', '--bibliography', 'broken.bib', '--no-cache'], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^bibliography broken\.bib: 4 entries, 0 with full text, 5 broken or unusable$/m);
    assert.match(stdout, /^ {2}@good3 {2}Quoted Été {2}no full text: it has no attachment/m);
    assert.match(stdout, /^ {2}broken\.bib:7: unbalanced: unbalanced braces/m);
    assert.match(stdout, /^ {2}broken\.bib:18: noequals: field "title" has no "="$/m);
    assert.match(stdout, /^ {2}broken\.bib:28: duplicate key good1/m);
    const json = JSON.parse((await verbatim(['sources', '--bibliography', 'broken.bib', '--no-cache', '--format', 'json'], dir)).stdout) as {
      bibliographies: Array<{ entries: Array<{ key: string; line: number }>; problems: Array<{ line: number }> }>;
    };
    assert.deepEqual(json.bibliographies[0]!.entries.map((e) => [e.key, e.line]), [['good1', 1], ['good2', 13], ['good3', 23], ['good4', 40]]);
    assert.deepEqual(json.bibliographies[0]!.problems.map((p) => p.line), [7, 18, 28, 32, 36]);
  });

  test('sources --format json: each entry with its authors as CSL names, and its dates as Pandoc reads them', async () => {
    const dir = tempDir({
      'refs.bib': '@book{plato, author={Plato}, title={Republic}, date={-0374}}\n@report{who, author={{World Health Organization}}, title={Report}, date={2019/2021}}\n',
    });
    const { status, stdout } = await verbatim(['sources', '--bibliography', 'refs.bib', '--no-cache', '--format', 'json'], dir);
    assert.equal(status, 0, stdout);
    const entries = (JSON.parse(stdout) as { bibliographies: Array<{ entries: Array<{ key: string; authors: unknown; issued: string }> }> }).bibliographies[0]!.entries;
    assert.deepEqual(entries.map((e) => [e.key, e.authors, e.issued]), [
      ['plato', [{ family: 'Plato', given: '' }], '-375'],
      ['who', [{ literal: 'World Health Organization' }], '2019/2021'],
    ]);
  });

  test('check of two drafts at once: each is checked against its own bibliography, as when checked alone', async () => {
    const dir = tempDir();
    fs.cpSync(TWO_DRAFTS, dir, { recursive: true });
    const alone = async (file: string): Promise<string[]> => findingLines((await verbatim(['check', file, '--no-cache'], dir)).stdout);
    const both = findingLines((await verbatim(['check', 'a/draft.md', 'b/draft.md', '--no-cache'], dir)).stdout);
    // The other draft's key is unknown here, and its entry's text is no candidate for a wrong source.
    assert.deepEqual(await alone('a/draft.md'), [
      'a/draft.md:5:1: warning quote-not-found: quote not found in @alpha2020 or any other source',
      'a/draft.md:7:16: error unknown-source: no source has the key "beta2020"; did you mean @alpha2020?',
    ]);
    assert.deepEqual(both, [...(await alone('a/draft.md')), ...(await alone('b/draft.md'))]);
    assert.ok(both.includes('b/draft.md:7:16: error unknown-source: no source has the key "alpha2020"; did you mean @beta2020?'), both.join('\n'));
  });

  test('a binary file named as a bibliography is one clear reason, and Verbatim never writes to it', async () => {
    const bytes = Uint8Array.from([0x40, 0x61, 0x00, 0xff, 0x13, 0x00, 0x7b]);
    const dir = tempDir({ 'refs.bib': bytes, 'draft.md': 'Nothing cited.\n' });
    const before = fs.statSync(path.join(dir, 'refs.bib'));
    const { stderr } = await verbatim(['check', 'draft.md', '--bibliography', 'refs.bib'], dir);
    assert.match(stderr, /bibliography refs\.bib: (not UTF-8 text|binary file)/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'refs.bib')), Buffer.from(bytes));
    assert.equal(fs.statSync(path.join(dir, 'refs.bib')).mtimeMs, before.mtimeMs);
  });
});
