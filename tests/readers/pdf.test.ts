import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pageLabelsOf } from '../../server/src/core/library/pages';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { loadLibrary } from '../../server/src/library/libraryOpener';
import { readPdf } from '../../server/src/readers/pdfReader';
import { isReadFailure, type ReadSource } from '../../server/src/readers/sourceReader';
import { wrapText, writePdf, type PdfLine, type PdfPage, type PdfSpec } from '../pdfWriter';
import { temporaryFolder } from '../helpers';

/** A page with a running head, a folio at the foot, and `body` set from the top at 12-point leading. */
function page(folio: string, body: readonly string[], head = 'Harbour Report 2023 — Coastal Authority'): PdfPage {
  const lines: PdfLine[] = [
    { x: 40, y: 565, text: head, size: 8 },
    ...body.map((text, i) => ({ x: 40, y: 530 - i * 12, text })),
    { x: 205, y: 25, text: folio, size: 8 },
  ];
  return { lines };
}

async function read(spec: PdfSpec): Promise<ReadSource> {
  const result = await readPdf(writePdf(spec), DEFAULT_SOURCE_LIMITS);
  assert.ok(!isReadFailure(result), isReadFailure(result) ? result.reason : '');
  return result;
}

async function reason(bytes: Uint8Array): Promise<string> {
  const result = await readPdf(bytes, DEFAULT_SOURCE_LIMITS);
  assert.ok(isReadFailure(result), 'refused');
  return result.reason;
}

const REPORT: PdfSpec = {
  title: 'Harbour Report',
  author: 'Mara Quint',
  labels: [{ start: 0, style: 'D', first: 12 }],
  pages: [
    page('12', [
      'The harbour master said on Tuesday that the port would re-',
      'open to fishing boats after the storm had damaged two piers.',
      'The peace-loving town of Nagorno-',
      'Karabakh was not damaged at all.',
    ]),
    page('13', [
      'Fishermen who had waited in the bay for four days wel-',
      'comed the news, and a well-',
      'known captain said the \ufb01shing \ufb02eet was safe, a peace-',
      'loving crowd cheered, and the inspec-',
    ]),
    page('14', ['tion of the northern pier will take at least six weeks.', 'The council meets on Friday.']),
  ],
};

test('a PDF gives its text page by page, labelled with printed folios from 12', async () => {
  const { text, extracted } = await read(REPORT);
  assert.deepEqual(extracted?.pages?.labels, ['12', '13', '14']);
  const starts = extracted!.pages!.starts;
  assert.ok(text.slice(starts[0], starts[1]).includes('The harbour master said'));
  assert.ok(text.slice(starts[1], starts[2]).startsWith('Fishermen who had waited'));
  assert.deepEqual(pageLabelsOf(extracted!.pages!, text.indexOf('six weeks'), text.indexOf('six weeks') + 9), ['14']);
  assert.deepEqual(extracted?.fields, { title: 'Harbour Report', author: 'Mara Quint' });
});

test('running heads and folios repeated on every page are left out', async () => {
  const { text } = await read(REPORT);
  assert.ok(!text.includes('Harbour Report 2023'), text);
  assert.ok(!/^\s*1[234]\s*$/m.test(text), text);
});

test('line-end hyphens are joined, real compounds keep theirs, also across pages', async () => {
  const { text, extracted } = await read(REPORT);
  assert.match(text, /the port would reopen\nto fishing boats/);
  assert.match(text, /four days welcomed\nthe news/);
  assert.match(text, /and a well-known\ncaptain/, 'a compound word-former keeps its hyphen');
  assert.match(text, /a peace-loving\ncrowd/, 'a compound the document writes elsewhere keeps its hyphen');
  assert.match(text, /Nagorno-Karabakh\nwas not/, 'a capitalised second part keeps its hyphen');
  assert.match(text, /the inspection\n/, 'a word broken across a page break is joined on the first page');
  assert.deepEqual(pageLabelsOf(extracted!.pages!, text.indexOf('inspection'), text.indexOf('inspection') + 10), ['13']);
});

