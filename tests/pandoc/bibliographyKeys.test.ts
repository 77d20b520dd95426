/**
 * Differential test of the bibliography readers against Pandoc's citeproc: for a .bib (BibLaTeX and
 * BibTeX), a CSL-JSON and a CSL-YAML file, the keys Verbatim reads must be the keys
 * `pandoc --citeproc` resolves when a draft cites every entry (`nocite: '@*'`). Pandoc puts one
 * `Div` with the id `ref-KEY` into the bibliography for each entry it read.
 *
 * Pandoc must be installed (Debian package `pandoc`); without it these tests fail, they never skip.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { bibliographyFormatOf } from '../../server/src/core/library/bibEntry';
import { readBibliography } from '../../server/src/readers/bibliography/bibliographyReader';
import { REPO, temporaryFolder } from '../helpers';

const FILES = [
  'examples/library/library.bib',
  'tests/fixtures/bibliography/zotero-forms.bib',
  'tests/fixtures/bibliography/library.json',
  'tests/fixtures/bibliography/library.yaml',
];

/** The ids of `ref-…` divs in a Pandoc JSON value, in document order. */
function referenceIds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) referenceIds(item, out);
  } else if (value !== null && typeof value === 'object') {
    const node = value as { t?: string; c?: unknown };
    if (node.t === 'Div' && Array.isArray(node.c)) {
      const id = (node.c[0] as unknown[] | undefined)?.[0];
      if (typeof id === 'string' && id.startsWith('ref-')) out.push(id.slice(4));
    }
    for (const child of Object.values(value)) referenceIds(child, out);
  }
  return out;
}

/** The keys `pandoc --citeproc` resolves from a bibliography, citing everything in it. */
function pandocKeys(bibliography: string): string[] {
  const draft = path.join(temporaryFolder('verbatim-citeproc-'), 'draft.md');
  fs.writeFileSync(draft, "---\nnocite: '@*'\n---\n\nEvery entry.\n");
  const json = execFileSync('pandoc', [draft, '--citeproc', '--bibliography', bibliography, '-t', 'json'], { encoding: 'utf8' });
  return referenceIds(JSON.parse(json));
}

for (const file of FILES) {
  test(`keys of ${file} equal the keys pandoc --citeproc resolves`, () => {
    const full = path.join(REPO, file);
    const verbatim = readBibliography(fs.readFileSync(full, 'utf8'), bibliographyFormatOf(full)!).content.entries.map((e) => e.key);
    const pandoc = pandocKeys(full);
    assert.ok(pandoc.length > 0, `pandoc resolved no key from ${file}`);
    assert.deepEqual([...verbatim].sort(), [...pandoc].sort());
  });
}
