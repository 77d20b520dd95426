import type { Range } from 'vscode-languageserver-types';
import type { Citation } from '../core/draft/citations';
import { findCodeQuotes, type CodeQuote } from '../core/draft/codeQuotes';
import { finish, type Steps } from '../core/draft/steps';
import { formatPages } from '../core/match/pageLocator';
import { readFrontMatter } from '../core/text/frontMatter';
import { describeRuns, type DiffRun } from '../core/match/quoteDiff';
import type { PassageMatch, QuoteVerdict } from '../core/match/quoteMatcher';
import type { Quotation } from '../core/draft/quotations';
import { DIAGNOSTIC_CODES, type VerbatimCode } from './diagnosticCodes';
import type { DocumentModel, QuoteFinding } from './documentModel';
import type { ServiceDocument } from './serviceContext';
import { speakerOfBlockQuote, speakerOfQuote } from '../core/draft/quoteSpeaker';
import { speakerProblemOf, speakerText, type SpeakerProblem } from './speakerCheck';
import { cuesOfMatch, formatCueTime, pagesOfMatch, wrongLocatorOf, type WrongLocator } from './locatorCheck';
import { passageInContext, passageOffsets, sourceRange } from './sourceLocations';

/**
 * Every verdict a quotation can have, in the order views list them. A new verdict is one member
 * here, one row in `VERDICTS`, and one case in `classify`.
 */
export const QUOTE_VERDICTS = [
  'verified',
  'misquote',
  'wrong-source',
  'wrong-page',
  'wrong-time',
  'wrong-speaker',
  'not-a-quotation',
  'not-found',
  'unattributed',
  'no-full-text',
  'archive-unavailable',
  'not-checked',
] as const;

/** What Verbatim concluded about one quotation. */
export type QuoteVerdictKind = (typeof QUOTE_VERDICTS)[number];

/** Why a quotation was not checked. */
export type NotCheckedReason = 'too-short' | 'unknown-key' | 'uncited' | 'in-code';

/** How views name and mark a verdict, and the diagnostic it raises (none for verified and not checked). */
export interface VerdictDescription {
  /** "Misquote": a group title, a report label. */
  readonly title: string;
  /** One character for hints, tallies and reports. */
  readonly mark: string;
  readonly code: VerbatimCode | undefined;
  /** Whether the quote's words were compared with a source at all. */
  readonly checked: boolean;
}

/** The one table from verdicts to their names, marks and diagnostic codes. */
export const VERDICTS: Readonly<Record<QuoteVerdictKind, VerdictDescription>> = {
  verified: { title: 'Verified', mark: '✓', code: undefined, checked: true },
  misquote: { title: 'Misquote', mark: '✗', code: 'misquote', checked: true },
  'wrong-source': { title: 'Wrong source', mark: '⚠', code: 'wrong-source', checked: true },
  'wrong-page': { title: 'Wrong page', mark: '⚠', code: 'wrong-page', checked: true },
  'wrong-time': { title: 'Wrong time', mark: '⚠', code: 'wrong-time', checked: true },
  'wrong-speaker': { title: 'Wrong speaker', mark: '⚠', code: 'wrong-speaker', checked: true },
  'not-a-quotation': { title: 'Not a quotation', mark: '⚠', code: 'not-a-quotation', checked: true },
  'not-found': { title: 'Not found', mark: '?', code: 'quote-not-found', checked: true },
  unattributed: { title: 'Unattributed', mark: 'ℹ', code: 'unattributed-quote', checked: true },
  'no-full-text': { title: 'No full text', mark: '○', code: 'no-full-text', checked: false },
  'archive-unavailable': { title: 'Archive unreachable', mark: '○', code: 'archive-unavailable', checked: false },
  'not-checked': { title: 'Not checked', mark: '○', code: undefined, checked: false },
};

/** The words writers read for each reason a quotation was not checked. */
const NOT_CHECKED: Readonly<Record<NotCheckedReason, (minWords: number) => string>> = {
  'too-short': (minWords) => `fewer than ${minWords} words`,
  'unknown-key': () => 'no cited source is in the library',
  uncited: () => 'no citation, and no source has these words',
  'in-code': () => 'in code, not a quotation',
};

