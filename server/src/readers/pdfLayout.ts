import { MARK_OR_EXPONENT, markOrExponent, noteMarkNumber } from './pdfNoteMarks';
import { toSegments, type PdfFragment, type Segment } from './pdfLines';
import { readingOrder, type LayoutBox } from './pdfReadingOrder';

/**
 * A PDF page's lines in reading order from its positioned text: fragments on one baseline (with the
 * superscripts and subscripts beside them: a raised footnote marker is a word of its line) become
 * segments (`pdfLines`), segments become blocks (a paragraph, a heading, a caption: lines that
 * continue each other), and the blocks are ordered by `readingOrder`, columns found per region.
 * Each block starts a paragraph. Text drawn sideways is read after the page.
 */

/** A line of a page in reading order. */
export interface PdfTextLine {
  readonly text: string;
  /** A paragraph starts here (a larger gap above, or a new column or block). */
  readonly paragraph: boolean;
  /** Baseline from the bottom of the page, for finding what runs along its top and bottom edges. */
  readonly y: number;
  /** Read apart from the running text: a footnote, text set sideways. */
  readonly aside?: boolean;
}

/** The page's lines in reading order: its running text, then its footnotes and its text set sideways, as asides. */
export function layoutPage(fragments: readonly PdfFragment[]): PdfTextLine[] {
  const upright = fragments.filter((f) => f.text.trim() !== '' && !f.rotated);
  const segments = toSegments(upright);
  const em = bodySize(segments);
  const blocks = joinTableRows(splitAtSideHeads(toBlocks(segments, em)), em);
  const notes = footnoteBlocks(blocks, em);
  const lines: PdfTextLine[] = [];
  const body = notes.size === 0 ? blocks : blocks.filter((block) => !notes.has(block));
  pushBlocks(lines, readingOrder(body, em), false);
  if (notes.size > 0) pushBlocks(lines, readingOrder([...notes], em), true);
  lines.push(...rotatedLines(fragments.filter((f) => f.rotated && f.text.trim() !== '')));
  const numbers = new Set([...notes].map((note) => noteMarkNumber(NOTE_MARK.exec(note.lines[0]!.text)?.[0] ?? '')));
  return lines.map((line) => (line.text.includes(MARK_OR_EXPONENT) ? { ...line, text: markOrExponent(line.text, numbers) } : line));
}


/** Appends the lines of `blocks`, in the order given; one-line blocks on one baseline make one line. */
function pushBlocks(lines: PdfTextLine[], blocks: readonly Block[], aside: boolean): void {
  let previous: Block | undefined;
  for (const block of blocks) {
    // One-line blocks read one after another on one baseline (a table's row, a date set in
    // pieces) are one line, as a reader sees it: its cells are not each a folio or a paragraph.
    const last = previous === undefined ? undefined : lines[lines.length - 1];
    const one = block.lines[0]!;
    if (last && previous?.lineCount === 1 && block.lineCount === 1 && previous.x1 <= one.x0 && Math.abs(last.y - one.y) < 0.4 * Math.max(previous.size, one.size)) {
      lines[lines.length - 1] = { ...last, text: `${last.text} ${one.text}` };
    } else {
      block.lines.forEach((line, i) => lines.push({ text: line.text, paragraph: i === 0, y: line.y, ...(aside ? { aside } : {}) }));
    }
    previous = block;
  }
}

/** Footnotes are set this much smaller than the body text, or more. */
const NOTE_SIZE = 0.92;
/** A footnote begins with its mark: a number (raised, in superscript digits, or not) or a note symbol (`[12]` labels a reference, not a note). */
const NOTE_MARK = /^(?:\d{1,3}(?![\d.]|,\d|:\d)|[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]{1,3}|[*†‡§¶‖]+)/u;
/**
 * A note's words after its mark: a sentence (a capital or a quotation mark, then three words or
 * more) or a web address; not a list's `1.`, a table's `1 work-hour`, a chart's `5 Yr Avg`.
 */
