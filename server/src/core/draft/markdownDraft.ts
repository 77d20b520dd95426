import { findCitations, type CitationGroup } from './citations';
import type { DraftAnalysis, DraftFormat, DraftInclude, DraftSyntax } from './draftModel';
import { scanMarkdownSteps } from './markdownBlocks';
import { findQuotationsSteps } from './quotations';
import { finish, type Steps } from './steps';

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
  return finish(markdownDraftSteps(text, format));
}

/** `analyzeMarkdownDraft` in steps that yield between blocks (see `Steps`). */
export function* markdownDraftSteps(text: string, format: DraftFormat = 'markdown'): Steps<DraftAnalysis> {
  const structure = yield* scanMarkdownSteps(text);
  let byBlock: CitationGroup[][] = [];
  for (const block of structure.blocks) {
    byBlock.push(findCitations(block));
    yield;
  }
  if (format === 'quarto') byBlock = byBlock.map(withoutCrossReferences);
  // Quarto and R Markdown write attributes after images, links and spans (`![](map.png){fig-alt="…"}`),
  // which Pandoc reads as attributes: neither their quotes nor an `@` in them are the draft's.
  const attributes = format === 'markdown' ? [] : attributeRanges(text);
  const outside = (start: number): boolean => !attributes.some(([a, b]) => start >= a && start < b);
  if (attributes.length > 0) byBlock = byBlock.map((groups) => groups.filter((g) => outside(g.start)));
  const found = yield* findQuotationsSteps(structure, byBlock);
  const quotations = attributes.length > 0 ? found.quotations.filter((q) => outside(q.start)) : found.quotations;
  const open = attributes.length > 0 ? found.open.filter((q) => outside(q.textStart)) : found.open;
  const includes = format === 'quarto' ? quartoIncludes(text) : [];
  return { format, text, structure, citations: byBlock.flat(), quotations, openQuotations: open, bibliographies: [], includes, syntax: MARKDOWN_SYNTAX };
}

/** Quarto's include shortcodes (`{{< include _part.qmd >}}`, a line of their own), outside fenced code. */
function quartoIncludes(text: string): DraftInclude[] {
  if (!text.includes('{{<')) return [];
  const includes: DraftInclude[] = [];
  let fenced: string | undefined;
  let at = 0;
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (fenced === undefined) fenced = fence[1]![0]!.repeat(fence[1]!.length);
      else if (fence[1]!.startsWith(fenced)) fenced = undefined;
    } else if (fenced === undefined) {
      const include = /^\s*\{\{<\s*include\s+(["']?)([^"'\s>]+)\1\s*>\}\}\s*$/.exec(line);
      if (include) includes.push({ name: include[2]!, at: at + line.indexOf('{{<'), written: `{{< include ${include[2]!} >}}` });
    }
    at += line.length + 1;
  }
  return includes;
}

/** The attribute lists `{…}` right after a `)` or `]` (images, links, bracketed spans), within a paragraph. */
function attributeRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
    if (text[at - 1] !== ')' && text[at - 1] !== ']') continue;
    let end = at + 1;
    let quote: string | undefined;
    for (; end < text.length; end++) {
      const c = text[end]!;
      if (quote !== undefined) {
        if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '}' || c === '{') {
        break;
      }
      if (c === '\n' && /^\n[ \t]*\n/.test(text.slice(end, end + 64))) break;
    }
    if (text[end] === '}') {
      ranges.push([at, end + 1]);
      at = end;
    }
  }
  return ranges;
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