test('ligatures are expanded', async () => {
  const { text } = await read(REPORT);
  assert.match(text, /the fishing fleet was safe/);
  assert.ok(!/[\ufb00-\ufb06]/.test(text));
});

test('a two-column page is read left column first, under its full-width title', async () => {
  const left = wrapText('The left column starts the story of the harbour and tells how the storm broke two piers in the night while the boats were out at sea.', 150, 10);
  const right = wrapText('The right column continues with the repairs, which the council will pay for after the inspection of the northern pier next month.', 150, 10);
  const lines: PdfLine[] = [{ x: 40, y: 560, text: 'A Two Column Page About the Harbour Storm and Its Repairs', size: 12 }];
  left.forEach((text, i) => lines.push({ x: 40, y: 520 - i * 12, text }));
  right.forEach((text, i) => lines.push({ x: 225, y: 520 - i * 12, text }));
  const { text } = await read({ pages: [{ lines }] });
  const order = ['A Two Column Page', 'The left column starts', 'were out at sea.', 'The right column continues', 'next month.'].map((s) => text.indexOf(s));
  assert.ok(order.every((at) => at >= 0), text);
  assert.deepEqual([...order].sort((a, b) => a - b), order, text);
});

test('page labels follow the PDF: roman front matter, then arabic; none gives page numbers', async () => {
  const { extracted } = await read({
    labels: [{ start: 0, style: 'r', first: 1 }, { start: 2, style: 'D', first: 1 }],
    pages: ['Preface text here.', 'More preface.', 'Chapter one begins.'].map((t) => ({ lines: [{ x: 40, y: 500, text: t }] })),
  });
  assert.deepEqual(extracted?.pages?.labels, ['i', 'ii', '1']);
  const plain = await read({ pages: ['First page.', 'Second page.'].map((t) => ({ lines: [{ x: 40, y: 500, text: t }] })) });
  assert.deepEqual(plain.extracted?.pages?.labels, ['1', '2']);
});

test('bad PDFs are refused with one clear reason each', async () => {
  assert.match(await reason(writePdf({ ...REPORT, encrypted: true })), /^encrypted PDF: it needs a password/);
  assert.match(await reason(writePdf({ pages: [{ imageOnly: true }, { imageOnly: true }] })), /^scanned or image-only PDF: no text layer on its 2 pages/);
  const whole = writePdf(REPORT);
  assert.match(await reason(whole.subarray(0, 400)), /^damaged PDF/);
  assert.match(await reason(new TextEncoder().encode('<html>not a pdf</html>')), /^not a PDF/);
  assert.match(await reason(new Uint8Array(0)), /^not a PDF/);
});

test('a PDF with some scanned pages keeps its text and warns about the others', async () => {
  const { text, extracted } = await read({ labels: [{ start: 0, style: 'D', first: 5 }], pages: [{ lines: [{ x: 40, y: 500, text: 'Only this page has text.' }] }, { imageOnly: true }] });
  assert.match(text, /Only this page has text/);
  assert.deepEqual(extracted?.warnings, ['no text on page 6 (scanned?)']);
});