const NOTE_TEXT = /^\s*(?:https?:\/\/|["“‘(]?\p{Lu}\S*(?:\s+\S+){2})/u;

/**
 * The page's footnotes: blocks in smaller type than the body text, in the lower half of the page,
 * under body text and with none of it below them in their column (a column's notes, or the page's),
 * where one of them begins with a note's mark; those above or below such a block in its column go
 * with it (a note continued from the page before, a note's second paragraph).
 */
function footnoteBlocks(blocks: readonly Block[], em: number): Set<Block> {
  const notes = new Set<Block>();
  if (em <= 0 || !blocks.some((b) => b.size < NOTE_SIZE * em)) return notes;
  const top = Math.max(...blocks.map((b) => b.top));
  const bottom = Math.min(...blocks.map((b) => b.bottom));
  const middle = (top + bottom) / 2;
  // Body text: body-size type, more than a folio or a short running foot.
  const body = blocks.filter((b) => b.size >= NOTE_SIZE * em && (b.lineCount > 1 || b.lines[0]!.text.length > 30));
  const overlaps = (a: LayoutBox, b: LayoutBox): boolean => a.x0 < b.x1 && b.x0 < a.x1;
  const candidates = blocks.filter(
    (c) =>
      c.size < NOTE_SIZE * em &&
      c.top < middle &&
      !body.some((b) => overlaps(b, c) && b.top <= c.bottom + 0.5 * em) &&
      body.some((b) => overlaps(b, c) && b.bottom >= c.top - 0.5 * em),
  );
  for (const c of candidates) {
    // Its mark and words: a folio or a label alone (`12`, `[3]`) begins no note.
    const mark = NOTE_MARK.exec(c.lines[0]!.text);
    if (mark === null) continue;
    // The line's words, with the pieces a justified line is set in (wide spaces split it).
    const rest = candidates
      .filter((d) => d.x0 > c.x0 && Math.abs(d.baseline - c.baseline) < 0.3 * c.size)
      .sort((a, b) => a.x0 - b.x0)
      .reduce((text, d) => `${text} ${d.lines[0]!.text}`, c.lines[0]!.text.slice(mark[0].length));
    if (NOTE_TEXT.test(rest)) notes.add(c);
  }
  if (notes.size === 0) return notes;
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of candidates) {
      if (notes.has(c) || ![...notes].some((n) => overlaps(n, c))) continue;
      notes.add(c);
      grew = true;
    }
  }
  return notes;
}

