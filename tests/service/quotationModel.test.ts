import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { createLanguageService } from '../../server/src/service/languageService';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { QUOTE_VERDICTS, tallyText, VERDICTS, type QuotationModel } from '../../server/src/service/quotationModel';
import { DEFAULT_SERVICE_SETTINGS } from '../../server/src/service/serviceContext';
import { APPEAL, RALLY, REPO, markedDocument, seedLibrary, seedText } from '../helpers';

const SAMPLE = fs.readFileSync(path.join(REPO, 'examples', 'draft.md'), 'utf8');

function modelOf(text: string, minWords = 4): { model: QuotationModel; service: ReturnType<typeof createLanguageService>; document: TextDocument } {
  const service = createLanguageService({ library: seedLibrary(), settings: () => ({ ...DEFAULT_SERVICE_SETTINGS, minWords }) });
  const document = TextDocument.create('file:///draft.md', 'markdown', 1, text);
  return { model: service.getQuotationModel(document), service, document };
}

describe('the quotation model of the sample draft', () => {
  const { model, service, document } = modelOf(SAMPLE);

  test('lists every quotation in document order with its verdict and why it was not checked', () => {
    const rows = model.quotes.map((q) => [q.index, q.range.start.line + 1, q.verdict, q.reason ?? '']);
    assert.deepEqual(rows, [
      [1, 7, 'verified', ''],
      [2, 11, 'verified', ''],
      [3, 12, 'verified', ''],
      [4, 15, 'misquote', ''],
      [5, 16, 'misquote', ''],
      [6, 19, 'wrong-source', ''],
      [7, 20, 'verified', ''],
      [8, 23, 'not-found', ''],
      [9, 24, 'not-checked', 'unknown-key'],
      [10, 26, 'not-checked', 'too-short'],
      [11, 26, 'unattributed', ''],
      [12, 29, 'verified', ''],
      [13, 34, 'not-checked', 'in-code'],
    ]);
    assert.equal(model.title, 'Karabakh rallies — a sample draft');
    assert.equal(model.quotes[12]!.text, 'a quote in code');
    assert.equal(model.quotes[9]!.text, 'disinformation.');
    assert.match(model.quotes[9]!.explanation, /fewer than 4 words/);
    assert.match(model.quotes[8]!.explanation, /no cited source is in the library/);
  });

  test('counts verdicts; the tally names verified quotes and warnings', () => {
    assert.deepEqual(model.tally, {
      verified: 5,
      misquote: 2,
      'wrong-source': 1,
      'wrong-page': 0,
      'wrong-time': 0,
      'wrong-speaker': 0,
      'not-a-quotation': 0,
      'not-found': 1,
      unattributed: 1,
      'no-full-text': 0,
      'archive-unavailable': 0,
      'not-checked': 3,
    });
    assert.equal(tallyText(model.tally), '✓ 5 · ⚠ 4');
  });

  test('a checked quote carries its citation, source passage and word differences', () => {
    const misquote = model.quotes[4]!;
    assert.deepEqual(misquote.keys, [RALLY]);
    assert.equal(misquote.citationText, `[@${RALLY}, p. 2]`);
    assert.equal(misquote.locator, 'p. 2');
    const passage = misquote.passage!;
    assert.equal(passage.key, RALLY);
    assert.equal(passage.text, 'peace should not come at such a high price');
    assert.equal(seedText(RALLY).slice(passage.start, passage.end), passage.text);
    assert.deepEqual(
      misquote.runs.map((r) => [r.kind, r.sourceText]),
      [['delete', 'not']],
    );
    const wrong = model.quotes[5]!;
    assert.equal(wrong.passage?.key, APPEAL);
    assert.deepEqual(wrong.runs.map((r) => [r.quoteText, r.sourceText]), [['3,000', '2,000']]);
    const verified = model.quotes[0]!;
    assert.equal(verified.runs.length, 0);
    assert.ok(verified.passage && seedText(RALLY).slice(verified.passage.start, verified.passage.end) === verified.passage.text);
    for (const quote of model.quotes.filter((q) => q.verdict === 'not-checked' || q.verdict === 'not-found')) {
      assert.equal(quote.passage, undefined, `quote ${quote.index} has no passage`);
    }
  });

  test('diagnostics are a view of the model: one per quote whose verdict has a code, same range and code', () => {
    const diagnostics = service.computeDiagnostics(document) ?? [];
    const quoteDiagnostics = diagnostics.filter((d) => (d.data as VerbatimDiagnosticData).code !== 'unknown-source');
    const expected = model.quotes.filter((q) => VERDICTS[q.verdict].code !== undefined);
    assert.deepEqual(
      quoteDiagnostics.map((d) => [d.range, d.code]),
      expected.map((q) => [q.range, VERDICTS[q.verdict].code]),
    );
    assert.deepEqual(
      diagnostics.filter((d) => d.code === 'unknown-source').map((d) => (d.data as VerbatimDiagnosticData).key),
      model.unknownKeys.map((c) => c.key),
    );
  });

  test('the same document model gives the same quotation model (built once)', () => {
    assert.equal(service.getQuotationModel(document), model);
  });
});

