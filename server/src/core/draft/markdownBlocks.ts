import MarkdownIt from 'markdown-it';
import footnotes from 'markdown-it-footnote';
import { readFrontMatter } from '../text/frontMatter';
import { inlineMaskRanges } from './inlineMask';
import { findTables, type MarkdownTable, type TableCell } from './markdownTables';
import { firstStartingAt } from '../text/sortedSearch';
import { finish, type Steps } from './steps';

/**
 * A paragraph-like block of a draft (paragraph, heading, footnote, or a paragraph of a block quote), with the
 * parts that can hold neither citations nor quotes (code spans, inline HTML, link destinations,
 * image destinations, autolinks) masked out by spaces, so offsets stay those of the document.
 */
export interface TextBlock {
  readonly start: number;
  readonly end: number;
  /** `text.slice(start, end)` with masked parts replaced by spaces (line breaks kept). */
  readonly masked: string;
  /** Index into `MarkdownStructure.blockQuotes` when the block is inside a block quote. */
  readonly blockQuote: number | undefined;
  /** True for a heading (its words are a title, not prose). */
  readonly heading?: true;
  /**
   * Ranges between `start` and `end` that are not the block's text: a grid table cell's lines are
   * one column of several lines, and what lies between them is other cells' and the borders.
   */
  readonly gaps?: ReadonlyArray<readonly [number, number]>;
}

/** A top-level block quote: its paragraphs and the block right after it (for attribution). */
export interface BlockQuote {
  readonly start: number;
  readonly end: number;
  /** Indexes into `MarkdownStructure.blocks`. */
  readonly paragraphs: readonly number[];
  /** Index into `blocks` of the paragraph right after the quote, if the next block is one. */
  readonly next: number | undefined;
}

/** What of a draft can hold citations and quotes. */
export interface MarkdownStructure {
  readonly blocks: readonly TextBlock[];
  readonly blockQuotes: readonly BlockQuote[];
}

// CommonMark, as Pandoc's reader follows it for blocks; footnotes as Pandoc has them.
const parser = new MarkdownIt('commonmark').use(footnotes);

/** The fields of a markdown-it token read here. */
export interface Token {
  readonly type: string;
  readonly map: [number, number] | null;
  readonly content: string;
}

/** The parser's passes over a whole draft (`core` rules), in order, as markdown-it keeps them. */
const corePasses = (parser.core.ruler as unknown as { __rules__?: Array<{ name: string; enabled: boolean; fn: (state: unknown) => void }> }).__rules__;

/**
 * The parser's tokens, in steps: its block pass a step per top-level block, its inline pass (most
 * of its time: footnote references are found there) a step per paragraph, each other pass a step.
 * The passes are markdown-it's own, run as its `parse` runs them (tests/core/draftSteps.test.ts
 * holds the tokens to its own); a markdown-it that keeps them otherwise parses at once.
 */
export function* markdownTokenSteps(source: string): Steps<Token[]> {
  if (corePasses === undefined || !corePasses.some((pass) => pass.name === 'inline') || !corePasses.some((pass) => pass.name === 'block')) {
    return parser.parse(source, {}) as Token[];
  }
  const state = new parser.core.State(source, parser, {});
  for (const pass of corePasses) {
    if (!pass.enabled) continue;
    if (pass.name === 'block' && !state.inlineMode) {
      yield* blockSteps(state.src, state.env, state.tokens);
      continue;
    }
    if (pass.name !== 'inline') {
      pass.fn(state);
      yield;
      continue;
    }
    for (const token of state.tokens) {
      if (token.type !== 'inline') continue;
      parser.inline.parse(token.content, parser, state.env, token.children ?? []);
      yield;
    }
  }
  return state.tokens as Token[];
}

/**
 * markdown-it's block pass (`ParserBlock.parse` and `tokenize` of markdown-it 15), a step per
 * top-level block: each block rule runs as there, on the whole document.
 */
