import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { readPdf } from '../../server/src/readers/pdfReader';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { isReadFailure } from '../../server/src/readers/sourceReader';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { createLanguageService, type LanguageService } from '../../server/src/service/languageService';
import { PAGE_SCHEME, pageDocumentUri, parsePageDocumentUri } from '../../protocol/src/uriSchemes';
import { writePdf } from '../pdfWriter';

let service: LanguageService;

before(async () => {
  const library = new SourceLibrary();
  // A text with form feeds, as pdftotext and Zotero caches write them: pages 1, 2, 3.
  library.addText({
    uri: 'file:///lib/minutes.txt',
    path: 'lib/minutes.txt',
    text: 'The council met at noon to discuss the budget.\fThe mayor said the harbour needs new lights before winter.\fThe meeting closed with a vote on the ferry timetable.\fComments will be available in the docket shortly after receipt.\fA late item on the harbour lights.\fComments will be available in the docket shortly after receipt.\n',
  });
  const pdf = await readPdf(
    writePdf({
      labels: [{ start: 0, style: 'D', first: 12 }],
      pages: [
        { lines: [{ x: 40, y: 500, text: 'The harbour master said on Tuesday that the port would reopen to fishing boats.' }] },
        { lines: [{ x: 40, y: 500, text: 'Fishermen who had waited in the bay for four days welcomed the news and the' }] },
        { lines: [{ x: 40, y: 500, text: 'repairs to the northern pier will take at least six weeks, the engineers said.' }] },
      ],
    }),
    DEFAULT_SOURCE_LIMITS,
  );
  assert.ok(!isReadFailure(pdf));
  library.addText({ uri: 'file:///lib/report.pdf', path: 'lib/report.pdf', text: pdf.text, extracted: pdf.extracted! });
  service = createLanguageService({ library });
});

function check(draft: string): { document: TextDocument; diagnostics: ReturnType<LanguageService['computeDiagnostics']> & object } {
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, draft);
  return { document, diagnostics: service.computeDiagnostics(document) ?? [] };
}

function codes(draft: string): string[] {
  return check(draft).diagnostics.map((d) => String(d.code));
}

/** The draft after applying the wrong-page diagnostic's fix. */
function fixed(draft: string): string {
  const { document, diagnostics } = check(draft);
  const diagnostic = diagnostics.find((d) => d.code === 'wrong-page');
  assert.ok(diagnostic, `a wrong-page diagnostic in ${draft}`);
  const fix = (diagnostic.data as VerbatimDiagnosticData).fixes[0]!;
  return TextDocument.applyEdits(document, [{ range: fix.range, newText: fix.newText }]);
}

test('a quote on the cited page of a PDF is fine; on another page it is a wrong-page warning', () => {
  assert.deepEqual(codes('"the port would reopen to fishing boats" [@report, p. 12]'), []);
  const { diagnostics } = check('"the port would reopen to fishing boats" [@report, p. 14]');
  assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.message]), [
    ['wrong-page', 2, 'wrong page for @report: the quote is on p. 12, not p. 14'],
  ]);
  assert.equal(diagnostics[0]!.range.start.character, 0, 'the range is the quote');
  assert.match(diagnostics[0]!.relatedInformation![0]!.message, /on p\. 12 of @report/);
});

test('words a source prints on two pages are on either: citing the second copy is no wrong page', () => {
  assert.deepEqual(codes('"Comments will be available in the docket shortly after receipt" [@minutes, p. 4]'), []);
  assert.deepEqual(codes('"Comments will be available in the docket shortly after receipt" [@minutes, p. 6]'), []);
  const { diagnostics } = check('"Comments will be available in the docket shortly after receipt" [@minutes, p. 5]');
  assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['wrong-page', 'wrong page for @minutes: the quote is on p. 4, not p. 5']]);
});

test('the fix rewrites the locator in the writer\'s style and the warning goes away', () => {
  for (const [draft, expected] of [
    ['"the port would reopen to fishing boats" [@report, p. 14]', '"the port would reopen to fishing boats" [@report, p. 12]'],
    ['"the port would reopen to fishing boats" [@report, page 14, emphasis added]', '"the port would reopen to fishing boats" [@report, page 12, emphasis added]'],
    ['"the port would reopen to fishing boats" [@report, 13]', '"the port would reopen to fishing boats" [@report, 12]'],
    ['"the port would reopen to fishing boats" [see @report, pp. 13–14; @minutes]', '"the port would reopen to fishing boats" [see @report, p. 12; @minutes]'],
    ['As @report [p. 14] put it, "the port would reopen to fishing boats".', 'As @report [p. 12] put it, "the port would reopen to fishing boats".'],
    ['"welcomed the news and the repairs to the northern pier" [@report, p. 12]', '"welcomed the news and the repairs to the northern pier" [@report, pp. 13–14]'],
  ] as const) {
    const after = fixed(draft);
    assert.equal(after, expected);
    assert.deepEqual(codes(after), [], after);
  }
});