/** A block of lines: a paragraph, a heading, a caption, a column's run of text. */
interface Block extends LayoutBox {
  readonly lines: Segment[];
  readonly size: number;
  /** Baseline distance of its lines, once it has two. */
  leading: number;
  lineCount: number;
  /** Its last line is short under wider ones: the next line must be wide to continue it. */
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

/** Baselines further apart than this many sizes are never one block. */
const MAX_LINK = 2.2;
/**
 * A caption or a float's label (`Figure 3:`, `Fig. 2.`, `TABLE IV`: a number alone or before a stop
 * or a colon, not `Table 2 shows`) starts a block of its own.
 */
const CAPTION = /^(?:fig(?:ure)?\.?|table|tab\.|listing|algorithm|chart|exhibit|plate|map|scheme)\s*(?:\d+(?:\.\d+)*[a-z]?|[IVX]+)(?:\s*[.:|—–-]|\s*$)/i;

/**
 * Lines into blocks: a line continues the block of the line right above it when each is the
 * other's only neighbour across that gap (a full-width line above two columns continues
 * neither), their sizes and alignment agree, the gap is the block's leading (a wider one is a
 * new paragraph), and widths agree (two short lines under wide ones are a column under a
 * full-width block, not a paragraph's end).
 */
function toBlocks(segments: readonly Segment[], em: number): Block[] {
  const sorted = [...segments].sort((a, b) => b.y - a.y || a.x0 - b.x0);
  const n = sorted.length;
  const below: number[][] = sorted.map(() => []);
  const above: number[][] = sorted.map(() => []);
  for (let i = 0; i < n; i++) {
    const a = sorted[i]!;
    let nearest: number | undefined;
    for (let j = i + 1; j < n; j++) {
      const b = sorted[j]!;
      const gap = a.y - b.y;
      if (gap > MAX_LINK * Math.max(a.size, b.size, em)) break;
      if (gap < 0.4 * Math.min(a.size, b.size) || b.x0 >= a.x1 || a.x0 >= b.x1) continue;
      if (nearest !== undefined && b.y < nearest - 0.4 * b.size) break;
      nearest ??= b.y;
      below[i]!.push(j);
      above[j]!.push(i);
    }
  }
  // An upper neighbour is the nearest line above that overlaps; keep only the nearest baseline.
  for (let j = 0; j < n; j++) {
    const ups = above[j]!;
    if (ups.length < 2) continue;
    const top = Math.min(...ups.map((i) => sorted[i]!.y));
    above[j] = ups.filter((i) => sorted[i]!.y < top + 0.4 * sorted[j]!.size);
  }
  const blockOf: Array<Block | undefined> = new Array(n);
  const blocks: Block[] = [];
  const start = (j: number): void => {
    const s = sorted[j]!;
    const block: Block = { lines: [s], size: s.size, leading: 0, lineCount: 1, baseline: s.y, x0: s.x0, x1: s.x1, top: s.y + 0.8 * s.size, bottom: s.y - 0.25 * s.size };
    blocks.push(block);
    blockOf[j] = block;
  };
  for (let j = 0; j < n; j++) {
    const ups = above[j]!;
    const i = ups.length === 1 ? ups[0]! : undefined;
    const block = i !== undefined && below[i]!.length === 1 ? blockOf[i] : undefined;
    if (block === undefined || block.lines[block.lines.length - 1] !== sorted[i!] || !continues(block, sorted[j]!, em)) {
      start(j);
      continue;
    }
    const s = sorted[j]!;
    const last = block.lines[block.lines.length - 1]!;
    if (block.lines.length === 1) block.leading = last.y - s.y;
    block.lines.push(s);
    block.lineCount++;
    block.x0 = Math.min(block.x0, s.x0);
    block.x1 = Math.max(block.x1, s.x1);
    block.bottom = Math.min(block.bottom, s.y - 0.25 * s.size);
    blockOf[j] = block;
  }
  return blocks;
}

/**
 * A table's rows, or a form's labelled fields: where short blocks (a row's head, a label) stand left
 * of a block, each on the baseline of one of its lines, and one of them on its first line or two on
 * others, that block is cut at those lines where they are set a little apart from the line above,
 * one block per row, so the rows can be read in turn.
 */
/** A row's head is at most this share of the width of the block beside it (a column of text beside another is none). */
const SIDE_HEAD_WIDTH = 0.6;
/** A row starts where the gap above it is this much wider than the closest lines of its block. */
const ROW_GAP = 1.1;

function splitAtSideHeads(blocks: Block[]): Block[] {
  const heads = blocks.filter((b) => b.lineCount <= 3);
  if (heads.length < 2) return blocks;
  const out: Block[] = [];
  for (const block of blocks) {
    if (block.lineCount < 2) {
      out.push(block);
      continue;
    }
    const width = block.x1 - block.x0;
    const beside = heads.filter((h) => h !== block && h.x1 <= block.x0 && h.x1 - h.x0 <= SIDE_HEAD_WIDTH * width && block.x0 - h.x1 < Math.max(width, 6 * block.size) && h.baseline <= block.top && h.baseline >= block.bottom);
    // Rows are set a little apart: a cut comes where the gap above the line is wider than the block's closest.
    let closest = Infinity;
    for (let k = 1; k < block.lines.length; k++) closest = Math.min(closest, block.lines[k - 1]!.y - block.lines[k]!.y);
    const cuts: number[] = [];
    let first = false;
    block.lines.forEach((line, k) => {
      if (!beside.some((h) => Math.abs(h.baseline - line.y) < 0.3 * line.size)) return;
      if (k === 0) first = true;
      else if (block.lines[k - 1]!.y - line.y > ROW_GAP * closest) cuts.push(k);
    });
    if (cuts.length === 0 || (!first && cuts.length < 2)) {
      out.push(block);
      continue;
    }
    let from = 0;
    for (const to of [...cuts, block.lines.length]) {
      out.push(blockOf(block.lines.slice(from, to)));
      from = to;
    }
  }
  return out;
}

/** Cells of a row are this many ems apart at least: two columns of text are set closer. */
const CELL_GAP = 3;
/** The words a line of a table's first column has at most. */
const MAX_CELL_WORDS = 4;
/** Rows a table has at least: two lines beside a block may be one cell that wraps. */
const MIN_ROWS = 3;

/**
 * A table's columns: two blocks side by side, far apart (more than a gutter), the left one of a few
 * words a line (names, labels), where each line of the left one is on the baseline of a line of the right one and the right one starts on the
 * left one's first line, are one block of rows, each left line followed by the right one's lines
 * down to the next row (a description that wraps), as a reader reads a table of methods.
 */
function joinTableRows(blocks: Block[], em: number): Block[] {
  // A table's first column holds names and labels, a few words a line; a column of text more.
  const cells = (block: Block): boolean => block.lineCount >= MIN_ROWS && block.lines.every((line) => fewWords(line.text));
  const queue = blocks.filter(cells);
  if (queue.length === 0) return blocks;
  queue.sort((a, b) => a.x0 - b.x0);
  // Blocks by their first baseline, for finding the ones that start on a line's.
  const byBaseline = [...blocks].sort((a, b) => a.baseline - b.baseline);
  const gone = new Set<Block>();
  const added: Block[] = [];
  for (const left of queue) {
    if (gone.has(left)) continue;
    const right = nearestRight(byBaseline, added, gone, left, em);
    if (right === undefined) continue;
    // Single words beside single words are a figure's labels (`Attitude / Toward / Using` in one box), not rows.
    if (left.lines.every(oneWord) && right.lines.every(oneWord)) continue;
    const rows = tableRows(left, right);
    if (rows === undefined) continue;
    const joined = blockOf(rows);
    gone.add(left).add(right);
    added.push(joined);
    // A third column joins the first two in turn.
    if (cells(joined)) queue.push(joined);
  }
  return added.length === 0 ? blocks : [...blocks.filter((b) => !gone.has(b)), ...added.filter((b) => !gone.has(b))];
}

/**
 * The block a table's next column would be: right of `left` across a wide gap, starting on its
 * first line, with as many lines or more, and no block between them.
 */
function nearestRight(byBaseline: readonly Block[], added: readonly Block[], gone: ReadonlySet<Block>, left: Block, em: number): Block | undefined {
  const tolerance = 0.3 * left.size;
  let lo = 0;
  let hi = byBaseline.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (byBaseline[mid]!.baseline < left.baseline - tolerance) lo = mid + 1;
    else hi = mid;
  }
  let right: Block | undefined;
  const consider = (b: Block): void => {
    if (b === left || gone.has(b) || b.lineCount < left.lineCount || b.x0 - left.x1 < CELL_GAP * Math.max(em, left.size) || Math.abs(b.baseline - left.baseline) >= tolerance) return;
    if (right === undefined || b.x0 < right.x0) right = b;
  };
  for (let i = lo; i < byBaseline.length && byBaseline[i]!.baseline < left.baseline + tolerance; i++) consider(byBaseline[i]!);
  added.forEach(consider);
  if (right === undefined) return undefined;
  const r = right;
  const between = (b: Block): boolean => b !== left && b !== r && !gone.has(b) && b.x0 >= left.x1 && b.x1 <= r.x0 && b.bottom < left.top && b.top > left.bottom;
  return byBaseline.some(between) || added.some(between) ? undefined : r;
}