function* blockSteps(src: string, env: unknown, tokens: unknown[]): Steps<void> {
  if (!src) return;
  const state = new parser.block.State(src, parser, env as never, tokens as never);
  const rules = parser.block.ruler.getRules('');
  const endLine = state.lineMax;
  const maxNesting = parser.options.maxNesting ?? 100;
  let line = state.line;
  let hasEmptyLines = false;
  while (line < endLine) {
    state.line = line = state.skipEmptyLines(line);
    if (line >= endLine) break;
    if (state.sCount[line]! < state.blkIndent) break;
    if (state.level >= maxNesting) {
      state.line = endLine;
      break;
    }
    const prevLine = state.line;
    let ok = false;
    for (const rule of rules) {
      ok = rule(state, line, endLine, false);
      if (ok) {
        if (prevLine >= state.line) throw new Error("block rule didn't increment state.line");
        break;
      }
    }
    if (!ok) throw new Error('none of the block rules matched');
    state.tight = !hasEmptyLines;
    if (state.isEmpty(state.line - 1)) hasEmptyLines = true;
    line = state.line;
    if (line < endLine && state.isEmpty(line)) {
      hasEmptyLines = true;
      line++;
      state.line = line;
    }
    yield;
  }
}

/** Finds the paragraph-like blocks of a Markdown draft; never throws on malformed input. */
export function scanMarkdown(text: string): MarkdownStructure {
  return finish(scanMarkdownSteps(text));
}

/** `scanMarkdown` in steps: the parser's pass at once, then a step per block. */
export function* scanMarkdownSteps(text: string): Steps<MarkdownStructure> {
  // Front matter is blanked, not cut, so every offset stays an offset of `text`.
  const frontMatter = readFrontMatter(text);
  const blanked = frontMatter.bodyStart > 0 ? blank(text, 0, frontMatter.bodyStart) + text.slice(frontMatter.bodyStart) : text;
  // The parser reads NUL as U+FFFD; doing the same keeps its content and our offsets in step.
  const source = blanked.replace(/\u0000/g, '\ufffd');
  const lines = lineStarts(source);
  // Pandoc's tables are read apart: the parser sees blank lines where they are.
  const tables = findTables(source, lines);
  // Pandoc's fenced divs (`::: {.callout-note title="…"}` … `:::`): their fences are neither text nor
  // part of a paragraph, and an attribute's quoted value is no quotation.
  const hidden = [...tables, ...divFences(source, lines)].sort((a, b) => a.start - b.start);
  const tokens = yield* markdownTokenSteps(hidden.length === 0 ? source : withoutTables(source, hidden));
  const blocks: TextBlock[] = [];
  const quotes: Array<{ start: number; end: number; paragraphs: number[] }> = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'blockquote_open') {
      if (depth++ === 0 && token.map) {
        quotes.push({ start: lines[token.map[0]]!, end: lineEnd(source, lines, token.map[1] - 1), paragraphs: [] });
      }
    } else if (token.type === 'blockquote_close') {
      depth--;
    } else if (token.type === 'inline' && token.map) {
      const opener = tokens[i - 1]?.type;
      if (opener !== 'paragraph_open' && opener !== 'heading_open') continue;
      const found = textBlock(source, lines, token, depth > 0 ? quotes.length - 1 : undefined);
      if (found === undefined) continue;
      const block: TextBlock = opener === 'heading_open' ? { ...found, heading: true } : found;
      if (block.blockQuote !== undefined) quotes[block.blockQuote]!.paragraphs.push(blocks.length);
      blocks.push(block);
      yield;
    }
  }
  for (const table of tables) for (const cell of table.cells) blocks.push(...cellBlocks(source, cell));
  // Footnotes come last in the token stream: put every block back in document order.
  const order = blocks.map((_, i) => i).sort((a, b) => blocks[a]!.start - blocks[b]!.start);
  const position = new Map(order.map((old, now) => [old, now]));
  const sorted = order.map((i) => blocks[i]!);
  const blockQuotes = quotes.map((quote) => {
    const nextIndex = firstBlockFrom(sorted, quote.end);
    const next = nextIndex >= 0 && isNextBlock(source, quote.end, sorted[nextIndex]!.start) ? nextIndex : undefined;
    return { start: quote.start, end: quote.end, paragraphs: quote.paragraphs.map((p) => position.get(p)!), next };
  });
  return { blocks: sorted, blockQuotes };
}

