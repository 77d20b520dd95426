import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range } from 'vscode-languageserver-types';
import { correctedQuote, describeRuns, type DiffRun } from '../core/match/quoteDiff';
import type { DraftSyntax } from '../core/draft/draftModel';
import type { Quotation } from '../core/draft/quotations';
import type { PassageMatch } from '../core/match/quoteMatcher';
import { DIAGNOSTIC_CODES, type VerbatimCode } from './diagnosticCodes';
import type { DocumentModel } from './documentModel';
import { closestKeys } from './keySuggestions';
import { quotationModelOf, type AuditedQuote } from './quotationModel';
import type { ReuseSeverity, ServiceContext, ServiceDocument } from './serviceContext';
import { locatorFix, pagesOfMatch } from './locatorCheck';
import { isPagedSource, passageInContext, passageLocation, type SourceView } from './sourceLocations';
import { citedRightAfter, draftQuoteMarks, quotedRange, reuseDifferences, reuseLength, reuseMatch } from './reuseFindings';
import type { ReuseRun } from '../core/match/reuseScan';

export type { VerbatimCode } from './diagnosticCodes';

/** A text edit that fixes a diagnostic. */
export interface FixEdit {
  readonly range: Range;
  readonly newText: string;
  /** The quick fix's title. */
  readonly title: string;
}

/** What every Verbatim diagnostic carries in `data`, for quick fixes and the CLI's JSON. */
export interface VerbatimDiagnosticData {
  readonly code: VerbatimCode;
  /** The key the diagnostic is about (the unknown key, the cited or the right source). */
  readonly key?: string;
  /** Replacement the quick fix proposes: the source's words, a key, or a citation. */
  readonly suggestion?: string;
  readonly fixes: readonly FixEdit[];
  /** The source passage the quote was matched with. */
  readonly source?: {
    readonly key: string;
    readonly uri: string;
    readonly path: string;
    /** The page label, for sources shown page by page (PDF); `line` and `column` are then within the page. */
    readonly page?: string;
    readonly line: number;
    readonly column: number;
    readonly text: string;
  };
}

