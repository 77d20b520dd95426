import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO, temporaryFolder } from '../helpers';
import { writePdf } from '../pdfWriter';
import { verbatim } from './runVerbatim';

// `verbatim check` and `verbatim sources` (in process) on a library of a PDF, a web page and the
// bad inputs each format can bring: every bad file skipped with its one reason, nothing else lost.

const SAMPLES = path.join(REPO, 'examples', 'library');

function library(): string {
  const root = temporaryFolder('verbatim-cli-readers-');
  const sources = path.join(root, 'sources');
  fs.mkdirSync(sources);
  for (const name of ['karabakh-report.pdf', 'artsakh-rally.html']) fs.copyFileSync(path.join(SAMPLES, name), path.join(sources, name));
  const pdf = fs.readFileSync(path.join(SAMPLES, 'karabakh-report.pdf'));
  fs.writeFileSync(path.join(sources, 'damaged.pdf'), pdf.subarray(0, 3000));
  fs.writeFileSync(path.join(sources, 'fake.pdf'), 'not a pdf at all');
  fs.writeFileSync(path.join(sources, 'locked.pdf'), writePdf({ pages: [{ lines: [{ x: 40, y: 500, text: 'Secret text.' }] }], encrypted: true }));
  fs.writeFileSync(path.join(sources, 'scan.pdf'), writePdf({ pages: [{ imageOnly: true }, { imageOnly: true }] }));
  fs.writeFileSync(path.join(sources, 'login.html'), '<html><body><form>Sign in <input name="user"></form></body></html>');
  fs.writeFileSync(
    path.join(root, 'draft.md'),
    '# Draft\n\nMoscow sent "Russia deployed 3,000 peacekeeping troops in Karabakh" [@karabakh-report, p. 12].\n\n' +
      'The paper wrote: "It was one of the biggest rallies ever held in Karabakh" [@karabakh-report, pp. 14-15].\n\n' +
      'The minister said "Any statement of compromise made on behalf of the people of Artsakh is rejected" [@artsakh-rally].\n',
  );
  return root;
}

test('verbatim sources lists the PDF and the page, and each bad file with its one reason', async () => {
  const root = library();
  const before = fs.readdirSync(path.join(root, 'sources')).map((name) => fs.readFileSync(path.join(root, 'sources', name)).toString('base64'));
  const { status, stdout } = await verbatim(['sources'], root);
  assert.equal(status, 0);
  assert.match(stdout, /@karabakh-report {2}Karabakh Report: Voices from Stepanakert .* sources\/karabakh-report\.pdf/);
  assert.match(stdout, /@artsakh-rally {2}Artsakh Rejects Concessions, Rallies Again {2}\[Verbatim Sample Press, 2022-12-26, /);
  const skipped = stdout.split('\n').filter((line) => line.startsWith('skipped '));
  assert.deepEqual(skipped, [
    'skipped sources/damaged.pdf: damaged PDF: invalid PDF structure',
    'skipped sources/fake.pdf: not a PDF (no %PDF- header)',
    'skipped sources/locked.pdf: encrypted PDF: it needs a password to be read',
    'skipped sources/login.html: no article text found in the page (Readability found only 2 words)',
    'skipped sources/scan.pdf: scanned or image-only PDF: no text layer on its 2 pages (run OCR on it first)',
  ]);
  assert.match(stdout, /2 sources, 5 skipped/);
  const after = fs.readdirSync(path.join(root, 'sources')).map((name) => fs.readFileSync(path.join(root, 'sources', name)).toString('base64'));
  assert.deepEqual(after, before, 'nothing written to the sources');
});

test('verbatim check reports the misquote of the PDF and the wrong page, with the page in JSON', async () => {
  const root = library();
  const text = await verbatim(['check', 'draft.md'], root);
  assert.equal(text.status, 1);
  assert.deepEqual(text.stdout.trim().split('\n'), [
    'draft.md:3:13: warning misquote: misquote of @karabakh-report: source says "2,000", not "3,000"',
    'draft.md:5:18: warning wrong-page: wrong page for @karabakh-report: the quote is on p. 12, not pp. 14-15',
    '0 errors, 2 warnings, 0 information in 1 file (3 quotes checked against 2 sources)',
  ]);
  const json = JSON.parse((await verbatim(['check', 'draft.md', '--format', 'json'], root)).stdout) as Array<{ code: string; suggestion?: string; source?: { file: string; page?: string; line: number; text: string } }>;
  const wrongPage = json.find((d) => d.code === 'wrong-page')!;
  assert.equal(wrongPage.suggestion, 'p. 12');
  assert.deepEqual({ file: wrongPage.source?.file, page: wrongPage.source?.page, text: wrongPage.source?.text }, {
    file: 'sources/karabakh-report.pdf',
    page: '12',
    text: 'It was one of the biggest rallies ever held in Karabakh',
  });
  assert.equal(json.find((d) => d.code === 'misquote')?.source?.page, '12');
});
