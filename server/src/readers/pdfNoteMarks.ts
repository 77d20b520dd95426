/**
 * Note marks and exponents in a PDF's lines: raised digits touching a word are set apart as a note
 * mark or kept on the word as its exponent once the page's footnotes are known (`pdfLayout`).
 */

import { plainDigits } from '../core/text/noteMarks';

/** Put between a word and raised digits touching it, until `markOrExponent` decides (U+2063, invisible). */
export const MARK_OR_EXPONENT = '\u2063';
const MARK_OR_EXPONENT_AT = /([\p{L}\p{N}]*)\u2063([\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+)/gu;

/**
 * A line's raised digits touching the word before them: the mark of one of the page's footnotes
 * (`notes`), or after a word of prose (four letters or more: a note at the end of the text), is a
 * note mark of its own (`said ¹²`); after a symbol, a number or a short word it is an exponent and
 * stays on it (`R²`, `10⁶`, `m²`), as poppler reads it.
 */
export function markOrExponent(text: string, notes: ReadonlySet<number>): string {
  if (!text.includes(MARK_OR_EXPONENT)) return text;
  return text.replace(MARK_OR_EXPONENT_AT, (_, word: string, digits: string) => {
    const mark = notes.has(noteMarkNumber(digits)) || /^\p{L}{4,}$/u.test(word);
    return mark ? `${word} ${digits}` : `${word}${digits}`;
  });
}

/** The number a note's mark reads (`12`, `¹²`), NaN for a symbol. */
export function noteMarkNumber(mark: string): number {
  return Number(plainDigits(mark));
}
