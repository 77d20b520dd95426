import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closePdf, openPdf, readPageItems, usesPatchedPdfjs, type PdfTextItem } from '../../server/src/readers/pdfParser';
import { writePdf, type PdfPage } from '../pdfWriter';

/** Pages that take pdf.js's text loop down its different paths: plain lines, raised runs, gaps and tracking inside a line, text set sideways. */
const PAGES: PdfPage[] = [
  {
    lines: [
      { x: 40, y: 565, text: 'Harbour Report', size: 8 },
      { x: 40, y: 530, text: 'The harbour dues were raised twice', runs: [{ text: '12', size: 6, rise: 4 }, { text: ' in one year.' }] },
      { x: 40, y: 518, text: 'The council’s “fishing” ledger — a record.' },
    ],
  },
  {
    lines: [
      { x: 40, y: 530, text: '', kerned: ['Harbour', -3000, 'dues', -250, 'an', 60, 'd tolls'] },
      { x: 40, y: 518, text: '', kerned: ['T', 80, 'ide', -900, 'tables'] },
      { x: 300, y: 518, text: 'beside' },
    ],
  },
  {
    lines: [
      { x: 20, y: 100, text: 'Stamped in the margin', angle: 90 },
      { x: 400, y: 500, text: 'Turned the other way', angle: 270 },
      { x: 40, y: 530, text: 'And a line as usual.' },
    ],
  },
];

/** pdf.js's own way: a page proxy and a stream of text content per page, its items as Verbatim keeps them. */
async function streamed(document: Awaited<ReturnType<typeof openPdf>>, number: number): Promise<PdfTextItem[]> {
  const page = await document.getPage(number);
  const content = await page.getTextContent();
  return (content.items as PdfTextItem[]).filter((item) => typeof item.str === 'string').map(({ str, transform, width }) => ({ str, transform, width }));
}

test('a range of pages read in one request to pdf.js gives each page the items pdf.js streams for it', async () => {
  assert.ok(await usesPatchedPdfjs(), 'pdf.js is not patched: npm ci applies patches/ (patch-package)');
  const document = await openPdf(new Uint8Array(writePdf({ pages: PAGES })));
  try {
    const all = await readPageItems(document, 1, 3);
    assert.equal(all.length, 3);
    for (const [i, page] of all.entries()) {
      assert.ok('items' in page, 'error' in page ? `page ${i + 1}: ${page.error} (is pdf.js patched? npm ci applies patches/)` : '');
      assert.ok(page.items.length > 0);
      assert.deepEqual(page.items, await streamed(document, i + 1), `page ${i + 1}`);
    }
    assert.deepEqual(await readPageItems(document, 2, 3), all.slice(1));
  } finally {
    await closePdf(document);
  }
});

test('a wide gap inside a line is a space item where the gap begins; the glyphs after it leave it there', async () => {
  const document = await openPdf(new Uint8Array(writePdf({ pages: [PAGES[1]!] })));
  try {
    const [page] = await readPageItems(document, 1, 1);
    assert.ok(page && 'items' in page);
    const line = page.items.filter((item) => item.transform[5] === 530 && item.str !== '');
    assert.deepEqual(
      line.map((item) => item.str),
      ['Harbour', ' ', 'dues and tolls'],
    );
    const [harbour, gap, rest] = line as [PdfTextItem, PdfTextItem, PdfTextItem];
    assert.equal(harbour.transform[4], 40);
    // The gap is 3,000 thousandths of an em at 10 points.
    assert.ok(Math.abs(gap.width - 30) < 1e-9, `gap width ${gap.width}`);
    assert.ok(Math.abs(gap.transform[4]! - (40 + harbour.width)) < 1e-9, `gap at ${gap.transform[4]}, Harbour ends at ${40 + harbour.width}`);
    assert.ok(Math.abs(rest.transform[4]! - (gap.transform[4]! + gap.width)) < 1e-9, `dues at ${rest.transform[4]}`);
  } finally {
    await closePdf(document);
  }
});

test('pages asked for out of order are each their own page (a flat page tree)', async () => {
  const pages: PdfPage[] = Array.from({ length: 12 }, (_, i) => ({ lines: [{ x: 40, y: 530, text: `Page ${i + 1} of the harbour ledger.` }] }));
  const document = await openPdf(new Uint8Array(writePdf({ pages })));
  try {
    for (const [from, to] of [[9, 12], [1, 3], [6, 6], [4, 8]] as const) {
      const read = await readPageItems(document, from, to);
      assert.deepEqual(
        read.map((page) => ('items' in page ? page.items.map((item) => item.str).join('') : page.error)),
        Array.from({ length: to - from + 1 }, (_, i) => `Page ${from + i} of the harbour ledger.`),
      );
    }
  } finally {
    await closePdf(document);
  }
});

test('strings with escapes and a very long string are read as written', async () => {
  const long = Array.from({ length: 1800 }, (_, i) => `w${i}`).join(' ');
  const lines = [
    { x: 40, y: 530, text: 'A (bracketed) aside, a back\\slash, “quotes” and ﬁsh — café.' },
    { x: 40, y: 500, text: long, size: 0.5 },
  ];
  const document = await openPdf(new Uint8Array(writePdf({ pages: [{ lines }], width: 5000 })));
  try {
    const [page] = await readPageItems(document, 1, 1);
    assert.ok(page && 'items' in page);
    const text = page.items.filter((item) => item.str !== '').map((item) => item.str);
    assert.equal(text[0], 'A (bracketed) aside, a back\\slash, “quotes” and fish — café.'); // pdf.js unfolds the ligature
    assert.ok(long.length > 8192);
    assert.equal(text.slice(1).join(''), long);
  } finally {
    await closePdf(document);
  }
});

test('compressed page contents read as the same pages uncompressed; a stream cut short is its page\'s error, as pdf.js\'s own inflating finds it', async () => {
  const pages: PdfPage[] = Array.from({ length: 3 }, (_, p) => ({
    lines: Array.from({ length: 30 }, (_, i) => ({ x: 40, y: 560 - i * 12, text: `Line ${i + 1} of page ${p + 1}: the harbour council met on the pier at noon.` })),
  }));
  const read = async (deflate?: 'whole' | 'cut'): Promise<Array<string[] | string>> => {
    const document = await openPdf(new Uint8Array(writePdf({ pages, ...(deflate ? { deflate } : {}) })));
    try {
      return (await readPageItems(document, 1, 3)).map((page) => ('items' in page ? page.items.map((item) => item.str).filter((str) => str !== '') : page.error));
    } finally {
      await closePdf(document);
    }
  };
  const plain = await read();
  assert.equal(plain[0]!.length, 30);
  assert.deepEqual(await read('whole'), plain);
  assert.deepEqual(await read('cut'), ['Bad encoding in flate stream', 'Bad encoding in flate stream', 'Bad encoding in flate stream']);
});