/** The diagnostics of a checked document (SPEC section 5): a view of its quotation model. */
export function diagnosticsOf(context: ServiceContext, document: ServiceDocument, model: DocumentModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const quotations = quotationModelOf(document, model);

  for (const citation of quotations.unknownKeys) {
    const keys = closestKeys(context.library, citation.key, 3, model.scope);
    const hint = keys.length > 0 ? `; did you mean ${keys.map((k) => `@${k}`).join(', ')}?` : '';
    const keyRange = range(citation.keyStart, citation.keyEnd);
    diagnostics.push(
      make(keyRange, `no source has the key "${shortened(citation.key, MAX_KEY_SHOWN)}"${hint}`, {
        code: 'unknown-source',
        key: citation.key,
        ...(keys[0] !== undefined ? { suggestion: keys[0] } : {}),
        fixes: keys.map((key) => ({ range: keyRange, newText: key, title: `Cite @${key} instead` })),
      }),
    );
  }

  // How the client opens a PDF's passage (related information): a page document or the file.
  const view = context.sourceView();
  for (const quote of quotations.quotes) {
    const diagnostic = quoteDiagnostic(document, quote, range, view, model.analysis.syntax);
    if (diagnostic) diagnostics.push(diagnostic);
    const locator = locatorDiagnostic(document, quote, range, view);
    if (locator) diagnostics.push(locator);
    const speaker = speakerDiagnostic(quote, range, view);
    if (speaker) diagnostics.push(speaker);
  }
  diagnostics.push(...reuseDiagnosticsOf(context, document, model));
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The diagnostic of a quote whose verdict has a code; the verdict itself comes from the model. */
function quoteDiagnostic(
  document: ServiceDocument,
  quote: AuditedQuote,
  range: (start: number, end: number) => Range,
  view: SourceView,
  syntax: DraftSyntax,
): Diagnostic | undefined {
  const { quotation, match } = quote;
  if (quotation === undefined) return undefined;
  const quoteRange = range(quotation.start, quotation.end);
  const cited = quote.keys.map((k) => `@${k}`).join(', ');
  if (quote.verdict === 'no-full-text') {
    const textless = quote.noFullText ?? quote.keys;
    return make(quoteRange, `cannot be checked: no full text for ${textless.map((k) => `@${k}`).join(', ')}`, {
      code: 'no-full-text',
      ...(textless[0] !== undefined ? { key: textless[0] } : {}),
      fixes: [],
    });
  }
  if (quote.verdict === 'archive-unavailable') {
    // Never a false "not found": the archive might hold it. The message names no address.
    return make(quoteRange, 'not checked: the archive could not be reached, and the local library holds neither this quote nor its source', {
      code: 'archive-unavailable',
      ...(quote.keys[0] !== undefined ? { key: quote.keys[0] } : {}),
      fixes: [],
    });
  }
  const text = document.getText();

  if (quote.verdict === 'misquote' && match) {
    const key = match.entry.source.key;
    const corrected = correctedQuote(text, quotation.textStart, quotation.textEnd, quote.runs, syntax.escape);
    return make(quoteRange, `misquote of @${key}: ${describeRuns(quote.runs)}`, {
      code: 'misquote',
      key,
      suggestion: corrected,
      fixes: keepsExcluded(quotation, quote.runs) ? [{ range: range(quotation.textStart, quotation.textEnd), newText: corrected, title: `Use the words of @${key}` }] : [],
      source: sourceInfo(match),
    }, related(match, `the passage in @${key}`, view));
  }

  if (quote.verdict === 'wrong-source' && match) {
    const key = match.entry.source.key;
    const group = quotation.citation;
    const fixes: FixEdit[] = [];
    if (group && group.citations.length === 1) {
      const only = group.citations[0]!;
      fixes.push({ range: range(only.keyStart, only.keyEnd), newText: key, title: `Cite @${key} instead of @${only.key}` });
    } else if (group) {
      const added = syntax.addKey(group, key);
      fixes.push({ range: range(added.at, added.at), newText: added.text, title: `Also cite @${key}` });
    }
    let how = `these words are in @${key} (${titleOf(match)})`;
    if (!match.exact) {
      how = `a close passage is in @${key} (${titleOf(match)}), where ${describeRuns(quote.runs)}`;
      const corrected = correctedQuote(text, quotation.textStart, quotation.textEnd, quote.runs, syntax.escape);
      if (keepsExcluded(quotation, quote.runs)) fixes.push({ range: range(quotation.textStart, quotation.textEnd), newText: corrected, title: `Use the words of @${key}` });
    }
    return make(quoteRange, `not in ${cited}; ${how}`, {
      code: 'wrong-source',
      key,
      suggestion: key,
      fixes,
      source: sourceInfo(match),
    }, related(match, `the passage in @${key}`, view));
  }

  if (quote.verdict === 'unattributed' && match) {
    const key = match.entry.source.key;
    const citation = syntax.citation(key);
    const at = range(quotation.end, quotation.end);
    const how = match.exact ? 'found in' : 'close to a passage of';
    return make(quoteRange, `quote without a citation, ${how} @${key} (${titleOf(match)})`, {
      code: 'unattributed-quote',
      key,
      suggestion: citation,
      fixes: [{ range: at, newText: ` ${citation}`, title: `Add the citation ${citation}` }],
      source: sourceInfo(match),
    }, related(match, `the passage in @${key}`, view));
  }

  if (quote.verdict === 'not-found') {
    const where = quote.keys.length > 0 ? `${cited} or any other source` : 'any source';
    return make(quoteRange, `quote not found in ${where}`, {
      code: 'quote-not-found',
      ...(quote.keys[0] !== undefined ? { key: quote.keys[0] } : {}),
      fixes: [],
    });
  }
  return undefined;
}

/** The `unquoted-reuse` diagnostics of a checked document, in draft order. */
export function reuseDiagnosticsOf(context: ServiceContext, document: ServiceDocument, model: DocumentModel): Diagnostic[] {
  const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });
  const severity = SEVERITY[context.settings().reuseSeverity];
  const view = context.sourceView();
  const original = document.getText();
  return model.reuse.map((run) => reuseDiagnostic(original, model, run, range, view, severity));
}

