/**
 * Page boundaries of a source: where each page starts in the source's text and the label printed on
 * it (its folio, "12" or "xii", not its index in the file). Sources without pages have none.
 */

/** Pages of a source, in text order; `starts[0]` is where the first page begins. */
export interface SourcePages {
  /** Offset (UTF-16 code units) in the source text where each page starts, ascending. */
  readonly starts: readonly number[];
  /** The printed label of each page, same length as `starts`. */
  readonly labels: readonly string[];
}

/** The index of the page holding `offset`, or -1 before the first page. */
export function pageIndexAt(pages: SourcePages, offset: number): number {
  let lo = 0;
  let hi = pages.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (pages.starts[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** The labels of the pages a passage `[start, end)` lies on (one, or several when it crosses a break). */
export function pageLabelsOf(pages: SourcePages, start: number, end: number): string[] {
  const first = pageIndexAt(pages, start);
  const last = Math.max(first, pageIndexAt(pages, Math.max(start, end - 1)));
  if (first < 0) return [];
  return pages.labels.slice(first, last + 1);
}

/**
 * Pages separated by form feeds, as `pdftotext` and Zotero's full-text caches write them; labels
 * count from 1. Undefined when the text has no form feed after `bodyStart`.
 */
export function pagesFromFormFeeds(text: string, bodyStart = 0): SourcePages | undefined {
  const starts = [bodyStart];
  for (let i = text.indexOf('\f', bodyStart); i >= 0; i = text.indexOf('\f', i + 1)) starts.push(i + 1);
  // A trailing form feed ends the last page; it starts no new one.
  if (starts.length > 1 && text.slice(starts[starts.length - 1]!).trim() === '') starts.pop();
  if (starts.length < 2) return undefined;
  return { starts, labels: starts.map((_, i) => String(i + 1)) };
}
