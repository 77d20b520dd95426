/**
 * Page locators of citations (SPEC section 2): `p. 12`, `pp. 12–13`, `page 12`, `pages 3, 5`,
 * `12f`, `12ff`, a bare `12` (Pandoc's default term is page), roman folios (`p. xii`), and the
 * abbreviated ranges of Chicago style (`pp. 123–27`). Other locator terms (`chap. 2`, `sec. 4`)
 * name no page and are not checked.
 */

/** The pages a locator cites, and where its page part is in the locator's text. */
export interface PageLocator {
  /** Cited ranges of page labels; `to` undefined means "and following" (`12ff`). */
  readonly ranges: ReadonlyArray<{ readonly from: string; readonly to: string | undefined }>;
  /** The term as written (`p.`, `pp.`, `page`, `pages`, `` for a bare number). */
  readonly term: string;
  /** `[start, end)` of the term and page numbers in the locator text: what a fix rewrites. */
  readonly start: number;
  readonly end: number;
}

const PAGE_TERMS = /^(pages|page|pp\.?|p\.?)(?=\s|\d|$)\s*/i;
const OTHER_TERM = /^[^\d\s]/;
// A page: digits with an optional letter (12a; not f, which means "and the next"), or a roman folio.
const PAGE = String.raw`(?:\d+(?!\d)(?:[a-eg-z](?![a-z]))?|[ivxlcdm]+(?![a-z]))`;
const RANGE = new RegExp(String.raw`^(${PAGE})(?:\s*(?:-{1,2}|–|—)\s*(${PAGE})|\s*(ff?)\.?(?![a-z]))?`, 'i');
const SEPARATOR = /^\s*(?:,|&|and)\s*(?=[\divxlcdm])/i;

/**
 * The pages a locator names, or undefined when it names none (another term, or no locator). Pandoc's
 * braced form (`{pp. iv, vi}`) is read inside its braces.
 */
export function parsePageLocator(locator: string): PageLocator | undefined {
  const braced = /^\{([^{}]*)\}/.exec(locator);
  if (braced) {
    const inner = parseBareLocator(braced[1]!.trim());
    const lead = braced[1]!.length - braced[1]!.trimStart().length;
    return inner && { ...inner, start: inner.start + 1 + lead, end: inner.end + 1 + lead };
  }
  return parseBareLocator(locator);
}

function parseBareLocator(locator: string): PageLocator | undefined {
  const term = PAGE_TERMS.exec(locator);
  if (!term && OTHER_TERM.test(locator)) return undefined;
  let at = term ? term[0].length : 0;
  const ranges: Array<{ from: string; to: string | undefined }> = [];
  let end = at;
  for (;;) {
    const range = RANGE.exec(locator.slice(at));
    if (!range) break;
    const from = range[1]!;
    let to: string | undefined = range[2] ?? from;
    if (range[3]?.toLowerCase() === 'ff') to = undefined;
    else if (range[3]?.toLowerCase() === 'f') to = String(Number(from) + 1);
    else if (range[2] && /^\d+$/.test(from) && /^\d+$/.test(range[2]) && range[2].length < from.length && Number(range[2]) < Number(from)) {
      // pp. 123–27 is 123 to 127.
      to = from.slice(0, from.length - range[2].length) + range[2];
    }
    if (!term && !/^\d/.test(from)) return undefined; // a bare roman word is not a page ("i", "mix")
    ranges.push({ from, to });
    at += range[0].length;
    end = at;
    const separator = SEPARATOR.exec(locator.slice(at));
    if (!separator) break;
    at += separator[0].length;
  }
  if (ranges.length === 0) return undefined;
  return { ranges, term: term ? term[1]! : '', start: 0, end };
}

/** Whether a locator cites the page labelled `label`. */
export function citesPage(locator: PageLocator, label: string): boolean {
  const page = pageNumber(label);
  return locator.ranges.some(({ from, to }) => {
    if (sameLabel(label, from) || (to !== undefined && sameLabel(label, to))) return true;
    const low = pageNumber(from);
    const high = to === undefined ? Infinity : pageNumber(to);
    if (page === undefined || low === undefined || high === undefined) return false;
    // Arabic and roman folios count separately (front matter "xii" is not page 12).
    if (isRoman(label) !== isRoman(from)) return false;
    return page >= low && page <= high;
  });
}

/** How a writer names pages: `p. 14`, `pp. 13–14`, `pp. 3, 5`. */
export function formatPages(labels: readonly string[]): string {
  if (labels.length === 1) return `p. ${labels[0]}`;
  return `pp. ${joinPages(labels)}`;
}

/** A locator naming `labels` in the style of the one it replaces (`page 14`, `p. 14`, `14`). */
export function rewriteLocator(locator: PageLocator, labels: readonly string[]): string {
  const several = labels.length > 1;
  const pages = joinPages(labels);
  const term = locator.term.toLowerCase();
  if (term === '') return pages;
  if (term.startsWith('page')) return `${several ? 'pages' : 'page'} ${pages}`;
  const dot = locator.term.endsWith('.') ? '.' : '';
  return `${several ? 'pp' : 'p'}${dot} ${pages}`;
}

/** Consecutive labels as a range (`13–14`), others listed (`3, 5`). */
function joinPages(labels: readonly string[]): string {
  const first = labels[0]!;
  const last = labels[labels.length - 1]!;
  const a = pageNumber(first);
  const b = pageNumber(last);
  if (labels.length > 1 && a !== undefined && b !== undefined && b - a === labels.length - 1) return `${first}–${last}`;
  return labels.join(', ');
}

function sameLabel(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function isRoman(label: string): boolean {
  return /^[ivxlcdm]+$/i.test(label);
}

/** The number of an arabic or roman page label, or undefined ("A-3"). */
export function pageNumber(label: string): number | undefined {
  if (/^\d+$/.test(label)) return Number(label);
  if (!isRoman(label)) return undefined;
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };
  let total = 0;
  const lower = label.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const value = values[lower[i]!]!;
    const next = values[lower[i + 1] ?? ''] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}
