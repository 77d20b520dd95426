import { asNoteMark } from '../core/text/noteMarks';
import { MARK_OR_EXPONENT } from './pdfNoteMarks';

/**
 * A PDF page's positioned text as segments: fragments on one baseline, with the superscripts and
 * subscripts beside them, split where a gap is wider than a font size and a bit, or lines up with
 * a gutter (as between two columns). `pdfLayout` makes blocks of them and orders those.
 */

/** A piece of text where the PDF draws it; `y` is the baseline from the bottom, sizes in points. */
export interface PdfFragment {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly size: number;
  /** Drawn sideways: reading upwards (turned 90°) or downwards (turned 270°). */
  readonly rotated?: 'up' | 'down';
}

/** The text of one baseline between two gaps: a line of one column, or a cell of a table's row. */
export interface Segment {
  readonly x0: number;
  readonly x1: number;
  readonly y: number;
  readonly size: number;
  readonly text: string;
}

/** A gap wider than this many font sizes between fragments of one baseline separates two segments. */
const SEGMENT_GAP = 1.2;

/**
 * Groups items into baselines: from the top down, an item within 0.4 of a font size of a baseline's
 * first item joins it; each baseline is then ordered left to right. Raised or lowered small type
 * beside a line (a footnote marker, an exponent, an index) joins that line, as a reader sees it.
 */
function baselines(items: readonly PdfFragment[]): PdfFragment[][] {
  const sorted = [...items].sort((a, b) => b.y - a.y);
  let groups: PdfFragment[][] = [];
  for (const item of sorted) {
    const group = groups[groups.length - 1];
    if (group && Math.abs(group[0]!.y - item.y) < 0.4 * Math.max(group[0]!.size, item.size)) group.push(item);
    else groups.push([item]);
  }
  if (groups.length > 1 && attachScripts(groups)) groups = groups.filter((group) => group.length > 0);
  for (const group of groups) group.sort((a, b) => a.x - b.x);
  return groups;
}

/** Small type is this share of its line's size or less to be a superscript or subscript of it. */
const SCRIPT_SIZE = 0.85;
/** How far above its line's baseline a superscript's may be, and below it a subscript's, in the line's sizes. */
const SCRIPT_RISE = 0.75;
const SCRIPT_DROP = 0.4;
/** A superscript or subscript has at most this many characters. */
const MAX_SCRIPT_CHARS = 4;

/**
 * Moves each item of a baseline of small type that sits raised or lowered beside the text of a
 * neighbouring baseline of larger type into that baseline; true when one moved.
 */
function attachScripts(groups: PdfFragment[][]): boolean {
  const sizes = groups.map((group) => Math.max(...group.map((item) => item.size)));
  let moved = false;
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    // Only type smaller than a neighbouring baseline's largest can be a script of it.
    let largest = 0;
    for (let h = Math.max(0, g - 2); h <= Math.min(groups.length - 1, g + 2); h++) largest = Math.max(largest, sizes[h]!);
    for (let k = group.length - 1; k >= 0; k--) {
      const item = group[k]!;
      if (item.size > SCRIPT_SIZE * largest) continue;
      // A script is a mark, a number or a short index (`12`, `*`, `th`, `max`), not a run of text.
      if (item.text.trim().length > MAX_SCRIPT_CHARS) continue;
      const host = hostOf(groups, sizes, g, item);
      if (host === undefined) continue;
      groups[host]!.push(item);
      group.splice(k, 1);
      moved = true;
    }
  }
  return moved;
}

/** Text with a letter or a digit: a script sits beside words, not beside a drawn sign (`!` of a caution mark). */
const WORD = /[\p{L}\p{N}]/u;

/**
 * The neighbouring baseline `item` of baseline `g` is a script of, if any: larger type with words
 * beside it (touching, within a space) whose baseline is under it by a superscript's rise, or over
 * it by a subscript's drop. Undefined when it is one of its own baseline's.
 */
function hostOf(groups: readonly PdfFragment[][], sizes: readonly number[], g: number, item: PdfFragment): number | undefined {
  const left = item.x;
  const right = item.x + item.width;
  for (const h of [g, g + 1, g - 1, g + 2, g - 2]) {
    const host = groups[h];
    if (host === undefined || host.length === 0 || item.size > SCRIPT_SIZE * sizes[h]!) continue;
    for (const other of host) {
      if (other.size * SCRIPT_SIZE < item.size || !WORD.test(other.text)) continue;
      if (left > other.x + other.width + 0.3 * other.size || right < other.x - 0.3 * other.size) continue;
      const rise = item.y - other.y;
      if (rise > SCRIPT_RISE * other.size || rise < -SCRIPT_DROP * other.size || Math.abs(rise) < 0.1 * other.size) continue;
      return h === g ? undefined : h;
    }
  }
  return undefined;
}

