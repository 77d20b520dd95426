/**
 * Pandoc's grid and pipe tables in a Markdown draft, read as Pandoc reads them: a table's borders and
 * bars are never text, and each cell is text of its own. A grid table's cell is the column's slice of
 * each of its row's lines (one leading space dropped when every line has one, so four more spaces
 * make a code block), read as Markdown blocks; a pipe table's cell is the inline text between two
 * bars on one line. A table cannot interrupt a paragraph. Offsets are those of the document.
 */

/** A piece of a cell: one line's slice of its column, as a document range. */
export type CellLine = readonly [number, number];

/** A table cell: its lines (one for a pipe table), in order; `inline` when it holds inline text only (a pipe table's). */
export interface TableCell {
  readonly lines: readonly CellLine[];
  readonly inline: boolean;
}

/** A Pandoc table of a draft: the document lines it takes (start of its first line to the end of its last) and its cells. */
export interface MarkdownTable {
  readonly start: number;
  readonly end: number;
  /** The first and last line it takes (0-based, inclusive). */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly cells: readonly TableCell[];
}

/** A grid table's border line: `+---+---+`, `+:==+==:+`; the widths of its columns, `+` included. */
const GRID_BORDER = /^( {0,3})\+((?::?-+:?\+)+)[ \t]*$/;
const GRID_HEADER_BORDER = /^( {0,3})\+((?::?=+:?\+)+)[ \t]*$/;
/** A pipe table's separator line: `|---|:--:|`, `---|---:` (at least one bar, each column three dashes or colons). */
const PIPE_SEPARATOR = /^ {0,3}\|?(?:[ \t]*:?-+:?[ \t]*\|)+(?:[ \t]*:?-+:?[ \t]*)?[ \t]*$/;

/** The grid and pipe tables of a Markdown text whose lines start at `lines` (offsets). */
export function findTables(text: string, lines: readonly number[]): MarkdownTable[] {
  const tables: MarkdownTable[] = [];
  const line = (i: number): string => text.slice(lines[i]!, lineEnd(text, lines, i));
  let fenced: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const current = line(i);
    // Fenced code is no table (a chunk may print one).
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(current);
    if (fence) {
      if (fenced === undefined) fenced = fence[1]![0]!.repeat(fence[1]!.length);
      else if (fence[1]!.startsWith(fenced)) fenced = undefined;
      continue;
    }
    if (fenced !== undefined) continue;
    if (i > 0 && !startsBlock(line(i - 1))) continue;
    const table = gridTable(text, lines, i, line) ?? pipeTable(text, lines, i, line);
    if (table) {
      tables.push(table);
      i = table.lastLine;
    }
  }
  return tables;
}

/** Whether a table may start on the line after this one: a blank line (or an ATX heading) ends what came before. */
function startsBlock(previous: string): boolean {
  return /^[ \t]*$/.test(previous) || /^ {0,3}#{1,6}(?:[ \t]|$)/.test(previous);
}

function gridTable(text: string, lines: readonly number[], first: number, line: (i: number) => string): MarkdownTable | undefined {
  const top = GRID_BORDER.exec(line(first));
  if (!top) return undefined;
  const indent = top[1]!.length;
  let widths = columnWidths(top[2]!);
  const cells: TableCell[] = [];
  let i = first + 1;
  let row: number[] = [];
  let headerDone = false;
  let last = first;
  // Cells spanning rows or columns (Pandoc 3) break the columns: such a table is read line by line.
  let spans = false;
  const flush = (header: boolean): void => {
    if (row.length === 0) return;
    cells.push(...gridRow(text, lines, row, indent, widths, header));
    row = [];
  };
  for (; i < lines.length; i++) {
    const current = line(i);
    if (current.length > indent && current.slice(0, indent).trim() === '' && current[indent] === '|') {
      if (borderRuns(current).length > 0) spans = true;
      row.push(i);
      continue;
    }
    const border = GRID_BORDER.exec(current);
    const header = GRID_HEADER_BORDER.exec(current);
    if (border && border[1]!.length === indent && row.length > 0) {
      flush(false);
      last = i;
      continue;
    }
    if (header && header[1]!.length === indent && row.length > 0) {
      if (!headerDone && cells.length === 0) {
        const under = columnWidths(header[2]!);
        if (under.length !== widths.length) spans = true;
        // Pandoc splits the header and the rows at the header border's columns.
        widths = under;
        flush(true);
        headerDone = true;
      } else {
        flush(false); // a footer's border (Pandoc 3)
      }
      last = i;
      continue;
    }
    break;
  }
  // A last row with no border under it is still a row (Pandoc's separators are optional at the end).
  if (row.length > 0) {
    flush(false);
    last = row[row.length - 1]!;
  }
  if (last === first) return undefined;
  const table = { start: lines[first]!, end: lineEnd(text, lines, last), firstLine: first, lastLine: last };
  return { ...table, cells: spans ? lineCells(text, lines, first, last) : cells };
}

/** The runs of a line that are borders: `+`, `-`, `=` and `:` together, with a `+` and a `-` or `=`. */
function borderRuns(line: string): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (const m of line.matchAll(/[-=:+]+/g)) if (m[0].includes('+') && /[-=]/.test(m[0])) runs.push([m.index!, m.index! + m[0].length]);
  return runs;
}

/**
 * The cells of a grid table whose cells span rows or columns, read line by line: each stretch of a
 * line between bars and borders is a cell of its own. A quotation over several lines of such a cell
 * is missed, but no border is ever read as text.
 */
