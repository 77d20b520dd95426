import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { QuoteList, ReuseItem } from '../../../protocol/src/messages';
import type { VerbatimDiagnosticData } from './diagnostics';
import { isProblem, QUOTE_VERDICTS, tallyText, VERDICTS, type AuditedQuote, type QuotationModel } from './quotationModel';
import { passageLocation, type SourceView } from './sourceLocations';

/**
 * The quotation model as the Quotes view receives it (`verbatim/quotes`), with the draft's
 * `unquoted-reuse` diagnostics as its reuse; passages open as `view` says (a PDF by page).
 */
export function quoteListOf(model: QuotationModel, view: SourceView = 'file', reuse: readonly Diagnostic[] = []): QuoteList {
  return {
    uri: model.uri,
    version: model.version,
    ...(model.title !== undefined ? { title: model.title } : {}),
    groups: QUOTE_VERDICTS.map((verdict) => ({
      verdict,
      title: VERDICTS[verdict].title,
      mark: VERDICTS[verdict].mark,
      count: model.tally[verdict],
      problem: isProblem(verdict),
    })),
    quotes: model.quotes.map((quote) => ({
      index: quote.index,
      range: quote.range,
      text: quote.text.replace(/\s+/g, ' ').trim(),
      verdict: quote.verdict,
      ...(quote.reason !== undefined ? { reason: quote.reason } : {}),
      explanation: quote.explanation,
      keys: quote.keys,
      ...(quote.citationText !== undefined ? { citation: quote.citationText } : {}),
      ...(quote.passage
        ? {
            passage: {
              key: quote.passage.key,
              title: quote.passage.title,
              ...where(quote, view),
              text: quote.passage.text,
              ...(quote.passage.pageLabel !== undefined ? { page: quote.passage.pageLabel } : {}),
              ...(quote.passage.timeLabel !== undefined ? { time: quote.passage.timeLabel } : {}),
              ...(quote.passage.speaker !== undefined ? { speaker: quote.passage.speaker } : {}),
            },
          }
        : {}),
    })),
    reuse: reuse.map((d) => reuseItem(model.text, d)),
    tally: tallyText(model.tally),
  };
}

/** An `unquoted-reuse` diagnostic as the Quotes view shows it. */
function reuseItem(text: string, diagnostic: Diagnostic): ReuseItem {
  const data = diagnostic.data as VerbatimDiagnosticData;
  const related = diagnostic.relatedInformation?.[0];
  const source = data.source;
  return {
    range: diagnostic.range,
    text: rangeText(text, diagnostic.range).replace(/\s+/g, ' ').trim(),
    key: data.key ?? source?.key ?? '',
    explanation: typeof diagnostic.message === 'string' ? diagnostic.message : String(diagnostic.message),
    ...(related && source ? { passage: { key: source.key, uri: related.location.uri, range: related.location.range, text: source.text } } : {}),
  };
}

/** The text `range` covers in `text` (lines and characters as LSP counts them). */
export function rangeText(text: string, range: Range): string {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0 && lineStarts.length <= range.end.line; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const offset = (p: Range['start']): number => (lineStarts[p.line] ?? text.length) + p.character;
  return text.slice(offset(range.start), offset(range.end));
}

/** Where the client opens a quote's passage: the file, or for a PDF the page document when the client has them. */
function where(quote: AuditedQuote, view: SourceView): { uri: string; range: QuoteList['quotes'][number]['range'] } {
  if (quote.match) {
    const location = passageLocation(quote.match, view);
    return { uri: location.uri, range: location.range };
  }
  return { uri: quote.passage!.uri, range: quote.passage!.range };
}