/** The source passage a quotation was matched with. */
export interface SourcePassage {
  readonly key: string;
  readonly title: string;
  readonly uri: string;
  /** The source's path as the library shows it. */
  readonly path: string;
  /** The passage in the source file. */
  readonly range: Range;
  /** Offsets of the passage in the source text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Source text around the passage, cut at word boundaries. */
  readonly before: string;
  readonly after: string;
  /** The pages the passage is on (labels), where the source knows its pages. */
  readonly pages?: readonly string[];
  /** Those pages as a writer cites them: `p. 4`, `pp. 4–5`. */
  readonly pageLabel?: string;
  /** When a transcript's passage is spoken: the start of its first cue and the end of its last, seconds. */
  readonly time?: { readonly start: number; readonly end: number };
  /** That time as a writer cites it: `12:31`. */
  readonly timeLabel?: string;
  /** Who speaks the passage in a transcript, when its cues name somebody (several: joined by ` / `). */
  readonly speaker?: string;
  /** The whole source text (for views that mark differences by offset). */
  readonly sourceText: string;
}

/** One quotation of a draft with everything views show about it. */
export interface AuditedQuote {
  /** 1-based, in document order. */
  readonly index: number;
  readonly kind: 'inline' | 'block' | 'code';
  /** The whole quote, marks included (document offsets and range). */
  readonly start: number;
  readonly end: number;
  readonly range: Range;
  /** The quoted words, inside the marks. */
  readonly textStart: number;
  readonly textEnd: number;
  readonly text: string;
  /** Keys of the citation the quote is attributed to (empty: none). */
  readonly keys: readonly string[];
  /** The citation as written (`[@key, p. 2]`), if any. */
  readonly citationText?: string;
  /** The first cited locator (`p. 2`), if any. */
  readonly locator?: string;
  readonly verdict: QuoteVerdictKind;
  /** Set when `verdict` is `not-checked`. */
  readonly reason?: NotCheckedReason;
  /** One sentence: the verdict and why. */
  readonly explanation: string;
  readonly passage?: SourcePassage;
  /** Word differences with the passage (misquotes, close wrong-source or unattributed matches). */
  readonly runs: readonly DiffRun[];
  /** The quotation as the parser found it (undefined for quote marks in code). */
  readonly quotation?: Quotation;
  /** The matched passage, for fixes and navigation. */
  readonly match?: PassageMatch;
  /** Set when the quote is in the cited source, but not at the cited page or time (also for a misquote). */
  readonly wrongLocator?: WrongLocator;
  /** The person the draft names as the quote's speaker (`Nersisyan said "…"`), when it names one. */
  readonly speaker?: string;
  /** Set when the draft's speaker is not the source's (also when the verdict is `wrong-time` or `wrong-page`). */
  readonly speakerProblem?: SpeakerProblem;
  /** Set when `verdict` is `no-full-text`: the cited keys whose entries have no full text. */
  readonly noFullText?: readonly string[];
}

/** A draft's quotations and verdicts: the model every view (diagnostics, hints, tree, report, SARIF) reads. */
export interface QuotationModel {
  readonly uri: string;
  readonly version: number;
  /** The draft's title: front matter `title`, else its first heading. */
  readonly title: string | undefined;
  readonly minWords: number;
  readonly quotes: readonly AuditedQuote[];
  /** Citations whose key no source has. */
  readonly unknownKeys: readonly Citation[];
  /** How many quotes have each verdict. */
  readonly tally: Readonly<Record<QuoteVerdictKind, number>>;
  /** The text the quotes were read in, offset for offset the draft's (see `DraftAnalysis.text`). */
  readonly text: string;
}

const built = new WeakMap<DocumentModel, QuotationModel>();

/** The quotation model of a checked document (built once per document model). */
export function quotationModelOf(document: ServiceDocument, model: DocumentModel): QuotationModel {
  return finish(quotationModelSteps(document, model));
}

