import { QUOTE_VERDICTS, VERDICTS, type AuditedQuote, type QuotationModel, type QuoteVerdictKind } from '../service';

/** Everything a fact-check report shows, whatever its format. */
export interface ReportInput {
  /** The draft's text (quotes are marked by offset in it). */
  readonly text: string;
  /** The draft's path as named. */
  readonly file: string;
  readonly model: QuotationModel;
  /** Unquoted reuse in the draft's prose (its own section, after the quotations). */
  readonly reuse: readonly ReuseItem[];
  /** How many sources the library holds. */
  readonly sources: number;
  /** The day of the check, `YYYY-MM-DD`. */
  readonly date: string;
  /** Where a link to a source file points (relative to the report), and how it is shown. */
  sourceLink(quote: AuditedQuote): { readonly href: string; readonly label: string } | undefined;
}

/** The report's title: the draft's, else its file name. */
export function reportTitle(input: ReportInput): string {
  return input.model.title ?? input.file;
}

/** The verdicts that occur, in display order, with their counts. */
export function summaryRows(model: QuotationModel): Array<{ verdict: QuoteVerdictKind; title: string; mark: string; count: number }> {
  return QUOTE_VERDICTS.filter((verdict) => model.tally[verdict] > 0).map((verdict) => ({
    verdict,
    title: VERDICTS[verdict].title,
    mark: VERDICTS[verdict].mark,
    count: model.tally[verdict],
  }));
}

/** `line 15` or `lines 15–16` (1-based). */
export function lineLabel(quote: AuditedQuote): string {
  const from = quote.range.start.line + 1;
  const to = quote.range.end.line + 1;
  return from === to ? `line ${from}` : `lines ${from}–${to}`;
}

/** A run of unquoted reuse as the report shows it. */
export interface ReuseItem {
  /** 1-based line of the run's start in the draft. */
  readonly line: number;
  /** The run's words as the draft has them. */
  readonly draft: string;
  /** The diagnostic's message (source, word count, changed words). */
  readonly message: string;
  readonly key: string;
  /** The passage in the source. */
  readonly passage: string;
}
