import type { MarkdownStructure } from './markdownBlocks';
import { findInlineQuotes } from './quotations';

/** Quote marks inside a code span: not a quotation, but worth naming as "not checked". */
export interface CodeQuote {
  /** Whole range, quote marks included (document offsets). */
  readonly start: number;
  readonly end: number;
  readonly block: number;
}

/**
 * The quote-like spans of a draft that lie wholly inside inline code, where Verbatim never looks for
 * quotations. They are found with the same quote rules as real quotations, on the unmasked text.
 */
export function findCodeQuotes(text: string, structure: MarkdownStructure): CodeQuote[] {
  const found: CodeQuote[] = [];
  structure.blocks.forEach((block, index) => {
    const raw = text.slice(block.start, block.end);
    // Most blocks have nothing masked: nothing to look at.
    if (raw === block.masked || !raw.includes('`')) return;
    // Backticks read as spaces, so a quote mark right after one opens a quote as it would in prose.
    for (const [start, end] of findInlineQuotes({ ...block, masked: raw.replace(/`/g, ' ') })) {
      const from = start - block.start;
      const to = end - block.start;
      if (/\S/.test(block.masked.slice(from, to))) continue;
      if (maskedRunOpener(raw, block.masked, from) === '`') found.push({ start, end, block: index });
    }
  });
  return found;
}

/** The first character of the masked run that holds `at` (its opening backtick for a code span). */
function maskedRunOpener(raw: string, masked: string, at: number): string | undefined {
  let i = at;
  // Back over the run: masked characters are blanks in `masked`.
  while (i > 0 && /\s/.test(masked[i - 1]!)) i--;
  // Blanks that were blanks in the text too are prose spaces before the run.
  while (i < at && raw[i] === masked[i]) i++;
  return raw[i];
}
