/**
 * Pandoc's tables in a Markdown draft (grid, pipe, simple and multiline), read as Pandoc reads them:
 * a table's borders, bars and dashed lines are never text, and each cell is text of its own. A grid
 * table's cell is the column's slice of each of its row's lines (one leading space dropped when every
 * line has one, so four more spaces make a code block), read as Markdown blocks; a pipe table's cell
 * is the inline text between two bars on one line; a simple or multiline table's columns are those of
 * its dashed line (each run of dashes with the blanks after it), a simple table's row a line, a
 * multiline table's row the lines up to a blank one. A table cannot interrupt a paragraph. Offsets
 * are those of the document.
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
  // The first character of a line after its indentation (cheap: most lines are passed over on it).
  const lead = (i: number): string => {
    let k = lines[i]!;
    while (text[k] === ' ') k++;
    return text[k] ?? '';
  };
  let fenced: string | undefined;
  let previousBlank = true;
  for (let i = 0; i < lines.length; i++) {
    const first = lead(i);
    const startsHere = previousBlank;
    const current = first === '`' || first === '~' || first === '#' || first === ':' || startsHere ? line(i) : '';
    previousBlank = first === '' || first === '\n' || first === '\r' || (first === '\t' && /^[ \t]*$/.test(line(i)));
    // Fenced code is no table (a chunk may print one).
    const fence = first === '`' || first === '~' ? /^ {0,3}(`{3,}|~{3,})/.exec(current) : null;
    if (fence) {
      if (fenced === undefined) fenced = fence[1]![0]!.repeat(fence[1]!.length);
      else if (fence[1]!.startsWith(fenced)) fenced = undefined;
      continue;
    }
    if (fenced !== undefined) continue;
    // An ATX heading or a div's fence ends what came before, as a blank line does.
    if (first === '#' || first === ':') previousBlank ||= startsBlock(current);
    if (!startsHere) continue;
    // A table's first line starts with a border or dashes, or has a bar, or its next line does.
    const next = i + 1 < lines.length ? lead(i + 1) : '';
    if (first !== '+' && first !== '-' && !current.includes('|') && next !== '-' && next !== '|' && next !== ':') continue;
    const table =
      (first === '+' ? gridTable(text, lines, i, line) : undefined) ??
      pipeTable(text, lines, i, line) ??
      (first === '-' || next === '-' ? dashedTable(text, lines, i, line) : undefined);
    if (table) {
      tables.push(table);
      i = table.lastLine;
    }
  }
  return tables;
}

/** Whether a table may start on the line after this one: a blank line, an ATX heading or a fenced div's fence (`:::`) ends what came before. */
function startsBlock(previous: string): boolean {
  return /^[ \t]*$/.test(previous) || /^ {0,3}#{1,6}(?:[ \t]|$)/.test(previous) || /^ {0,3}:{3,}/.test(previous);
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

/** How many lines a simple or multiline table may take. */
const MAX_TABLE_LINES = 2000;

/**
 * A line of dashes: one run (a multiline table's border) or several separated by blanks (the
 * columns); runs of one dash (`- - -`) are a thematic break.
 */
const DASH_RUNS = /^ {0,3}-{2,}(?:[ \t]+-{2,})*[ \t]*$/;

/** The columns of a dashed line: where each starts (its run of dashes); the last runs to the line's end. */
function dashColumns(line: string): number[] {
  return [...line.matchAll(/-+/g)].map((m) => m.index!);
}

/**
 * A simple table (a header line over a dashed line of two or more runs, a row a line, up to a blank
 * line; or, headless, rows between two such dashed lines) or a multiline table (a line of dashes, the
 * header, the dashed line of columns, rows up to blank lines, a closing line of dashes).
 */
function dashedTable(text: string, lines: readonly number[], first: number, line: (i: number) => string): MarkdownTable | undefined {
  const head = line(first);
  // A table's closing line is looked for this far at most (a draft of dashes costs no more).
  const limit = Math.min(lines.length, first + MAX_TABLE_LINES);
  const blank = (i: number): boolean => i >= lines.length || /^[ \t]*$/.test(line(i));
  const runs = (i: number): number => (i < lines.length && DASH_RUNS.test(line(i)) ? dashColumns(line(i)).length : 0);
  const table = (columnsLine: number, rowsFrom: number, rowsTo: number, headerFrom: number, headerTo: number, multiline: boolean, last: number): MarkdownTable => {
    const columns = dashColumns(line(columnsLine));
    const cells: TableCell[] = [];
    const rows: number[][] = [];
    if (headerTo >= headerFrom) rows.push(range(headerFrom, headerTo));
    if (multiline) {
      let group: number[] = [];
      for (let i = rowsFrom; i <= rowsTo; i++) {
        if (blank(i)) {
          if (group.length > 0) rows.push(group);
          group = [];
        } else group.push(i);
      }
      if (group.length > 0) rows.push(group);
    } else {
      for (let i = rowsFrom; i <= rowsTo; i++) rows.push([i]);
    }
    for (const row of rows) cells.push(...dashedRow(text, lines, row, columns));
    return { start: lines[first]!, end: lineEnd(text, lines, last), firstLine: first, lastLine: last, cells };
  };
  if (runs(first) === 1 && /^ {0,3}-{3,}[ \t]*$/.test(head) && !blank(first + 1)) {
    // Multiline with a header: dashes, header lines, the columns' dashed line, rows, dashes.
    let columnsLine = first + 1;
    while (columnsLine < lines.length && !blank(columnsLine) && runs(columnsLine) === 0) columnsLine++;
    if (columnsLine === first + 1 || runs(columnsLine) === 0) return undefined;
    let end = columnsLine + 1;
    while (end < limit && !(runs(end) > 0 && blank(end + 1))) end++;
    if (end >= limit || end === columnsLine + 1) return undefined;
    return table(columnsLine, columnsLine + 1, end - 1, first + 1, columnsLine - 1, true, end);
  }
  if (runs(first) >= 2) {
    // Headless: rows between two dashed lines; blank lines between them make it multiline.
    let end = first + 1;
    while (end < limit && runs(end) === 0 && !(blank(end) && blank(end + 1))) end++;
    if (end >= limit || runs(end) === 0 || end === first + 1 || !blank(end + 1)) return undefined;
    const multiline = range(first + 1, end - 1).some(blank);
    return table(first, first + 1, end - 1, 1, 0, multiline, end);
  }
  if (!blank(first) && runs(first + 1) >= 2 && !blank(first + 2)) {
    // Simple with a header: rows up to a blank line (a dashed line may close it).
    let end = first + 2;
    while (end + 1 < lines.length && !blank(end + 1)) end++;
    const closing = runs(end) > 0 && end > first + 2;
    return table(first + 1, first + 2, closing ? end - 1 : end, first, first, false, end);
  }
  return undefined;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/** The cells of a simple or multiline table's row: each column's slice of its lines, trimmed. */
function dashedRow(text: string, lines: readonly number[], row: readonly number[], columns: readonly number[]): TableCell[] {
  return columns.map((column, k) => {
    const pieces: CellLine[] = [];
    for (const n of row) {
      const start = lines[n]!;
      const end = lineEnd(text, lines, n);
      let a = offsetOfColumn(text, start, end, column);
      let b = k + 1 < columns.length ? offsetOfColumn(text, start, end, columns[k + 1]!) : end;
      while (a < b && /[ \t]/.test(text[a]!)) a++;
      while (b > a && /[ \t]/.test(text[b - 1]!)) b--;
      if (b > a) pieces.push([a, b]);
    }
    return { lines: pieces, inline: pieces.length <= 1 };
  });
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
