import { findCitations, type CitationGroup } from './citations';
import type { DraftAnalysis, DraftFormat, DraftSyntax } from './draftModel';
import { scanMarkdown } from './markdownBlocks';
import { findQuotations } from './quotations';

/**
 * Quarto's cross-reference prefixes (figures, tables, listings, callouts, theorems and the like,
 * equations, sections): `@fig-map` refers to the document's own figure, never to a source.
 */
const QUARTO_CROSS_REFERENCE = /^(?:fig|tbl|lst|tip|nte|wrn|imp|cau|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg|eq|sec)-/;

/** How Pandoc Markdown (and Quarto, R Markdown) writes citations. */
export const MARKDOWN_SYNTAX: DraftSyntax = {
  citation: (key) => `[@${key}]`,
  addKey: (group, key) => (group.bracketed ? { at: group.end - 1, text: `; @${key}` } : { at: group.end, text: ` [@${key}]` }),
  escape: (words) => words,
};

/**
 * Parses a Pandoc Markdown draft (Markdown, Quarto, R Markdown): blocks, citations, quotations and
 * their attribution. Quarto's cross-references are not citations; executable chunks are code blocks
 * and inline code (`` `r x` ``) is code, so neither is text. Never throws.
 */
export function analyzeMarkdownDraft(text: string, format: DraftFormat = 'markdown'): DraftAnalysis {
  const structure = scanMarkdown(text);
  let byBlock = structure.blocks.map((block) => findCitations(block));
  if (format === 'quarto') byBlock = byBlock.map(withoutCrossReferences);
  const { quotations, open } = findQuotations(structure, byBlock);
  return { format, text, structure, citations: byBlock.flat(), quotations, openQuotations: open, bibliographies: [], includes: [], syntax: MARKDOWN_SYNTAX };
}

/** The groups of a block with Quarto's cross-references left out (a group of nothing but them goes). */
function withoutCrossReferences(groups: readonly CitationGroup[]): CitationGroup[] {
  const kept: CitationGroup[] = [];
  for (const group of groups) {
    const citations = group.citations.filter((c) => !QUARTO_CROSS_REFERENCE.test(c.key));
    if (citations.length === group.citations.length) kept.push(group);
    else if (citations.length > 0) kept.push({ ...group, citations });
  }
  return kept;
}
