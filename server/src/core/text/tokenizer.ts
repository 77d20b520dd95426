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

// Scripts written without spaces between words. Han and Kana are split one character per word, as
// search engines' CJK indexing does: a character's meaning does not depend on a dictionary, and a
// quote cut anywhere from a source splits exactly as that stretch of the source does (the index's
// word bigrams are then CJK character bigrams). Thai, Lao, Khmer and Myanmar letters are not
// morphemes: their runs are split into words by Intl.Segmenter (ICU's dictionaries).
const CJK = String.raw`\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc\uff70`;
const SEA = String.raw`\p{sc=Thai}\p{sc=Lao}\p{sc=Khmer}\p{sc=Myanmar}`;
// A letter, mark or digit of any other script: one class with the scripts above subtracted (the
// `v` flag's set difference, as fast as a plain class where alternatives would not be).
const LETTER = String.raw`[[\p{L}\p{M}\p{N}]--[${CJK}${SEA}]]`;
const LETTER_OR_FORMAT = String.raw`[[\p{L}\p{M}\p{N}\p{Cf}]--[${CJK}${SEA}]]`;
// Digits grouped by spaces (plain, no-break, narrow no-break, thin, figure): `2 000`, `1 000 000,5`.
const SPACED_NUMBER = String.raw`\p{Nd}{1,3}(?:[ \u00a0\u202f\u2009\u2007]\p{Nd}{3}(?!\p{N}))+(?:[.,]\p{Nd}+)?`;
// A number with internal separators (`2,000`, `1.5`, `2'000`, `2’000`) is one word; otherwise
// letters, marks, digits and format characters (soft hyphen, zero-width joiner), with apostrophes
// between word characters.
const WORD = new RegExp(
  String.raw`${SPACED_NUMBER}|\p{N}+(?:[.,'’]\p{N}+)+|[${CJK}]\p{M}*|(?:(?=[\p{L}\p{M}\p{N}])[${SEA}])+|` +
    String.raw`${LETTER}${LETTER_OR_FORMAT}*(?:['’ʼ]${LETTER}${LETTER_OR_FORMAT}*)*`,
  'gv',
);
const CJK_WORD = new RegExp(String.raw`^[${CJK}]\p{M}*$`, 'u');
const SEA_CHAR = new RegExp(String.raw`^(?=[\p{L}\p{M}\p{N}])[${SEA}]`, 'u');
const FORMAT_CHARS = /\p{Cf}/gu;
const APOSTROPHES = /[’ʼ‘]/g;

let segmenter: Intl.Segmenter | undefined;

/** Calls `visit` for each word of a Thai, Lao, Khmer or Myanmar run `text[start, end)`. */
function forEachSegment(text: string, start: number, end: number, visit: (start: number, end: number) => void): void {
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' });
  for (const segment of segmenter.segment(text.slice(start, end))) {
    if (segment.isWordLike) visit(start + segment.index, start + segment.index + segment.segment.length);
  }
}

/** True for a word that is one Han or Kana character (scripts split one character per word). */
export function isCharacterWord(norm: string): boolean {
  return CJK_WORD.test(norm);
}

let dictionarySegmenter: Intl.Segmenter | undefined;

/**
 * Where the dictionary word (ICU's, through Intl.Segmenter) holding the Han or Kana character that
 * ends at `at` ends, when it runs on past `at` (`でき|な` → `でき|ない`); else `at`. For messages and
 * fixes only: matching keeps one word per character.
 */
export function characterWordEnd(text: string, at: number): number {
  if (at <= 0 || !isCharacterWord(text[at - 1]!)) return at;
  dictionarySegmenter ??= new Intl.Segmenter('ja', { granularity: 'word' });
  const from = Math.max(0, at - 8);
  for (const segment of dictionarySegmenter.segment(text.slice(from, at + 8))) {
    const start = from + segment.index;
    const end = start + segment.segment.length;
    if (start < at && end > at) {
      let stop = at;
      while (stop < end && isCharacterWord(text[stop]!)) stop++;
      return stop;
    }
  }
  return at;
}

/** Calls `visit` for the words of one match of WORD: itself, or the words of a run without spaces. */
function visitMatch(text: string, start: number, end: number, visit: (start: number, end: number) => void): void {
  if (SEA_CHAR.test(text[start]!)) forEachSegment(text, start, end, visit);
  else visit(start, end);
}

