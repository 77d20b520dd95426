/**
 * Reading order of a PDF page from its positioned text: fragments on one baseline become segments
 * (a wide gap splits them, as between two columns), a gutter that no segment crosses makes a
 * two-column page read left column first, and lines get paragraph breaks from their spacing.
 */

/** A piece of text where the PDF draws it; `y` is the baseline from the bottom, sizes in points. */
export interface PdfFragment {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
}

/** A line of a page in reading order. */
export interface PdfTextLine {
  readonly text: string;
  /** A paragraph starts here (a larger gap above, or a new column or block). */
  readonly paragraph: boolean;
  /** Baseline from the bottom of the page, for finding what runs along its top and bottom edges. */
  readonly y: number;
}

interface Segment {
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly size: number;
  readonly text: string;
}

/** A gap wider than this many font sizes between fragments of one baseline separates two segments. */
const SEGMENT_GAP = 1.2;
/** Fewest segments on each side for a gutter to count as two columns. */
const MIN_COLUMN_SEGMENTS = 3;

/** The page's lines in reading order. */
export function layoutPage(fragments: readonly PdfFragment[]): PdfTextLine[] {
  const segments = toSegments(fragments.filter((f) => f.text.trim() !== ''));
  const gutter = findGutter(segments);
  if (gutter === undefined) return toLines(mergeBaselines(segments));
  // Segments that cross the gutter (a title, a running head) split the page into bands; each band
  // is read left column first.
  const spanning = segments.filter((s) => s.x0 < gutter && s.x1 > gutter).sort((a, b) => b.y - a.y);
  const lines: PdfTextLine[] = [];
  let above = Infinity;
  const band = (below: number): void => {
    const inBand = segments.filter((s) => s.y < above && s.y > below && !(s.x0 < gutter && s.x1 > gutter));
    const left = inBand.filter((s) => s.x1 <= gutter);
    const right = inBand.filter((s) => s.x0 >= gutter);
    for (const column of [left, right]) {
      const columnLines = toLines(mergeBaselines(column));
      if (columnLines[0]) columnLines[0] = { ...columnLines[0], paragraph: true };
      lines.push(...columnLines);
    }
  };
  for (const segment of spanning) {
    band(segment.y);
    lines.push({ text: segment.text, paragraph: true, y: segment.y });
    above = segment.y;
  }
  band(-Infinity);
  return lines;
}

/**
 * Groups items into baselines: from the top down, an item within 0.4 of a font size of a baseline's
 * first item joins it; each baseline is then ordered left to right.
 */
function baselines<T extends { readonly y: number; readonly size: number }>(items: readonly T[], x: (item: T) => number): T[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y);
  const groups: T[][] = [];
  for (const item of sorted) {
    const group = groups[groups.length - 1];
    if (group && Math.abs(group[0]!.y - item.y) < 0.4 * Math.max(group[0]!.size, item.size)) group.push(item);
    else groups.push([item]);
  }
  for (const group of groups) group.sort((a, b) => x(a) - x(b));
  return groups;
}

/** Joins fragments on one baseline into segments, split where the gap is wide (a column gutter). */
function toSegments(fragments: readonly PdfFragment[]): Segment[] {
  const segments: Segment[] = [];
  for (const line of baselines(fragments, (f) => f.x)) {
    let current: { x0: number; x1: number; y: number; size: number; text: string } | undefined;
    for (const f of line) {
      const gap = current ? f.x - current.x1 : 0;
      if (current && gap < SEGMENT_GAP * Math.max(current.size, f.size)) {
        const space = gap > 0.15 * f.size && !current.text.endsWith(' ') && !f.text.startsWith(' ') ? ' ' : '';
        current.text += space + f.text;
        current.x1 = Math.max(current.x1, f.x + f.width);
      } else {
        if (current) segments.push(current);
        current = { x0: f.x, x1: f.x + f.width, y: f.y, size: f.size, text: f.text };
      }
    }
    if (current) segments.push(current);
  }
  return segments.map((s) => ({ ...s, text: s.text.replace(/\s+/g, ' ').trim() }));
}

/** The x of a vertical gutter that splits the page into two columns, if there is one. */
function findGutter(segments: readonly Segment[]): number | undefined {
  if (segments.length < 2 * MIN_COLUMN_SEGMENTS) return undefined;
  const minX = Math.min(...segments.map((s) => s.x0));
  const maxX = Math.max(...segments.map((s) => s.x1));
  let best: { gutter: number; score: number } | undefined;
  for (const candidate of segments) {
    const g = candidate.x0;
    if (g < minX + 0.3 * (maxX - minX) || g > minX + 0.7 * (maxX - minX)) continue;
    let left = 0;
    let right = 0;
    let crossing = 0;
    for (const s of segments) {
      if (s.x1 <= g) left++;
      else if (s.x0 >= g) right++;
      else crossing++;
    }
    if (left < MIN_COLUMN_SEGMENTS || right < MIN_COLUMN_SEGMENTS || crossing > 0.25 * segments.length) continue;
    const score = Math.min(left, right) - 2 * crossing;
    if (best === undefined || score > best.score) best = { gutter: g, score };
  }
  return best?.gutter;
}

/** Segments of one column on the same baseline become one line (a tab stop, a drop cap). */
function mergeBaselines(segments: readonly Segment[]): Segment[] {
  return baselines(segments, (s) => s.x0).map((line) =>
    line.reduce((a, b) => ({ ...a, x1: Math.max(a.x1, b.x1), text: `${a.text} ${b.text}` })),
  );
}

/** Lines with paragraph breaks where the space above is clearly more than the usual leading. */
function toLines(segments: readonly Segment[]): PdfTextLine[] {
  const gaps = segments.slice(1).map((s, i) => segments[i]!.y - s.y).filter((g) => g > 0);
  const leading = median(gaps) ?? 0;
  return segments.map((s, i) => {
    const gap = i === 0 ? Infinity : segments[i - 1]!.y - s.y;
    return { text: s.text, paragraph: i === 0 || gap > Math.max(leading * 1.4, s.size * 1.6), y: s.y };
  });
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
