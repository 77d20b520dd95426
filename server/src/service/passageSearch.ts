import { parseQuotePattern } from '../core/match/quotePattern';
import type { PassageMatch } from '../core/match/quoteMatcher';
import type { IndexedSource } from '../core/library/sourceLibrary';
import { formatPages } from '../core/match/pageLocator';
import { findCitable } from './citables';
import { cuesOfMatch, formatCueTime, pagesOfMatch } from './locatorCheck';
import { sourceOf, type ServiceContext } from './serviceContext';
import { passageInContext, passageOffsets, sourceRange } from './sourceLocations';
import type { PassageHit, PassageSearchResult } from '../../../protocol/src/messages';

/** How many passages a search returns at most. */
export const MAX_PASSAGE_HITS = 20;

/**
 * The source passages closest to `words` (a quote a writer or an assistant means to use), best
 * first: each with its key, where it is and its exact words, to copy with the citation. With `key`,
 * only that source is searched. The quote matcher finds and aligns them, as it does for checks.
 */
export function findPassages(context: ServiceContext, words: string, options: { key?: string; limit?: number } = {}): PassageSearchResult {
  const limit = Math.max(1, Math.min(MAX_PASSAGE_HITS, options.limit ?? 5));
  const pattern = parseQuotePattern(words, 0, words.length);
  if (pattern.wordCount === 0) return { passages: [], problem: 'the words hold no word to search for' };
  let only: number | undefined;
  const mustSee: IndexedSource[] = [];
  if (options.key !== undefined) {
    const entry = sourceOf(context, options.key);
    if (entry === undefined) {
      const citable = findCitable(context, options.key);
      return { passages: [], problem: citable ? `@${options.key} has no full text in the library` : `no source has the key "${options.key}"` };
    }
    only = entry.docId;
    mustSee.push(entry);
  }
  const matcher = context.matcherFor();
  const matches = matcher
    .locate(matcher.toAlignElements(pattern), pattern.wordCount, mustSee)
    .filter((match) => only === undefined || match.entry.docId === only);
  return { passages: matches.slice(0, limit).map((match) => hitOf(context, match)) };
}

function hitOf(context: ServiceContext, match: PassageMatch): PassageHit {
  const source = match.entry.source;
  const { start, end } = passageOffsets(match);
  const range = sourceRange(match.entry, start, end);
  const pages = pagesOfMatch(match);
  // A transcript's passage is cited by the time it is spoken (the start of its first cue).
  const cues = cuesOfMatch(match);
  const locator = pages.length > 0 ? formatPages(pages) : cues ? formatCueTime(cues) : undefined;
  const citable = findCitable(context, source.key);
  const { before, after } = passageInContext(match, 120);
  const text = source.text.slice(start, end);
  return {
    key: source.key,
    title: citable?.title || source.meta.title,
    ...(citable?.author ? { author: citable.author } : {}),
    ...(citable?.date ? { date: citable.date } : {}),
    file: source.path,
    line: range.start.line + 1,
    column: range.start.character + 1,
    ...(locator !== undefined ? { locator } : {}),
    text,
    before,
    after,
    exact: match.exact,
    close: match.close,
    citation: `[@${source.key}${locator !== undefined ? `, ${locator}` : ''}]`,
  };
}
