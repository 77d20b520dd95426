import { MarkupKind, type InlayHint, type Range } from 'vscode-languageserver-types';
import { escapeMarkdown } from './sourceCard';
import { placeOfPassage, type AuditedQuote, type QuotationModel } from './quotationModel';
import type { ServiceDocument } from './serviceContext';

/**
 * A small mark after each verified quote (`✓ @key, p. 4`; `✓ @key, 12:31 · Speaker` for a
 * transcript), so a writer can tell a checked quote from
 * one never checked. Quotes with any other verdict get none: their diagnostic says enough.
 */
export function getInlayHints(document: ServiceDocument, model: QuotationModel, range?: Range): InlayHint[] {
  const from = range ? document.offsetAt(range.start) : 0;
  const to = range ? document.offsetAt(range.end) : Infinity;
  return model.quotes
    .filter((quote) => quote.verdict === 'verified' && quote.passage !== undefined && quote.end >= from && quote.end <= to)
    .map((quote) => hint(quote));
}

function hint(quote: AuditedQuote): InlayHint {
  const passage = quote.passage!;
  const page = placeOfPassage(passage);
  const title = passage.title ? `*${escapeMarkdown(passage.title)}*, ` : '';
  return {
    position: quote.range.end,
    label: `✓ @${passage.key}${page}`,
    paddingLeft: true,
    tooltip: {
      kind: MarkupKind.Markdown,
      value: `**Verified**: word for word in ${title}\`${passage.path}\` line ${passage.range.start.line + 1}${page}.`,
    },
  };
}
