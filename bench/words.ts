/**
 * Word helpers for the benchmark's generator. They follow SPEC section 4 (NFKC, case-folded words
 * of letters and digits, apostrophes inside words, numbers with separators as one word) but are
 * written here on purpose, so the expected verdicts do not come from the code under test.
 */

const WORD =
  /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\p{Cf}]*(?:['’ʼ][\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N}\p{Cf}]*)*/gu;

/** `[start, end)` of every word of `text`. */
export function wordSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const m of text.matchAll(WORD)) spans.push([m.index!, m.index! + m[0].length]);
  return spans;
}

export function foldWord(word: string): string {
  let w = word.normalize('NFKC').toLowerCase().replace(/\p{Cf}/gu, '').replace(/[’ʼ‘]/g, "'");
  if (/^\d{1,3}(?:,\d{3})+$/.test(w)) w = w.replace(/,/g, '');
  return w;
}

/** The folded words of `text`. */
export function foldedWords(text: string): string[] {
  return wordSpans(text).map(([a, b]) => foldWord(text.slice(a, b)));
}

/** Folded words joined by single spaces with a space at both ends, for containment tests. */
export function wordKey(text: string): string {
  return ` ${foldedWords(text).join(' ')} `;
}

/** Negations the product never treats as noise (SPEC 4 names not, never, no, n't; the code adds a few). */
export const NEGATIONS = new Set(['not', 'no', 'never', 'nor', 'cannot', 'none', 'nothing', 'nobody', 'neither']);

/** Numbers and negations: a bracket may not stand in for them. */
export function isProtectedWord(folded: string): boolean {
  return /\p{N}/u.test(folded) || NEGATIONS.has(folded) || folded.endsWith("n't");
}

/** Character edit distance (Levenshtein), for tre-agrep's error budget. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