/**
 * `unquoted-reuse`: a run of the draft's prose is word for word in a source. Its fix quotes the run
 * as the draft writes quotations, keeping the run's own markup (`original` is the draft's text), with
 * the source's words where the draft changed them, and cites the source as the draft cites (unless
 * the run is already followed by its citation).
 */
function reuseDiagnostic(
  original: string,
  model: DocumentModel,
  run: ReuseRun,
  range: (start: number, end: number) => Range,
  view: SourceView,
  severity: DiagnosticSeverity,
): Diagnostic {
  const { text } = model.analysis;
  const match = reuseMatch(run);
  const key = run.entry.source.key;
  const differences = reuseDifferences(text, run);
  const [open, close] = draftQuoteMarks(original, model.analysis, run);
  const { syntax } = model.analysis;
  const [from, to] = quotedRange(original, model.analysis, run);
  const citation = citedRightAfter(model.analysis, { ...run, end: to }, key) ? '' : ` ${syntax.citation(key)}`;
  const quoted = `${open}${correctedQuote(original, from, to, differences, syntax.escape)}${close}${citation}`;
  const changed = differences.length > 0 ? `; ${describeRuns(differences)}` : '';
  const elsewhere = run.alsoIn > 0 ? ` (also in ${run.alsoIn} other source${run.alsoIn === 1 ? '' : 's'})` : '';
  const diagnostic = make(range(run.start, run.end), `${reuseLength(text, run)} from @${key} (${titleOf(match)}) without quotation marks${changed}${elsewhere}`, {
    code: 'unquoted-reuse',
    key,
    suggestion: quoted,
    fixes: [{ range: range(from, to), newText: quoted, title: `Quote and cite @${key}` }],
    source: sourceInfo(match),
  }, related(match, `the passage in @${key}`, view));
  return { ...diagnostic, severity };
}

/** LSP severities by the names settings use. */
const SEVERITY: Readonly<Record<ReuseSeverity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * `wrong-page` and `wrong-time`: the quote is in the cited source, at another page or time than the
 * locator names (from the model); the fix rewrites only the page or time part of the locator.
 */
function locatorDiagnostic(document: ServiceDocument, quote: AuditedQuote, range: (start: number, end: number) => Range, view: SourceView): Diagnostic | undefined {
  const { wrongLocator: wrong, match, quotation } = quote;
  if (!wrong || !match || !quotation) return undefined;
  const { citation } = wrong;
  const fix = locatorFix(wrong);
  // A Word citation field's locator is in the field's data: named in the message, never rewritten.
  const inText = citation.locatorInText !== false;
  const cited = inText ? document.getText().slice(citation.locatorStart + fix.start, citation.locatorStart + fix.end) : citation.locator.slice(fix.start, fix.end);
  const locatorRange = range(citation.locatorStart + fix.start, citation.locatorStart + fix.end);
  const key = citation.key;
  const where = inText ? '' : ' (the citation field\'s locator: change it in Zotero or Mendeley)';
  const message =
    wrong.kind === 'time'
      ? `wrong time for @${key}: the quote is spoken at ${fix.place}, not ${cited}${where}`
      : `wrong page for @${key}: the quote is on ${fix.place}, not ${wrong.locator.term === '' ? `p${/[-–—,&]/.test(cited) ? 'p' : ''}. ${cited}` : cited}${where}`;
  return make(
    range(quotation.start, quotation.end),
    message,
    {
      code: wrong.kind === 'time' ? 'wrong-time' : 'wrong-page',
      key,
      suggestion: fix.newText,
      fixes: inText ? [{ range: locatorRange, newText: fix.newText, title: `Cite ${fix.place}` }] : [],
      source: sourceInfo(match),
    },
    related(match, `the passage ${wrong.kind === 'time' ? 'at' : 'on'} ${fix.place} of @${key}`, view),
  );
}

/**
 * `wrong-speaker` and `not-a-quotation`: the draft names a speaker the source does not give the
 * words to (from the model); the fix of `wrong-speaker` puts the source's speaker's name in place of
 * the draft's.
 */
