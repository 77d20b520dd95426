/**
 * Word tokenization shared by sources and drafts (SPEC section 4): words are runs of letters, marks
 * and digits; an apostrophe inside a word belongs to it; numbers keep their internal separators.
 * Every token keeps its offsets in the original text, so verdicts can point back at exact characters.
 */

/** A word of some text: `[start, end)` in the original string and its folded form. */
export interface Token {
  readonly start: number;
  readonly end: number;
  /** NFKC-normalised, case-folded form used for comparison. */
  readonly norm: string;
}

// A number with internal separators ("2,000", "1.5") is one word; otherwise letters, marks, digits
// and format characters (soft hyphen, zero-width joiner), with apostrophes between word characters.
const WORD =
  /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\p{Cf}]*(?:['’ʼ][\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\p{Cf}]*)*/gu;
const FORMAT_CHARS = /\p{Cf}/gu;
const APOSTROPHES = /[’ʼ‘]/g;

/** Folds one word for comparison: NFKC, lower case, one apostrophe, no format characters. */
export function foldWord(word: string): string {
  if (isPlainAscii(word)) return word.toLowerCase();
  let folded = word.normalize('NFKC').toLowerCase();
  if (folded.length > 1) {
    folded = folded.replace(FORMAT_CHARS, '').replace(APOSTROPHES, "'");
  }
  // "2,000" and "2000" are the same number; "1.5" keeps its point.
  if (/^\d{1,3}(?:,\d{3})+$/.test(folded)) folded = folded.replace(/,/g, '');
  return folded;
}

/** ASCII without a comma: NFKC, format characters and number separators cannot apply (the common case). */
function isPlainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128 || c === 44) return false;
  }
  return true;
}

/** Splits `text[from, to)` into words with their original offsets. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  forEachWord(text, from, to, (start, end) => {
    const norm = foldWord(text.slice(start, end));
    if (norm.length > 0) tokens.push({ start, end, norm });
  });
  return tokens;
}

const STICKY_WORD = new RegExp(WORD.source, 'uy');

/** The end of the word starting at `start` (the index keeps only starts; ends are found again). */
export function wordEnd(text: string, start: number): number {
  STICKY_WORD.lastIndex = start;
  const match = STICKY_WORD.exec(text);
  return match ? start + match[0].length : start;
}

/** Calls `visit` for every word of `text[from, to)`, in order, without allocating tokens. */
export function forEachWord(
  text: string,
  from: number,
  to: number,
  visit: (start: number, end: number) => void,
): void {
  const re = new RegExp(WORD.source, 'gu');
  re.lastIndex = from;
  for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
    const end = Math.min(m.index + m[0].length, to);
    visit(m.index, end);
  }
}

const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'cannot', 'none', 'nothing', 'nobody', 'neither']);

/** True for folded words whose change always matters: numbers and negations (SPEC section 4). */
export function isNeverNoise(norm: string): boolean {
  return /\p{N}/u.test(norm) || NEGATIONS.has(norm) || norm.endsWith("n't");
}