test('PDFs join the library, keep their pages through a restart, and bad ones are skipped', async () => {
  const root = temporaryFolder('verbatim-pdf-');
  const sources = path.join(root, 'sources');
  fs.mkdirSync(sources);
  fs.writeFileSync(path.join(sources, 'report.pdf'), writePdf(REPORT));
  fs.writeFileSync(path.join(sources, 'locked.pdf'), writePdf({ ...REPORT, encrypted: true }));
  fs.writeFileSync(path.join(sources, 'scan.pdf'), writePdf({ pages: [{ imageOnly: true }] }));
  fs.writeFileSync(path.join(sources, 'broken.pdf'), writePdf(REPORT).subarray(0, 500));
  const before = fs.readdirSync(sources).map((name) => fs.readFileSync(path.join(sources, name)).toString('base64'));
  const cache = path.join(root, 'cache');
  const first = await loadLibrary([sources], { cacheDir: cache, base: root });
  const second = await loadLibrary([sources], { cacheDir: cache, base: root });
  assert.deepEqual([second.read, second.fromCache], [0, 1], 'a restart extracts nothing unchanged');
  for (const { library } of [first, second]) {
    const report = library.get('report')!.source;
    assert.equal(report.format, 'pdf');
    assert.deepEqual(report.pages?.labels, ['12', '13', '14']);
    assert.equal(report.meta.title, 'Harbour Report');
    assert.deepEqual(
      library.skipped().map((s) => [s.path, s.reason.split(':')[0]]),
      [
        ['sources/broken.pdf', 'damaged PDF'],
        ['sources/locked.pdf', 'encrypted PDF'],
        ['sources/scan.pdf', 'scanned or image-only PDF'],
      ],
    );
  }
  assert.deepEqual(fs.readdirSync(sources).map((name) => fs.readFileSync(path.join(sources, name)).toString('base64')), before, 'nothing written to sources');
});

test('a junk metadata title gives way to the first page’s largest text', async () => {
  const body = wrapText('The harbour master said on Tuesday that the port would reopen to fishing boats after the storm had damaged two piers, and the fishermen cheered the news.', 330, 10);
  const titled = (title: string | undefined): PdfSpec => ({
    ...(title !== undefined ? { title } : {}),
    pages: [
      {
        lines: [
          { x: 40, y: 560, text: 'Working paper 12', size: 8 },
          { x: 40, y: 520, text: 'Storms and Small Harbours: Reopening', size: 18 },
          { x: 40, y: 498, text: 'the Coastal Fishing Ports', size: 18 },
          { x: 40, y: 470, text: 'Mara Quint', size: 11 },
          ...body.map((text, i) => ({ x: 40, y: 440 - i * 12, text, size: 10 })),
          { x: 205, y: 25, text: '1', size: 10 },
        ],
      },
    ],
  });
  const title = async (spec: PdfSpec): Promise<string | undefined> => (await read(spec)).extracted?.fields?.['title'];
  const junks = ['Microsoft Word - harbours.doc', 'harbours.dvi', 'Introduction', '1 Introduction', 'untitled', 'paper_final_v2', 'Report III_Appendix A_Harbours_1-2', 'sec.gov/Archives/edgar/data/1704287/harbours', undefined];
  for (const junk of junks) {
    assert.equal(await title(titled(junk)), 'Storms and Small Harbours: Reopening the Coastal Fishing Ports', String(junk));
  }
  // A real metadata title stays.
  assert.equal(await title(titled('Storms and small harbours')), 'Storms and small harbours');
  // A page whose text is all one size has no title to take.
  assert.equal(await title({ title: 'Microsoft Word - x.doc', pages: [{ lines: body.map((text, i) => ({ x: 40, y: 440 - i * 12, text, size: 10 })) }] }), undefined);
});

test('a line-end hyphen before a capital goes where the document writes the name joined', async () => {
  const { text } = await read({
    pages: [
      page('1', [
        'The port authority rewrote its booking site in Java-',
        'Script last winter, and the new JavaScript code runs on',
        'every terminal of the harbour, from Nagorno-',
        'Karabakh Street to the northern pier and the ferries.',
      ]),
    ],
  });
  assert.match(text, /booking site in JavaScript\nlast winter/);
  assert.match(text, /from Nagorno-Karabakh\nStreet/);
});

/** Lines of `text` wrapped to `width` and set from `top` down at `x`, 12-point leading. */
function column(x: number, top: number, text: string, width = 150, size = 10): PdfLine[] {
  return wrapText(text, width, size).map((line, i) => ({ x, y: top - i * 12, text: line, size }));
}

/** Asserts every marker is in `text`, in the order given. */
function assertOrder(text: string, markers: readonly string[]): void {
  const at = markers.map((m) => text.indexOf(m));
  markers.forEach((m, i) => assert.ok(at[i]! >= 0, `${m} missing from:\n${text}`));
  for (let i = 1; i < at.length; i++) assert.ok(at[i - 1]! < at[i]!, `${markers[i - 1]} should come before ${markers[i]} in:\n${text}`);
}

