import type { CitationGroup } from './citations';
import type { BlockQuote, MarkdownStructure, TextBlock } from './markdownBlocks';
import { pairQuoteMarks } from './quoteMarkPairing';
import { firstStartingAt } from '../text/sortedSearch';
import { finish, type Steps } from './steps';

/** A quotation in a draft (SPEC section 3). Offsets are document offsets. */
export interface Quotation {
  readonly kind: 'inline' | 'block';
  /** Whole range, quote marks included (for block quotes, the paragraph). */
  readonly start: number;
  readonly end: number;
  /** The quoted words: inside the marks. */
  readonly textStart: number;
  readonly textEnd: number;
  /** Ranges inside the quote that are not quoted words (citations inside a block quote). */
  readonly excluded: ReadonlyArray<readonly [number, number]>;
  /** The citation group the quote is attributed to, if any. */
  readonly citation: CitationGroup | undefined;
  /** Index of the block holding the quote. */
  readonly block: number;
}

/** An opening quote mark with no closing one before the end of its block (the writer is typing). */
export interface OpenQuotation {
  readonly textStart: number;
  readonly block: number;
}

/** Finds the inline quotations of a block; `onOpen` receives the last quotation left unclosed. */
export function findInlineQuotes(block: TextBlock, onOpen?: (textStart: number) => void): Array<[number, number]> {
  const { pairs, unclosed } = pairQuoteMarks(block.masked);
  if (unclosed !== undefined) onOpen?.(block.start + unclosed + 1);
  return pairs.map(([start, end]) => [block.start + start, block.start + end]);
}

/** All quotations of a draft with their attribution; `citations[i]` are the groups of block i. */
export function findQuotations(
  structure: MarkdownStructure,
  citations: ReadonlyArray<readonly CitationGroup[]>,
): { quotations: Quotation[]; open: OpenQuotation[] } {
  return finish(findQuotationsSteps(structure, citations));
}

/** `findQuotations` in steps: a step per block. */
export function* findQuotationsSteps(
  structure: MarkdownStructure,
  citations: ReadonlyArray<readonly CitationGroup[]>,
): Steps<{ quotations: Quotation[]; open: OpenQuotation[] }> {
  const quotations: Quotation[] = [];
  const open: OpenQuotation[] = [];
  for (let index = 0; index < structure.blocks.length; index++) {
    const block = structure.blocks[index]!;
    if (block.blockQuote !== undefined) continue;
    const groups = citations[index] ?? [];
    const inline = findInlineQuotes(block, (textStart) => open.push({ textStart, block: index }));
    for (const [start, end] of inline) {
      quotations.push({
        kind: 'inline',
        start,
        end,
        textStart: start + 1,
        textEnd: end - 1,
        // A quote over several lines of a grid table's cell leaves out the other cells between them.
        excluded: (block.gaps ?? []).filter(([a, b]) => a < end && b > start),
        citation: attributedGroup(groups, start, end),
        block: index,
      });
    }
    yield;
  }
  for (const quote of structure.blockQuotes) {
    const inside = quote.paragraphs.flatMap((i) => citations[i] ?? []);
    const after = quote.next !== undefined ? citations[quote.next] ?? [] : [];
    const citation = inside[0] ?? after[0];
    for (const index of quote.paragraphs) {
      const block = structure.blocks[index]!;
      const trimmed = trimRange(block.masked, block.start);
      if (trimmed === undefined) continue;
      quotations.push({
        kind: 'block',
        start: trimmed[0],
        end: trimmed[1],
        textStart: trimmed[0],
        textEnd: trimmed[1],
        excluded: (citations[index] ?? []).map((g) => [g.start, g.end] as const),
        citation,
        block: index,
      });
    }
  }
  return { quotations: quotations.sort((a, b) => a.start - b.start), open };
}

/** The first citation group after `[start, end)`, else the nearest one before it (groups are in order). */
export function attributedGroup(groups: readonly CitationGroup[], start: number, end: number): CitationGroup | undefined {
  const after = firstStartingAt(groups, end, (group) => group.start);
  if (after < groups.length) return groups[after];
  for (let i = after - 1; i >= 0; i--) if (groups[i]!.end <= start) return groups[i];
  return undefined;
}

function trimRange(text: string, base: number): [number, number] | undefined {
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  const end = text.length - (text.length - text.trimEnd().length);
  return [base + start, base + end];
}

