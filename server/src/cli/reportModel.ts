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
  /** The files the draft includes (LaTeX `\input`, `\include`), checked with it: their quotations follow the draft's. */
  readonly included?: readonly ReportPart[];
  /** How many sources the library holds. */
  readonly sources: number;
  /** The day of the check, `YYYY-MM-DD`. */
  readonly date: string;
  /** Where a link to a source file points (relative to the report), and how it is shown. */
  sourceLink(quote: AuditedQuote): { readonly href: string; readonly label: string } | undefined;
}

/** A file of the report: the draft, or a file it includes, with its own quotations and reuse. */
export interface ReportPart {
  /** The file's path as shown. */
  readonly file: string;
  readonly text: string;
  readonly model: QuotationModel;
  readonly reuse: readonly ReuseItem[];
}

/** A quotation as the report shows it: numbered through the whole report, with the text it is marked in and where it is. */
export interface ReportQuote {
  readonly quote: AuditedQuote;
  readonly text: string;
  /** `line 15`, or `chapters/one.tex, line 15` for a quotation of an included file. */
  readonly place: string;
}

/** The report's files: the draft, then the files it includes. */
export function reportParts(input: ReportInput): ReportPart[] {
  return [{ file: input.file, text: input.text, model: input.model, reuse: input.reuse }, ...(input.included ?? [])];
}

/** Every quotation of the report, in file order, numbered from 1 through all files. */
export function reportQuotes(input: ReportInput): ReportQuote[] {
  const quotes: ReportQuote[] = [];
  for (const [i, part] of reportParts(input).entries()) {
    for (const quote of part.model.quotes) {
      const place = i === 0 ? lineLabel(quote) : `${part.file}, ${lineLabel(quote)}`;
      quotes.push({ quote: { ...quote, index: quotes.length + 1 }, text: part.text, place });
    }
  }
  return quotes;
}

/** How many quotations of the whole report have each verdict. */
export function reportTally(input: ReportInput): Record<QuoteVerdictKind, number> {
  const tally = Object.fromEntries(QUOTE_VERDICTS.map((v) => [v, 0])) as Record<QuoteVerdictKind, number>;
  for (const part of reportParts(input)) for (const verdict of QUOTE_VERDICTS) tally[verdict] += part.model.tally[verdict];
  return tally;
}

/** The cited keys no source has, in all of the report's files, each once. */
export function reportUnknownKeys(input: ReportInput): string[] {
  return [...new Set(reportParts(input).flatMap((part) => part.model.unknownKeys.map((c) => c.key)))];
}

/** Unquoted reuse of all the report's files, each item placed (`line 4`, `chapters/one.tex, line 4`). */
export function reportReuse(input: ReportInput): Array<ReuseItem & { readonly place: string }> {
  return reportParts(input).flatMap((part, i) => part.reuse.map((item) => ({ ...item, place: i === 0 ? `line ${item.line}` : `${part.file}, line ${item.line}` })));
}

/** The report's title: the draft's, else its file name. */
export function reportTitle(input: ReportInput): string {
  return input.model.title ?? input.file;
}

/** The verdicts that occur, in display order, with their counts. */
export function summaryRows(tally: Readonly<Record<QuoteVerdictKind, number>>): Array<{ verdict: QuoteVerdictKind; title: string; mark: string; count: number }> {
  return QUOTE_VERDICTS.filter((verdict) => tally[verdict] > 0).map((verdict) => ({
    verdict,
    title: VERDICTS[verdict].title,
    mark: VERDICTS[verdict].mark,
    count: tally[verdict],
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
