/**
 * The index file keeps what the readers made of each source (its text, pages, fields, cues) and its
 * words as the tokenizer folds them, and reads a source again only when its file changed or the
 * index's format is another. So whenever a reader's output or the words change, `FORMAT_VERSION`
 * must change too, or an index written before keeps serving the old text (2026-12-07: PDFs'
 * unmapped glyphs became U+FFFD while indexes of format 12 kept the control characters, and quotes
 * of them read as misquotes until their files changed).
 *
 * This test reads a fixture of every source format (the sample library, the transcripts, and a PDF
 * written here with columns, a footnote, hyphenated line ends, a ligature, a table, a margin stamp,
 * running heads and folios) and compares a digest of each output with the one recorded for the
 * current format. After a reader change, bump `FORMAT_VERSION` in server/src/indexFile/indexFile.ts,
 * then record the digests: `UPDATE_READERS_DIGEST=1 node --import tsx --test tests/node/readersDigest.test.ts`.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SOURCE_LIMITS } from '../../server/src/core/library/source';
import { forEachFoldedWord } from '../../server/src/core/text/tokenizer';
import { FORMAT_VERSION } from '../../server/src/indexFile/indexFile';
import { readerFor } from '../../server/src/readers/sourceReaders';
import { REPO, SEEDS, RALLY } from '../helpers';
import { wrapText, writePdf, type PdfLine, type PdfPage } from '../pdfWriter';

const RECORD = path.join(__dirname, '..', 'fixtures', 'readers-digest.json');
const TRANSCRIPTS = path.join(__dirname, '..', 'fixtures', 'transcripts');

interface Record {
  readonly formatVersion: number;
  readonly digests: { readonly [fixture: string]: string };
}

/** Lines of `text` wrapped into a column at `x` from `top` down, 12 points apart. */
function column(x: number, top: number, text: string, width: number, size = 10): PdfLine[] {
  return wrapText(text, width, size).map((line, i) => ({ x, y: top - i * 12, text: line, size }));
}

/** A report page: a running head, two columns, a footnote under the left one, a folio, a margin stamp. */
function reportPage(folio: string, left: string, right: string, note?: string): PdfPage {
  const lines: PdfLine[] = [
    { x: 40, y: 760, text: 'Harbour Report 2023 — Coastal Authority', size: 8 },
    ...column(40, 720, left, 240),
    ...column(310, 720, right, 240),
    ...(note ? column(40, 90, note, 240, 8) : []),
    { x: 300, y: 30, text: folio, size: 8 },
    { x: 20, y: 300, text: 'Downloaded from the harbour archive', size: 7, angle: 90 },
  ];
  return { lines };
}

/** A PDF with the layouts the PDF reader has rules for, written here so that it never changes by itself. */
function layoutPdf(): Uint8Array {
  const first = reportPage(
    '12',
    'The harbour master opened the meeting at nine and thanked the crews who had worked through the night to save the boats. The council then heard the cost of the repairs, which the engineers put at two million.',
    'Repairs to the northern pier will take six weeks, the engineers said, and the ferry will use the southern berth meanwhile. The ﬁnal ﬁgures go to the council in May.',
    '1 The engineers’ report is kept in the council’s archive with the minutes of the meeting.',
  );
  const marked: PdfLine = { x: 40, y: 540, text: 'The storm was the worst in forty years', runs: [{ text: '1', size: 6, rise: 4 }, { text: ', the report says.' }] };
  const hyphenated: PdfLine[] = [
    { x: 310, y: 540, text: 'The council agreed that the compen-' },
    { x: 310, y: 528, text: 'sation for the fishing fleet would be' },
    { x: 310, y: 516, text: 'paid before the summer season.' },
  ];
  const table: PdfLine[] = [
    { x: 40, y: 440, text: 'Northern pier' }, { x: 200, y: 440, text: '1.2 million' },
    { x: 40, y: 428, text: 'Southern berth' }, { x: 200, y: 428, text: '0.5 million' },
    { x: 40, y: 416, text: 'Sea wall' }, { x: 200, y: 416, text: '0.3 million' },
  ];
  const second = reportPage(
    '13',
    'Fishermen asked whether the compensation would cover the weeks the harbour stays closed, and the council said it would.',
    'The next meeting is on the first Monday of June, when the engineers will report on the sea wall.',
  );
  return writePdf({
    width: 612,
    height: 792,
    title: 'Harbour Report',
    author: 'Mara Quint',
    labels: [{ start: 0, style: 'D', first: 12 }],
    pages: [{ lines: [...first.lines!, marked, ...hyphenated, ...table] }, second],
  });
}

/** Each fixture's bytes, by a name that says what it is. */
function fixtures(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  files.set('layout.pdf', layoutPdf());
  const library = path.join(REPO, 'examples', 'library');
  for (const name of ['karabakh-report.pdf', 'artsakh-rally.html']) files.set(name, fs.readFileSync(path.join(library, name)));
  for (const name of fs.readdirSync(TRANSCRIPTS).sort()) files.set(`transcripts/${name}`, fs.readFileSync(path.join(TRANSCRIPTS, name)));
  files.set(`${RALLY}.txt`, fs.readFileSync(path.join(SEEDS, `${RALLY}.txt`)));
  return files;
}

/**
 * The digest of what the reader for `name` makes of `bytes`, its text and all that came with it, and
 * of the words the index keeps of that text (where each starts, folded as the library folds it).
 */
async function digestOf(name: string, bytes: Uint8Array): Promise<string> {
  const reader = readerFor(name);
  assert.ok(reader, `no reader takes ${name}`);
  const result = await reader.read(new Uint8Array(bytes), DEFAULT_SOURCE_LIMITS);
  const hash = createHash('sha256').update(JSON.stringify(result));
  if ('text' in result) forEachFoldedWord(result.text, 0, result.text.length, (start, norm) => hash.update(`${start}:${norm} `));
  return hash.digest('hex').slice(0, 16);
}

test("the index file's format names the readers' output: a reader change comes with a new FORMAT_VERSION", async () => {
  const digests: { [fixture: string]: string } = {};
  for (const [name, bytes] of fixtures()) digests[name] = await digestOf(name, bytes);
  const recorded = JSON.parse(fs.readFileSync(RECORD, 'utf8')) as Record;
  const changed = Object.keys({ ...digests, ...recorded.digests }).filter((name) => digests[name] !== recorded.digests[name]);
  const update = `record them: UPDATE_READERS_DIGEST=1 node --import tsx --test ${path.relative(REPO, __filename)}`;
  if (process.env['UPDATE_READERS_DIGEST'] === '1') {
    assert.ok(changed.length === 0 || recorded.formatVersion !== FORMAT_VERSION, `the readers' output changed (${changed.join(', ')}): bump FORMAT_VERSION first`);
    fs.writeFileSync(RECORD, `${JSON.stringify({ formatVersion: FORMAT_VERSION, digests } satisfies Record, null, 2)}\n`);
    return;
  }
  assert.equal(
    recorded.formatVersion,
    FORMAT_VERSION,
    `FORMAT_VERSION is ${FORMAT_VERSION}, the readers' digests were recorded for ${recorded.formatVersion}: ${update}`,
  );
  assert.deepEqual(
    changed,
    [],
    `the readers' output changed for ${changed.join(', ')} while the index format stayed ${FORMAT_VERSION}: an index written before would keep the old text. ` +
      `Bump FORMAT_VERSION in server/src/indexFile/indexFile.ts, then ${update}`,
  );
});
