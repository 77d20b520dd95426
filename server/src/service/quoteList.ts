import type { QuoteList } from '../../../protocol/src/messages';
import { isProblem, QUOTE_VERDICTS, tallyText, VERDICTS, type AuditedQuote, type QuotationModel } from './quotationModel';
import { passageLocation, type SourceView } from './sourceLocations';

/** The quotation model as the Quotes view receives it (`verbatim/quotes`); passages open as `view` says (a PDF by page). */
export function quoteListOf(model: QuotationModel, view: SourceView = 'file'): QuoteList {
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
    tally: tallyText(model.tally),
  };
}

/** Where the client opens a quote's passage: the file, or for a PDF the page document when the client has them. */
function where(quote: AuditedQuote, view: SourceView): { uri: string; range: QuoteList['quotes'][number]['range'] } {
  if (quote.match) {
    const location = passageLocation(quote.match, view);
    return { uri: location.uri, range: location.range };
  }
  return { uri: quote.passage!.uri, range: quote.passage!.range };
}
