import { findCitations, type CitationGroup } from './citations';
import { scanMarkdown, type MarkdownStructure } from './markdownBlocks';
import { findQuotations, type OpenQuotation, type Quotation } from './quotations';

/** Everything the checker and the editor features need to know about a draft's syntax. */
export interface DraftAnalysis {
  readonly text: string;
  readonly structure: MarkdownStructure;
  /** Citation groups of the whole draft, in document order. */
  readonly citations: readonly CitationGroup[];
  readonly quotations: readonly Quotation[];
  /** Quotations opened but not closed (the writer may be typing one). */
  readonly openQuotations: readonly OpenQuotation[];
}

/** Parses a draft: blocks, citations, quotations and their attribution. Never throws. */
export function analyzeDraft(text: string): DraftAnalysis {
  const structure = scanMarkdown(text);
  const byBlock = structure.blocks.map((block) => findCitations(block));
  const { quotations, open } = findQuotations(structure, byBlock);
  return { text, structure, citations: byBlock.flat(), quotations, openQuotations: open };
}