test('a range or a spread that includes the page is fine', () => {
  assert.deepEqual(codes('"welcomed the news and the repairs to the northern pier" [@report, p. 13]'), []);
  assert.deepEqual(codes('"at least six weeks" and "the port would reopen to fishing boats" [@report, pp. 12–14]'), []);
  assert.deepEqual(codes('"the port would reopen to fishing boats" [@report, p. 11ff]'), []);
});

test('a misquote on the wrong page gets both warnings', () => {
  assert.deepEqual(codes('"the port would reopen to sailing boats" [@report, p. 13]'), ['misquote', 'wrong-page']);
});

test('other locators, no locator, and sources without pages are not page-checked', () => {
  assert.deepEqual(codes('"the port would reopen to fishing boats" [@report, chap. 3]'), []);
  assert.deepEqual(codes('"the port would reopen to fishing boats" [@report]'), []);
});

test('form feeds in a text source are pages too', () => {
  assert.deepEqual(codes('"the harbour needs new lights before winter" [@minutes, p. 2]'), []);
  const { diagnostics } = check('"the harbour needs new lights before winter" [@minutes, p. 3]');
  assert.deepEqual(diagnostics.map((d) => d.message), ['wrong page for @minutes: the quote is on p. 2, not p. 3']);
});

test('hovering a quote of a paged source names its page', () => {
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, '"the port would reopen to fishing boats" [@report, p. 12]');
  const hover = service.getHover(document, document.positionAt(5));
  const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
  assert.match(value, /\*, p\. 12\n/);
});

test('page document URIs name the PDF and page however a client re-encodes them', () => {
  const ref = { source: 'file:///home/ann/My%20Library/report%20%231.pdf', page: 2, label: 'xiv' };
  const uri = pageDocumentUri(ref);
  assert.ok(uri.startsWith(`${PAGE_SCHEME}:/report%20%231.pdf%2C%20p.%20xiv?`), uri);
  assert.deepEqual(parsePageDocumentUri(uri), ref);
  // VS Code's Uri.toString() decodes the query once and encodes it again its own way.
  const query = decodeURIComponent(uri.slice(uri.indexOf('?') + 1));
  assert.deepEqual(parsePageDocumentUri(`${PAGE_SCHEME}:/x?${encodeURIComponent(query).replace(/%7B/g, '%7b')}`), ref);
  assert.equal(parsePageDocumentUri('file:///report.pdf'), undefined);
  assert.equal(parsePageDocumentUri(`${PAGE_SCHEME}:/x?not-json`), undefined);
});

test('a quote that runs across a page break past a footnote is verified on both pages, and the note on its own', async () => {
  const library = new SourceLibrary();
  const pdf = await readPdf(
    writePdf({
      pages: [
        {
          lines: [
            { x: 40, y: 500, text: 'The harbour master opened the meeting at nine. He thanked the crews who had' },
            { x: 40, y: 488, text: 'worked through the night to save the boats that' },
            { x: 40, y: 80, text: '1 The harbour’s own records of the storm are kept in the council archive.', size: 8 },
          ],
        },
        { lines: [{ x: 40, y: 500, text: 'were still moored at the northern pier when the wind turned.' }] },
      ],
    }),
    DEFAULT_SOURCE_LIMITS,
  );
  assert.ok(!isReadFailure(pdf));
  library.addText({ uri: 'file:///lib/storm.pdf', path: 'lib/storm.pdf', text: pdf.text, extracted: pdf.extracted! });
  const storm = createLanguageService({ library });
  const codesOf = (draft: string): string[] => (storm.computeDiagnostics(TextDocument.create('file:///d.md', 'markdown', 1, draft)) ?? []).map((d) => String(d.code));
  assert.deepEqual(codesOf('"to save the boats that were still moored at the northern pier" [@storm, pp. 1–2]'), []);
  assert.deepEqual(codesOf('"to save the boats that were still moored at the northern pier" [@storm, p. 3]'), ['wrong-page'], 'the quote is checked');
  assert.deepEqual(codesOf('"records of the storm are kept in the council archive" [@storm, p. 1]'), []);
  assert.deepEqual(codesOf('"records of the storm are kept in the council archive" [@storm, p. 2]'), ['wrong-page']);
});
