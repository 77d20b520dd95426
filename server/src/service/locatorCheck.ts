import type { Citation } from '../core/draft/citations';
import { cueSpanOf, type CueSpan } from '../core/library/cues';
import { pageLabelsOf } from '../core/library/pages';
import { wordEndAt } from '../core/library/sourceLibrary';
import { citesPage, formatPages, parsePageLocator, rewriteLocator, type PageLocator } from '../core/match/pageLocator';
import type { PassageMatch } from '../core/match/quoteMatcher';
import { citesTime, formatTime, parseTimeLocator, rewriteTime, type TimeLocator } from '../core/match/timeLocator';
import type { QuoteFinding } from './documentModel';
import { passageOffsets } from './sourceLocations';

/**
 * Locators are one idea (SPEC section 2): a page and a time both say where in the source a quote
 * is. One check compares the place a citation names with the place of the matched passage: pages
 * for sources with pages, times for transcripts.
 */
export type WrongLocator = WrongPage | WrongTime;

/** A quote found in its cited source, but not on the page its locator names. */
export interface WrongPage {
  readonly kind: 'page';
  readonly citation: Citation;
  readonly locator: PageLocator;
  /** Labels of the pages the passage is on. */
  readonly found: readonly string[];
}

/** A quote found in its cited transcript, but not spoken at the time its locator names. */
export interface WrongTime {
  readonly kind: 'time';
  readonly citation: Citation;
  readonly locator: TimeLocator;
  /** The cues the passage is spoken in. */
  readonly found: CueSpan;
}

/** The pages a matched passage is on, when its source has pages. */
export function pagesOfMatch(match: PassageMatch): string[] {
  const pages = match.entry.source.pages;
  if (!pages) return [];
  const { start, end } = passageOffsets(match);
  return pageLabelsOf(pages, start, end);
}

/** The cues a matched passage is spoken in, when its source is a transcript. */
export function cuesOfMatch(match: PassageMatch): CueSpan | undefined {
  const cues = match.entry.source.cues;
  if (!cues) return undefined;
  const { start, end } = passageOffsets(match);
  return cueSpanOf(cues, start, end);
}

/** When a passage is spoken, as a writer cites it: `12:31`, `1:02:03` (its first word's time where the transcript times words). */
export function formatCueTime(span: CueSpan): string {
  return formatTime(span.spoken);
}

/**
 * Checks a quote's locator (SPEC section 2): only for quotes found in the cited source (verbatim or
 * misquoted) and a locator that names a place the source has: a time in a transcript, a page in a
 * source with pages.
 */
export function wrongLocatorOf(finding: QuoteFinding): WrongLocator | undefined {
  const verdict = finding.verdict;
  if (verdict === undefined || (verdict.kind !== 'verbatim' && verdict.kind !== 'misquote')) return undefined;
  const key = verdict.match.entry.source.key;
  const citation = finding.quotation.citation?.citations.find((c) => c.key === key);
  if (!citation || citation.locator === '') return undefined;
  const source = verdict.match.entry.source;
  if (source.cues) {
    const locator = parseTimeLocator(citation.locator);
    const found = locator && cuesOfMatch(verdict.match);
    if (!locator || !found || citesTime(locator, found.start, found.end)) return undefined;
    // Words said again later: the cited time may be the other time they were said.
    for (const other of verdict.kind === 'verbatim' ? otherOccurrences(verdict.match) : []) {
      const span = cueSpanOf(source.cues, other.start, other.end);
      if (span && citesTime(locator, span.start, span.end)) return undefined;
    }
    return { kind: 'time', citation, locator, found };
  }
  // A time names no page (`12:31` is not page 12).
  if (parseTimeLocator(citation.locator)) return undefined;
  const locator = parsePageLocator(citation.locator);
  if (!locator) return undefined;
  const found = pagesOfMatch(verdict.match);
  if (found.length === 0 || found.some((label) => citesPage(locator, label))) return undefined;
  // Words the source prints again (a notice's boilerplate on its first and last pages): the cited
  // page may hold the other copy.
  const pages = source.pages;
  for (const other of pages && verdict.kind === 'verbatim' ? otherOccurrences(verdict.match) : []) {
    if (pageLabelsOf(pages!, other.start, other.end).some((label) => citesPage(locator, label))) return undefined;
  }
  return { kind: 'page', citation, locator, found };
}

/** Most other copies of a passage looked at in its source. */
const MAX_OTHER_COPIES = 50;

/**
 * The text ranges of the other places in a matched passage's source with the same words (the
 * passage's source words, in a row), in order; at most MAX_OTHER_COPIES.
 */
function otherOccurrences(match: PassageMatch): Array<{ start: number; end: number }> {
  const { entry, alignment } = match;
  const ids = entry.words.ids;
  const from = alignment.sourceStart;
  const length = alignment.sourceEnd - from;
  const copies: Array<{ start: number; end: number }> = [];
  if (length <= 0) return copies;
  const first = ids[from]!;
  for (let at = 0; at + length <= ids.length && copies.length < MAX_OTHER_COPIES; at++) {
    if (at === from || ids[at] !== first) continue;
    let k = 1;
    while (k < length && ids[at + k] === ids[from + k]) k++;
    if (k === length) copies.push({ start: entry.words.starts[at]!, end: wordEndAt(entry, at + length - 1) });
  }
  return copies;
}

/** How a fix rewrites a wrong locator: the part of the locator text it replaces, the new text, the place named. */
export function locatorFix(wrong: WrongLocator): { start: number; end: number; newText: string; place: string } {
  const { start, end } = wrong.locator;
  if (wrong.kind === 'time') return { start, end, newText: rewriteTime(wrong.locator, wrong.found.spoken), place: formatCueTime(wrong.found) };
  return { start, end, newText: rewriteLocator(wrong.locator, wrong.found), place: formatPages(wrong.found) };
}
