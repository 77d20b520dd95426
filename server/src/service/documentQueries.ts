import type { Citation } from '../core/draft/citations';
import type { DraftAnalysis } from '../core/draft/draftAnalysis';
import type { DocumentModel, QuoteFinding } from './documentModel';

/** The citation whose `@key` (or braces) covers `offset`, or undefined. */
export function citationAt(analysis: DraftAnalysis, offset: number): Citation | undefined {
  for (const group of analysis.citations) {
    if (offset < group.start || offset > group.end) continue;
    for (const citation of group.citations) {
      if (offset >= citation.start && offset <= citation.end) return citation;
    }
  }
  return undefined;
}

/** The checked quotation covering `offset`, or undefined. */
export function findingAt(model: DocumentModel, offset: number): QuoteFinding | undefined {
  return model.findings.find((f) => offset >= f.quotation.start && offset <= f.quotation.end);
}
