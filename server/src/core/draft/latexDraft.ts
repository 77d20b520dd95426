/**
 * A LaTeX draft as the draft model: paragraphs of its prose (blank lines, sectioning, items and
 * environments end them), biblatex and natbib citations, quotations in marks (``` ``…'' ```, `"…"`,
 * `“…”`), csquotes' `\enquote`/`\textquote`/`\blockquote` and the quotation environments. Ranges are
 * the draft's own; the text the matcher reads is the scan's plain text, of the same length.
 */
import type { DraftAnalysis } from './draftModel';
import type { TextBlock } from './markdownBlocks';
import { markedBlockQuotations, markupInlineQuotations, type MarkedBlockQuote } from './quotations';
import { scanLatex, type LatexScan } from './latexScan';
import { latexSyntax } from './latexSyntax';

/** Parses a LaTeX draft into the draft model; never throws. */
export function analyzeLatexDraft(text: string): DraftAnalysis & { readonly scan: LatexScan } {
  const scan = scanLatex(text);
  const blocks = paragraphs(text, scan);
  // Block quotes: environments, then csquotes' block commands.
  const quoteRanges: MarkedBlockQuote[] = [
    ...scan.environments,
    ...scan.quotes.filter((q) => q.kind === 'block').map((q) => ({ start: q.start, end: q.end, bodyStart: q.textStart, bodyEnd: q.textEnd, citation: q.citation })),
  ].sort((a, b) => a.start - b.start);
  const blockCitations = blocks.map((b) => scan.citations.filter((g) => g.start >= b.start && g.start < b.end));
  const { blockQuotes, quotations, owner } = markedBlockQuotations(blocks, blockCitations, quoteRanges, scan.plain);
  const withQuotes = blocks.map((block, i) => (owner.has(i) ? block : { ...block, blockQuote: undefined }));
  const structureBlocks: TextBlock[] = withQuotes.map((block, i) => ({ ...block, blockQuote: owner.get(i) }));
  // A TeX mark (```` `` ````, `''`) is two characters: the quote takes both.
  const open = markupInlineQuotations(structureBlocks, blockCitations, scan.quotes, quotations, (start, end) => [atomStart(scan, start), atomEnd(scan, end)]);
  quotations.sort((a, b) => a.start - b.start);
  return {
    format: 'latex',
    text: scan.plain,
    structure: { blocks: structureBlocks, blockQuotes },
    citations: scan.citations,
    quotations,
    openQuotations: open,
    bibliographies: scan.bibliographies,
    includes: scan.inputs,
    syntax: latexSyntax(text),
    scan,
  };
}

/** The paragraphs of the draft's prose: between blank lines and the scan's breaks, hidden parts blank. */
function paragraphs(text: string, scan: LatexScan): TextBlock[] {
  const cuts = new Set<number>(scan.breaks);
  const blankLine = /\n[ \t\r]*\n/g;
  for (let m = blankLine.exec(text); m !== null; m = blankLine.exec(text)) {
    cuts.add(m.index + 1);
    blankLine.lastIndex = m.index + m[0].length - 1;
  }
  cuts.add(0);
  cuts.add(text.length);
  const sorted = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const blocks: TextBlock[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const from = sorted[k]!;
    const to = sorted[k + 1]!;
    let masked = '';
    for (let i = from; i < to; i++) {
      const c = scan.plain[i]!;
      masked += scan.hidden[i] === 1 && c !== '\n' && c !== '\r' ? ' ' : c;
    }
    const hasCitation = scan.citations.some((g) => g.start >= from && g.start < to);
    if (!/[\p{L}\p{N}]/u.test(masked) && !hasCitation) continue;
    // The block starts and ends at its first and last character that is not blank (or a citation).
    let start = from;
    let end = to;
    while (start < end && /\s/.test(masked[start - from]!) && !scan.citations.some((g) => g.start === start)) start++;
    while (end > start && /\s/.test(masked[end - 1 - from]!) && !scan.citations.some((g) => g.end === end)) end--;
    const block: TextBlock = { start, end, masked: masked.slice(start - from, end - from), blockQuote: undefined };
    blocks.push(scan.headings.some(([a, b]) => a <= start && start < b) ? { ...block, heading: true } : block);
  }
  return blocks;
}

/** `offset`, or the start of the markup unit (`` ` ` ``) it falls inside. */
function atomStart(scan: LatexScan, offset: number): number {
  const atom = scan.atoms.find(([a, b]) => a < offset && offset < b);
  return atom ? atom[0] : offset;
}

/** `offset`, or the end of the markup unit (`''`) it falls inside. */
function atomEnd(scan: LatexScan, offset: number): number {
  const atom = scan.atoms.find(([a, b]) => a < offset && offset < b);
  return atom ? atom[1] : offset;
}
