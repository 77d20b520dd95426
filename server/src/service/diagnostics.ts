import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver-types';
import { correctedQuote, describeRuns } from '../core/quoteDiff';
import type { PassageMatch } from '../core/quoteMatcher';
import type { DocumentModel, QuoteFinding } from './documentModel';
import { closestKeys } from './keySuggestions';
import { formatPages, rewriteLocator } from '../core/pageLocator';
import { wrongPageOf } from './pageCheck';
import type { ServiceContext, ServiceDocument } from './serviceContext';
import { passageInContext, passageLocation } from './sourceLocations';

/** Diagnostic codes of SPEC section 5. */
export type VerbatimCode =
  | 'unknown-source'
  | 'misquote'
  | 'wrong-source'
  | 'quote-not-found'
  | 'unattributed-quote'
  | 'archive-unavailable'
  | 'wrong-page';

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
  readonly source?: { readonly key: string; readonly uri: string; readonly path: string; readonly line: number; readonly column: number; readonly text: string };
}

/** The diagnostics of a checked document (SPEC section 5). */
export function diagnosticsOf(context: ServiceContext, document: ServiceDocument, model: DocumentModel): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const range = (start: number, end: number): Range => ({ start: document.positionAt(start), end: document.positionAt(end) });

  for (const citation of model.unknownKeys) {
    const keys = closestKeys(context.library, citation.key, 3);
    const hint = keys.length > 0 ? `; did you mean ${keys.map((k) => `@${k}`).join(', ')}?` : '';
    const keyRange = range(citation.keyStart, citation.keyEnd);
    diagnostics.push(
      make(keyRange, DiagnosticSeverity.Error, `no source has the key "${citation.key}"${hint}`, {
        code: 'unknown-source',
        key: citation.key,
        ...(keys[0] !== undefined ? { suggestion: keys[0] } : {}),
        fixes: keys.map((key) => ({ range: keyRange, newText: key, title: `Cite @${key} instead` })),
      }),
    );
  }

  for (const finding of model.findings) {
    const diagnostic = quoteDiagnostic(document, finding, range);
    if (diagnostic) diagnostics.push(diagnostic);
    const page = pageDiagnostic(document, finding, range);
    if (page) diagnostics.push(page);
  }
  return diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function quoteDiagnostic(
  document: ServiceDocument,
  finding: QuoteFinding,
  range: (start: number, end: number) => Range,
): Diagnostic | undefined {
  const { quotation } = finding;
  const quoteRange = range(quotation.start, quotation.end);
  if (finding.storeUnavailable) {
    // Never a false "not found": the archive might hold it. The message names no address.
    return make(quoteRange, DiagnosticSeverity.Information, 'not checked: the archive could not be reached, and the local library holds neither this quote nor its source', {
      code: 'archive-unavailable',
      ...(finding.keys[0] !== undefined ? { key: finding.keys[0] } : {}),
      fixes: [],
    });
  }
  const verdict = finding.verdict;
  if (verdict === undefined || verdict.kind === 'verbatim' || verdict.kind === 'uncited') return undefined;
  const cited = finding.keys.map((k) => `@${k}`).join(', ');
  const text = document.getText();

  if (verdict.kind === 'misquote') {
    const key = verdict.match.entry.source.key;
    const corrected = correctedQuote(text, quotation.textStart, quotation.textEnd, finding.runs);
    return make(quoteRange, DiagnosticSeverity.Warning, `misquote of @${key}: ${describeRuns(finding.runs)}`, {
      code: 'misquote',
      key,
      suggestion: corrected,
      fixes: [{ range: range(quotation.textStart, quotation.textEnd), newText: corrected, title: `Use the words of @${key}` }],
      source: sourceInfo(verdict.match),
    }, related(verdict.match, `the passage in @${key}`));
  }

  if (verdict.kind === 'wrong-source') {
    const key = verdict.match.entry.source.key;
    const group = quotation.citation;
    const fixes: FixEdit[] = [];
    if (group && group.citations.length === 1) {
      const only = group.citations[0]!;
      fixes.push({ range: range(only.keyStart, only.keyEnd), newText: key, title: `Cite @${key} instead of @${only.key}` });
    } else if (group) {
      const at = group.bracketed ? group.end - 1 : group.end;
      fixes.push({ range: range(at, at), newText: group.bracketed ? `; @${key}` : ` [@${key}]`, title: `Also cite @${key}` });
    }
    let how = `these words are in @${key} (${titleOf(verdict.match)})`;
    if (!verdict.match.exact) {
      how = `a close passage is in @${key} (${titleOf(verdict.match)}), where ${describeRuns(finding.runs)}`;
      const corrected = correctedQuote(text, quotation.textStart, quotation.textEnd, finding.runs);
      fixes.push({ range: range(quotation.textStart, quotation.textEnd), newText: corrected, title: `Use the words of @${key}` });
    }
    return make(quoteRange, DiagnosticSeverity.Warning, `not in ${cited}; ${how}`, {
      code: 'wrong-source',
      key,
      suggestion: key,
      fixes,
      source: sourceInfo(verdict.match),
    }, related(verdict.match, `the passage in @${key}`));
  }

  if (verdict.kind === 'unattributed') {
    const key = verdict.match.entry.source.key;
    const citation = `[@${key}]`;
    const at = range(quotation.end, quotation.end);
    const how = verdict.match.exact ? 'found in' : 'close to a passage of';
    return make(quoteRange, DiagnosticSeverity.Information, `quote without a citation, ${how} @${key} (${titleOf(verdict.match)})`, {
      code: 'unattributed-quote',
      key,
      suggestion: citation,
      fixes: [{ range: at, newText: ` ${citation}`, title: `Add the citation ${citation}` }],
      source: sourceInfo(verdict.match),
    }, related(verdict.match, `the passage in @${key}`));
  }

  const where = finding.keys.length > 0 ? `${cited} or any other source` : 'any source';
  return make(quoteRange, DiagnosticSeverity.Warning, `quote not found in ${where}`, {
    code: 'quote-not-found',
    ...(finding.keys[0] !== undefined ? { key: finding.keys[0] } : {}),
    fixes: [],
  });
}

