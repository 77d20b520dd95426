/**
 * Benchmark rows of the source readers (issue 11): HTML and PDF extraction per page, and a restart
 * with 1,000 PDFs in the library (cold: every PDF extracted; restart: the index file, in a new
 * process). The pages and PDFs are made deterministically from the corpus articles with the test
 * PDF writer (tests/pdfWriter.ts): one article per page set at 10 points on A5-like pages.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SOURCE_LIMITS } from '../server/src/core/library/source';
import { readHtml } from '../server/src/readers/htmlReader';
import { defaultHelperCount } from '../server/src/readers/pdfHelpers';
import { readPdf, type PdfReadOptions } from '../server/src/readers/pdfReader';
import { isReadFailure } from '../server/src/readers/sourceReader';
import { wrapText, writePdf, type PdfPage } from '../tests/pdfWriter';
import { CACHE_DIR } from './corpus';

const ROOT = path.resolve(__dirname, '..');

/** What the readers' rows show. */
export interface ReaderResult {
  readonly html?: { readonly pages: number; readonly msPerPage: number; readonly p99: number };
  readonly pdf?: { readonly pdfs: number; readonly pages: number; readonly msPerPage: number };
  /**
   * A 352-page book: readPdf (with the helper threads the load allows, and in one thread) and
   * poppler's pdftotext on the same file, wall and CPU time a page, medians of three (pdftotext
   * absent: no figure).
   */
  readonly book?: {
    readonly pages: number;
    readonly helpers: number;
    readonly msPerPage: number;
    readonly cpuMsPerPage: number;
    readonly oneThread: { readonly msPerPage: number; readonly cpuMsPerPage: number };
    readonly pdftotextMsPerPage?: number;
    readonly pdftotextCpuMsPerPage?: number;
  };
  readonly restart?: { readonly pdfs: number; readonly pages: number; readonly coldMs: number; readonly warmMs: number; readonly fromCache: number; readonly read: number; readonly verdict: string };
  readonly error?: string;
}

/** The corpus articles' bodies (front matter dropped), in file order. */
function articles(corpusDir: string, n: number): Array<{ name: string; title: string; body: string }> {
  const files = (fs.readdirSync(corpusDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).sort().slice(0, n);
  if (files.length === 0) throw new Error(`no articles under ${corpusDir}`);
  return files.map((file) => {
    const name = path.basename(file);
    const text = fs.readFileSync(path.join(corpusDir, file), 'utf8');
    const end = text.startsWith('---') ? text.indexOf('\n---', 3) : -1;
    const title = /\ntitle: *"?([^"\n]*)/.exec(text.slice(0, Math.max(0, end)))?.[1] ?? name;
    return { name: name.replace(/\.md$/, ''), title, body: end >= 0 ? text.slice(text.indexOf('\n', end + 1) + 1) : text };
  });
}

