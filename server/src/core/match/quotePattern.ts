import { forEachWord, foldWord, isCharacterWord } from '../text/tokenizer';
import { joinsByHyphen } from './hyphenation';

/** A quoted word, with its draft offsets. */
export interface PatternWord {
  readonly kind: 'word';
  readonly norm: string;
  readonly start: number;
  readonly end: number;
  /** A hyphen joins it to the next word (`e-mail`). */
  readonly hyphenAfter?: true;
}

/** `[text]`: an editorial insertion or substitution; `norms` are its words. */
export interface PatternBracket {
  readonly kind: 'bracket';
  readonly norms: readonly string[];
  readonly start: number;
  readonly end: number;
}

/** An ellipsis (`...`, `…`, `[...]`, `[…]`): an omission. */
export interface PatternGap {
  readonly kind: 'gap';
  readonly start: number;
  readonly end: number;
}

export type PatternElement = PatternWord | PatternBracket | PatternGap;

/** A quotation as the matcher sees it: words, editorial brackets and omissions, in order. */
export interface QuotePattern {
  readonly elements: readonly PatternElement[];
  /** Number of quoted words (brackets and gaps excluded). */
  readonly wordCount: number;
  /**
   * The quote's length as `minWords` counts it: words, with Han and Kana characters (one word each
   * to the matcher) counted two to a word, about the length of a Chinese or Japanese word.
   */
  readonly units: number;
}

// `[...]`, `[…]`, `...`, `. . .`, `…`
const ELLIPSIS = /\[\s*(?:\.\s*){3,}\]|\[\s*…\s*\]|(?:\.\s?){2}\.+|…/gy;
const WORD_JOINER = '\u2060';

/**
 * Parses the quoted text `text[from, to)`; `excluded` ranges (citations inside a block quote) are
 * skipped. Brackets touching a word (`[T]he`, `citizen[s]`) only mark a changed letter: they are read
 * as part of the word.
 */
export function parseQuotePattern(
  text: string,
  from: number,
  to: number,
  excluded: ReadonlyArray<readonly [number, number]> = [],
): QuotePattern {
  let body = text.slice(from, to);
  for (const [a, b] of excluded) {
    if (b <= from || a >= to) continue;
    body = body.slice(0, Math.max(0, a - from)) + ' '.repeat(Math.min(b, to) - Math.max(a, from)) + body.slice(Math.min(b, to) - from);
  }
  body = joinBracketedLetters(body);
  const elements: PatternElement[] = [];
  let wordCount = 0;
  let characters = 0;
  let plainFrom = 0;
  const flushWords = (until: number): void => {
    let previousEnd = -1;
    forEachWord(body, plainFrom, until, (start, end) => {
      const norm = foldWord(body.slice(start, end));
      if (norm === '') return;
      if (previousEnd >= 0 && start - previousEnd <= 8 && joinsByHyphen(body.slice(previousEnd, start))) {
        (elements[elements.length - 1] as { hyphenAfter?: true }).hyphenAfter = true;
      }
      previousEnd = end;
      elements.push({ kind: 'word', norm, start: from + start, end: from + end });
      wordCount++;
      if (isCharacterWord(norm)) characters++;
    });
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '[' && c !== '.' && c !== '…') continue;
    ELLIPSIS.lastIndex = i;
    const ellipsis = ELLIPSIS.exec(body);
    if (ellipsis) {
      flushWords(i);
      elements.push({ kind: 'gap', start: from + i, end: from + i + ellipsis[0].length });
      i += ellipsis[0].length - 1;
      plainFrom = i + 1;
      continue;
    }
    if (c !== '[') continue;
    const close = body.indexOf(']', i + 1);
    if (close < 0 || body.slice(i + 1, close).includes('[')) continue;
    flushWords(i);
    const norms: string[] = [];
    forEachWord(body, i + 1, close, (start, end) => {
      const norm = foldWord(body.slice(start, end));
      if (norm !== '') norms.push(norm);
    });
    // `[sic]` marks the source's own error and stands for nothing.
    if (!(norms.length === 1 && norms[0] === 'sic')) {
      elements.push({ kind: 'bracket', norms, start: from + i, end: from + close + 1 });
    }
    i = close;
    plainFrom = close + 1;
  }
  flushWords(body.length);
  return { elements, wordCount, units: wordCount - characters + Math.ceil(characters / 2) };
}

/** Replaces brackets that touch letters by word joiners (same length), so `[T]he` reads as "The". */
function joinBracketedLetters(body: string): string {
  return body.replace(/\[(\p{L}{1,3})\](?=\p{L})|(?<=\p{L})\[(\p{L}{1,3})\]/gu, (match) =>
    match.replace(/[[\]]/g, WORD_JOINER),
  );
}