const STORY = [
  'Alpha starts the first column with the storm that broke over the harbour in the night, when the boats were still out at sea and the wind turned.',
  'Bravo starts the second column with the morning after, when the harbour master counted the boats that had come home and the two piers that had not.',
  'Charlie starts the third column with the council, which met on Friday to decide who would pay for the repairs and how long the port would stay shut.',
];

test('a three-column page is read column by column, left to right', async () => {
  const lines: PdfLine[] = [{ x: 40, y: 740, text: 'The Harbour Notice of the Coastal Authority, Issued in the Winter', size: 14 }];
  STORY.forEach((text, c) => lines.push(...column(40 + c * 180, 700, text, 160)));
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assertOrder(text, ['The Harbour Notice', 'Alpha starts', 'the wind turned.', 'Bravo starts', 'had not.', 'Charlie starts', 'stay shut.']);
});

test('a full-width block above two columns does not hide the gutter, even where paragraphs break at the same height', async () => {
  // A listing as long as the columns: most of the page's lines cross the gutter.
  const listing = ['Listing 1: the harbour schedule, set full width above both columns of the page and as long as they are'];
  for (let i = 1; i <= 7; i++) listing.push(`    berth ${i}: the boats that come in on the morning tide, then the ferries, then the cargo ships of the day`);
  const lines: PdfLine[] = listing.map((text, i) => ({ x: 40, y: 760 - i * 12, text }));
  // Both columns have a paragraph break at the same height: no cut into rows.
  lines.push(...column(40, 640, 'Left one opens the left column with a paragraph of four lines or so about the storm and the boats and the harbour.', 240));
  lines.push(...column(40, 580, 'Left two closes the left column with a second paragraph that tells of the piers, the cranes and the repairs.', 240));
  lines.push(...column(300, 640, 'Right one opens the right column with the council and its meeting on Friday, and the money the port will need.', 240));
  lines.push(...column(300, 580, 'Right two closes the right column with the date the port reopens to the fishing boats of the whole coast.', 240));
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assertOrder(text, ['Listing 1: the harbour', 'berth 7: the boats', 'Left one opens', 'Left two closes', 'Right one opens', 'Right two closes']);
});

test('a full-width caption between two column regions is read between them', async () => {
  const lines: PdfLine[] = [
    ...column(40, 740, 'Upper left tells of the storm that broke over the harbour in the night.', 240),
    ...column(300, 740, 'Upper right tells of the boats that came home in the morning after it.', 240),
    ...column(40, 660, 'Figure 1: A full-width caption under a figure that spans both columns of the page, read after the text above it.', 530, 9),
    ...column(40, 600, 'Lower left tells of the piers that the storm broke and of their repair.', 240),
    ...column(300, 600, 'Lower right tells of the council that will pay for all the repairs.', 240),
  ];
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assertOrder(text, ['Upper left', 'Upper right', 'Figure 1: A full-width caption', 'Lower left', 'Lower right']);
});

test('sub-figures inside a column are not a gutter: the column is read whole, then the next', async () => {
  const lines: PdfLine[] = [
    ...column(40, 740, 'Left above begins the left column and runs for a few lines above the figure of the two harbours.', 240),
    // Two sub-figures side by side in the left column, their labels apart.
    { x: 60, y: 650, text: '(a) Harbour before', size: 8 },
    { x: 180, y: 650, text: '(b) Harbour after', size: 8 },
    ...column(40, 630, 'Figure 2: The harbour before and after the storm, two sub-figures inside one column.', 240, 9),
    ...column(40, 590, 'Left below carries on in the left column under the figure and ends it with a full stop.', 240),
    ...column(300, 740, 'Right column begins only once the left column is done, and goes on down the page to its foot.', 240),
  ];
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assertOrder(text, ['Left above begins', '(a) Harbour before', '(b) Harbour after', 'Figure 2: The harbour', 'Left below carries', 'Right column begins']);
});

