import { tokenize } from '../core/text/tokenizer';
import { readPages } from './pdfHelpers';
import { layoutPage } from './pdfLayout';
import type { PdfFragment } from './pdfLines';
import type { PdfTextItem } from './pdfParser';
import { assemblePdfText, type PdfPageLines } from './pdfText';
import { firstPageTitle, isJunkTitle } from './pdfTitle';
import type { ReadResult, SourceReader } from './sourceReader';

/**
 * PDF files, read with pdf.js (pdfjs-dist with Verbatim's patch, its worker in this thread): text per
 * page in reading order with its page label (the printed folio), then `assemblePdfText`. The pages
 * of a long PDF are read on the idle cores (`pdfHelpers`). Encrypted, image-only and damaged files
 * are refused with one reason each.
 */
export const pdfReader: SourceReader = {
  format: 'pdf',
  extensions: ['.pdf'],
  // Reports are bigger than articles; the extracted text still meets the library's text limit.
  maxFileBytes: 256 * 1024 * 1024,
  read: readPdf,
};

type PdfParser = typeof import('./pdfParser');
let parser: PdfParser | undefined;

/** How a PDF is read: `helpers` threads beside this one for a long PDF (default: one per idle core, at most three). */
export interface PdfReadOptions {
  readonly helpers?: number;
}

/** Reads a PDF's text, pages and metadata; never rejects. */
export async function readPdf(bytes: Uint8Array, limits: { readonly maxBytes: number }, options: PdfReadOptions = {}): Promise<ReadResult> {
  if (!startsLikePdf(bytes)) return { reason: 'not a PDF (no %PDF- header)' };
  // pdf.js is loaded on the first PDF only: a library without one never pays for it.
  // A separate bundle in dist/ (see scripts/build.mjs); the TypeScript module when run from source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= require('./pdfParser') as PdfParser;
  const { openPdf, closePdf, readPageItems, PDF_HELPER, PDF_HELPER_FILE } = parser;
  let document: Awaited<ReturnType<PdfParser['openPdf']>>;
  try {
    // pdf.js takes ownership of the buffer it is given; the caller's bytes stay intact.
    document = await openPdf(new Uint8Array(bytes));
  } catch (error) {
    return { reason: describePdfError(error) };
  }
  try {
    const labels = await document.getPageLabels().catch(() => null);
    const info = ((await document.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    const pageItems = await readPages(bytes, document.numPages, {
      readHere: (from, to) => readPageItems(document, from, to),
      script: PDF_HELPER_FILE,
      key: PDF_HELPER,
      helpers: options.helpers,
    });
    const pages: PdfPageLines[] = [];
    const empty: string[] = [];
    let chars = 0;
    let firstPage: readonly PdfFragment[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const label = labels?.[number - 1]?.trim() || String(number);
      const read = pageItems[number - 1]!;
      if ('error' in read) return { reason: `damaged PDF: page ${number} cannot be read (${read.error})` };
      const fragments = read.items.map(toFragment);
      if (number === 1) firstPage = fragments;
      const lines = layoutPage(fragments);
      if (lines.length === 0) empty.push(label);
      chars += lines.reduce((n, line) => n + line.text.length, 0);
      if (chars > limits.maxBytes) return { reason: `too much text (over ${Math.round(limits.maxBytes / 1024 / 1024)} MB extracted)` };
      pages.push({ label, lines });
    }
    if (pages.length === 0) return { reason: 'damaged PDF: it has no pages' };
    const { text, pages: pageBreaks } = assemblePdfText(pages);
    if (!hasWord(text)) {
      return { reason: `scanned or image-only PDF: no text layer on its ${plural(pages.length, 'page')} (run OCR on it first)` };
    }
    const fields: Record<string, string> = {};
    // Metadata titles are often what a program wrote (`Microsoft Word - report.doc`): then the first
    // page's title, as a reader sees it.
    const metadataTitle = stringField(info['Title']);
    const title = metadataTitle !== '' && !isJunkTitle(metadataTitle) ? metadataTitle : (firstPageTitle(firstPage, pages) ?? '');
    const author = stringField(info['Author']);
    if (title) fields['title'] = title;
    if (author) fields['author'] = author;
    const warnings = empty.length > 0 && empty.length < pages.length ? [`no text on ${empty.length === 1 ? 'page' : 'pages'} ${empty.join(', ')} (scanned?)`] : [];
    return { text, extracted: { format: 'pdf', fields, pages: pageBreaks, ...(warnings.length > 0 ? { warnings } : {}) } };
  } catch (error) {
    return { reason: describePdfError(error) };
  } finally {
    void closePdf(document);
  }
}

/** Whether the first 10,000 characters of `text` hold a word; a word wholly in the first 1,000 answers without reading the rest. */
function hasWord(text: string): boolean {
  const early = Math.min(text.length, 1_000);
  if (tokenize(text, 0, early).some((token) => token.end < early || early === text.length)) return true;
  return tokenize(text, 0, Math.min(text.length, 10_000)).length > 0;
}

function startsLikePdf(bytes: Uint8Array): boolean {
  // The header may follow a little junk (PDF readers look in the first kilobyte).
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return head.includes('%PDF-');
}

function toFragment(item: PdfTextItem): PdfFragment {
  const [a = 1, b = 0, c = 0, d = 1, e = 0, f = 0] = item.transform;
  const size = Math.hypot(c, d) || Math.hypot(a, b) || 10;
  const text = CONTROL.test(item.str) ? item.str.replace(CONTROL_ALL, '\ufffd') : item.str;
  // Text whose baseline is not (nearly) horizontal, left to right, is read apart from the page's lines.
  if (Math.abs(b) > 0.2 * Math.abs(a) || a < 0) return { text, x: e, y: f, width: item.width, size, rotated: b > 0 ? 'up' : 'down' };
  return { text, x: e, y: f, width: item.width, size };
}

/**
 * Control characters: what pdf.js gives for a glyph its font maps to none (`all\u0000imposta`, an
 * apostrophe the font left unmapped). Shown as U+FFFD, the character that could not be read: a
 * control character in a hover card or a message is none a writer can see.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/;
const CONTROL_ALL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g;

/** The one reason a PDF cannot be read, in a writer's words. */
function describePdfError(error: unknown): string {
  const name = (error as Error | undefined)?.name ?? '';
  const message = (error as Error | undefined)?.message ?? String(error);
  if (name === 'PasswordException') return 'encrypted PDF: it needs a password to be read';
  if (name === 'InvalidPDFException') return `damaged PDF: ${message.replace(/\.$/, '').replace(/^\p{Lu}(?!\p{Lu})/u, (c) => c.toLowerCase())}`;
  return `damaged PDF: ${message}`;
}

function stringField(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
