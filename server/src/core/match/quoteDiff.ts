import type { PassageMatch } from './quoteMatcher';
import type { QuotePattern } from './quotePattern';
import { wordEndAt } from '../library/sourceLibrary';
import { characterWordEnd, isCharacterWord } from '../text/tokenizer';

/** One difference between a quote and its source passage, with offsets on both sides. */
export interface DiffRun {
  /** replace: other words; insert: words the source does not have; delete: source words left out. */
  readonly kind: 'replace' | 'insert' | 'delete';
  /** Draft range of the quote's words (empty for `delete`: where the words belong). */
  readonly quoteStart: number;
  readonly quoteEnd: number;
  /** Source text range of the source's words (empty for `insert`). */
  readonly sourceStart: number;
  readonly sourceEnd: number;
  readonly quoteText: string;
  readonly sourceText: string;
}

/** `draft[from, to)` with each excluded range in it read as one space. */
function withoutExcluded(draft: string, from: number, to: number, excluded: ReadonlyArray<readonly [number, number]>): string {
  let text = '';
  let at = from;
  for (const [a, b] of [...excluded].sort((x, y) => x[0] - y[0])) {
    if (b <= at || a >= to) continue;
    text += `${draft.slice(at, Math.max(at, a)).trimEnd()} `;
    at = Math.min(b, to);
    while (at < to && /\s/.test(draft[at]!)) at++;
  }
  return text + draft.slice(at, to);
}

/** The word-level differences of a match, in quote order; the draft's `excluded` ranges (not quoted words) are no part of a run's words. */
export function diffRuns(draft: string, pattern: QuotePattern, match: PassageMatch, excluded: ReadonlyArray<readonly [number, number]> = []): DiffRun[] {
  const { starts } = match.entry.words;
  const text = match.entry.source.text;
  const runs: DiffRun[] = [];
  const steps = match.alignment.steps;
  let k = 0;
  while (k < steps.length) {
    const step = steps[k]!;
    // Skipped words (a transcript's fillers) are no difference.
    if (step.op === 'equal' || step.op === 'bracket' || step.op === 'gap' || step.op === 'skip') {
      k++;
      continue;
    }
    let qFrom = Infinity;
    let qTo = -Infinity;
    let sFrom = Infinity;
    let sTo = -Infinity;
    for (; k < steps.length; k++) {
      const s = steps[k]!;
      if (s.op !== 'replace' && s.op !== 'insert' && s.op !== 'delete') break;
      if (s.op !== 'delete') {
        qFrom = Math.min(qFrom, s.q);
        qTo = Math.max(qTo, s.q);
      }
      if (s.sEnd > s.s) {
        sFrom = Math.min(sFrom, s.s);
        sTo = Math.max(sTo, s.sEnd);
      }
    }
    const hasQuote = qFrom <= qTo;
    const hasSource = sFrom < sTo;
    let quoteStart: number;
    let quoteEnd: number;
    if (hasQuote) {
      quoteStart = pattern.elements[qFrom]!.start;
      quoteEnd = pattern.elements[qTo]!.end;
    } else {
      // Missing words belong before the next quoted element, or after the last one.
      const next = steps.slice(k).find((s) => s.op !== 'delete');
      const at = next ? pattern.elements[next.q]?.start : pattern.elements[pattern.elements.length - 1]?.end;
      quoteStart = quoteEnd = at ?? 0;
    }
    const sourceStart = hasSource ? starts[sFrom]! : 0;
    let sourceEnd = hasSource ? wordEndAt(match.entry, sTo - 1) : 0;
    // A Chinese or Japanese quote whose last character differs: the source's word goes on past the
    // passage (`できな` is `できない`), so the message and the fix give the whole word.
    if (hasSource && hasQuote && k === steps.length) sourceEnd = characterWordEnd(text, sourceEnd);
    runs.push({
      kind: hasQuote && hasSource ? 'replace' : hasQuote ? 'insert' : 'delete',
      quoteStart,
      quoteEnd,
      sourceStart,
      sourceEnd,
      quoteText: withoutExcluded(draft, quoteStart, quoteEnd, excluded),
      sourceText: text.slice(sourceStart, sourceEnd),
    });
  }
  return runs;
}

/** A writer's sentence for the differences: `source says "statement", not "announcement"`. */
export function describeRuns(runs: readonly DiffRun[]): string {
  const first = runs[0];
  if (first === undefined) return 'the words differ from the source';
  const more = runs.length > 1 ? ` (and ${runs.length - 1} more ${runs.length === 2 ? 'change' : 'changes'})` : '';
  return describeRun(first) + more;
}

function describeRun(run: DiffRun): string {
  switch (run.kind) {
    case 'replace':
      return `source says "${clip(run.sourceText)}", not "${clip(run.quoteText)}"`;
    case 'insert':
      return `source does not have "${clip(run.quoteText)}"`;
    case 'delete':
      return `quote leaves out "${clip(run.sourceText)}" without an ellipsis`;
  }
}

function clip(text: string): string {
  // Word joiners pad LaTeX markup turned into text (`\'e` is `é` and two of them): never shown.
  const flat = text.replace(/\u2060/g, '').replace(/\s+/g, ' ');
  return flat.length <= 60 ? flat : `${flat.slice(0, 28)}…${flat.slice(-28)}`;
}

/**
 * The quote's text `draft[from, to)` rewritten with the source's words wherever they differ; `write`
 * turns the source's words into the draft's syntax (LaTeX escapes), identity for Markdown.
 */
export function correctedQuote(draft: string, from: number, to: number, runs: readonly DiffRun[], write: (words: string) => string = (words) => words): string {
  let result = '';
  let at = from;
  for (const run of runs) {
    if (run.kind === 'delete') {
      result += draft.slice(at, run.quoteStart);
      const atEnd = run.quoteStart >= to || !/\S/.test(draft.slice(run.quoteStart, to));
      // Chinese and Japanese put no space between words.
      const neighbour = atEnd ? draft[run.quoteStart - 1] : draft[run.quoteStart];
      const space = isCharacterWord(neighbour ?? '') || isCharacterWord(atEnd ? run.sourceText[0]! : run.sourceText[run.sourceText.length - 1]!) ? '' : ' ';
      result += atEnd ? `${space}${write(run.sourceText)}` : `${write(run.sourceText)}${space}`;
      at = run.quoteStart;
    } else if (run.kind === 'replace') {
      result += draft.slice(at, run.quoteStart) + write(run.sourceText);
      at = run.quoteEnd;
    } else {
      // Extra words go, with the space before them (or after, at the start of the quote).
      let cutFrom = run.quoteStart;
      let cutTo = run.quoteEnd;
      const before = draft.slice(at, cutFrom);
      if (/\s$/.test(before)) cutFrom -= before.length - before.trimEnd().length;
      else if (/^\s/.test(draft.slice(cutTo, to))) cutTo += draft.slice(cutTo, to).length - draft.slice(cutTo, to).trimStart().length;
      result += draft.slice(at, cutFrom);
      at = cutTo;
    }
  }
  return result + draft.slice(at, to);
}