test('two columns set close are apart where a line of the left one ends near the right one', async () => {
  const left = 'Close left fills its column to the edge with words that nearly touch the next column, line after line after line, until it ends here.';
  const right = 'Close right begins a little way across the narrow gutter and reads on as its own column of text down to its own last words.';
  // The widest left line ends at 170.6 points (Helvetica's widths): a gutter of seven points at
  // ten-point text, less than the gap that always splits a line.
  const lines = [...column(40, 700, left, 150), ...column(178, 700, right, 150)];
  const { text } = await read({ width: 420, height: 792, pages: [{ lines }] });
  assertOrder(text.replace(/\s+/g, ' '), ['Close left fills', 'until it ends here.', 'Close right begins', 'its own last words.']);
});

test("a heading of the next column on a line's baseline is not that line's end: columns whose baselines do not line up", async () => {
  // A Federal Register page: three columns ten points apart, the third's baselines set apart from
  // the others', so that its heading sits 1.5 points below a line of the second, a gap of ten
  // points (less than the gap that always splits a line) after that line's end.
  const first = column(45, 700, 'First column carries the rule text that the notice amends, paragraph after paragraph, from its top to its foot.', 160, 9);
  const second = column(222, 700, 'The agency received a report that a landing gear spring pack assembly failed in service, and it proposes this rule to address that unsafe condition.', 160, 9);
  // Its widest line, the third, ends at 367.1 points (Helvetica's widths).
  const x3 = 377.1;
  const top = second[2]!.y - 1.5;
  const third: PdfLine[] = [
    { x: x3, y: 694, text: 'For more, write to the', size: 9 },
    { x: x3, y: 682, text: 'regional office.', size: 9 },
    { x: x3, y: top, text: 'Comments Invited', size: 9 },
    ...column(x3, top - 18, 'The agency invites you to send any written data, views or arguments about this proposal before the date above.', 140, 9),
  ];
  const { text } = await read({ width: 612, height: 792, pages: [{ lines: [...first, ...second, ...third] }] });
  const flat = text.replace(/\s+/g, ' ');
  assert.match(flat, /The agency received a report that a landing gear spring pack assembly failed in service, and it proposes this rule to address that unsafe condition\./);
  assertOrder(flat, ['First column carries', 'The agency received', 'that unsafe condition.', 'For more, write', 'regional office.', 'Comments Invited', 'The agency invites you']);
});

test('text drawn sideways in the margin is kept out of the lines it runs beside', async () => {
  const body = 'The sentence beside the stamp must read on without the stamp between its words, from the first line to the last one.';
  const lines: PdfLine[] = [...column(60, 700, body, 300), { x: 30, y: 600, text: 'Downloaded from the archive on 12 May', size: 7, angle: 90 }];
  const { text } = await read({ width: 420, height: 792, pages: [{ lines }] });
  assert.match(text.replace(/\s+/g, ' '), /The sentence beside the stamp must read on without the stamp between its words, from the first line to the last one\./);
  assert.match(text, /Downloaded from the archive on 12 May/);
});

test('accents drawn as glyphs of their own go back on their letters, on the side the document draws them', async () => {
  // TeX draws the accent before its letter.
  const tex = await read({ pages: [{ lines: [{ x: 40, y: 500, text: 'C\u00b4esar Lebr\u00b4on found the na\u00a8ive plan odd, but don\u00b4t say so.' }] }] });
  assert.match(tex.text, /César Lebrón found the naïve plan odd, but don´t say so\./);
  // This document draws them after: `e` then `ˆ`, `c` then `¸`, so `a˜o` is `ão`, not `aõ`.
  const after = await read({ pages: [{ lines: [{ x: 40, y: 500, text: 'the Age\u02c6ncia Nacional de Aviac\u00b8a\u02dco' }] }] });
  assert.match(after.text, /the Agência Nacional de Aviação/);
});