function lineCells(text: string, lines: readonly number[], first: number, last: number): TableCell[] {
  const cells: TableCell[] = [];
  for (let n = first; n <= last; n++) {
    const start = lines[n]!;
    const line = text.slice(start, lineEnd(text, lines, n));
    const chars = line.split('');
    for (const [a, b] of borderRuns(line)) for (let k = a; k < b; k++) chars[k] = '|';
    const blanked = chars.join('');
    for (const m of blanked.matchAll(/[^|]+/g)) {
      let a = m.index!;
      let b = a + m[0].length;
      while (a < b && /[ \t]/.test(line[a]!)) a++;
      while (b > a && /[ \t]/.test(line[b - 1]!)) b--;
      if (b > a) cells.push({ lines: [[start + a, start + b]], inline: true });
    }
  }
  return cells;
}

/** The widths of a border's columns, each with its closing `+`. */
function columnWidths(parts: string): number[] {
  return parts.split('+').slice(0, -1).map((part) => part.length + 1);
}

/** The cells of one grid row: each column's slice of every line, bars and trailing blanks dropped. */
function gridRow(text: string, lines: readonly number[], rowLines: readonly number[], indent: number, widths: readonly number[], header: boolean): TableCell[] {
  const cells: TableCell[] = [];
  let from = 0;
  widths.forEach((width, column) => {
    const pieces: Array<[number, number]> = rowLines.map((n) => {
      const lineStart = lines[n]! + indent + 1; // after the first `|`
      const end = lineEnd(text, lines, n);
      // Columns are counted as a terminal shows them: a wide (CJK) character takes two.
      const a = offsetOfColumn(text, lineStart, end, from);
      // The last column takes the rest of the line.
      let b = column === widths.length - 1 ? end : offsetOfColumn(text, lineStart, end, from + width);
      while (b > a && /[ \t|]/.test(text[b - 1]!)) b--;
      return [a, b];
    });
    from += width;
    let lines2 = pieces;
    if (header) {
      // A header cell's lines are trimmed: it is never code.
      lines2 = pieces.map(([a, b]) => {
        let s = a;
        while (s < b && /[ \t]/.test(text[s]!)) s++;
        return [s, b];
      });
    } else if (pieces.every(([a, b]) => a === b || text[a] === ' ')) {
      lines2 = pieces.map(([a, b]) => [a === b ? a : a + 1, b]);
    }
    cells.push({ lines: lines2, inline: false });
  });
  return cells;
}

function pipeTable(text: string, lines: readonly number[], first: number, line: (i: number) => string): MarkdownTable | undefined {
  const head = line(first);
  // Four spaces make code, not a table.
  if (first + 1 >= lines.length || !head.includes('|') || /^(?: {4}|\t)/.test(head)) return undefined;
  if (!PIPE_SEPARATOR.test(line(first + 1))) return undefined;
  const cells: TableCell[] = pipeCells(lines[first]!, head).map((range) => ({ lines: [range], inline: true }));
  if (cells.length === 0) return undefined;
  let last = first + 1;
  for (let i = first + 2; i < lines.length; i++) {
    const current = line(i);
    if (/^[ \t]*$/.test(current) || !current.includes('|')) break;
    cells.push(...pipeCells(lines[i]!, current).map((range) => ({ lines: [range] as const, inline: true })));
    last = i;
  }
  return { start: lines[first]!, end: lineEnd(text, lines, last), firstLine: first, lastLine: last, cells };
}

/** The cells of a pipe table's line: between unescaped bars outside code spans, trimmed. */
function pipeCells(lineStart: number, line: string): CellLine[] {
  const bars: number[] = [];
  let code = 0;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (c === '\\') {
      k++;
    } else if (c === '`') {
      let run = 1;
      while (line[k + run] === '`') run++;
      if (code === 0) code = run;
      else if (code === run) code = 0;
      k += run - 1;
    } else if (c === '|' && code === 0) {
      bars.push(k);
    }
  }
  const cuts = [...bars];
  const leading = /^[ \t]*$/.test(line.slice(0, bars[0] ?? 0));
  const trailing = bars.length > 0 && /^[ \t]*$/.test(line.slice(bars[bars.length - 1]! + 1));
  const edges = [leading && bars.length > 0 ? cuts.shift()! : -1, ...cuts];
  if (!trailing) edges.push(line.length);
  const cells: CellLine[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    let a = edges[k]! + 1;
    let b = edges[k + 1]!;
    while (a < b && /[ \t]/.test(line[a]!)) a++;
    while (b > a && /[ \t]/.test(line[b - 1]!)) b--;
    cells.push([lineStart + a, lineStart + b]);
  }
  return cells;
}

/** The offset in `text[start, end)` where display column `column` begins (wide characters take two columns, combining marks none). */
function offsetOfColumn(text: string, start: number, end: number, column: number): number {
  let at = start;
  let width = 0;
  while (at < end && width < column) {
    const code = text.codePointAt(at)!;
    width += charWidth(code);
    at += code > 0xffff ? 2 : 1;
  }
  return at;
}

const WIDE = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;

function charWidth(code: number): number {
  const c = String.fromCodePoint(code);
  if (/\p{M}/u.test(c)) return 0;
  return WIDE.test(c) ? 2 : 1;
}

/** Offset of the end of line `line` (before its line break). */
function lineEnd(text: string, lines: readonly number[], line: number): number {
  const next = lines[line + 1];
  if (next === undefined) return text.length;
  return text[next - 2] === '\r' && text[next - 1] === '\n' ? next - 2 : next - 1;
}
