/**
 * Metadata inferred from an article's text when front matter does not give it (SPEC section 1):
 * a headline-like title, the first date, an outlet from a dateline. Inference never fails: odd input
 * gives empty fields.
 */

/** What a writer sees of a source besides its text. Empty strings mean unknown. */
export interface SourceMetadata {
  readonly title: string;
  readonly author: string;
  readonly outlet: string;
  /** ISO `YYYY-MM-DD` when a date was found, else the front matter's text or empty. */
  readonly date: string;
  readonly url: string;
}

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];
const MONTH = '(Jan(?:uary|\\.)?|Feb(?:ruary|\\.)?|Mar(?:ch|\\.)?|Apr(?:il|\\.)?|May|June?|July?|Aug(?:ust|\\.)?|Sep(?:t(?:ember|\\.)?|\\.)?|Oct(?:ober|\\.)?|Nov(?:ember|\\.)?|Dec(?:ember|\\.)?)';
const MONTH_DAY_YEAR = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`);
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\b`);
const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/;
// "STEPANAKERT (Azatutyun) —", "WASHINGTON, D.C. (AP) --"
const DATELINE = /^\s*[A-Z][A-Z.'’ ,-]{1,60}\s*\(([^()\n]{2,60})\)\s*(?:—|–|--|-)/m;
const STOP_WORDS = new Set([
  'a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with', 'over', 'vs',
]);

/** Infers metadata from an article body; `known` fields from front matter take precedence. */
export function inferMetadata(body: string, known: Readonly<Record<string, string>> = {}): SourceMetadata {
  const head = body.slice(0, 8000);
  return {
    title: known['title'] || inferTitle(head),
    author: known['author'] || '',
    outlet: known['outlet'] || inferOutlet(head),
    date: known['date'] || inferDate(head),
    url: known['url'] || '',
  };
}

/** The first date-like expression as `YYYY-MM-DD`, or '' when there is none. */
export function inferDate(text: string): string {
  const candidates: Array<{ index: number; iso: string }> = [];
  const mdy = MONTH_DAY_YEAR.exec(text);
  if (mdy) candidates.push({ index: mdy.index, iso: isoDate(mdy[3]!, monthNumber(mdy[1]!), mdy[2]!) });
  const dmy = DAY_MONTH_YEAR.exec(text);
  if (dmy) candidates.push({ index: dmy.index, iso: isoDate(dmy[3]!, monthNumber(dmy[2]!), dmy[1]!) });
  const iso = ISO_DATE.exec(text);
  if (iso) candidates.push({ index: iso.index, iso: isoDate(iso[1]!, Number(iso[2]), iso[3]!) });
  const valid = candidates.filter((c) => c.iso !== '').sort((a, b) => a.index - b.index);
  return valid[0]?.iso ?? '';
}

function monthNumber(name: string): number {
  const prefix = name.slice(0, 3).toLowerCase();
  return MONTHS.findIndex((month) => month.startsWith(prefix)) + 1;
}

function isoDate(year: string, month: number, day: string): string {
  const d = Number(day);
  if (month < 1 || month > 12 || d < 1 || d > 31) return '';
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The outlet named in a dateline near the top ("CITY (Outlet) —"), or ''. */
export function inferOutlet(text: string): string {
  return DATELINE.exec(text.slice(0, 3000))?.[1]?.trim() ?? '';
}

/** A headline-like line near the top, else the start of the first sentence, else ''. */
export function inferTitle(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => line.trim().replace(/^#+\s*/, ''));
  const candidates: string[] = [];
  let seen = 0;
  for (const line of lines) {
    if (line === '') continue;
    if (++seen > 6) break;
    const words = line.split(/\s+/);
    if (words.length > 16 || DATELINE.test(line)) break;
    if (words.length >= 2 && !/[.!?:;,]["”’)]?$/.test(line)) candidates.push(line);
  }
  let best: string | undefined;
  let bestScore = 0.75;
  for (const line of candidates) {
    const score = titleCaseRatio(line);
    if (score >= bestScore && (best === undefined || score > bestScore)) {
      best = line;
      bestScore = score;
    }
  }
  if (best !== undefined) return best;
  if (candidates[0] !== undefined) return candidates[0];
  return firstSentenceStart(text);
}

function titleCaseRatio(line: string): number {
  const words = line.split(/\s+/).filter((w) => /^\p{L}/u.test(w) && !STOP_WORDS.has(w.toLowerCase()));
  if (words.length === 0) return 0;
  return words.filter((w) => /^\p{Lu}/u.test(w)).length / words.length;
}

function firstSentenceStart(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^.*?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat;
  const words = sentence.split(' ').filter((w) => w !== '');
  if (words.length <= 12) return words.join(' ');
  return `${words.slice(0, 10).join(' ')}…`;
}