test('a page set sideways is read line by line, in the order its lines follow each other', async () => {
  const text = 'A landscape table note set sideways on the page: its lines run up the page and follow each other to the right, and it reads like any other paragraph when it is turned.';
  const wrapped = wrapText(text, 300, 10);
  // Turned 90°: each line starts at the bottom, the next one to its right.
  const up = await read({ pages: [{ lines: wrapped.map((line, i) => ({ x: 100 + i * 12, y: 100, text: line, angle: 90 as const })) }] });
  assert.match(up.text.replace(/\s+/g, ' '), new RegExp(text.replace(/[.:]/g, '\\$&')));
  // Turned 270°: each line starts at the top, the next one to its left.
  const down = await read({ pages: [{ lines: wrapped.map((line, i) => ({ x: 300 - i * 12, y: 500, text: line, angle: 270 as const })) }] });
  assert.match(down.text.replace(/\s+/g, ' '), new RegExp(text.replace(/[.:]/g, '\\$&')));
});

test('pieces of one line set apart are one line: a row of numbers at the foot is not taken for folios', async () => {
  const body = column(40, 500, 'The harbour dues collected last year, by the count of the authority’s own clerks, came to these totals:', 330);
  // A date set in pieces at the foot of the page, as a form prints it (each piece its own text run).
  const { text } = await read({ pages: [{ lines: [...body, ...['2019', '1,204', '3,118'].map((t, i) => ({ x: 40 + i * 110, y: 428, text: t }))] }] });
  assert.match(text, /came to these totals:\n\n2019 1,204 3,118/);
});

test('a raised footnote marker is a note mark inside its line (superscript digits), not a line of its own; an ordinal’s letters and a lowered index stay on their word', async () => {
  // The marker `12` is set in 6-point type raised 4.5 points, more than the 0.4 of a size that
  // keeps one baseline; `th` likewise; the `2` of `CO2` is lowered 2 points.
  const lines: PdfLine[] = [
    { x: 40, y: 500, text: 'The harbour master said the port would reopen', runs: [{ text: '12', size: 6, rise: 4.5 }, { text: ' to fishing boats in the 19' }, { text: 'th', size: 6, rise: 4.5 }, { text: ' week.' }] },
    { x: 40, y: 488, text: 'The council meets on Friday to pay for the piers.', runs: [{ text: '*', size: 6, rise: 4.5 }, { text: ' Its CO' }, { text: '2', size: 6, rise: -2 }, { text: ' levels fell.' }] },
  ];
  const { text } = await read({ width: 612, pages: [{ lines }] });
  assert.match(text, /The harbour master said the port would reopen ¹² to fishing boats in the 19th week\.\nThe council meets on Friday to pay for the piers\. \* Its CO2 levels fell\.\n/);
});

test('raised digits touching a short word are its exponent, unless a footnote of the page has that number', async () => {
  const lines: PdfLine[] = [
    { x: 40, y: 500, text: 'The model explains most of the variance, an R', runs: [{ text: '2', size: 6, rise: 4.5 }, { text: ' of 0.83 over 40 m' }, { text: '2', size: 6, rise: 4.5 }, { text: ' of quay.' }] },
    { x: 40, y: 488, text: 'The figures come from the UK', runs: [{ text: '3', size: 6, rise: 4.5 }, { text: ' and were checked by the harbour office.' }] },
    ...column(40, 120, '3 The Office for National Statistics publishes the figures every spring.', 400, 8),
  ];
  const { text } = await read({ width: 612, pages: [{ lines: [...column(40, 700, 'The harbour report looks at the storm and the cost of the repairs to the northern pier over the winter.', 400), ...lines] }] });
  assert.match(text, /an R² of 0\.83 over 40 m² of quay\./);
  assert.match(text, /come from the UK ³ and were checked/);
});