/** An article as a news page: the site's navigation, an advert and comments around it. */
function htmlPage(title: string, body: string): string {
  const paragraphs = body.split(/\n\s*\n/).filter((p) => p.trim() !== '').map((p) => `<p>${p.trim().replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title} | Bench Press</title><meta property="og:site_name" content="Bench Press"></head>
<body><nav><ul>${['Home', 'World', 'Politics', 'Opinion', 'Sports'].map((s) => `<li><a href="/${s}">${s}</a></li>`).join('')}</ul></nav>
<div class="ad">Advertisement: subscribe today</div><main><article><h1>${title}</h1>
${paragraphs.join('\n')}
</article></main><section class="comments"><p>First comment!</p></section><footer>Copyright Bench Press</footer></body></html>`;
}

/** An article as a PDF: a running head and a folio on each page, pages labelled from 101. */
function pdfOf(title: string, body: string): Uint8Array {
  const lines = [title, '', ...body.split(/\n\s*\n/).flatMap((p) => [...wrapText(p, 340, 10), ''])];
  const perPage = 36;
  const pages: PdfPage[] = [];
  for (let i = 0; i < lines.length; i += perPage) {
    const folio = String(101 + pages.length);
    pages.push({
      lines: [
        { x: 40, y: 565, text: 'Bench Report', size: 8 },
        ...lines.slice(i, i + perPage).map((text, k) => ({ x: 40, y: 530 - k * 13, text })),
        { x: 205, y: 30, text: folio, size: 8 },
      ].filter((line) => line.text !== ''),
    });
  }
  return writePdf({ pages, labels: [{ start: 0, style: 'D', first: 101 }], title });
}

/** Measures the readers on `corpusDir`'s articles; `quick` uses fewer files. */
export async function measureReaders(corpusDir: string, quick: boolean, log: (line: string) => void): Promise<ReaderResult> {
  try {
    const dir = path.join(CACHE_DIR, 'readers');
    const pdfCount = quick ? 100 : 1000;
    const source = articles(corpusDir, pdfCount);

    log('readers: HTML extraction …');
    const htmlPages = source.slice(0, quick ? 50 : 300).map((a) => Buffer.from(htmlPage(a.title, a.body), 'utf8'));
    for (const page of htmlPages.slice(0, 5)) readHtml(page, DEFAULT_SOURCE_LIMITS); // load linkedom and Readability
    const htmlTimes: number[] = [];
    for (const page of htmlPages) {
      const t0 = performance.now();
      const result = readHtml(page, DEFAULT_SOURCE_LIMITS);
      htmlTimes.push(performance.now() - t0);
      if (isReadFailure(result)) throw new Error(`an HTML page was refused: ${result.reason}`);
    }
    htmlTimes.sort((a, b) => a - b);
    const html = { pages: htmlPages.length, msPerPage: htmlTimes.reduce((a, b) => a + b, 0) / htmlTimes.length, p99: htmlTimes[Math.min(htmlTimes.length - 1, Math.floor(htmlTimes.length * 0.99))]! };

    log(`readers: writing ${pdfCount} PDFs …`);
    const pdfDir = path.join(dir, `pdfs-${pdfCount}`);
    fs.rmSync(pdfDir, { recursive: true, force: true });
    fs.mkdirSync(pdfDir, { recursive: true });
    for (const a of source) fs.writeFileSync(path.join(pdfDir, `${a.name}.pdf`), pdfOf(a.title, a.body));

    log('readers: PDF extraction …');
    const sample = source.slice(0, quick ? 30 : 200).map((a) => fs.readFileSync(path.join(pdfDir, `${a.name}.pdf`)));
    await readPdf(sample[0]!, DEFAULT_SOURCE_LIMITS); // load pdf.js
    let pages = 0;
    const t0 = performance.now();
    for (const bytes of sample) {
      const result = await readPdf(bytes, DEFAULT_SOURCE_LIMITS);
      if (isReadFailure(result)) throw new Error(`a PDF was refused: ${result.reason}`);
      pages += result.extracted?.pages?.starts.length ?? 0;
    }
    const pdf = { pdfs: sample.length, pages, msPerPage: (performance.now() - t0) / pages };

    log('readers: a 352-page book beside pdftotext …');
    const bookFile = path.join(dir, 'book.pdf');
    fs.writeFileSync(bookFile, bookOf(source, BOOK_PAGES));
    const book = await measureBook(bookFile);

    log(`readers: restart with ${pdfCount} PDFs …`);
    const child = bundleChild(dir);
    const cacheDir = path.join(dir, `index-${pdfCount}`);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const first = source[0]!;
    const quote = first.body.split(/\s+/).filter((w) => w !== '').slice(20, 32).join(' ');
    const cold = runChild(child, pdfDir, cacheDir, first.name, quote);
    const warm = runChild(child, pdfDir, cacheDir, first.name, quote);
    const totalPages = source.reduce((n, a) => n + Math.ceil((a.body.split(/\n\s*\n/).flatMap((p) => [...wrapText(p, 340, 10), '']).length + 2) / 36), 0);
    return {
      html,
      pdf,
      book,
      restart: { pdfs: pdfCount, pages: totalPages, coldMs: cold.wallMs, warmMs: warm.wallMs, fromCache: warm.fromCache, read: warm.read, verdict: warm.verdict },
    };
  } catch (error) {
    return { error: (error as Error).message.slice(0, 200) };
  }
}

const BOOK_PAGES = 352;

/** The articles one after another as one book of `pages` pages, set as `pdfOf` sets an article. */
function bookOf(source: ReadonlyArray<{ title: string; body: string }>, pages: number): Uint8Array {
  const lines: string[] = [];
  for (const a of source) {
    if (lines.length >= pages * 36) break;
    lines.push(a.title, '', ...a.body.split(/\n\s*\n/).flatMap((p) => [...wrapText(p, 340, 10), '']));
  }
  const out: PdfPage[] = [];
  for (let i = 0; i < pages * 36; i += 36) {
    out.push({ lines: [{ x: 40, y: 565, text: 'Bench Book', size: 8 }, ...lines.slice(i, i + 36).map((text, k) => ({ x: 40, y: 530 - k * 13, text })), { x: 205, y: 30, text: String(1 + out.length), size: 8 }].filter((l) => l.text !== '') });
  }
  return writePdf({ pages: out, title: 'Bench Book' });
}

/**
 * readPdf on `bytes` in each of `configs`: wall and CPU time (the process's, helper threads
 * included), medians of three after three warm-up rounds (V8 settles over the first reads); the configurations take turns, so neither
 * gets a warmer JIT.
 */
async function timeReads(bytes: Uint8Array, configs: readonly PdfReadOptions[]): Promise<Array<{ wallMs: number; cpuMs: number }>> {
  const walls = configs.map((): number[] => []);
  const cpus = configs.map((): number[] => []);
  for (let round = 0; round < 6; round++) {
    for (const [i, options] of configs.entries()) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await readPdf(bytes, DEFAULT_SOURCE_LIMITS, options);
      const wall = performance.now() - t0;
      const cpu = process.cpuUsage(c0);
      if (isReadFailure(result)) throw new Error(`the book was refused: ${result.reason}`);
      if (round < 3) continue;
      walls[i]!.push(wall);
      cpus[i]!.push((cpu.user + cpu.system) / 1000);
    }
  }
  return configs.map((_, i) => ({ wallMs: median(walls[i]!), cpuMs: median(cpus[i]!) }));
}