/** Whether `text` (single-spaced) has at most `MAX_CELL_WORDS` words. */
function fewWords(text: string): boolean {
  let spaces = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 32 && ++spaces >= MAX_CELL_WORDS) return false;
  return true;
}

/** A line that is one word of letters (and marks a font without a Unicode map left). */
function oneWord(line: Segment): boolean {
  return /^\p{L}+[^\p{L}\p{N}\s]*$/u.test(line.text);
}

/** The rows of `left` and `right` read across, when every line of `left` has a line of `right` on its baseline. */
function tableRows(left: Block, right: Block): Segment[] | undefined {
  const starts: number[] = [];
  let from = 0;
  for (const line of left.lines) {
    let k = from;
    while (k < right.lines.length && right.lines[k]!.y > line.y + 0.3 * line.size) k++;
    if (k >= right.lines.length || Math.abs(right.lines[k]!.y - line.y) >= 0.3 * line.size) return undefined;
    starts.push(k);
    from = k + 1;
  }
  if (starts[0] !== 0) return undefined;
  const rows: Segment[] = [];
  left.lines.forEach((line, i) => {
    const end = starts[i + 1] ?? right.lines.length;
    const cell = right.lines[starts[i]!]!;
    rows.push({ x0: line.x0, x1: cell.x1, y: line.y, size: Math.max(line.size, cell.size), text: `${line.text} ${cell.text}` });
    for (let k = starts[i]! + 1; k < end; k++) rows.push(right.lines[k]!);
  });
  return rows;
}