test('a footnote at the foot of a page is read where it breaks no sentence: one that runs on to the next page reads whole', async () => {
  const first = column(40, 530, 'The harbour master opened the meeting at nine. The council had asked him to report on the storm, and he began by thanking the crews who had worked through the night to save the boats that', 330);
  const second = column(40, 530, 'were still moored at the northern pier when the wind turned. He then read out the cost of the repairs.', 330);
  const note = column(40, 80, '1 The harbour’s own records of the storm are kept in the council’s archive.', 330, 8);
  const { text, extracted } = await read({
    pages: [
      { lines: [...first, ...note, { x: 205, y: 25, text: '1', size: 8 }] },
      { lines: [...second, { x: 205, y: 25, text: '2', size: 8 }] },
    ],
  });
  const flat = text.replace(/\s+/g, ' ');
  assert.match(flat, /to save the boats that were still moored at the northern pier when the wind turned\./);
  assertOrder(flat, ['at nine.', 'The harbour’s own records', 'The council had asked']);
  const at = text.indexOf('The harbour’s own records');
  assert.deepEqual(pageLabelsOf(extracted!.pages!, at, at + 10), ['1'], 'the note stays on its page');
  // With a paragraph that starts on the page, the note goes before it: all of its sentences read on across the break.
  const paragraphs = [
    ...column(40, 530, 'The meeting opened at nine with a minute of silence.', 330),
    ...column(40, 500, 'The harbour master spoke next. He thanked the crews who had worked through the night to save the boats that', 330),
  ];
  const two = await read({ pages: [{ lines: [...paragraphs, ...note] }, { lines: second }] });
  assertOrder(two.text.replace(/\s+/g, ' '), ['a minute of silence.', 'The harbour’s own records', 'The harbour master spoke next. He thanked the crews who had worked through the night to save the boats that were still moored']);
  // A sentence that ends at the foot of the page keeps its note after it.
  const ended = await read({ pages: [{ lines: [...column(40, 530, 'The meeting closed at noon.', 330), ...note] }, { lines: second }] });
  assert.match(ended.text, /closed at noon\.\n\n1 The harbour’s own records/);
});

test('a footnote at the foot of the left column is read after the page’s running text, not inside a sentence that goes on in the right column', async () => {
  const lines: PdfLine[] = [
    ...column(40, 740, 'Left column text tells of the storm that broke over the harbour in the night, and of the crews who', 240),
    ...column(40, 120, '2 The crews were paid by the harbour authority for the night’s work.', 240, 8),
    ...column(300, 740, 'worked until dawn to save the boats. Right column text goes on to the repairs of the piers.', 240),
  ];
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assert.match(text.replace(/\s+/g, ' '), /and of the crews who worked until dawn to save the boats\./);
  assertOrder(text.replace(/\s+/g, ' '), ['Left column text', 'Right column text', '2 The crews were paid']);
});

test('a book’s running feet that alternate between left and right pages are left out', async () => {
  const pages: PdfPage[] = [];
  for (let n = 1; n <= 10; n++) {
    const foot = n % 2 === 0 ? `${n} THE HARBOUR BOOK` : `CHAPTER ONE ${n}`;
    pages.push({ lines: [...column(40, 530, `Page ${n} of the book tells its part of the story of the harbour and the storm.`, 330), { x: 40, y: 40, text: foot, size: 8 }] });
  }
  const { text } = await read({ pages });
  assert.ok(!/HARBOUR BOOK|CHAPTER ONE/.test(text), text);
  assert.match(text, /Page 10 of the book/);
});

test('a section label the running heads repeat is no title; a book’s title in its running heads beside a folio stays', async () => {
  const body = (n: number): PdfLine[] => column(40, 500, `Page ${n} sets out the notice of the harbour authority on the moorings of the northern pier and the fees.`, 330);
  const labelled: PdfSpec = {
    pages: [
      { lines: [{ x: 40, y: 560, text: 'Proposed Rules', size: 18 }, ...body(1)] },
      ...[2, 3, 4].map((n) => ({ lines: [{ x: 40, y: 560, text: `Harbour Register / Vol. 3, No. 7 / Monday, May ${n}, 2024 / Proposed Rules`, size: 10 }, ...body(n)] })),
    ],
  };
  assert.equal((await read(labelled)).extracted?.fields?.['title'], undefined);
  const book: PdfSpec = {
    pages: [
      { lines: [{ x: 40, y: 560, text: 'The Harbour Book', size: 18 }, ...body(1)] },
      ...[2, 3, 4].map((n) => ({ lines: [{ x: 40, y: 560, text: `${n} THE HARBOUR BOOK`, size: 10 }, ...body(n)] })),
    ],
  };
  assert.equal((await read(book)).extracted?.fields?.['title'], 'The Harbour Book');
});

