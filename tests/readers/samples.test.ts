import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { tokenize } from '../../server/src/core/text/tokenizer';
import { readHtml } from '../../server/src/readers/htmlReader';
import { readPdf } from '../../server/src/readers/pdfReader';
import { isReadFailure } from '../../server/src/readers/sourceReader';
import { REPO, seedText } from '../helpers';

const LIBRARY = path.join(REPO, 'examples', 'library');
const words = (text: string): string => tokenize(text).map((t) => t.norm).join(' ');

/** Every paragraph of a seed article, as words, is a run of words of `text`. */
function assertHoldsArticle(text: string, seed: string): void {
  const all = ` ${words(text)} `;
  for (const paragraph of seedText(seed).split(/\n\s*\n/).filter((p) => p.trim() !== '')) {
    assert.ok(all.includes(` ${words(paragraph)} `), `the extracted text holds: ${paragraph.slice(0, 80)}…`);
  }
}

test('the sample sources are what examples/library/makeSamples.ts makes (deterministic, up to date)', () => {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(LIBRARY, 'makeSamples.ts'), '--check'], { cwd: REPO, stdio: 'pipe' });
});

test('the sample PDF gives back both seed articles word for word, on pages 12 to 15', async () => {
  const result = await readPdf(fs.readFileSync(path.join(LIBRARY, 'karabakh-report.pdf')), DEFAULT_SOURCE_LIMITS);
  assert.ok(!isReadFailure(result));
  assertHoldsArticle(result.text, '001_7824a7d0d4dc771b');
  assertHoldsArticle(result.text, '000_473b4c7a88a0911c');
  assert.deepEqual(result.extracted?.pages?.labels, ['12', '13', '14', '15']);
  assert.ok(!result.text.includes('Voices from Stepanakert'), 'the running head is left out');
  assert.ok(!/^\d+$/m.test(result.text), 'no folio is left in the text');
});

test('the sample HTML page gives back its seed article without the site around it', () => {
  const result = readHtml(fs.readFileSync(path.join(LIBRARY, 'artsakh-rally.html')), DEFAULT_SOURCE_LIMITS);
  assert.ok(!isReadFailure(result));
  assertHoldsArticle(result.text, '000_473b4c7a88a0911c');
  for (const boilerplate of ['Subscribe now', 'Advertisement', 'share it with everyone', '© 2022']) assert.ok(!result.text.includes(boilerplate), boilerplate);
  assert.deepEqual(result.extracted?.fields, {
    title: 'Artsakh Rejects Concessions, Rallies Again',
    author: 'Verbatim Sample Desk',
    outlet: 'Verbatim Sample Press',
    date: '2022-12-26',
    url: 'https://example.org/sample/artsakh-rally',
  });
});
