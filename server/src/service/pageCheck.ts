import type { Citation } from '../core/draft/citations';
import { pageLabelsOf } from '../core/library/pages';
import { citesPage, parsePageLocator, type PageLocator } from '../core/match/pageLocator';
import type { PassageMatch } from '../core/match/quoteMatcher';
import type { QuoteFinding } from './documentModel';
import { passageOffsets } from './sourceLocations';

/** A quote found in its cited source, but not on the page its locator names. */
export interface WrongPage {
  readonly citation: Citation;
  readonly locator: PageLocator;
  /** Labels of the pages the passage is on. */
  readonly found: readonly string[];
}

/** The pages a matched passage is on, when its source has pages. */
export function pagesOfMatch(match: PassageMatch): string[] {
  const pages = match.entry.source.pages;
  if (!pages) return [];
  const { start, end } = passageOffsets(match);
  return pageLabelsOf(pages, start, end);
}

/**
 * Checks a quote's page locator (SPEC section 2): only for quotes found in the cited source
 * (verbatim or misquoted), a source with pages, and a locator that names pages.
 */
export function wrongPageOf(finding: QuoteFinding): WrongPage | undefined {
  const verdict = finding.verdict;
  if (verdict === undefined || (verdict.kind !== 'verbatim' && verdict.kind !== 'misquote')) return undefined;
  const key = verdict.match.entry.source.key;
  const citation = finding.quotation.citation?.citations.find((c) => c.key === key);
  const locator = citation && parsePageLocator(citation.locator);
  if (!citation || !locator) return undefined;
  const found = pagesOfMatch(verdict.match);
  if (found.length === 0 || found.some((label) => citesPage(locator, label))) return undefined;
  return { citation, locator, found };
}
