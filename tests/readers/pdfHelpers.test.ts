import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { PARALLEL_MIN_PAGES, readPages } from '../../server/src/readers/pdfHelpers';
import { closePdf, openPdf, PDF_HELPER, PDF_HELPER_FILE, readPageItems } from '../../server/src/readers/pdfParser';
import { readPdf } from '../../server/src/readers/pdfReader';
import { isReadFailure } from '../../server/src/readers/sourceReader';
import { wrapText, writePdf, type PdfPage } from '../pdfWriter';
import { temporaryFolder } from '../helpers';

const WORDS = 'harbour pier storm council fishing boat captain inspection northern southern tide ledger clerk dues cargo crane'.split(' ');

/** A long report: roman front matter, arabic body, two columns on some pages, a scanned page, running heads. */
function longReport(pages: number): Uint8Array {
  const out: PdfPage[] = [];
  for (let p = 0; p < pages; p++) {
    if (p === 17) {
      out.push({ imageOnly: true });
      continue;
    }
    const words = Array.from({ length: 160 }, (_, i) => WORDS[(i * 7 + p * 3) % WORDS.length]).join(' ');
    const sentence = `Page ${p + 1} of the report says that ${words}, and the inspec-`;
    const lines = wrapText(`${sentence} tion goes on.`, p % 5 === 0 ? 150 : 330, 10);
    out.push({
      lines: [
        { x: 40, y: 565, text: 'Harbour Report — Coastal Authority', size: 8 },
        ...lines.map((text, i) => ({ x: p % 5 === 0 && i >= lines.length / 2 ? 220 : 40, y: 530 - (i % Math.ceil(p % 5 === 0 ? lines.length / 2 : lines.length)) * 12, text })),
        { x: 205, y: 25, text: String(p + 1), size: 8 },
      ],
    });
  }
  return writePdf({ pages: out, labels: [{ start: 0, style: 'r', first: 1 }, { start: 4, style: 'D', first: 1 }], title: 'Harbour Report' });
}

test('a long PDF reads the same with helper threads as in one thread', async () => {
  const bytes = longReport(PARALLEL_MIN_PAGES + 20);
  const alone = await readPdf(bytes, DEFAULT_SOURCE_LIMITS, { helpers: 0 });
  assert.ok(!isReadFailure(alone), isReadFailure(alone) ? alone.reason : '');
  assert.equal(alone.extracted?.pages?.labels.length, PARALLEL_MIN_PAGES + 20);
  assert.deepEqual(alone.extracted?.warnings, ['no text on page 14 (scanned?)']);
  for (let run = 0; run < 2; run++) assert.deepEqual(await readPdf(bytes, DEFAULT_SOURCE_LIMITS, { helpers: 2 }), alone);
  // PDFs read at the same time share the helpers.
  const other = longReport(PARALLEL_MIN_PAGES);
  const otherAlone = await readPdf(other, DEFAULT_SOURCE_LIMITS, { helpers: 0 });
  const [both, otherBoth] = await Promise.all([readPdf(bytes, DEFAULT_SOURCE_LIMITS, { helpers: 2 }), readPdf(other, DEFAULT_SOURCE_LIMITS, { helpers: 2 })]);
  assert.deepEqual(both, alone);
  assert.deepEqual(otherBoth, otherAlone);
});

test('helper threads read the chunks the reading thread does not, as it would read them', async () => {
  const bytes = longReport(PARALLEL_MIN_PAGES);
  const document = await openPdf(new Uint8Array(bytes));
  try {
    const here = await readPageItems(document, 1, document.numPages);
    const asked: Array<[number, number]> = [];
    // This thread reads slowly, so the helper, once it has the document, takes chunks too.
    const pages = await readPages(bytes, document.numPages, {
      readHere: async (from, to) => {
        asked.push([from, to]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return readPageItems(document, from, to);
      },
      script: PDF_HELPER_FILE,
      key: PDF_HELPER,
      helpers: 1,
    });
    assert.deepEqual(pages, here);
    const readHere = asked.reduce((n, [from, to]) => n + to - from + 1, 0);
    assert.ok(readHere < document.numPages, `the helper read no page (${readHere} of ${document.numPages} read here)`);
  } finally {
    await closePdf(document);
  }
});

test('a helper that cannot start holds nothing up: the reading thread reads every page', async () => {
  // A helper script that does not exist: the helper fails to start, and this thread reads every chunk.
  const script = path.join(temporaryFolder('verbatim-pdf-helpers-'), 'missing-helper.js');
  const asked: Array<[number, number]> = [];
  const pages = await readPages(new Uint8Array(16), 100, {
    readHere: async (from, to) => {
      asked.push([from, to]);
      return Array.from({ length: to - from + 1 }, (_, i) => ({ items: [{ str: `page ${from + i}`, transform: [1, 0, 0, 1, 0, 0], width: 10 }] }));
    },
    script,
    key: PDF_HELPER,
    helpers: 1,
  });
  assert.deepEqual(pages.map((page) => ('items' in page ? page.items[0]!.str : page.error)), Array.from({ length: 100 }, (_, i) => `page ${i + 1}`));
  assert.equal(asked.reduce((n, [from, to]) => n + to - from + 1, 0), 100);
});
