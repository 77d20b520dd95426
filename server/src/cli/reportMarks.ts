import type { DiffRun } from '../core/match/quoteDiff';
import { shown, type AuditedQuote } from '../service';

/** A piece of text in a report: plain, or a word difference with the other side's words. */
export interface MarkedPiece {
  readonly text: string;
  /** `changed`: words that differ from the other side; `missing`: where the other side has words this one lacks. */
  readonly mark?: 'changed' | 'missing';
  /** For a mark: the other side's words. */
  readonly other?: string;
}

/** The quote's words cut into pieces at its word differences (draft side). */
export function markedQuote(draft: string, quote: AuditedQuote): MarkedPiece[] {
  return cut(
    draft,
    quote.textStart,
    quote.textEnd,
    quote.runs.map((run) => ({ from: run.quoteStart, to: run.quoteEnd, other: run.sourceText, run })),
  );
}

/** The source passage cut into pieces at the word differences (source side). */
export function markedPassage(quote: AuditedQuote): MarkedPiece[] {
  const passage = quote.passage;
  if (!passage) return [];
  return cut(
    passage.sourceText,
    passage.start,
    passage.end,
    quote.runs.map((run) => ({ from: run.sourceStart, to: run.sourceEnd, other: run.quoteText, run })),
  );
}

function cut(text: string, start: number, end: number, spans: Array<{ from: number; to: number; other: string; run: DiffRun }>): MarkedPiece[] {
  const pieces: MarkedPiece[] = [];
  let at = start;
  const inside = spans
    .filter((s) => s.from >= start && s.to <= end)
    .sort((a, b) => a.from - b.from || a.to - b.to);
  for (const span of inside) {
    if (span.from < at) continue; // overlapping spans cannot be marked twice
    if (span.from > at) pieces.push({ text: text.slice(at, span.from) });
    if (span.to > span.from) pieces.push({ text: text.slice(span.from, span.to), mark: 'changed', other: span.other });
    else pieces.push({ text: '', mark: 'missing', other: span.other });
    at = span.to;
  }
  if (at < end) pieces.push({ text: text.slice(at, end) });
  return pieces.map((piece) => ({ ...piece, text: shown(piece.text) }));
}
