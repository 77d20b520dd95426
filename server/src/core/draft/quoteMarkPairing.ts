/**
 * Pairs the quotation marks of one paragraph (SPEC section 3) with the style table of `quoteStyles`.
 * Marks are read left to right with a stack of open quotes: a mark closes the nearest open quote it
 * is a partner of, else opens one if its surroundings allow (CommonMark's flanking rules, relaxed for
 * marks that are never apostrophes). Only outermost pairs are quotations: a nested quote is part of
 * its outer one, and an opening mark left without a partner opens nothing, so nothing after it is lost.
 *
 * Apostrophes are told from single quote marks by pairing, not by the character: `’` never opens
 * (it is the apostrophe of `’90s`, `’em`, `rock ’n’ roll`), a mark inside a word never opens or
 * closes (`don’t`), and a closing mark after a plural (`the ministers’ view`) closes only when no
 * later mark in the paragraph could close the same quote.
 */
import { APOSTROPHE_LIKE, QUOTE_MARKS, pairsOpenedBy, type QuotePairUse } from '../text/quoteStyles';

const MAX_OPEN = 32;

interface OpenMark {
  readonly at: number;
  readonly pairs: readonly QuotePairUse[];
}

/** The outermost quotation pairs `[open, close + 1)` of `text`, and the last mark left open. */
export function pairQuoteMarks(text: string): { pairs: Array<[number, number]>; unclosed: number | undefined } {
  const found: Array<[number, number]> = [];
  const stack: OpenMark[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (!QUOTE_MARKS.has(c) || isEscaped(text, i)) continue;
    const apostrophe = APOSTROPHE_LIKE.has(c);
    if (apostrophe && (isWordChar(text[i - 1]) && isWordChar(text[i + 1]))) continue; // don’t, l’été
    if (apostrophe && endsElidedWord(text, i)) continue; // the second mark of rock ’n’ roll
    const closes = closableAt(text, i, stack);
    if (closes >= 0 && !(apostrophe && isPluralPossessive(text, i, stack[closes]!))) {
      found.push([stack[closes]!.at, i + 1]);
      stack.length = closes;
      continue;
    }
    if (c === '’' || (apostrophe && startsElision(text, i))) continue;
    const opens = pairsOpenedBy(c).filter((p) => (p.outer || stack.length > 0) && canOpen(text, i, p));
    if (opens.length > 0) stack.push({ at: i, pairs: opens });
    // Quotes are never nested this deep: the oldest open mark is one without a partner (and a long
    // paragraph of stray marks must not make every mark search a long stack).
    if (stack.length > MAX_OPEN) stack.shift();
  }
  // A nested quote closes before its outer one: keep the pairs no other pair contains.
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const outer: Array<[number, number]> = [];
  let end = -1;
  for (const p of found) {
    if (p[0] < end) continue;
    outer.push(p);
    end = p[1];
  }
  return { pairs: outer, unclosed: stack[stack.length - 1]?.at };
}

/** Index in `stack` of the innermost open quote the mark at `i` can close, or -1. */
function closableAt(text: string, i: number, stack: readonly OpenMark[]): number {
  const c = text[i]!;
  for (let k = stack.length - 1; k >= 0; k--) {
    if (stack[k]!.pairs.some((p) => p.close === c && canClose(text, i, p))) return k;
  }
  return -1;
}

function canOpen(text: string, i: number, p: QuotePairUse): boolean {
  const prev = text[i - 1];
  const next = p.spaced ? firstAfterSpaces(text, i + 1) : text[i + 1];
  if (isSpace(next)) return false;
  // Straight marks and apostrophe-like ones open only at the start of a word (CommonMark's
  // left-flanking rule); the other marks are never apostrophes and may touch a word
  // (`qu’«`, `sagte,„`, `他说“`, `彼は「`).
  if (p.open === '"' || APOSTROPHE_LIKE.has(p.open)) return !isWordChar(prev) && (!isPunct(next) || isSpace(prev) || isPunct(prev));
  // A mark that also closes its own quote (Finnish `»…»`, Swedish `”…”`) opens only before a word:
  // a run of them (`»»»`, a breadcrumb's `Home » News`) quotes nothing.
  if (p.open === p.close) return isWordChar(next) || (next === '\'' || next === '‘' || next === '"' || next === '“');
  return true;
}

function canClose(text: string, i: number, p: QuotePairUse): boolean {
  const prev = p.spaced ? lastBeforeSpaces(text, i - 1) : text[i - 1];
  const next = text[i + 1];
  // A straight mark between spaces cannot open, so it closes (`"spaced " and`), as in Pandoc.
  if (isSpace(prev)) return (p.close === '"' || p.close === "'") && text[i - 1] !== undefined && isSpace(next);
  if (p.close === '"' || APOSTROPHE_LIKE.has(p.close)) return !isPunct(prev) || isSpace(next) || isPunct(next);
  return true;
}

/** Elided words whose apostrophe is typed as an opening mark: `’90s`, `'em`, `‘tis`, `'n'`. */
const ELIDED = /^(?:(?:\d\ds|em|tis|twas)(?![\p{L}\p{N}])|n['’‘](?![\p{L}\p{N}]))/iu;

function startsElision(text: string, i: number): boolean {
  return !isWordChar(text[i - 1]) && ELIDED.test(text.slice(i + 1, i + 8));
}

/** The closing mark of `’n’`: the word it ends began with an apostrophe. */
function endsElidedWord(text: string, i: number): boolean {
  return /^[nN]$/.test(text[i - 1] ?? '') && APOSTROPHE_LIKE.has(text[i - 2] ?? '') && !isWordChar(text[i - 3]) && !isWordChar(text[i + 1]);
}

/**
 * `the ministers’ view`: a mark after a plural `s` (or `z`) before a space is an apostrophe when a
 * later mark of the paragraph can close the same quote before another one opens.
 */
function isPluralPossessive(text: string, i: number, open: OpenMark): boolean {
  if (!/^[sSzZ]$/.test(text[i - 1] ?? '') || !isSpace(text[i + 1])) return false;
  const c = text[i]!;
  for (let j = i + 1; j < text.length; j++) {
    const d = text[j]!;
    if (!APOSTROPHE_LIKE.has(d) || (isWordChar(text[j - 1]) && isWordChar(text[j + 1]))) continue;
    if (d === c && open.pairs.some((p) => p.close === d && canClose(text, j, p))) return true;
    if (open.pairs.some((p) => p.open === d && canOpen(text, j, p))) return false;
  }
  return false;
}

/** A Markdown backslash escape (`\\"`): an odd number of backslashes before an ASCII mark. */
function isEscaped(text: string, i: number): boolean {
  if (text[i] !== '"' && text[i] !== "'") return false;
  let k = i - 1;
  while (k >= 0 && text[k] === '\\') k--;
  return (i - 1 - k) % 2 === 1;
}

function firstAfterSpaces(text: string, i: number): string | undefined {
  while (i < text.length && isHorizontalSpace(text[i]!)) i++;
  return text[i];
}

function lastBeforeSpaces(text: string, i: number): string | undefined {
  while (i >= 0 && isHorizontalSpace(text[i]!)) i--;
  return i >= 0 ? text[i] : undefined;
}

function isHorizontalSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\u00a0' || c === '\u202f' || c === '\u2009' || c === '\u2007';
}

/** White space, or the start or end of the text. */
function isSpace(c: string | undefined): boolean {
  return c === undefined || /\s/u.test(c);
}

function isPunct(c: string | undefined): boolean {
  return c !== undefined && /[\p{P}\p{S}]/u.test(c);
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}\p{M}]/u.test(c);
}