/** `wrong-page`: the quote is in the cited source, on other pages than the locator names. */
function pageDiagnostic(document: ServiceDocument, finding: QuoteFinding, range: (start: number, end: number) => Range): Diagnostic | undefined {
  const wrong = wrongPageOf(finding);
  const verdict = finding.verdict;
  if (!wrong || !verdict || !('match' in verdict)) return undefined;
  const { citation, locator, found } = wrong;
  const cited = document.getText().slice(citation.locatorStart + locator.start, citation.locatorStart + locator.end);
  const citedPages = locator.term === '' ? `p${/[-–—,&]/.test(cited) ? 'p' : ''}. ${cited}` : cited;
  const replacement = rewriteLocator(locator, found);
  const locatorRange = range(citation.locatorStart + locator.start, citation.locatorStart + locator.end);
  const key = citation.key;
  return make(
    range(finding.quotation.start, finding.quotation.end),
    DiagnosticSeverity.Warning,
    `wrong page for @${key}: the quote is on ${formatPages(found)}, not ${citedPages}`,
    {
      code: 'wrong-page',
      key,
      suggestion: replacement,
      fixes: [{ range: locatorRange, newText: replacement, title: `Cite ${formatPages(found)}` }],
      source: sourceInfo(verdict.match),
    },
    related(verdict.match, `the passage on ${formatPages(found)} of @${key}`),
  );
}

function make(
  range: Range,
  severity: DiagnosticSeverity,
  message: string,
  data: VerbatimDiagnosticData,
  relatedInformation?: DiagnosticRelatedInformation[],
): Diagnostic {
  return {
    range,
    severity,
    code: data.code,
    source: 'verbatim',
    message,
    data,
    ...(relatedInformation ? { relatedInformation } : {}),
  };
}

function related(match: PassageMatch, message: string): DiagnosticRelatedInformation[] {
  return [{ location: passageLocation(match), message: `${message}: "${passageInContext(match, 0).passage.replace(/\s+/g, ' ')}"` }];
}

function sourceInfo(match: PassageMatch): NonNullable<VerbatimDiagnosticData['source']> {
  const location = passageLocation(match);
  return {
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
