import type { CitationGroup } from './citations';
import type { MarkdownStructure, TextBlock } from './markdownBlocks';
import { pairQuoteMarks } from './quoteMarkPairing';
import { firstStartingAt } from '../text/sortedSearch';

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
  const quotations: Quotation[] = [];
  const open: OpenQuotation[] = [];
  structure.blocks.forEach((block, index) => {
    if (block.blockQuote !== undefined) return;
    const groups = citations[index] ?? [];
    const inline = findInlineQuotes(block, (textStart) => open.push({ textStart, block: index }));
    for (const [start, end] of inline) {
      quotations.push({
        kind: 'inline',
        start,
        end,
        textStart: start + 1,
        textEnd: end - 1,
        excluded: [],
        citation: attributedGroup(groups, start, end),
        block: index,
      });
    }
  });
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