describe('the quotation model on small drafts', () => {
  test('a higher minimum makes a checked quote "too short"', () => {
    const { model } = modelOf(`"Any statement of compromise made on behalf" [@${RALLY}]`, 10);
    assert.deepEqual(model.quotes.map((q) => [q.verdict, q.reason]), [['not-checked', 'too-short']]);
    assert.match(model.quotes[0]!.explanation, /fewer than 10 words/);
  });

  test('an uncited quote no source has is not checked, and says why', () => {
    const { model } = modelOf('She said "nothing of the sort happened in this town today".');
    assert.deepEqual(model.quotes.map((q) => [q.verdict, q.reason]), [['not-checked', 'uncited']]);
    assert.match(model.quotes[0]!.explanation, /no citation, and no source has these words/);
  });

  test('quote marks in a code span are listed as not checked; in a link destination they are not quotes at all', () => {
    const { model } = modelOf('Run `grep "any statement of compromise" file` or see [the log](<"a b c d">).');
    assert.deepEqual(model.quotes.map((q) => [q.kind, q.reason, q.text]), [['code', 'in-code', 'any statement of compromise']]);
  });

  test('every verdict has a title and a mark, and codes only where a diagnostic is raised', () => {
    for (const verdict of QUOTE_VERDICTS) {
      assert.ok(VERDICTS[verdict].title !== '' && VERDICTS[verdict].mark !== '', verdict);
    }
    assert.equal(VERDICTS.verified.code, undefined);
    assert.equal(VERDICTS['not-checked'].code, undefined);
  });

  test('hover on a quote in code says it was not checked', () => {
    const service = createLanguageService({ library: seedLibrary() });
    const { document, offset } = markedDocument('Code: `"a |quote in code"`.');
    const hover = service.getHover(document, document.positionAt(offset));
    assert.match((hover?.contents as { value: string }).value, /not checked \(in code, not a quotation\)/);
  });
});

describe('the quotation model with a paged source', () => {
  const library = new SourceLibrary();
  // Form feeds end pages, as pdftotext writes them: pages 1, 2, 3.
  library.addText({
    uri: 'file:///lib/minutes.txt',
    path: 'lib/minutes.txt',
    text: 'The council met at noon to discuss the budget.\fThe mayor said the harbour needs new lights before winter.\fThe meeting closed with a vote on the ferry timetable.\n',
  });
  const service = createLanguageService({ library });
  const modelFor = (draft: string): QuotationModel => {
    const document = TextDocument.create('file:///paged.md', 'markdown', 1, draft);
    return service.getQuotationModel(document);
  };

  test('a verified quote knows its page; on the cited page it stays verified and the hint names the page', () => {
    const draft = '"the harbour needs new lights before winter" [@minutes, p. 2]';
    const model = modelFor(draft);
    assert.deepEqual(model.quotes.map((q) => [q.verdict, q.passage?.pages, q.passage?.pageLabel]), [['verified', ['2'], 'p. 2']]);
    const document = TextDocument.create('file:///paged.md', 'markdown', 1, draft);
    assert.deepEqual(service.getInlayHints(document).map((h) => h.label), ['✓ @minutes, p. 2']);
  });

  test('word for word on another page than cited is the verdict wrong-page, with one wrong-page diagnostic and no hint', () => {
    const draft = '"the harbour needs new lights before winter" [@minutes, p. 3]';
    const model = modelFor(draft);
    assert.deepEqual(model.quotes.map((q) => [q.verdict, q.wrongLocator?.found]), [['wrong-page', ['2']]]);
    assert.match(model.quotes[0]!.explanation, /not on the cited page \(it is on p\. 2\)/);
    const document = TextDocument.create('file:///paged.md', 'markdown', 1, draft);
    assert.deepEqual((service.computeDiagnostics(document) ?? []).map((d) => d.code), ['wrong-page']);
    assert.deepEqual(service.getInlayHints(document), []);
    assert.equal(model.tally['wrong-page'], 1);
    assert.equal(tallyText(model.tally), '✓ 0 · ⚠ 1');
  });

  test('a misquote on the wrong page stays a misquote and carries the wrong page too', () => {
    const draft = '"the harbour needs new boats before winter" [@minutes, p. 3]';
    const model = modelFor(draft);
    assert.deepEqual(model.quotes.map((q) => [q.verdict, q.wrongLocator?.found]), [['misquote', ['2']]]);
    const document = TextDocument.create('file:///paged.md', 'markdown', 1, draft);
    assert.deepEqual((service.computeDiagnostics(document) ?? []).map((d) => d.code).sort(), ['misquote', 'wrong-page']);
  });
});
