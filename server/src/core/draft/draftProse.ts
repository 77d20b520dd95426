import type { DraftAnalysis } from './draftAnalysis';
import type { TextBlock } from './markdownBlocks';
import { finish, type Steps } from './steps';

const SINGLE_MARKS = "'‘’‚‹›";

/** A paragraph's prose: what the reuse scan reads (SPEC section 5, `unquoted-reuse`). */
export interface ParagraphProse {
  /** Index of the block in `analysis.structure.blocks`. */
  readonly block: number;
  readonly start: number;
  readonly end: number;
  /** Stretches of prose, ascending: the block without its quotations, citations, code, HTML and link destinations. */
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  /** Keys the paragraph cites. */
  readonly keys: readonly string[];
}

/**
 * The prose of every paragraph of a draft that can hold reuse: headings and block quotes have none,
 * and quotations (closed or still being typed), citations and masked parts (code spans, inline HTML,
 * link destinations) split a paragraph's prose into stretches no run crosses.
 */
export function draftProse(analysis: DraftAnalysis): ParagraphProse[] {
  return finish(draftProseSteps(analysis));
}

/** `draftProse` in steps: a step per block (see `Steps`). */
export function* draftProseSteps(analysis: DraftAnalysis): Steps<ParagraphProse[]> {
  const { text, structure } = analysis;
  const cuts = new Map<number, Array<[number, number]>>();
  const cut = (block: number, from: number, to: number): void => {
    let list = cuts.get(block);
    if (list === undefined) cuts.set(block, (list = []));
    list.push([from, to]);
  };
  for (const quotation of analysis.quotations) cut(quotation.block, quotation.start, quotation.end);
  // A quotation being typed runs to the end of its paragraph; a lone single mark is more often an
  // apostrophe ('cause, rock 'n' roll) than a quote, and cuts nothing.
  for (const open of analysis.openQuotations) {
    if (!SINGLE_MARKS.includes(text[open.textStart - 1] ?? '')) cut(open.block, open.textStart - 1, structure.blocks[open.block]?.end ?? open.textStart);
  }
  const keysOf = new Map<number, string[]>();
  let b = 0;
  for (const group of analysis.citations) {
    while (b < structure.blocks.length && structure.blocks[b]!.end < group.end) b++;
    // A grid table's cells overlap: a citation in another cell's gap is that other cell's.
    let at = b;
    while (at < structure.blocks.length && structure.blocks[at]!.start <= group.start && inGap(structure.blocks[at]!, group.start)) at++;
    const block = structure.blocks[at];
    if (block === undefined || group.start < block.start) continue;
    cut(at, group.start, group.end);
    const keys = keysOf.get(at) ?? [];
    for (const citation of group.citations) keys.push(citation.key);
    keysOf.set(at, keys);
  }
  const prose: ParagraphProse[] = [];
  for (let index = 0; index < structure.blocks.length; index++) {
    const block = structure.blocks[index]!;
    if (block.heading || block.blockQuote !== undefined) continue;
    // Masked characters (blanked in `masked`, not in the text) are cuts too.
    const list = cuts.get(index) ?? [];
    for (let i = 0; i < block.masked.length; i++) {
      if (block.masked[i] === text[block.start + i]) continue;
      let j = i;
      while (j < block.masked.length && block.masked[j] !== text[block.start + j]) j++;
      list.push([block.start + i, block.start + j]);
      i = j;
    }
    list.sort((x, y) => x[0] - y[0]);
    const ranges: Array<[number, number]> = [];
    let at = block.start;
    for (const [from, to] of list) {
      if (from > at) ranges.push([at, from]);
      at = Math.max(at, to);
    }
    if (block.end > at) ranges.push([at, block.end]);
    prose.push({ block: index, start: block.start, end: block.end, ranges, keys: keysOf.get(index) ?? [] });
    yield;
  }
  return prose;
}

function inGap(block: TextBlock, offset: number): boolean {
  return (block.gaps ?? []).some(([from, to]) => from <= offset && offset < to);
}
