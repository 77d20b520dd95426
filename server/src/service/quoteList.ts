import type { QuoteList } from '../protocol';
import { isProblem, QUOTE_VERDICTS, tallyText, VERDICTS, type QuotationModel } from './quotationModel';

/** The quotation model as the Quotes view receives it (`verbatim/quotes`). */
export function quoteListOf(model: QuotationModel): QuoteList {
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
              uri: quote.passage.uri,
              range: quote.passage.range,
              text: quote.passage.text,
              ...(quote.passage.pageLabel !== undefined ? { page: quote.passage.pageLabel } : {}),
            },
          }
        : {}),
    })),
    tally: tallyText(model.tally),
  };
}