/** `quotationModelOf` in steps: a step per quotation (see `Steps`); `document` must not change meanwhile. */
export function* quotationModelSteps(document: ServiceDocument, model: DocumentModel): Steps<QuotationModel> {
  const cached = built.get(model);
  if (cached) return cached;
  const text = model.analysis.text;
  const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const prose = speakerText(text, model.analysis.citations);
  const found: Array<Omit<AuditedQuote, 'index'>> = [];
  for (const finding of model.findings) {
    found.push(audit(text, prose, model, finding, range));
    yield;
  }
  for (const code of findCodeQuotes(text, model.analysis.structure)) found.push(codeQuote(text, model, code, range));
  found.sort((a, b) => a.start - b.start);
  const quotes = found.map((quote, i) => ({ ...quote, index: i + 1 }));
  const tally = Object.fromEntries(QUOTE_VERDICTS.map((v) => [v, 0])) as Record<QuoteVerdictKind, number>;
  for (const quote of quotes) tally[quote.verdict]++;
  const result: QuotationModel = {
    uri: model.uri,
    version: model.version,
    title: draftTitle(text),
    minWords: model.minWords,
    quotes,
    unknownKeys: model.unknownKeys,
    tally,
    text,
  };
  built.set(model, result);
  return result;
}

/** The quotation covering `offset`, or undefined. */
export function quoteAt(model: QuotationModel, offset: number): AuditedQuote | undefined {
  return model.quotes.find((quote) => offset >= quote.start && offset <= quote.end);
}

/**
 * `quoteAt` of the document's quotation model: from the model once built, else the quotation at
 * `offset` alone audited (issue 27: a hover costs one quotation's audit, not every quotation's,
 * which a new version of the draft would otherwise cost at each hover while the writer types).
 */
export function auditedQuoteAt(document: ServiceDocument, model: DocumentModel, offset: number): AuditedQuote | undefined {
  const whole = built.get(model);
  if (whole) return quoteAt(whole, offset);
  const text = model.analysis.text;
  const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });
  // In the whole model's order: the findings, then the code quotes, sorted (stably) by start.
  const entries: Array<{ start: number; end: number; finding?: QuoteFinding; code?: CodeQuote }> = [
    ...model.findings.map((finding) => ({ start: finding.quotation.start, end: finding.quotation.end, finding })),
    ...findCodeQuotes(text, model.analysis.structure).map((code) => ({ start: code.start, end: code.end, code })),
  ];
  const order = entries.map((_, i) => i).sort((a, b) => entries[a]!.start - entries[b]!.start);
  const at = order.findIndex((i) => offset >= entries[i]!.start && offset <= entries[i]!.end);
  if (at < 0) return undefined;
  const { finding, code } = entries[order[at]!]!;
  const audited = finding ? audit(text, speakerText(text, model.analysis.citations), model, finding, range) : codeQuote(text, model, code!, range);
  return { ...audited, index: at + 1 };
}

/** A quote in code: never checked. */
function codeQuote(text: string, model: DocumentModel, code: CodeQuote, range: (start: number, end: number) => Range): Omit<AuditedQuote, 'index'> {
  return {
    kind: 'code',
    start: code.start,
    end: code.end,
    range: range(code.start, code.end),
    textStart: code.start + 1,
    textEnd: code.end - 1,
    text: text.slice(code.start + 1, code.end - 1),
    keys: [],
    verdict: 'not-checked',
    reason: 'in-code',
    explanation: `Not checked (${NOT_CHECKED['in-code'](model.minWords)}).`,
    runs: [],
  };
}

/** Whether a verdict raises a warning or an error (what a tally counts as a problem). */
export function isProblem(verdict: QuoteVerdictKind): boolean {
  const code = VERDICTS[verdict].code;
  return code !== undefined && DIAGNOSTIC_CODES[code].severity <= 2;
}

/** `✓ 14 · ⚠ 2`: verified quotes and quotes with a warning. */
export function tallyText(tally: Readonly<Record<QuoteVerdictKind, number>>): string {
  const problems = QUOTE_VERDICTS.filter(isProblem).reduce((sum, v) => sum + tally[v], 0);
  return `✓ ${tally.verified} · ⚠ ${problems}`;
}