function speakerDiagnostic(quote: AuditedQuote, range: (start: number, end: number) => Range, view: SourceView): Diagnostic | undefined {
  const { speakerProblem: problem, match, quotation } = quote;
  if (!problem || !match || !quotation) return undefined;
  const key = match.entry.source.key;
  if (problem.kind === 'not-a-quotation') {
    return make(
      range(quotation.start, quotation.end),
      `not a quotation: in @${key} these words are the article's own narration, not words of ${problem.draft.name}`,
      { code: 'not-a-quotation', key, fixes: [], source: sourceInfo(match) },
      related(match, `the narration in @${key}`, view),
    );
  }
  const name = writtenName(problem.source);
  return make(
    range(quotation.start, quotation.end),
    `wrong speaker: @${key} gives these words to ${name}, not ${problem.draft.name}`,
    {
      code: 'wrong-speaker',
      key,
      suggestion: name,
      fixes: [{ range: range(problem.draft.start, problem.draft.end), newText: name, title: `Name ${name}` }],
      source: sourceInfo(match),
    },
    related(match, `${name} in @${key}`, view),
  );
}

/** A speaker's name as prose writes it: captions' capitals (`EWAN DORSEY`) in title case. */
function writtenName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
}

/** A diagnostic's message is at most this long: what a draft holds (a 1 MB key, a page-long quote) is never echoed whole. */
export const MAX_MESSAGE_LENGTH = 1_000;
/** A key is shown at most this long in a message. */
const MAX_KEY_SHOWN = 100;
/** What a cut message keeps of its end (the suggestion that closes it). */
const KEPT_TAIL = 200;

/** `text` if at most `max` long, else its start and end around an ellipsis, `max` long in all (never a half surrogate pair). */
export function shortened(text: string, max: number, tail = 0): string {
  if (text.length <= max) return text;
  const low = (at: number): boolean => /[\uDC00-\uDFFF]/.test(text.charAt(at));
  const end = max - 1 - tail;
  const head = text.slice(0, low(end) ? end - 1 : end);
  const from = text.length - tail;
  return `${head}…${tail > 0 ? text.slice(low(from) ? from + 1 : from) : ''}`;
}

/** A Verbatim diagnostic; its severity is its code's (DIAGNOSTIC_CODES); its message at most MAX_MESSAGE_LENGTH long. */
function make(range: Range, message: string, data: VerbatimDiagnosticData, relatedInformation?: DiagnosticRelatedInformation[]): Diagnostic {
  return {
    range,
    severity: DIAGNOSTIC_CODES[data.code].severity,
    code: data.code,
    source: 'verbatim',
    message: shortened(message, MAX_MESSAGE_LENGTH, KEPT_TAIL),
    data,
    ...(relatedInformation ? { relatedInformation } : {}),
  };
}

function related(match: PassageMatch, message: string, view: SourceView): DiagnosticRelatedInformation[] {
  return [{ location: passageLocation(match, view), message: shortened(`${message}: "${passageInContext(match, 0).passage.replace(/\s+/g, ' ')}"`, MAX_MESSAGE_LENGTH) }];
}

function sourceInfo(match: PassageMatch): NonNullable<VerbatimDiagnosticData['source']> {
  // A PDF's passage is told by page, and line and column within the page's text.
  const paged = isPagedSource(match.entry.source);
  const location = passageLocation(match, paged ? 'pages' : 'file');
  const pages = paged ? pagesOfMatch(match) : [];
  return {
    ...(pages[0] !== undefined ? { page: pages[0] } : {}),
    key: match.entry.source.key,
    uri: match.entry.source.uri,
    path: match.entry.source.path,
    line: location.range.start.line + 1,
    column: location.range.start.character + 1,
    text: passageInContext(match, 0).passage,
  };
}

function titleOf(match: PassageMatch): string {
  const title = match.entry.source.meta.title;
  return title ? `"${title.length > 60 ? `${title.slice(0, 57)}…` : title}"` : match.entry.source.path;
}

/**
 * Whether rewriting a quote's words keeps what lies inside it that is not quoted (a citation inside a
 * block quote, the other cells between the lines of a grid table's cell): no word difference may
 * span one, since the rewrite replaces the whole difference.
 */
function keepsExcluded(quotation: Quotation, runs: readonly DiffRun[]): boolean {
  return !runs.some((run) => run.kind !== 'delete' && quotation.excluded.some(([a, b]) => a < run.quoteEnd && b > run.quoteStart));
}