/** A block of `lines`, top to bottom. */
function blockOf(lines: Segment[]): Block {
  const first = lines[0]!;
  return {
    lines,
    size: first.size,
    leading: lines.length > 1 ? first.y - lines[1]!.y : 0,
    lineCount: lines.length,
    baseline: first.y,
    x0: Math.min(...lines.map((s) => s.x0)),
    x1: Math.max(...lines.map((s) => s.x1)),
    top: first.y + 0.8 * first.size,
    bottom: Math.min(...lines.map((s) => s.y - 0.25 * s.size)),
  };
}

/** Whether line `s` continues `block`, whose last line is right above it. */
function continues(block: Block, s: Segment, em: number): boolean {
  const last = block.lines[block.lines.length - 1]!;
  const size = Math.max(last.size, s.size);
  const ratio = s.size / last.size;
  if (ratio < 0.8 || ratio > 1.25) return false;
  const gap = last.y - s.y;
  if (block.leading > 0 ? gap > 1.3 * block.leading : gap > (Math.abs(ratio - 1) < 0.05 ? MAX_LINK : 1.6) * size) return false;
  if (CAPTION.test(s.text)) return false;
  const unit = Math.max(size, em * 0.5);
  const aligned = Math.abs(s.x0 - last.x0) <= 3 * unit || Math.abs(s.x1 - last.x1) <= unit || Math.abs(s.x0 + s.x1 - last.x0 - last.x1) <= 2 * unit;
  if (!aligned) return false;
  return true;
}

/** Text drawn sideways (a margin stamp, a rotated table head): its runs, read after the page. */
function rotatedLines(fragments: readonly PdfFragment[]): PdfTextLine[] {
  const lines: PdfTextLine[] = [];
  for (const direction of ['up', 'down'] as const) {
    // Turned 90°, a line's baseline is an x and the next line is to its right; turned 270°, to its left.
    const up = direction === 'up';
    const sorted = fragments.filter((f) => f.rotated === direction).sort((a, b) => (up ? a.x - b.x : b.x - a.x));
    const runs: PdfFragment[][] = [];
    for (const f of sorted) {
      const run = runs[runs.length - 1];
      if (run && Math.abs(run[0]!.x - f.x) < 0.4 * Math.max(run[0]!.size, f.size)) run.push(f);
      else runs.push([f]);
    }
    for (const run of runs) {
      run.sort((a, b) => (up ? a.y - b.y : b.y - a.y));
      let text = '';
      let reach = 0;
      for (const f of run) {
        const start = up ? f.y : -f.y;
        if (text !== '' && start - reach > 0.15 * f.size) text += ' ';
        text += f.text;
        reach = start + f.width;
      }
      text = text.replace(/\s+/g, ' ').trim();
      if (text !== '') lines.push({ text, paragraph: true, y: run[0]!.y, aside: true });
    }
  }
  return lines;
}

/** The most common font size of `items`, by characters: the body text's (0 for none). */
export function bodySize(items: ReadonlyArray<{ readonly text: string; readonly size: number }>): number {
  const chars = new Map<number, number>();
  for (const item of items) {
    const size = Math.round(item.size * 2) / 2;
    chars.set(size, (chars.get(size) ?? 0) + item.text.length);
  }
  let best = 0;
  let most = -1;
  for (const [size, count] of chars) {
    if (count > most) {
      best = size;
      most = count;
    }
  }
  return best;
}