function audit(
  text: string,
  prose: string,
  model: DocumentModel,
  finding: QuoteFinding,
  range: (start: number, end: number) => Range,
): Omit<AuditedQuote, 'index'> {
  const { quotation } = finding;
  const minWords = model.minWords;
  const group = quotation.citation;
  const wrongLocator = wrongLocatorOf(finding);
  const structure = model.analysis.structure;
  const block = structure.blocks[quotation.block];
  const blockQuote = block?.blockQuote === undefined ? undefined : structure.blockQuotes[block.blockQuote];
  const said =
    quotation.kind === 'inline' && block
      ? speakerOfQuote(prose, quotation.start, quotation.end, block.start, block.end)
      : blockQuote && speakerOfBlockQuote(prose, structure, blockQuote);
  // Who said it is checked for quotes found in a cited source, word for word or closely (a misquote).
  const found = finding.verdict;
  const speakerProblem = said?.kind === 'named' && (found?.kind === 'verbatim' || found?.kind === 'misquote') ? speakerProblemOf(prose, said, found.match) : undefined;
  const classified = classify(finding, minWords, wrongLocator);
  const { reason, match } = classified;
  const verdict = classified.verdict === 'verified' && speakerProblem ? speakerProblem.kind : classified.verdict;
  const passage = match ? sourcePassage(match) : undefined;
  const base = {
    kind: quotation.kind,
    start: quotation.start,
    end: quotation.end,
    range: range(quotation.start, quotation.end),
    textStart: quotation.textStart,
    textEnd: quotation.textEnd,
    text: shown(text.slice(quotation.textStart, quotation.textEnd)),
    keys: finding.keys,
    ...(group ? { citationText: text.slice(group.start, group.end) } : {}),
    ...(group?.citations[0]?.locator ? { locator: group.citations[0].locator } : {}),
    verdict,
    ...(reason ? { reason } : {}),
    ...(passage ? { passage } : {}),
    runs: finding.runs,
    quotation,
    ...(match ? { match } : {}),
    ...(wrongLocator ? { wrongLocator } : {}),
    ...(said?.kind === 'named' ? { speaker: said.name } : {}),
    ...(speakerProblem ? { speakerProblem } : {}),
    ...(finding.noFullText.length > 0 ? { noFullText: finding.noFullText } : {}),
  };
  return { ...base, explanation: explain(base, minWords) };
}

/** The verdict of a checked quotation: the only place matcher results become verdicts. */
function classify(
  finding: QuoteFinding,
  minWords: number,
  wrongLocator: WrongLocator | undefined,
): { verdict: QuoteVerdictKind; reason?: NotCheckedReason; match?: PassageMatch } {
  const result: QuoteVerdict | undefined = finding.verdict;
  // A cited entry has no full text: the quote may be its, so no other verdict may be given.
  if (finding.noFullText.length > 0) return { verdict: 'no-full-text' };
  // A store the quote needed could not be asked: its verdict is unknown, not "not found".
  if (finding.storeUnavailable) return { verdict: 'archive-unavailable' };
  if (result === undefined) {
    return { verdict: 'not-checked', reason: finding.pattern.units < minWords ? 'too-short' : 'unknown-key' };
  }
  switch (result.kind) {
    case 'verbatim':
      // Word for word, but not at the cited page or time; a misquote there stays a misquote (and has `wrongLocator`).
      return { verdict: wrongLocator ? (wrongLocator.kind === 'time' ? 'wrong-time' : 'wrong-page') : 'verified', match: result.match };
    case 'misquote':
      return { verdict: 'misquote', match: result.match };
    case 'wrong-source':
      return { verdict: 'wrong-source', match: result.match };
    case 'unattributed':
      return { verdict: 'unattributed', match: result.match };
    case 'not-found':
      return { verdict: 'not-found' };
    case 'uncited':
      return { verdict: 'not-checked', reason: 'uncited' };
  }
}

