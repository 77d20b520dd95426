import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeDraft } from '../../server/src/core/draft/draftAnalysis';
import { docxDraftText } from '../../server/src/core/draft/docxDraft';
import { readDocx } from '../../server/src/readers/docxReader';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { createLanguageService } from '../../server/src/service/languageService';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { makeDocx } from '../docxWriter';
import { verbatim } from './runVerbatim';
import { APPEAL, RALLY, REPO, SEEDS, TEST_ENV, temporaryFolder } from '../helpers';

const BIN = path.join(REPO, 'bin', 'verbatim.js');

const zotero = (result: string, itemData: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ field: 'zotero', result, items: [{ id: 1, uris: ['http://zotero.org/users/1/items/X'], itemData: { id: 1, type: 'article-journal', ...itemData }, ...extra }] }) as const;
const mendeley = (result: string, itemData: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  ({ field: 'mendeley', result, items: [{ id: 'ITEM-1', itemData: { id: 'ITEM-1', type: 'article', ...itemData }, ...extra }] }) as const;

test('Word paragraphs: runs joined, every body paragraph counted (empty ones too), fields with their items', () => {
  const bytes = makeDocx([
    ['Title of the piece'],
    [],
    ['He said “the people of Artsakh” ', zotero('(Doe 2020, p. 4)', { title: 'A Title', DOI: '10.1/X', 'citation-key': 'doe2020', issued: { 'date-parts': [[2020, 3]] } }, { locator: '4', label: 'page' }), '.'],
    ['And ', mendeley('(Roe, 2019)', { title: 'Other', issued: { 'date-parts': [['2019']] } }, { locator: '2', label: 'chapter' })],
  ]);
  const paragraphs = readDocx(bytes);
  assert.ok(typeof paragraphs !== 'string', String(paragraphs));
  assert.deepEqual(paragraphs.map((p) => p.text), ['Title of the piece', '', 'He said “the people of Artsakh” (Doe 2020, p. 4).', 'And (Roe, 2019)']);
  const [field] = paragraphs[2]!.fields;
  assert.equal(paragraphs[2]!.text.slice(field!.start, field!.end), '(Doe 2020, p. 4)');
  assert.deepEqual(field!.items, [{ citationKey: 'doe2020', doi: '10.1/X', title: 'A Title', year: '2020', locator: '4', label: 'page' }]);
  const analysis = analyzeDraft(docxDraftText(paragraphs, (item) => item.citationKey || item.title), 'docx');
  assert.deepEqual(analysis.citations.flatMap((g) => g.citations.map((c) => `${c.key}|${c.locator}`)), ['doe2020|p. 4', 'Other|chap. 2']);
  assert.deepEqual(analysis.quotations.map((q) => [analysis.text.slice(q.textStart, q.textEnd), q.citation?.citations[0]?.key]), [['the people of Artsakh', 'doe2020']]);
  // Line n of the text is paragraph n.
  assert.equal(analysis.text.split('\n')[2], paragraphs[2]!.text);
});

test('a file that is not a Word document is a reason, not a crash', () => {
  assert.match(String(readDocx(new TextEncoder().encode('plain text'))), /not a Word document/);
});

test('verbatim check paper.docx: Zotero and Mendeley fields found by citation key, DOI, or title and year; findings name the paragraph', () => {
  const dir = temporaryFolder('verbatim-docx-');
  fs.cpSync(SEEDS, path.join(dir, 'sources'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'refs.bib'),
    `@article{${RALLY}, title = {Tens of thousands rally in Stepanakert}, doi = {10.5555/rally}, year = {2022}}\n` +
      `@article{${APPEAL}, title = {Karabakh Armenians Appeal to Russia}, year = {2022}}\n`,
  );
  const docx = makeDocx([
    ['Stepanakert rallies'],
    [],
    // A misquote whose changed word is split over two runs, cited by DOI (another case).
    ['The minister said that “any announcement of compromise made on behalf of the people of Artsakh is rejected” ', zotero('(Azatutyun, 2022)', { title: 'Something else', DOI: '10.5555/RALLY' })],
    // Verbatim, cited by title and year (Mendeley writes no citation key).
    ['Russia deployed “2,000 peacekeeping troops in Karabakh” ', mendeley('(Azatutyun, 2022)', { title: 'Karabakh Armenians appeal to Russia', issued: { 'date-parts': [['2022']] } }, { locator: '1', label: 'page' })],
    // Cited by citation key, typed as Pandoc text in the next paragraph.
    [`It “did not specify those mechanisms” [@${APPEAL}].`],
    ['And “a quotation nobody ever wrote down anywhere at all” ', zotero('(Nobody, 1999)', { title: 'Unknown work', 'citation-key': 'nobody1999' })],
  ], 5);
  fs.writeFileSync(path.join(dir, 'paper.docx'), docx);
  const before = fs.readFileSync(path.join(dir, 'paper.docx'));
  const result = spawnSync(process.execPath, [BIN, 'check', 'paper.docx', '--bibliography', 'refs.bib'], { cwd: dir, encoding: 'utf8', env: TEST_ENV });
  assert.equal(result.status, 1, result.stdout + result.stderr);
  const lines = result.stdout.trimEnd().split('\n');
  assert.match(lines[0]!, /^paper\.docx:3:\d+: warning misquote: .*source says "statement", not "announcement"/);
  assert.match(lines[1]!, /^paper\.docx:6:\d+: error unknown-source: .*nobody1999/);
  assert.equal(lines.length, 3, result.stdout);
  assert.match(lines[2]!, /in 1 file \(3 quotes checked/);
  assert.match(lines[0]!, /@000_473b4c7a88a0911c/, 'the DOI found the entry');
  assert.deepEqual(fs.readFileSync(path.join(dir, 'paper.docx')), before, 'the document is never modified');
  // The report names the same findings.
  const report = spawnSync(process.execPath, [BIN, 'report', 'paper.docx', '--bibliography', 'refs.bib', '--format', 'md'], { cwd: dir, encoding: 'utf8', env: TEST_ENV });
  assert.equal(report.status, 0, report.stderr);
  assert.match(report.stdout, /Misquote/);
  assert.match(report.stdout, /2,000 peacekeeping troops in Karabakh/);
});

test('a wrong page on a Zotero field names the right page and offers no rewrite (the locator is in the field); typed as text, it is rewritten', async () => {
  const dir = temporaryFolder('verbatim-docx-page-');
  fs.mkdirSync(path.join(dir, 'sources'));
  // Pages separated by form feeds, as pdftotext writes them.
  fs.writeFileSync(
    path.join(dir, 'sources', 'harbour.txt'),
    '---\ntitle: Minutes of the harbour committee\n---\nThe first page is about the weather and nothing else at all.\f\nThe second page is about the budget of the town for next year.\f\nThe committee approved the plan on Monday after a long debate about the harbour.\f\n',
  );
  fs.writeFileSync(
    path.join(dir, 'paper.docx'),
    makeDocx([
      ['Harbour'],
      ['The minutes say “the committee approved the plan on Monday” ', zotero('(Minutes 2024, p. 2)', { title: 'Minutes', 'citation-key': 'harbour' }, { locator: '2', label: 'page' }), '.'],
      ['She wrote that “the committee approved the plan on Monday” [@harbour, p. 2].'],
    ]),
  );
  const { status, stdout } = await verbatim(['check', 'paper.docx', '--sources', 'sources', '--format', 'json'], dir);
  assert.equal(status, 1, stdout);
  const findings = JSON.parse(stdout) as Array<{ line: number; code: string; message: string; suggestion?: string }>;
  assert.deepEqual(
    findings.map((f) => [f.line, f.code, f.message, f.suggestion]),
    [
      [2, 'wrong-page', "wrong page for @harbour: the quote is on p. 3, not p. 2 (the citation field's locator: change it in Zotero or Mendeley)", 'p. 3'],
      [3, 'wrong-page', 'wrong page for @harbour: the quote is on p. 3, not p. 2', 'p. 3'],
    ],
  );
  const paragraphs = readDocx(fs.readFileSync(path.join(dir, 'paper.docx')));
  assert.ok(typeof paragraphs !== 'string');
  const text = docxDraftText(paragraphs, (item) => item.citationKey);
  const library = new SourceLibrary();
  library.addText({ uri: 'file:///s/harbour.txt', path: 'sources/harbour.txt', text: fs.readFileSync(path.join(dir, 'sources', 'harbour.txt'), 'utf8') });
  const service = createLanguageService({ library });
  const fixes = (service.computeDiagnostics(TextDocument.create('file:///d/paper.docx', 'docx', 1, text)) ?? []).map((d) => (d.data as VerbatimDiagnosticData).fixes.map((f) => f.newText));
  assert.deepEqual(fixes, [[], ['p. 3']]);
  const report = await verbatim(['report', 'paper.docx', '--sources', 'sources', '--format', 'md'], dir);
  assert.match(report.stdout, /### 1\. ⚠ Wrong page\n\nline 2 · `\(Minutes 2024, p\. 2\)` · source p\. 3\n\nWord for word in @harbour, but not on the cited page \(it is on p\. 3\)\./);
});