test('a table of short heads beside blocks of lines is read row by row, each head with its block', async () => {
  const rows = [
    ['Harbourside', 'Coastal Claims Office of the Northern District', 'P.O. Box 6703', 'Northport, ND 58108'],
    ['Upper Harbour', 'River Claims Office of the Eastern District', 'P.O. Box 6777', 'Eastport, ND 58109'],
    ['Lower Harbour', 'Bay Claims Office of the Western District, Inc.', 'P.O. Box 3098', 'Westport, PA 17055'],
  ];
  const lines: PdfLine[] = [{ x: 40, y: 700, text: 'Mail your claim form and the itemised bill to the office of your district:' }];
  // Lines of a row 12 points apart, rows 15.5: the address blocks would otherwise run on as one.
  rows.forEach(([head, ...address], r) => {
    const top = 670 - r * (2 * 12 + 15.5);
    lines.push({ x: 40, y: top, text: head! });
    address.forEach((text, i) => lines.push({ x: 200, y: top - i * 12, text }));
  });
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assertOrder(text.replace(/\s+/g, ' '), ['Mail your claim', 'Harbourside', 'Coastal Claims', 'Northport', 'Upper Harbour', 'River Claims', 'Eastport', 'Lower Harbour', 'Bay Claims', 'Westport']);
});

test('a table of names and descriptions is read row by row; single words beside single words (a figure’s boxes) are not', async () => {
  const rows: Array<[string, string]> = [
    ['Harbour.open()', 'Opens the harbour to boats of every size.'],
    ['Harbour.close()', 'Closes the harbour until the storm is over.'],
    ['Harbour.dues', 'The dues a boat pays for each night at the pier.'],
    ['Harbour.master', 'The name of the harbour master on duty.'],
  ];
  // Rows 18 points apart, as a manual sets its tables of methods.
  const lines: PdfLine[] = [{ x: 40, y: 720, text: 'Some harbour methods and attributes', size: 14 }];
  rows.forEach(([name, description], i) => lines.push({ x: 46, y: 690 - 18 * i, text: name }, { x: 250, y: 690 - 18 * i, text: description }));
  const { text } = await read({ width: 612, height: 792, pages: [{ lines }] });
  assertOrder(text, rows.map(([name, description]) => `${name} ${description}`));
  // Two boxes of a diagram, a word a line: each box is read whole.
  const boxes: PdfLine[] = ['Perceived', 'Harbour', 'Safety'].flatMap((word, i) => [
    { x: 100, y: 600 - 12 * i, text: word },
    { x: 300, y: 600 - 12 * i, text: ['Actual', 'Harbour', 'Use'][i]! },
  ]);
  const diagram = await read({ width: 612, height: 792, pages: [{ lines: boxes }] });
  assert.match(diagram.text.replace(/\s+/g, ' '), /Perceived Harbour Safety Actual Harbour Use/);
});

test('a footnote whose number is raised is a footnote too', async () => {
  const first = column(40, 530, 'The meeting began at nine. The harbour master thanked the crews who had worked through the night to save the boats that', 330);
  const second = column(40, 530, 'were still moored at the northern pier when the wind turned.', 330);
  // The mark `3` in 5-point type, raised 3.5 points beside its note.
  const note: PdfLine[] = [{ x: 40, y: 83.5, text: '3', size: 5 }, { x: 44, y: 80, text: 'The crews were paid by the harbour authority for the night.', size: 8 }];
  const { text } = await read({ pages: [{ lines: [...first, ...note] }, { lines: second }] });
  assert.match(text.replace(/\s+/g, ' '), /to save the boats that were still moored at the northern pier/);
  assert.match(text, /³ The crews were paid/);
});