/**
 * The block of an inline token: its content lines are the ends of its source lines (after block
 * quote markers, list indentation or heading marks), which locates them exactly in the document.
 */
function textBlock(source: string, lines: readonly number[], token: Token, blockQuote: number | undefined): TextBlock | undefined {
  const contentLines = token.content.split('\n');
  const first = token.map![0];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let k = 0; k < contentLines.length; k++) {
    const lineStart = lines[first + k];
    if (lineStart === undefined) return undefined;
    const line = source.slice(lineStart, lineEnd(source, lines, first + k));
    const content = contentLines[k]!;
    let at = line.endsWith(content) ? line.length - content.length : line.lastIndexOf(content);
    // A closing `#` sequence of an ATX heading follows its text.
    if (at < 0 || (k === 0 && content !== '' && line.indexOf(content) !== at && /^\s*#/.test(line))) at = line.indexOf(content);
    if (at < 0) return undefined;
    starts.push(lineStart + at);
    ends.push(lineStart + at + content.length);
  }
  const start = starts[0]!;
  const end = ends[ends.length - 1]!;
  const chars = source.slice(start, end).split('');
  // Between its lines' content, a block's source holds container marks (`>`, indentation): not text.
  for (let k = 1; k < starts.length; k++) {
    for (let i = ends[k - 1]! - start; i < starts[k]! - start; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
  for (const [from, to] of inlineMaskRanges(chars.join(''))) {
    for (let i = from; i < to; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
  return { start, end, masked: chars.join(''), blockQuote };
}

/**
 * The fence lines of Pandoc's fenced divs, outside fenced code: an opening fence (three colons or
 * more, then attributes or a class) starts a block, so it follows a blank line, a heading or another
 * fence; a closing fence (colons alone) inside a div ends the paragraph before it.
 */
function divFences(source: string, lines: readonly number[]): Array<{ start: number; end: number }> {
  const fences: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let fenced: string | undefined;
  let blockStart = true;
  for (let i = 0; i < lines.length; i++) {
    const start = lines[i]!;
    const end = lineEnd(source, lines, i);
    let k = start;
    while (source[k] === ' ' && k - start < 4) k++;
    const lead = source[k];
    if (lead === '`' || lead === '~') {
      const fence = /^ {0,3}(`{3,}|~{3,})/.exec(source.slice(start, Math.min(end, start + 64)));
      if (fence) {
        if (fenced === undefined) fenced = fence[1]![0]!.repeat(fence[1]!.length);
        else if (fence[1]!.startsWith(fenced)) fenced = undefined;
      }
    }
    if (fenced !== undefined || lead !== ':' || k - start > 3) {
      blockStart = k >= end || /^[ \t]*$/.test(source.slice(start, end)) || lead === '#';
      continue;
    }
    const line = source.slice(start, end);
    if (/^ {0,3}:{3,}[ \t]*$/.test(line)) {
      if (depth > 0) {
        depth--;
        fences.push({ start, end });
        blockStart = true;
        continue;
      }
    } else if (blockStart && /^ {0,3}:{3,}[ \t]*(?:\{[^}]*\}|[^\s:{}]\S*)[ \t]*:*[ \t]*$/.test(line)) {
      depth++;
      fences.push({ start, end });
      blockStart = true;
      continue;
    }
    blockStart = false;
  }
  return fences;
}

/** The text with its tables' lines blank (their line breaks kept). */
function withoutTables(source: string, tables: ReadonlyArray<Pick<MarkdownTable, 'start' | 'end'>>): string {
  const pieces: string[] = [];
  let at = 0;
  for (const table of tables) {
    pieces.push(source.slice(at, table.start), blank(source, table.start, table.end));
    at = table.end;
  }
  pieces.push(source.slice(at));
  return pieces.join('');
}

/**
 * The blocks of a table cell, in document offsets: a pipe table's cell is one line of inline text; a
 * grid table's is its lines read as Markdown blocks, what lies between them in the document a gap.
 */
function cellBlocks(source: string, cell: TableCell): TextBlock[] {
  const pieces = cell.lines.filter(([a, b]) => b >= a);
  if (pieces.length === 0) return [];
  if (cell.inline && pieces.length === 1) {
    const [a, b] = pieces[0]!;
    if (a === b) return [];
    const chars = source.slice(a, b).replace(/\[\^[^\]\s]+\]/g, (reference) => ' '.repeat(reference.length)).split('');
    for (const [from, to] of inlineMaskRanges(chars.join(''))) for (let i = from; i < to; i++) chars[i] = ' ';
    return [{ start: a, end: b, masked: chars.join(''), blockQuote: undefined }];
  }
  const cellText = pieces.map(([a, b]) => source.slice(a, b)).join('\n');
  if (cellText.trim() === '') return [];
  const starts: number[] = [];
  let at = 0;
  for (const [a, b] of pieces) {
    starts.push(at);
    at += b - a + 1;
  }
  // A cell offset as a document offset: on its line's piece.
  const toDocument = (offset: number): number => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > offset) k--;
    return pieces[k]![0] + (offset - starts[k]!);
  };
  // A footnote's reference in a cell names a note defined outside it: not the cell's words.
  const masked = cellText.replace(/\[\^[^\]\s]+\]/g, (reference) => ' '.repeat(reference.length));
  return scanMarkdown(masked).blocks.map((inner) => {
    const start = toDocument(inner.start);
    const end = toDocument(inner.end);
    const chars = source.slice(start, end).replace(/[^\r\n]/g, ' ').split('');
    for (let p = inner.start; p < inner.end; p++) {
      const c = inner.masked[p - inner.start]!;
      if (c !== '\n') chars[toDocument(p) - start] = c;
    }
    const gaps: Array<[number, number]> = [];
    for (let k = 0; k + 1 < pieces.length; k++) {
      const [from, to] = [pieces[k]![1], pieces[k + 1]![0]];
      if (from >= start && to <= end && to > from) gaps.push([from, to]);
    }
    return { start, end, masked: chars.join(''), blockQuote: undefined, ...(inner.heading ? { heading: true as const } : {}), ...(gaps.length > 0 ? { gaps } : {}) };
  });
}

/** Line starts as the parser counts lines: `\r\n`, `\r` and `\n` each end one. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Offset of the end of line `line` (before its line break). */
function lineEnd(text: string, lines: readonly number[], line: number): number {
  const next = lines[line + 1];
  if (next === undefined) return text.length;
  return text[next - 2] === '\r' && text[next - 1] === '\n' ? next - 2 : next - 1;
}

/** Index of the first block outside block quotes starting at or after `offset` (blocks are in order), or -1. */
function firstBlockFrom(blocks: readonly TextBlock[], offset: number): number {
  let at = firstStartingAt(blocks, offset, (block) => block.start);
  while (at < blocks.length && blocks[at]!.blockQuote !== undefined) at++;
  return at < blocks.length ? at : -1;
}

function isNextBlock(text: string, after: number, start: number): boolean {
  // Only blank lines (at most one paragraph break) may separate the quote and the next block.
  return /^\s*$/.test(text.slice(after, start)) && (text.slice(after, start).match(/\n/g)?.length ?? 0) <= 2;
}

function blank(text: string, from: number, to: number): string {
  return text.slice(from, to).replace(/[^\r\n]/g, ' ');
}
