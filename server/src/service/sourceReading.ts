import { LineIndex } from '../core/text/lineIndex';
import { citesPage, parsePageLocator } from '../core/match/pageLocator';
import { citablesOf, findCitable, type Citable } from './citables';
import { sourceOf, type ServiceContext } from './serviceContext';
import { searchSources } from './sourceSearch';

/** A citable as a listing of the library gives it. */
export interface SourceListing {
  readonly key: string;
  readonly title: string;
  readonly author?: string;
  readonly date?: string;
  readonly outlet?: string;
  /** The source file, when the library has the full text. */
  readonly file?: string;
  /** Words of quotable text; absent when there is no full text (a bibliography entry alone). */
  readonly words?: number;
}

/**
 * The library's citables (sources and bibliography entries): those matching `query` best first
 * (words of key, title, author or outlet, as citation completion finds them), else all in path
 * order; at most `limit`, with how many there are in all.
 */
export function listSources(context: ServiceContext, query: string | undefined, limit: number): { sources: SourceListing[]; total: number } {
  const all = citablesOf(context.library);
  const trimmed = query?.trim() ?? '';
  if (trimmed === '') return { sources: all.slice(0, limit).map(listingOf), total: all.length };
  const found = searchSources(context.library, trimmed, limit);
  return { sources: found.map(listingOf), total: found.length };
}

function listingOf(citable: Citable): SourceListing {
  const source = citable.source?.source;
  return {
    key: citable.key,
    title: citable.title,
    ...(citable.author ? { author: citable.author } : {}),
    ...(citable.date ? { date: citable.date } : {}),
    ...(citable.outlet ? { outlet: citable.outlet } : {}),
    ...(source ? { file: source.path, words: source.wordCount } : {}),
  };
}

/** A stretch of a source's text, by lines of its quotable text. */
export interface SourceExcerpt {
  readonly key: string;
  readonly title: string;
  readonly author?: string;
  readonly date?: string;
  readonly file: string;
  /** 1-based lines of the source's text, inclusive. */
  readonly startLine: number;
  readonly endLine: number;
  readonly totalLines: number;
  /** The pages the excerpt is on, when the source has pages. */
  readonly pages?: string;
  readonly text: string;
  /** Set when the excerpt stopped at `maxChars` before the range's end: the range to ask for next. */
  readonly next?: string;
}

/** What `readSource` read, or why it could not. */
export type SourceReading = { readonly excerpt: SourceExcerpt } | { readonly problem: string };

/**
 * The text of the source `key`: the lines `range` names (`120-160`, `lines 120-160`, `120`), the pages
 * (`p. 4`, `pp. 4-5`, for a source with pages), or else the whole quotable text (front matter left
 * out); cut at a line end after `maxChars` characters (then `next` says how to go on).
 */
export function readSource(context: ServiceContext, key: string, range: string | undefined, maxChars: number): SourceReading {
  const entry = sourceOf(context, key);
  if (entry === undefined) {
    return { problem: findCitable(context, key) ? `@${key} has no full text in the library` : `no source has the key "${key}"` };
  }
  const source = entry.source;
  const lines = new LineIndex(source.text);
  const totalLines = lines.positionAt(source.text.length).line + 1;
  const lineStart = (line: number): number => lines.offsetAt({ line: line - 1, character: 0 });
  let from = source.bodyStart;
  let to = source.text.length;
  let pages: string | undefined;
  const wanted = range?.trim() ?? '';
  if (wanted !== '') {
    const lineRange = /^(?:lines?\s*)?(\d+)(?:\s*(?:-|–|—|\.\.|to)\s*(\d+))?$/i.exec(wanted);
    if (lineRange) {
      const first = Number(lineRange[1]);
      const last = lineRange[2] !== undefined ? Number(lineRange[2]) : first;
      if (first < 1 || first > totalLines || last < first) return { problem: `lines ${wanted} are not in @${key}, which has ${totalLines} lines` };
      from = lineStart(first);
      to = last >= totalLines ? source.text.length : lineStart(last + 1);
    } else {
      const locator = parsePageLocator(wanted);
      if (locator === undefined) return { problem: `cannot read the range "${wanted}": give lines (120-160) or pages (p. 4, pp. 4-5)` };
      const sourcePages = source.pages;
      if (sourcePages === undefined) return { problem: `@${key} has no pages; give lines (120-160)` };
      const chosen = sourcePages.labels.map((label, i) => ({ label, i })).filter(({ label }) => citesPage(locator, label));
      if (chosen.length === 0) return { problem: `@${key} has no page ${wanted} (its pages are ${sourcePages.labels[0]}–${sourcePages.labels.at(-1)})` };
      from = Math.max(source.bodyStart, sourcePages.starts[chosen[0]!.i]!);
      to = sourcePages.starts[chosen.at(-1)!.i + 1] ?? source.text.length;
      pages = chosen.map((c) => c.label).join(', ');
    }
  }
  let next: string | undefined;
  const endLineOf = (offset: number): number => lines.positionAt(Math.max(from, offset - 1)).line + 1;
  const lastLine = endLineOf(to);
  if (to - from > maxChars) {
    // Cut after the last line end within the budget (or mid-line when a single line is longer).
    const cut = source.text.lastIndexOf('\n', from + maxChars);
    to = cut > from ? cut + 1 : from + maxChars;
    next = `${lines.positionAt(to).line + 1}-${lastLine}`;
  }
  const citable = findCitable(context, key);
  return {
    excerpt: {
      key,
      title: citable?.title || source.meta.title,
      ...(citable?.author ? { author: citable.author } : {}),
      ...(citable?.date ? { date: citable.date } : {}),
      file: source.path,
      startLine: lines.positionAt(from).line + 1,
      endLine: endLineOf(to),
      totalLines,
      ...(pages !== undefined ? { pages } : {}),
      text: source.text.slice(from, to),
      ...(next !== undefined ? { next } : {}),
    },
  };
}
