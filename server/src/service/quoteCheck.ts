import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { CheckedQuote, QuoteCheck, ReuseFinding } from '../../../protocol/src/messages';
import type { VerbatimDiagnosticData } from './diagnostics';
import { rangeText } from './quoteList';
import { tallyText, type AuditedQuote, type QuotationModel } from './quotationModel';

/** How a quote check names files: the draft as the caller named it, sources by path. */
export interface QuoteCheckNames {
  /** The draft, as the assistant named it (`<text>` for text it sent). */
  readonly draft: string;
  /** A source path as shown (relative to the working folder, say). */
  readonly file: (path: string) => string;
}

/**
 * A draft's quotations with their verdicts, as the tools for AI assistants give them: a view of the
 * quotation model and the draft's diagnostics (`diagnostics` from `computeDiagnostics`, so every
 * verdict and problem is the one the editor and `verbatim check` show).
 */
export function quoteCheckOf(model: QuotationModel, diagnostics: readonly Diagnostic[], names: QuoteCheckNames): QuoteCheck {
  const onQuote = new Set<Diagnostic>();
  const quotes = model.quotes.map((quote): CheckedQuote => {
    const own = diagnostics.filter((d) => within(d.range, quote.range));
    for (const d of own) onQuote.add(d);
    return checkedQuote(quote, own, names);
  });
  const isReuse = (d: Diagnostic): boolean => (d.data as VerbatimDiagnosticData | undefined)?.code === 'unquoted-reuse';
  const reuse = diagnostics.filter((d) => !onQuote.has(d) && isReuse(d)).map((d) => reuseFinding(d, model.text, names));
  const otherProblems = diagnostics
    .filter((d) => !onQuote.has(d) && !isReuse(d))
    .map((d) => ({ ...problemOf(d), line: d.range.start.line + 1, column: d.range.start.character + 1 }));
  return { draft: names.draft, summary: tallyText(model.tally), tally: { ...model.tally }, quotes, reuse, otherProblems };
}

/** An `unquoted-reuse` diagnostic as the assistants' tools report it. */
function reuseFinding(diagnostic: Diagnostic, text: string, names: QuoteCheckNames): ReuseFinding {
  const data = diagnostic.data as VerbatimDiagnosticData;
  const fix = fixOf(data.fixes[0]);
  const source = data.source;
  const { start, end } = diagnostic.range;
  return {
    line: start.line + 1,
    column: start.character + 1,
    endLine: end.line + 1,
    endColumn: end.character + 1,
    text: oneLine(rangeText(text, diagnostic.range)),
    key: data.key ?? source?.key ?? '',
    severity: problemOf(diagnostic).severity,
    message: problemOf(diagnostic).message,
    ...(source ? { passage: { key: source.key, file: names.file(source.path), line: source.line, column: source.column, text: oneLine(source.text) } } : {}),
    ...(fix ? { fix } : {}),
  };
}

/** A quick fix as the assistants' tools report it: lines and columns 1-based. */
function fixOf(fix: VerbatimDiagnosticData['fixes'][number] | undefined): CheckedQuote['fix'] {
  if (fix === undefined) return undefined;
  return {
    title: fix.title,
    replacement: fix.newText,
    line: fix.range.start.line + 1,
    column: fix.range.start.character + 1,
    endLine: fix.range.end.line + 1,
    endColumn: fix.range.end.character + 1,
  };
}

function checkedQuote(quote: AuditedQuote, diagnostics: readonly Diagnostic[], names: QuoteCheckNames): CheckedQuote {
  const fix = fixOf(diagnostics.map((d) => (d.data as VerbatimDiagnosticData | undefined)?.fixes[0]).find((f) => f !== undefined));
  const passage = quote.passage;
  return {
    index: quote.index,
    line: quote.range.start.line + 1,
    column: quote.range.start.character + 1,
    endLine: quote.range.end.line + 1,
    endColumn: quote.range.end.character + 1,
    text: oneLine(quote.text),
    verdict: quote.verdict,
    ...(quote.reason !== undefined ? { reason: quote.reason } : {}),
    explanation: quote.explanation,
    keys: quote.keys,
    ...(quote.citationText !== undefined ? { citation: quote.citationText } : {}),
    ...(quote.locator !== undefined ? { locator: quote.locator } : {}),
    problems: diagnostics.map(problemOf),
    ...(passage
      ? {
          passage: {
            key: passage.key,
            title: passage.title,
            file: names.file(passage.path),
            line: passage.range.start.line + 1,
            column: passage.range.start.character + 1,
            ...(passage.pageLabel !== undefined ? { locator: passage.pageLabel } : passage.timeLabel !== undefined ? { locator: passage.timeLabel } : {}),
            text: oneLine(passage.text),
          },
        }
      : {}),
    // A transcript's cue names who says the words.
    ...(passage?.speaker !== undefined ? { speaker: passage.speaker } : {}),
    ...(fix ? { fix } : {}),
  };
}

function problemOf(diagnostic: Diagnostic): { code: string; severity: string; message: string } {
  const data = diagnostic.data as VerbatimDiagnosticData | undefined;
  return {
    code: data?.code ?? String(diagnostic.code ?? ''),
    severity: SEVERITIES[(diagnostic.severity ?? 3) - 1] ?? 'information',
    message: typeof diagnostic.message === 'string' ? diagnostic.message : String(diagnostic.message),
  };
}

const SEVERITIES = ['error', 'warning', 'information', 'hint'] as const;

function within(inner: Range, outer: Range): boolean {
  return compare(inner.start, outer.start) >= 0 && compare(inner.end, outer.end) <= 0;
}

function compare(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