/** One sentence for a quote's verdict, as the tree, the report and hovers show it. */
function explain(quote: Pick<AuditedQuote, 'verdict' | 'reason' | 'passage' | 'keys' | 'runs' | 'noFullText' | 'speakerProblem'>, minWords: number): string {
  const key = quote.passage ? `@${quote.passage.key}` : '';
  const cited = quote.keys.map((k) => `@${k}`).join(', ');
  switch (quote.verdict) {
    case 'verified':
      return `Word for word in ${key}.`;
    case 'misquote':
      return `Misquote of ${key}: ${describeRuns(quote.runs)}.`;
    case 'wrong-source':
      return `Not in ${cited}; ${quote.runs.length > 0 ? 'close to a passage' : 'word for word'} in ${key}.`;
    case 'wrong-page':
      return `Word for word in ${key}, but not on the cited page${quote.passage?.pageLabel ? ` (it is on ${quote.passage.pageLabel})` : ''}.`;
    case 'wrong-speaker':
      return `Word for word in ${key}, but ${quote.speakerProblem?.kind === 'wrong-speaker' ? `spoken by ${quote.speakerProblem.source}, not ${quote.speakerProblem.draft.name}` : 'spoken by someone else'}.`;
    case 'not-a-quotation':
      return `Word for word in ${key}, but as the article's own narration, not as words of ${quote.speakerProblem?.draft.name ?? 'the person named'}.`;
    case 'wrong-time':
      return `Word for word in ${key}, but not at the cited time${quote.passage?.timeLabel ? ` (it is spoken at ${quote.passage.timeLabel})` : ''}.`;
    case 'not-found':
      return `Not found in ${cited ? `${cited} or any other source` : 'any source'}.`;
    case 'unattributed':
      return `No citation; ${quote.runs.length > 0 ? 'close to a passage' : 'word for word'} in ${key}.`;
    case 'no-full-text':
      return `Not checked: no full text for ${(quote.noFullText ?? quote.keys).map((k) => `@${k}`).join(', ')}. Attach the article to its bibliography entry (its \`file\` field), or add a source whose key is the same.`;
    case 'archive-unavailable':
      return 'Not checked (the archive could not be reached; the local library does not hold this quote).';
    case 'not-checked':
      return `Not checked (${NOT_CHECKED[quote.reason ?? 'too-short'](minWords)}).`;
  }
}

function sourcePassage(match: PassageMatch): SourcePassage {
  const { start, end } = passageOffsets(match);
  const { before, passage, after } = passageInContext(match);
  const source = match.entry.source;
  const pages = pagesOfMatch(match);
  const cues = cuesOfMatch(match);
  return {
    key: source.key,
    title: source.meta.title,
    uri: source.uri,
    path: source.path,
    range: sourceRange(match.entry, start, end),
    start,
    end,
    text: passage,
    before,
    after,
    ...(pages.length > 0 ? { pages, pageLabel: formatPages(pages) } : {}),
    ...(cues ? { time: { start: cues.start, end: cues.end }, timeLabel: formatCueTime(cues) } : {}),
    ...(cues && cues.speakers.length > 0 ? { speaker: cues.speakers.join(' / ') } : {}),
    sourceText: source.text,
  };
}

/**
 * Where a passage is, as hints and hovers add it after the key: `, p. 4`, or for a transcript the
 * time and speaker (`, 12:31 · Ana Petrosyan`); empty when the source says neither.
 */
export function placeOfPassage(passage: SourcePassage): string {
  if (passage.timeLabel !== undefined) return `, ${passage.timeLabel}${passage.speaker ? ` · ${passage.speaker}` : ''}`;
  return passage.pageLabel !== undefined ? `, ${passage.pageLabel}` : '';
}

/** Front matter `title`, else the text of the first ATX heading. */
function draftTitle(text: string): string | undefined {
  const frontMatter = readFrontMatter(text);
  const title = frontMatter.fields['title'];
  if (title) return title;
  const heading = /^ {0,3}#{1,6}[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$/m.exec(text.slice(frontMatter.bodyStart));
  return heading?.[1];
}

/** Text as views show it: without the word joiners that pad LaTeX markup turned into text. */
export function shown(text: string): string {
  return text.includes('\u2060') ? text.replace(/\u2060/g, '') : text;
}
