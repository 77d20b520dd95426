/**
 * Makes the sample sources of examples/library/ from the bundled seed articles, deterministically:
 *
 *   node --import tsx examples/library/makeSamples.ts          # writes the files
 *   node --import tsx examples/library/makeSamples.ts --check  # exit 1 when they are out of date
 *
 * - karabakh-report.pdf: seeds 001 then 000 set as a report, pages labelled from 12 (as a chapter
 *   of a printed volume would be), a running head and a folio on every page, line-end hyphens,
 *   fi/fl ligatures, and the second article in two columns.
 * - artsakh-rally.html: seed 000 as a saved news page, with navigation, an advert, comments and a
 *   footer around the article.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { textWidth, writePdf, type PdfLine, type PdfPage } from '../../tests/pdfWriter';

const HERE = __dirname;
const SEEDS = path.join(HERE, '..', '..', 'seeds');
const APPEAL = fs.readFileSync(path.join(SEEDS, '001_7824a7d0d4dc771b.txt'), 'utf8');
const RALLY = fs.readFileSync(path.join(SEEDS, '000_473b4c7a88a0911c.txt'), 'utf8');

const WIDTH = 420;
const HEIGHT = 595;
const SIZE = 10;
const LEADING = 13;
const TOP = 530;
const BOTTOM = 60;
const RUNNING_HEAD = 'Karabakh Report: Voices from Stepanakert';

/** Paragraphs of an article (blank-line separated), white space collapsed. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p !== '');
}

/** Typesetters' ligatures for fi and fl. */
function ligate(text: string): string {
  return text.replace(/fi/g, '\ufb01').replace(/fl/g, '\ufb02');
}

/**
 * Lines of a paragraph no wider than `width`; a long word that does not fit is hyphenated when its
 * first part (at least four letters, ending before a consonant) fits, as a typesetter would.
 */
function setParagraph(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (textWidth(candidate, SIZE) <= width) {
      line = candidate;
      continue;
    }
    let split = -1;
    if (/^[a-z]{9,}[,.;]?$/.test(word)) {
      for (let at = word.length - 4; at >= 4; at--) {
        if (/[aeiou]/.test(word[at - 1]!) && /[^aeiou]/.test(word[at]!) && textWidth(`${line} ${word.slice(0, at)}-`, SIZE) <= width) {
          split = at;
          break;
        }
      }
    }
    if (split > 0) {
      lines.push(`${line} ${word.slice(0, split)}-`);
      line = word.slice(split);
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Pages of one column of `blocks` (title lines and paragraphs) from `left`, `width` wide. */
function setColumn(blocks: ReadonlyArray<{ text: string; size?: number }>, left: number, width: number, top = TOP): PdfLine[][] {
  const columns: PdfLine[][] = [[]];
  let y = top;
  for (const block of blocks) {
    const size = block.size ?? SIZE;
    const lines = block.size ? [block.text] : setParagraph(block.text, width);
    for (const text of lines) {
      if (y < BOTTOM) {
        columns.push([]);
        y = top;
      }
      columns[columns.length - 1]!.push({ x: left, y, text: ligate(text), size });
      y -= size > SIZE ? LEADING * 1.6 : LEADING;
    }
    y -= LEADING * 0.8; // paragraph space
  }
  return columns;
}

function withFurniture(lines: PdfLine[], folio: number): PdfPage {
  return {
    lines: [
      { x: 40, y: 565, text: RUNNING_HEAD, size: 8 },
      ...lines,
      { x: WIDTH / 2 - 6, y: 30, text: String(folio), size: 8 },
    ],
  };
}

/** The report: the appeal in one column, then the rally in two columns under its title. */
export function samplePdf(): Uint8Array {
  const FIRST_FOLIO = 12;
  const pages: PdfPage[] = [];
  const [date, title, ...appealBody] = paragraphs(APPEAL);
  const single = setColumn([{ text: title!, size: 14 }, { text: date! }, ...appealBody.map((text) => ({ text }))], 40, 340);
  for (const lines of single) pages.push(withFurniture(lines, FIRST_FOLIO + pages.length));
  // The rally: full-width title, then two columns of 160 points with a 20-point gutter.
  const rally = paragraphs(RALLY).map((text) => ({ text }));
  const columnLines = setColumn(rally, 40, 160, TOP - 30);
  for (let c = 0; c < columnLines.length; c += 2) {
    const right = (columnLines[c + 1] ?? []).map((line) => ({ ...line, x: line.x + 180 }));
    const head = c === 0 ? [{ x: 40, y: TOP, text: 'Artsakh Rejects Concessions, Rallies Again', size: 14 }] : [];
    pages.push(withFurniture([...head, ...columnLines[c]!, ...right], FIRST_FOLIO + pages.length));
  }
  return writePdf({
    width: WIDTH,
    height: HEIGHT,
    title: 'Karabakh Report: Voices from Stepanakert',
    author: 'Verbatim sample (from the seed articles)',
    labels: [{ start: 0, style: 'D', first: FIRST_FOLIO }],
    pages,
  });
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The rally as a saved news page: the article among a site's navigation, advert, comments and footer. */
export function sampleHtml(): string {
  const body = paragraphs(RALLY)
    .map((p) => `      <p>${escapeHtml(p).replace(/“/g, '&ldquo;').replace(/”/g, '&rdquo;')}</p>`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Artsakh Rejects Concessions, Rallies Again | Verbatim Sample Press</title>
  <meta property="og:site_name" content="Verbatim Sample Press">
  <meta name="author" content="Verbatim Sample Desk">
  <meta property="article:published_time" content="2022-12-26T09:00:00Z">
  <link rel="canonical" href="https://example.org/sample/artsakh-rally">
  <script>window.dataLayer = [{ event: "pageview", section: "world" }];</script>
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">Verbatim Sample Press</a>
    <nav><ul><li><a href="/world">World</a></li><li><a href="/politics">Politics</a></li><li><a href="/opinion">Opinion</a></li><li><a href="/subscribe">Subscribe now</a></li></ul></nav>
  </header>
  <aside class="advert">Advertisement: fly to Yerevan this winter from 99 euros</aside>
  <main>
    <article>
      <h1>Artsakh Rejects Concessions, Rallies Again</h1>
      <p class="byline">By <span class="author">Verbatim Sample Desk</span> · <time datetime="2022-12-26">December 26, 2022</time></p>
${body}
    </article>
  </main>
  <section id="comments" class="comments">
    <h2>Comments</h2>
    <div class="comment"><p>Thank you for covering this, share it with everyone you know!</p></div>
  </section>
  <footer><p>© 2022 Verbatim Sample Press. This page is a sample made from a Verbatim seed article.</p></footer>
</body>
</html>
`;
}

const outputs: Record<string, Uint8Array | string> = {
  'karabakh-report.pdf': samplePdf(),
  'artsakh-rally.html': sampleHtml(),
};

if (require.main === module) {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, content] of Object.entries(outputs)) {
    const file = path.join(HERE, name);
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
    if (check) {
      if (!fs.existsSync(file) || !fs.readFileSync(file).equals(bytes)) {
        console.error(`${name} is out of date: run node --import tsx examples/library/makeSamples.ts`);
        stale++;
      }
    } else {
      fs.writeFileSync(file, bytes);
      console.log(`wrote ${path.relative(process.cwd(), file)} (${bytes.length} bytes)`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
