import { wordEnd } from './tokenizer';

/**
 * Note reference marks: the raised numbers that point to a footnote or endnote (`the northern
 * pier.¹ If`). Writers leave them out of a quotation (house styles say to), so a quote may leave out
 * a source's marks as it may a transcript's fillers. The readers write a mark they know to be one
 * (an HTML `<sup>` holding a link, a PDF's raised small number beside a line) in superscript digits,
 * as a word of its own; an exponent stays part of its word (`km²`, `mc²`).
 */

/** Superscript digits (U+2070, U+00B9, U+00B2, U+00B3, U+2074–U+2079). */
const SUPERSCRIPT_DIGIT = /[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]/;
const MARK_WORD = /^[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+$/;
const DIGITS = '0123456789';
const SUPERSCRIPTS = '\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079';

/** `text` with its ASCII digits written as superscript digits (a note mark as the readers write it). */
export function asNoteMark(text: string): string {
  return text.replace(/[0-9]/g, (digit) => SUPERSCRIPTS[DIGITS.indexOf(digit)]!);
}

/** `text` with its superscript digits written as ASCII digits (`¹²` → `12`). */
export function plainDigits(text: string): string {
  return text.replace(/[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]/g, (digit) => DIGITS[SUPERSCRIPTS.indexOf(digit)]!);
}

/**
 * Which words of a source are note marks (`1`), or undefined when it has none: words made only of
 * superscript digits. `starts` are the words' offsets in `text`.
 */
export function noteMarkWords(text: string, starts: ArrayLike<number>): Uint8Array | undefined {
  if (!SUPERSCRIPT_DIGIT.test(text)) return undefined;
  let marks: Uint8Array | undefined;
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k]!;
    if (!SUPERSCRIPT_DIGIT.test(text[start]!)) continue;
    if (!MARK_WORD.test(text.slice(start, wordEnd(text, start)))) continue;
    marks ??= new Uint8Array(starts.length);
    marks[k] = 1;
  }
  return marks;
}