function median(xs: readonly number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
}

/** CPU time of this process's waited-for children, from /proc (Linux; 10 ms ticks); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

/** The book's figures: Verbatim's (helpers as the load allows, and in one thread), and pdftotext's from spawn to exit (medians of three) when it is installed. */
async function measureBook(file: string): Promise<NonNullable<ReaderResult['book']>> {
  const bytes = fs.readFileSync(file);
  const helpers = defaultHelperCount();
  const [withHelpers, alone] = (await timeReads(bytes, [{ helpers }, { helpers: 0 }])) as [{ wallMs: number; cpuMs: number }, { wallMs: number; cpuMs: number }];
  const ours = { pages: BOOK_PAGES, helpers, msPerPage: withHelpers.wallMs / BOOK_PAGES, cpuMsPerPage: withHelpers.cpuMs / BOOK_PAGES, oneThread: { msPerPage: alone.wallMs / BOOK_PAGES, cpuMsPerPage: alone.cpuMs / BOOK_PAGES } };
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < 3; i++) {
    const c0 = childrenCpuMs();
    const t0 = performance.now();
    const run = spawnSync('pdftotext', [file, '/dev/null'], { stdio: 'ignore' });
    if (run.error || run.status !== 0) return ours;
    walls.push(performance.now() - t0);
    const c1 = childrenCpuMs();
    if (c0 !== undefined && c1 !== undefined) cpus.push(c1 - c0);
  }
  return { ...ours, pdftotextMsPerPage: median(walls) / BOOK_PAGES, ...(cpus.length === 3 ? { pdftotextCpuMsPerPage: median(cpus) / BOOK_PAGES } : {}) };
}

function bundleChild(dir: string): string {
  const file = path.join(dir, 'restart-child.cjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  fs.mkdirSync(dir, { recursive: true });
  const options: import('esbuild').BuildOptions = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', mainFields: ['module', 'main'] };
  // As scripts/build.mjs does: the parsers are bundles of their own beside the child, loaded on demand.
  const heavy = ['htmlParsers', 'pdfParser'];
  esbuild.buildSync({ ...options, entryPoints: [path.join(ROOT, 'bench', 'restartChild.ts')], outfile: file, external: ['pg-native', ...heavy.map((name) => `./${name}`)] });
  for (const name of heavy) esbuild.buildSync({ ...options, entryPoints: [path.join(ROOT, 'server', 'src', 'readers', `${name}.ts`)], outfile: path.join(dir, `${name}.js`) });
  return file;
}

function runChild(file: string, folder: string, cacheDir: string, key: string, quote: string): { wallMs: number; fromCache: number; read: number; verdict: string } {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, [file, folder, cacheDir, key, quote], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (child.status !== 0) throw new Error(`restart child failed: ${(child.stderr || '').trim().split('\n').slice(-2).join(' ')}`);
  const out = JSON.parse(child.stdout) as { fromCache: number; read: number; verdict: string };
  return { wallMs, ...out };
}
