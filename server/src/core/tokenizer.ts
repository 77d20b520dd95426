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

/** ASCII letters and digits. */
function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x02bc;
}

/**
 * Calls `visit(start, norm)` for every word of `text[from, to)` with its folded form: the same words
 * as `forEachWord` + `foldWord`, but plain ASCII words (most of English text) are read by hand,
 * without a regular expression or Unicode normalisation. Indexing a library spends most of its
 * time here.
 */
export function forEachFoldedWord(text: string, from: number, to: number, visit: (start: number, norm: string) => void): void {
  const sticky = new RegExp(WORD.source, 'uy');
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!isAsciiWordChar(c)) {
      if (c < 128) {
        i++;
        continue;
      }
      // A non-ASCII character: a word may start here (é, Ж, 2 in another script …).
      sticky.lastIndex = i;
      const match = sticky.exec(text);
      if (match === null) {
        const low = text.charCodeAt(i + 1);
        i += c >= 0xd800 && c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff ? 2 : 1;
        continue;
      }
      const end = Math.min(i + match[0].length, to);
      const norm = foldWord(text.slice(i, end));
      if (norm !== '') visit(i, norm);
      i = end;
      continue;
    }
    let j = i + 1;
    let curly = false;
    let plain = true;
    for (;;) {
      const d = j < to ? text.charCodeAt(j) : -1;
      if (isAsciiWordChar(d)) {
        j++;
      } else if (isApostrophe(d) && j + 1 < to && isAsciiWordChar(text.charCodeAt(j + 1))) {
        if (d !== 39) curly = true;
        j += 2;
      } else {
        // Number separators, non-ASCII letters, marks or format characters continue the word in ways
        // only the full rules handle (and an apostrophe before a non-ASCII letter, "l’été").
        const next = j + 1 < to ? text.charCodeAt(j + 1) : -1;
        const separator = (d === 44 || d === 46) && isDigit(text.charCodeAt(j - 1)) && (isAsciiWordChar(next) || next >= 128);
        if (d >= 128 || separator) plain = false;
        if (isApostrophe(d) && j + 1 < to && text.charCodeAt(j + 1) >= 128) plain = false;
        break;
      }
    }
    if (plain) {
      const word = text.slice(i, j).toLowerCase();
      visit(i, curly ? word.replace(APOSTROPHES, "'") : word);
      i = j;
      continue;
    }
    sticky.lastIndex = i;
    const match = sticky.exec(text)!;
    const end = Math.min(i + match[0].length, to);
    const norm = foldWord(text.slice(i, end));
    if (norm !== '') visit(i, norm);
    i = end;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'cannot', 'none', 'nothing', 'nobody', 'neither']);

/** True for folded words whose change always matters: numbers and negations (SPEC section 4). */
export function isNeverNoise(norm: string): boolean {
  return /\p{N}/u.test(norm) || NEGATIONS.has(norm) || norm.endsWith("n't");
}