/**
 * Joins fragments on one baseline into segments, split where the gap is wide, or where a narrower
 * gap lines up with a gutter: white on the baselines around it, with text on both sides there (two
 * columns set close, where one line's end comes near the next column).
 */
export function toSegments(fragments: readonly PdfFragment[]): Segment[] {
  const segments: Segment[] = [];
  const lines = baselines(fragments);
  lines.forEach((line, k) => {
    const base = line.reduce((a, b) => (b.size > a.size ? b : a));
    let current: { x0: number; x1: number; y: number; size: number; text: string; marker: boolean } | undefined;
    for (const f of line) {
      const gap = current ? f.x - current.x1 : 0;
      const size = Math.max(current?.size ?? 0, f.size);
      // A raised footnote marker (`says¹²`, `end.*`) is a word of its own, its digits written as
      // superscript digits, a note mark a quote may leave out (`noteMarks`): `says ¹²`. A lowered
      // index stays on its word (`PCO2`).
      const marker = f.size <= SCRIPT_SIZE * base.size && f.y - base.y >= 0.05 * base.size && MARKER.test(f.text);
      const text = marker ? asNoteMark(f.text) : f.text;
      if (current && gap < SEGMENT_GAP * size && !(gap >= NARROW_GUTTER * size && isGutter(lines, k, (current.x1 + f.x) / 2, size))) {
        // Raised digits touching a word may be its note mark or its exponent (`R²`, `10⁶`):
        // `markOrExponent` tells them apart once the page's footnotes are known.
        const touching = marker && gap <= 0.15 * f.size && /[\p{L}\p{N}]$/u.test(current.text) && /^\s*\d+\s*$/.test(f.text);
        const space = touching ? MARK_OR_EXPONENT : (gap > 0.15 * f.size || marker || current.marker) && !current.text.endsWith(' ') && !f.text.startsWith(' ') ? ' ' : '';
        current.text += space + text;
        current.x1 = Math.max(current.x1, f.x + f.width);
        // The segment's baseline and size are its largest type's, not a marker's before it.
        if (f.size > current.size) {
          current.size = f.size;
          current.y = f.y;
        }
        current.marker = marker;
      } else {
        if (current) segments.push(current);
        current = { x0: f.x, x1: f.x + f.width, y: f.y, size: f.size, text, marker };
      }
    }
    if (current) segments.push(current);
  });
  return segments.map(({ x0, x1, y, size, text }) => ({ x0, x1, y, size, text: (SPACES_TO_FOLD.test(text) ? text.replace(/\s+/g, ' ') : text).trim() }));
}

/** White space that folding to single spaces changes: a space other than U+0020, or two in a row. */
const SPACES_TO_FOLD = /[^\S ]| {2}/;

/** What a footnote marker set in small raised type reads: numbers and the note symbols. */
const MARKER = /^\s*[\d*†‡§¶‖,]+\s*$/u;

/** A gap this many font sizes wide splits a line where it lines up with a gutter. */
const NARROW_GUTTER = 0.4;
/** Baselines within this many sizes above and below are looked at for a gutter. */
const GUTTER_WINDOW = 4;

/**
 * Whether `x` is white on the baselines around line `k`, three or more of which have text on both
 * sides of it, or three or more on each side: columns whose baselines do not line up (a Federal
 * Register page's, where a heading in one sits on the baseline of a line of the next).
 */
function isGutter(lines: readonly (readonly PdfFragment[])[], k: number, x: number, size: number): boolean {
  const y = lines[k]![0]!.y;
  let twoSided = 0;
  let leftSided = 0;
  let rightSided = 0;
  for (const step of [-1, 1]) {
    for (let j = k + step; j >= 0 && j < lines.length; j += step) {
      const other = lines[j]!;
      if (Math.abs(other[0]!.y - y) > GUTTER_WINDOW * size) break;
      let left = false;
      let right = false;
      for (const f of other) {
        // A run's spaces at its ends draw nothing.
        const x0 = f.x + (f.text.length - f.text.trimStart().length) * 0.25 * f.size;
        const x1 = f.x + f.width - (f.text.length - f.text.trimEnd().length) * 0.25 * f.size;
        if (x0 < x && x1 > x) return false;
        if (x1 <= x) left = true;
        else right = true;
      }
      if (left && right) twoSided++;
      if (left) leftSided++;
      if (right) rightSided++;
    }
  }
  return twoSided >= 3 || (leftSided >= 3 && rightSided >= 3);
}