/** A block quotation a format marks by a range (a LaTeX quotation environment, Typst's block `#quote`). */
export interface MarkedBlockQuote {
  readonly start: number;
  readonly end: number;
  /** The quoted body: the paragraphs inside it are the quotation. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The citation the markup itself gives (`\blockquote[key]`, `attribution: <key>`). */
  readonly citation: CitationGroup | undefined;
}

/**
 * The block quotations of marked ranges (in order): each owns the paragraphs inside its body not
 * owned already, and is attributed to its own citation, else the first citation inside it, else the
 * first of the paragraph right after it (as SPEC section 3 attributes block quotes). `plain` is the
 * draft's text as the matcher reads it; `owner` maps a paragraph to its block quote.
 */
export function markedBlockQuotations(
  blocks: readonly TextBlock[],
  blockCitations: readonly (readonly CitationGroup[])[],
  marked: readonly MarkedBlockQuote[],
  plain: string,
): { blockQuotes: BlockQuote[]; quotations: Quotation[]; owner: Map<number, number> } {
  const blockQuotes: BlockQuote[] = [];
  const quotations: Quotation[] = [];
  const owner = new Map<number, number>();
  for (const range of marked) {
    const members = blocks.map((_, i) => i).filter((i) => blocks[i]!.start >= range.bodyStart && blocks[i]!.end <= range.bodyEnd && !owner.has(i));
    if (members.length === 0) continue;
    const index = blockQuotes.length;
    for (const i of members) owner.set(i, index);
    const nextIndex = blocks.findIndex((b) => b.start >= range.end);
    const next = nextIndex >= 0 && /^\s*$/.test(plain.slice(range.end, blocks[nextIndex]!.start)) ? nextIndex : undefined;
    blockQuotes.push({ start: range.start, end: range.end, paragraphs: members, next });
    const citation = range.citation ?? members.flatMap((i) => blockCitations[i]!)[0] ?? (next !== undefined ? blockCitations[next]![0] : undefined);
    for (const i of members) {
      const block = blocks[i]!;
      const from = block.masked.search(/\S/);
      if (from < 0) continue;
      const start = block.start + from;
      const end = block.start + block.masked.trimEnd().length;
      quotations.push({ kind: 'block', start, end, textStart: start, textEnd: end, excluded: blockCitations[i]!.map((g) => [g.start, g.end] as const), citation, block: i });
    }
  }
  return { blockQuotes, quotations, owner };
}

/** A quotation a format marks by a command (csquotes' `\enquote{…}`, `\textquote[cite]{…}`, `\blockquote[cite]{…}`; Typst's `#quote[…]`). */
export interface MarkedQuote {
  readonly kind: 'inline' | 'block';
  readonly start: number;
  readonly end: number;
  readonly textStart: number;
  readonly textEnd: number;
  /** The citation the markup itself gives. */
  readonly citation: CitationGroup | undefined;
}

/**
 * The inline quotations of a markup format's paragraphs that no block quote owns, appended to
 * `quotations`: each pair of quotation marks that no inline quote command overlaps, then the inline
 * commands, attributed to their own citation or as SPEC section 3 says. `widen` maps a mark's
 * range to the characters that write it (a TeX ```` `` ```` is two). Returns the marks left open.
 */
export function markupInlineQuotations(
  blocks: readonly TextBlock[],
  blockCitations: readonly (readonly CitationGroup[])[],
  marked: readonly MarkedQuote[],
  quotations: Quotation[],
  widen: (start: number, end: number) => readonly [number, number] = (start, end) => [start, end],
): OpenQuotation[] {
  const open: OpenQuotation[] = [];
  blocks.forEach((block, index) => {
    if (block.blockQuote !== undefined) return;
    const groups = blockCitations[index]!;
    const commands = marked.filter((q) => q.kind === 'inline' && q.textStart >= block.start && q.textStart <= block.end);
    const { pairs, unclosed } = pairQuoteMarks(block.masked);
    if (unclosed !== undefined) open.push({ textStart: block.start + unclosed + 1, block: index });
    for (const [from, to] of pairs) {
      const [start, end] = widen(block.start + from, block.start + to);
      if (commands.some((q) => q.start < end && start < q.end)) continue;
      quotations.push({ kind: 'inline', start, end, textStart: block.start + from + 1, textEnd: block.start + to - 1, excluded: [], citation: attributedGroup(groups, start, end), block: index });
    }
    for (const q of commands) {
      quotations.push({ kind: 'inline', start: q.start, end: q.end, textStart: q.textStart, textEnd: q.textEnd, excluded: [], citation: q.citation ?? attributedGroup(groups, q.start, q.end), block: index });
    }
  });
  return open;
}
