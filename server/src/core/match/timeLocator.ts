/**
 * Time locators of citations (SPEC section 2): `12:31`, `1:02:03`, `00:12:31.500`, `at 12:31`,
 * ranges `12:31–12:45`. A time names the second it is written to (`12:31` is 12:31.000 up to
 * 12:32), or the millisecond when it has a fraction.
 */

/** The times a locator cites, and where its time part is in the locator's text. */
export interface TimeLocator {
  /** Cited spans in seconds, `[from, to)`. */
  readonly ranges: ReadonlyArray<{ readonly from: number; readonly to: number }>;
  /** How the first time was written: with hours, with two-digit leading fields, with a fraction. */
  readonly style: TimeStyle;
  /** `[start, end)` of the times in the locator text (a leading `at` stays): what a fix rewrites. */
  readonly start: number;
  readonly end: number;
}

/** How a time is written, so a rewritten one looks like the one it replaces. */
export interface TimeStyle {
  readonly hours: boolean;
  /** The first field has a leading zero (`00:12:31`, `03:05`): hours stay, and fields keep two digits. */
  readonly padded: boolean;
  /** Digits after the decimal point (0: none). */
  readonly fraction: number;
}

const TERM = /^(?:at|time|t\.?|min\.?)\s+/i;
const TIME = String.raw`(\d{1,2}(?::\d{2}){1,2}(?:[.,]\d{1,3})?)(?![\d:])`;
const RANGE = new RegExp(String.raw`^${TIME}(?:\s*(?:-{1,2}|–|—|to)\s*${TIME})?`, 'i');
const SEPARATOR = /^\s*(?:,|;|&|and)\s*(?=\d)/i;

/**
 * The times a locator names, or undefined when it names none (a page, another term). Pandoc's
 * braced form (`{12:31}`) is read inside its braces.
 */
export function parseTimeLocator(locator: string): TimeLocator | undefined {
  const braced = /^\{([^{}]*)\}/.exec(locator);
  if (braced) {
    const inner = parseBare(braced[1]!.trim());
    const lead = braced[1]!.length - braced[1]!.trimStart().length;
    return inner && { ...inner, start: inner.start + 1 + lead, end: inner.end + 1 + lead };
  }
  return parseBare(locator);
}

function parseBare(locator: string): TimeLocator | undefined {
  const term = TERM.exec(locator);
  let at = term ? term[0].length : 0;
  const start = at;
  const ranges: Array<{ from: number; to: number }> = [];
  let style: TimeStyle | undefined;
  let end = at;
  for (;;) {
    const range = RANGE.exec(locator.slice(at));
    if (!range) break;
    const from = readTime(range[1]!);
    const to = range[2] === undefined ? from : readTime(range[2]);
    if (from === undefined || to === undefined) return undefined;
    style ??= styleOf(range[1]!);
    ranges.push({ from: from.seconds, to: Math.max(to.seconds + to.precision, from.seconds + from.precision) });
    at += range[0].length;
    end = at;
    const separator = SEPARATOR.exec(locator.slice(at));
    if (!separator) break;
    at += separator[0].length;
  }
  if (ranges.length === 0 || style === undefined) return undefined;
  // Anything after the times must not be more of a locator (`12:31ff` is no time of ours).
  if (/^\s*[\p{L}\d]/u.test(locator.slice(end)) && !/^\s*(?:,|;)/.test(locator.slice(end))) return undefined;
  return { ranges, style, start, end };
}

/** A written time in seconds and the span it names (1 s, or 1 ms with a fraction). */
function readTime(written: string): { seconds: number; precision: number } | undefined {
  const [clock, fraction] = written.split(/[.,]/);
  const fields = clock!.split(':').map(Number);
  // Minutes and seconds past 59 are no clock time (`12:75`).
  if (fields.slice(1).some((field) => field > 59)) return undefined;
  const seconds = fields.reduce((total, field) => total * 60 + field, 0);
  if (fraction === undefined) return { seconds, precision: 1 };
  return { seconds: seconds + Number(fraction) / 10 ** fraction.length, precision: 10 ** -fraction.length };
}

function styleOf(written: string): TimeStyle {
  const [clock, fraction] = written.split(/[.,]/);
  const fields = clock!.split(':');
  return { hours: fields.length === 3, padded: fields[0]!.length === 2 && fields[0]!.startsWith('0'), fraction: fraction?.length ?? 0 };
}

/** Whether a locator cites a moment of the span `[start, end]` (seconds): the spans overlap. */
export function citesTime(locator: TimeLocator, start: number, end: number): boolean {
  return locator.ranges.some(({ from, to }) => from <= end && to > start);
}

/** A time as a writer cites it: `12:31`, `1:02:03`, or in the style of a time it replaces. */
export function formatTime(seconds: number, style: TimeStyle = { hours: false, padded: false, fraction: 0 }): string {
  const scale = 10 ** style.fraction;
  const total = Math.floor(seconds * scale + 1e-6) / scale;
  const whole = Math.floor(total);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  const fraction = style.fraction > 0 ? `.${String(Math.round((total - whole) * scale)).padStart(style.fraction, '0')}` : '';
  if (h > 0 || (style.hours && style.padded)) return `${style.padded ? two(h) : h}:${two(m)}:${two(s)}${fraction}`;
  return `${style.padded ? two(m) : m}:${two(s)}${fraction}`;
}

/** The time part of a locator rewritten to name `seconds`, in the style of the one it replaces. */
export function rewriteTime(locator: TimeLocator, seconds: number): string {
  return formatTime(seconds, locator.style);
}