/** Folds one word for comparison: NFKC, lower case, one apostrophe, no format characters. */
export function foldWord(word: string): string {
  if (isPlainAscii(word)) return word.toLowerCase();
  let folded = word.normalize('NFKC').toLowerCase();
  if (folded.length > 1) {
    folded = folded.replace(FORMAT_CHARS, '').replace(APOSTROPHES, "'");
  }
  return /^\d/.test(folded) ? plainNumber(folded) : folded;
}

// Thousands separators (SPEC section 4): `2,000` `2 000` `2'000` `2.000` all read 2000; a decimal
// part after them stays. A dot is a thousands separator only before exactly three digits in every
// group (`2.000`, `1.000.000`, `2.000,5`): `2.5` and `3.14159` stay decimals.
const GROUPED_NUMBER = /^\d{1,3}(?:(?:,\d{3})+(?:\.\d+)?|(?: \d{3})+(?:[.,]\d+)?|(?:'\d{3})+(?:[.,]\d+)?|(?:\.\d{3})+(?:,\d+)?)$/;

/** A folded number with its thousands separators left out. */
function plainNumber(folded: string): string {
  if (!GROUPED_NUMBER.test(folded)) return folded;
  const separator = folded[/^\d+/.exec(folded)![0].length]!;
  return folded.split(separator).join('');
}

/** ASCII letters and digits only: NFKC, format characters and number separators cannot apply (the common case). */
function isPlainAscii(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 128 || c === 44 || c === 46 || c === 32 || c === 39) return false;
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

const STICKY_WORD = new RegExp(WORD.source, 'vy');
// Shared by every call of forEachFoldedWord: compiled once, and `lastIndex` is set before each use.
const FOLD_STICKY = new RegExp(WORD.source, 'vy');

/** The end of the word starting at `start` (the index keeps only starts; ends are found again). */
export function wordEnd(text: string, start: number): number {
  if (SEA_CHAR.test(text[start] ?? '')) {
    // A word of a run without spaces: segment the whole run, as indexing did.
    let runStart = start;
    while (runStart > 0 && SEA_CHAR.test(text[runStart - 1]!)) runStart--;
    STICKY_WORD.lastIndex = runStart;
    const run = STICKY_WORD.exec(text);
    const runEnd = run ? runStart + run[0].length : start;
    let end = runEnd;
    forEachSegment(text, runStart, runEnd, (s, e) => {
      if (s === start) end = e;
    });
    return end;
  }
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
  // A global expression keeps its position in `lastIndex`, so each call needs one of its own; one is
  // kept for the next call (making one per call cost more than reading a short quote's words).
  const re = spareWordExpression ?? new RegExp(WORD.source, 'gv');
  spareWordExpression = undefined; // a `visit` that reads words too makes its own
  try {
    re.lastIndex = from;
    for (let m = re.exec(text); m !== null && m.index < to; m = re.exec(text)) {
      visitMatch(text, m.index, Math.min(m.index + m[0].length, to), visit);
    }
  } finally {
    spareWordExpression = re;
  }
}

let spareWordExpression: RegExp | undefined;

/** Each ASCII letter and digit folded (lower case), by code; 0 for every other ASCII character. */
const FOLDED_WORD_CHAR = Uint8Array.from({ length: 128 }, (_, c) => (c >= 65 && c <= 90 ? c + 32 : (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ? c : 0));

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
 * without a regular expression or Unicode normalisation.
 */
export function forEachFoldedWord(text: string, from: number, to: number, visit: (start: number, norm: string) => void): void {
  forEachWordSpan(text, from, to, (start, end) => visit(start, foldPlainWord(text, start, end)), visit);
}

/**
 * The folded form of a plain word `text[start, end)` (ASCII letters and digits, apostrophes inside):
 * lower case, curly apostrophes straight. `foldPlainCode` folds one of its characters alike.
 */
export function foldPlainWord(text: string, start: number, end: number): string {
  const word = text.slice(start, end).toLowerCase();
  return word.includes('\u2019') || word.includes('\u02bc') ? word.replace(APOSTROPHES, "'") : word;
}

/** One character of a plain word, folded as `foldPlainWord` folds it. */
export function foldPlainCode(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c === 0x2019 || c === 0x02bc ? 39 : c;
}

/** FNV-1a's offset basis and prime: the vocabulary hashes folded words with them. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over the folded characters of the plain word `text[start, end)` (as `foldPlainCode` folds them). */
export function plainWordHash(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let k = start; k < end; k++) hash = Math.imul(hash ^ foldPlainCode(text.charCodeAt(k)), FNV_PRIME);
  return hash >>> 0;
}

/**
 * The words of `text[from, to)` as `forEachFoldedWord` finds them, with plain words given as spans
 * (`plain(start, end, hash)`, to fold with `foldPlainWord`; `hash` is its `plainWordHash`, computed
 * while the word is read) so that a caller that has seen the word before (the index's vocabulary)
 * need not make a string of it nor read it twice; other words come folded. Indexing a library spends
 * most of its time here.
 */
export function forEachWordSpan(
  text: string,
  from: number,
  to: number,
  plain: (start: number, end: number, hash: number) => void,
  folded: (start: number, norm: string) => void,
): void {
  const sticky = FOLD_STICKY;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!isAsciiWordChar(c)) {
      // ASCII punctuation, and General Punctuation (dashes, curly quotes, spaces, format characters),
      // where no word starts: skipped without the expression.
      if (c < 128 || (c >= 0x2000 && c <= 0x206f)) {
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
      visitMatch(text, i, end, (start, wordEnd) => {
        const norm = foldWord(text.slice(start, wordEnd));
        if (norm !== '') folded(start, norm);
      });
      i = end;
      continue;
    }
    // The folded word's FNV-1a hash, as `plainWordHash` computes it (folded by table: a branch on
    // case, never taken in the first words read, would cost the compiled loop a deoptimisation).
    let hash = Math.imul(FNV_OFFSET ^ FOLDED_WORD_CHAR[c]!, FNV_PRIME);
    let j = i + 1;
    let simple = true;
    for (;;) {
      const d = j < to ? text.charCodeAt(j) : -1;
      const lower = d >= 0 && d < 128 ? FOLDED_WORD_CHAR[d]! : 0;
      if (lower !== 0) {
        hash = Math.imul(hash ^ lower, FNV_PRIME);
        j++;
      } else if (isApostrophe(d) && j + 1 < to && isAsciiWordChar(text.charCodeAt(j + 1)) && !(isDigit(text.charCodeAt(j - 1)) && isDigit(text.charCodeAt(j + 1)))) {
        hash = Math.imul(Math.imul(hash ^ 39, FNV_PRIME) ^ FOLDED_WORD_CHAR[text.charCodeAt(j + 1)]!, FNV_PRIME);
        j += 2;
      } else {
        // Number separators, non-ASCII letters, marks or format characters continue the word in ways
        // only the full rules handle (and an apostrophe before a non-ASCII letter, "l’été").
        const next = j + 1 < to ? text.charCodeAt(j + 1) : -1;
        // `2,000` `1.5`; and digits grouped by a space or an apostrophe (`2 000`, `2'000`).
        const afterDigit = isDigit(text.charCodeAt(j - 1));
        const separator =
          ((d === 44 || d === 46) && afterDigit && (isAsciiWordChar(next) || next >= 128)) ||
          ((d === 32 || isApostrophe(d)) && afterDigit && (isDigit(next) || next >= 128));
        if (d >= 128 || separator) simple = false;
        if (isApostrophe(d) && j + 1 < to && text.charCodeAt(j + 1) >= 128) simple = false;
        break;
      }
    }
    if (simple) {
      plain(i, j, hash >>> 0);
      i = j;
      continue;
    }
    sticky.lastIndex = i;
    const match = sticky.exec(text)!;
    const end = Math.min(i + match[0].length, to);
    const norm = foldWord(text.slice(i, end));
    if (norm !== '') folded(i, norm);
    i = end;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

// Negations, folded, per language (SPEC section 4). French `ne … pas` is two words, each protected;
// the elided `n'` (`n'est`) is caught by its prefix, like English `n't` by its suffix.
const NEGATIONS = new Set([
  // English
  'not', 'no', 'never', 'nor', 'cannot', 'none', 'nothing', 'nobody', 'neither',
  // French
  'ne', 'pas', 'jamais', 'rien', 'personne', 'aucun', 'aucune', 'nul', 'nulle', 'guère', 'nullement', 'ni', 'non',
  // German
  'nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'niemand', 'weder', 'nein',
  // Spanish, Italian, Portuguese
  'nunca', 'nada', 'nadie', 'ningún', 'ninguno', 'ninguna', 'jamás', 'tampoco',
  'mai', 'niente', 'nulla', 'nessuno', 'nessuna', 'né',
  'não', 'nenhum', 'nenhuma', 'ninguém',
  // Russian, Ukrainian
  'не', 'ни', 'нет', 'никогда', 'ничего', 'ничто', 'никто', 'нельзя', 'ні', 'ніколи', 'нічого', 'ніхто',
  // Armenian (besides the prefix չ below)
  'ոչ', 'ոչինչ', 'երբեք',
  // Thai
  'ไม่',
  // Chinese and Japanese (one character per word)
  '不', '没', '沒', '无', '無', '非', '未', '别', '別', '莫', '勿', '否',
]);

// Armenian negates verbs with the prefix չ (չի, չեն, չկա, չունի); these words start with it too.
const ARMENIAN_NOT_NEGATIONS = /^չ(?:ափ|որս|որր|ար|որեքշաբթի|ինական|ին)/u;

/** True for folded words whose change always matters: numbers and negations (SPEC section 4). */
export function isNeverNoise(norm: string): boolean {
  return (
    /\p{N}/u.test(norm) ||
    NEGATIONS.has(norm) ||
    norm.endsWith("n't") ||
    (norm.startsWith("n'") && norm.length > 2) ||
    (norm.startsWith('չ') && !ARMENIAN_NOT_NEGATIONS.test(norm))
  );
}

// Elided articles, pronouns and conjunctions that French, Italian and Catalan write joined to the next
// word with an apostrophe (`qu'il`, `l'Europe`, `dell'Europa`, `d'aquí`), folded. A quote whose
// opening mark follows one (`qu'« il faut »`) starts inside the source's word `qu'il`.
const ELISIONS = [
  // French
  "c'", "d'", "j'", "l'", "m'", "n'", "s'", "t'", "qu'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'", "presqu'", "quelqu'",
  // Italian (besides those French shares)
  "un'", "dell'", "all'", "dall'", "nell'", "sull'", "coll'", "dagl'", "degl'", "gl'", "quest'", "quell'", "bell'", "sant'",
  "tutt'", "dov'", "com'", "cos'", "anch'", "senz'", "nessun'", "alcun'", "buon'", "v'", "ch'",
];

/** The folded forms of `norm` after each elided word (`il` → `qu'il`, `l'il` …): what a source word may be when a quote starts inside it. */
export function elidedForms(norm: string): string[] {
  if (norm === '' || norm.includes("'")) return [];
  return ELISIONS.map((prefix) => prefix + norm);
}

// Japanese negates verbs and adjectives with endings written in kana (`行かない`, `行かなかった`,
// `行きません`, `なければ`), and kana are one word per character: the negation is a run of words.
const KANA_NEGATIONS: readonly (readonly string[])[] = [['な', 'い'], ['な', 'か', 'っ'], ['な', 'く'], ['な', 'け', 'れ'], ['ま', 'せ', 'ん']];
const KANA_NEGATION_CHARACTERS = new Set(KANA_NEGATIONS.flat());

/** True for a folded word that may be part of a kana negation (`な`, `い`, `ま` …): worth `isKanaNegationAt`. */
export function mayBeKanaNegation(norm: string): boolean {
  return KANA_NEGATION_CHARACTERS.has(norm);
}

/** Whether the word at `at` (folded words by position from `wordAt`) is part of a kana negation ending (`ない`, `ません` …). */
export function isKanaNegationAt(wordAt: (at: number) => string | undefined, at: number): boolean {
  const word = wordAt(at);
  for (const negation of KANA_NEGATIONS) {
    for (let k = 0; k < negation.length; k++) {
      if (negation[k] !== word) continue;
      if (negation.every((c, m) => m === k || wordAt(at - k + m) === c)) return true;
    }
  }
  return false;
}
