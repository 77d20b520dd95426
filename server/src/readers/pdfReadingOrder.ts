/**
 * The reading order of a page's text blocks, found per region rather than per page. A recursive
 * XY-cut: a region whose blocks leave a vertical strip of white from top to bottom (a gutter) is
 * read column by column, left to right, however many columns there are; otherwise it is cut into
 * bands at the horizontal strips of white, and bands that share a gutter are read together again,
 * so a paragraph break that happens to fall at the same height in two columns does not cut the
 * columns into rows, while a full-width title, listing, caption or figure stays a region of its own
 * with the columns above and below it read apart. Each region is cut again the same way (columns
 * inside a band, sub-figures inside a column). A region no cut divides (text around a float) is
 * read by Breuel's two rules, as poppler's `pdftotext` orders its blocks: a block comes before
 * another it overlaps horizontally and is above, and before one entirely to its right unless a
 * block between them in height overlaps both.
 */

/** A block's box in points: `top` above `bottom` (y grows upwards, as in PDF). */
export interface LayoutBox {
  readonly x0: number;
  readonly x1: number;
  readonly top: number;
  readonly bottom: number;
  /** The baseline of its first line. */
  readonly baseline: number;
  /** How many lines it has. */
  readonly lineCount: number;
}

/** A white strip must be this many ems wide to be a gutter. */
const MIN_GUTTER = 0.6;
/** A column must be this many ems wide: a column of bullets or list numbers is none. */
const MIN_COLUMN = 3;
/** A region whose blocks are this share of one-line blocks is read as rows (a form, a table). */
const TABLE_SHARE = 0.8;
/** Regions with more blocks than this are read top to bottom, left to right (Breuel's rules are cubic). */
const MAX_RULE_BLOCKS = 120;

/** The blocks in reading order; `em` is the page's body text size. */
export function readingOrder<T extends LayoutBox>(blocks: readonly T[], em: number): T[] {
  const out: T[] = [];
  order(blocks, em, out, 0);
  return out;
}

function order<T extends LayoutBox>(blocks: readonly T[], em: number, out: T[], depth: number): void {
  if (blocks.length <= 1 || depth > 40) {
    out.push(...(blocks.length <= 1 ? blocks : byRules(blocks)));
    return;
  }
  const bands = horizontalBands(blocks);
  // A form or a table (rows of one-line cells) is read row by row, each row left to right.
  if (bands.length >= 3 && blocks.filter((b) => b.lineCount === 1).length >= TABLE_SHARE * blocks.length) {
    for (const band of bands) order(band, em, out, depth + 1);
    return;
  }
  const columns = verticalCut(blocks, em);
  if (columns !== undefined) {
    for (const column of columns) order(column, em, out, depth + 1);
    return;
  }
  if (bands.length > 1) {
    // Bands that share a gutter are one region of columns again (aligned paragraph breaks).
    const groups: T[][] = [];
    for (const band of bands) {
      const last = groups[groups.length - 1];
      if (last !== undefined && verticalCut([...last, ...band], em) !== undefined) last.push(...band);
      else groups.push([...band]);
    }
    if (groups.length > 1) {
      for (const group of groups) order(group, em, out, depth + 1);
      return;
    }
  }
  out.push(...byRules(blocks));
}

/** The columns of a region, left to right, split at every white strip a gutter wide; none if there is no gutter. */
function verticalCut<T extends LayoutBox>(blocks: readonly T[], em: number): T[][] | undefined {
  const sorted = [...blocks].sort((a, b) => a.x0 - b.x0);
  const columns: T[][] = [];
  let current: T[] = [];
  let reach = -Infinity;
  for (const block of sorted) {
    if (current.length > 0 && block.x0 - reach >= MIN_GUTTER * em) {
      columns.push(current);
      current = [];
    }
    current.push(block);
    reach = Math.max(reach, block.x1);
  }
  columns.push(current);
  if (columns.length < 2) return undefined;
  // A narrow strip (bullets, list numbers, a label) joins its neighbour: no column of its own.
  const width = (column: readonly T[]): number => Math.max(...column.map((b) => b.x1)) - Math.min(...column.map((b) => b.x0));
  const merged: T[][] = [];
  for (const column of columns) {
    const last = merged[merged.length - 1];
    if (last !== undefined && (width(column) < MIN_COLUMN * em || width(last) < MIN_COLUMN * em)) last.push(...column);
    else merged.push([...column]);
  }
  if (merged.length === 2 && sideHeadings(merged[0]!, merged[1]!)) return undefined;
  return merged.length >= 2 ? merged : undefined;
}

/**
 * Whether the left column is headings set beside the text (a form's labels, a report's side heads):
 * short blocks each on the baseline of a block of the wider right column. They are read row by row.
 */
function sideHeadings(left: readonly LayoutBox[], right: readonly LayoutBox[]): boolean {
  const width = (column: readonly LayoutBox[]): number => Math.max(...column.map((b) => b.x1)) - Math.min(...column.map((b) => b.x0));
  if (left.length < 2 || width(left) > 0.5 * width(right)) return false;
  return left.every((head) => head.lineCount <= 3 && right.some((b) => Math.abs(b.baseline - head.baseline) < 0.5 * (head.top - head.bottom) / head.lineCount));
}

/** The region cut at every horizontal strip of white, top to bottom. */
function horizontalBands<T extends LayoutBox>(blocks: readonly T[]): T[][] {
  const sorted = [...blocks].sort((a, b) => b.top - a.top);
  const bands: T[][] = [];
  let floor = Infinity;
  for (const block of sorted) {
    const band = bands[bands.length - 1];
    if (band !== undefined && block.top > floor) {
      band.push(block);
      floor = Math.min(floor, block.bottom);
    } else {
      bands.push([block]);
      floor = block.bottom;
    }
  }
  return bands;
}

/** Breuel's reading order of blocks no cut divides, depth first as poppler visits them. */
function byRules<T extends LayoutBox>(blocks: readonly T[]): T[] {
  const sorted = [...blocks].sort((a, b) => b.top - a.top || a.x0 - b.x0);
  if (sorted.length > MAX_RULE_BLOCKS) return sorted;
  const n = sorted.length;
  const mid = sorted.map((b) => (b.top + b.bottom) / 2);
  const before = (a: number, b: number): boolean => {
    const A = sorted[a]!;
    const B = sorted[b]!;
    // Rule 1: overlapping horizontally, A above B.
    if (A.x0 < B.x1 && B.x0 < A.x1) return mid[a]! > mid[b]!;
    // Rule 2: A entirely left of B, and no block between them in height overlaps both.
    if (A.x1 > B.x0) return false;
    const high = Math.max(mid[a]!, mid[b]!);
    const low = Math.min(mid[a]!, mid[b]!);
    for (let c = 0; c < n; c++) {
      if (c === a || c === b) continue;
      const C = sorted[c]!;
      if (mid[c]! < high && mid[c]! > low && C.x0 < A.x1 && C.x1 > B.x0) return false;
    }
    return true;
  };
  const visited = new Uint8Array(n);
  const out: T[] = [];
  const visit = (b: number): void => {
    visited[b] = 1;
    for (let a = 0; a < n; a++) if (!visited[a] && before(a, b)) visit(a);
    out.push(sorted[b]!);
  };
  for (let b = 0; b < n; b++) if (!visited[b]) visit(b);
  return out;
}
