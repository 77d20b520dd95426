import { inPassageStep, type AlignElement, type Alignment, type AlignStep } from './alignment';

/**
 * Hyphenation is no misquote (SPEC section 4: differences in hyphens are not changes of words): a
 * quote may write as one word what the source splits at a hyphen (`email` for `e-mail`, a PDF's
 * `TraceMonkey` for `Trace-Monkey`, a word copied from a PDF viewer with a soft hyphen in it), or
 * split at a hyphen what the source writes as one word. The aligner compares whole words, so such a
 * difference first reads as a replaced word and an added or left-out one; `forgiveHyphens` then
 * turns each run of differences whose words spell the same letters on both sides into matched words,
 * when the side with more words joins them by hyphens only (`e mail` with a space stays a change).
 * A compound of three or more parts written joined (`stateoftheart` for `state-of-the-art`) is found
 * only where the aligner did not find a cheaper way to place the quote's other words.
 *
 * A glyph the source's font maps to no character (U+FFFD, which readers write for it) joins two
 * words alike and stands for one to three characters of the quote's: a PDF whose apostrophe is
 * unmapped gives `all\uFFFDimposta`, which a writer quotes as `all’imposta`, and one whose `fi`
 * ligature is unmapped gives `de\uFFFDne` for `define`.
 */

/** A hyphen or soft hyphen between two words, a line break allowed after it (`Trace-\nMonkey`). */
const HYPHEN_BETWEEN = /^[-\u2010\u2011\u00ad][ \t]*(?:\r?\n[ \t]*)?$/;

/** Most source words a run at the passage's edge takes in (`state-of-the-art`). */
const MAX_EDGE_WORDS = 4;

/** Whether the text between two words joins them by a hyphen. */
export function joinsByHyphen(between: string): boolean {
  return HYPHEN_BETWEEN.test(between);
}

/** One or more glyphs mapped to no character between two words, and nothing else. */
const UNREADABLE_BETWEEN = /^\uFFFD+$/;

/** Most characters of a quote one unreadable glyph stands for (a ligature of three: `ffi`). */
const MAX_UNREADABLE_CHARS = 3;

/** A line break alone between two words. */
const LINE_BREAK = /^[ \t]*\r?\n[ \t]*$/;

/**
 * Whether the text between two words of a PDF's text joins them: by a hyphen, or by a line break
 * alone, where a word was hyphenated with a soft hyphen that pdf.js does not give (it leaves out
 * U+00AD, which TeX's T1 fonts map their hyphenation hyphen to: `compensa` / `tion`).
 */
function joinsInPdf(between: string): boolean {
  return HYPHEN_BETWEEN.test(between) || LINE_BREAK.test(between);
}

/** What `forgiveHyphens` reads of the source aligned with the quote. */
export interface HyphenatedSource {
  /** The folded form of source word `k`. */
  word(k: number): string;
  /** The text between source words `k` and `k + 1` (undefined past the last word). */
  between(k: number): string | undefined;
  /** A PDF's text, where a line break alone joins two words too (`joinsInPdf`). */
  readonly pdf: boolean;
}

/**
 * `alignment` with each run of replaced, added and left-out words that differs only in hyphenation
 * (see the module comment) made matched words: the run's first quote word matches all its source
 * words, its other quote words match none (an empty source range). Cost and matched words follow.
 */
export function forgiveHyphens(alignment: Alignment, quote: readonly AlignElement[], source: HyphenatedSource): Alignment {
  const steps = alignment.steps;
  const out: AlignStep[] = [];
  let cost = alignment.cost;
  let matched = alignment.matched;
  let k = 0;
  while (k < steps.length) {
    const step = steps[k]!;
    if (step.op !== 'replace' && step.op !== 'insert' && step.op !== 'delete') {
      out.push(step);
      k++;
      continue;
    }
    let end = k;
    while (end < steps.length && ['replace', 'insert', 'delete'].includes(steps[end]!.op)) end++;
    const run = steps.slice(k, end);
    const forgiven = forgivenRun(run, quote, source, alignment.sourceStart, alignment.sourceEnd);
    if (forgiven === undefined) {
      out.push(...run);
    } else {
      out.push(...forgiven);
      cost -= run.length;
      matched += forgiven.length;
    }
    k = end;
  }
  if (cost === alignment.cost) return alignment;
  const inPassage = out.filter(inPassageStep);
  return {
    ...alignment,
    cost,
    matched,
    steps: out,
    sourceStart: inPassage[0]?.s ?? alignment.sourceStart,
    sourceEnd: inPassage[inPassage.length - 1]?.sEnd ?? alignment.sourceEnd,
  };
}

/**
 * The run as matched words when it differs only in hyphenation, else undefined. A run at an edge of
 * the passage (`passageStart`, `passageEnd`) may take in the source words a hyphen joins to it there:
 * a quote that starts with `pseudoAvicenna` is aligned with the source's `Avicenna` alone.
 */
function forgivenRun(
  run: readonly AlignStep[],
  quote: readonly AlignElement[],
  source: HyphenatedSource,
  passageStart: number,
  passageEnd: number,
): AlignStep[] | undefined {
  const quoted: number[] = [];
  let sFrom = Infinity;
  let sTo = -Infinity;
  for (const step of run) {
    if (step.op !== 'delete') quoted.push(step.q);
    if (step.sEnd > step.s) {
      sFrom = Math.min(sFrom, step.s);
      sTo = Math.max(sTo, step.sEnd);
    }
  }
  if (quoted.length === 0 || sFrom >= sTo) return undefined;
  let quoteLetters = '';
  for (const [i, q] of quoted.entries()) {
    const element = quote[q];
    if (element?.kind !== 'word' || element.norm === undefined) return undefined;
    // Consecutive quote words, joined by hyphens when there are several.
    if (i > 0 && quoted[i - 1] !== q - 1) return undefined;
    if (i < quoted.length - 1 && element.hyphenAfter !== true) return undefined;
    quoteLetters += element.norm;
  }
  // At an edge of the passage the source's words may be taken in or left out: the passage may
  // start and end anywhere.
  const lefts = sFrom === passageStart ? range(Math.max(0, sFrom - MAX_EDGE_WORDS), sTo - 1) : [sFrom];
  const rights = sTo === passageEnd ? range(sFrom + 1, sTo + MAX_EDGE_WORDS) : [sTo];
  for (const left of lefts) {
    for (const right of rights) {
      if (right > left && spells(source, left, right, quoteLetters)) {
        return quoted.map((q, i) => (i === 0 ? { op: 'equal', q, s: left, sEnd: right } : { op: 'equal', q, s: right, sEnd: right }));
      }
    }
  }
  return undefined;
}

/**
 * Whether source words `[from, to)`, joined by hyphens or unreadable glyphs, spell `letters`; each
 * unreadable join stands for 1 to `MAX_UNREADABLE_CHARS` characters of the quote's.
 */
function spells(source: HyphenatedSource, from: number, to: number, letters: string, at = 0): boolean {
  const word = source.word(from);
  if (word === '' || !letters.startsWith(word, at)) return false;
  const next = at + word.length;
  if (from === to - 1) return next === letters.length;
  const between = source.between(from);
  if (between === undefined) return false;
  if (source.pdf ? joinsInPdf(between) : joinsByHyphen(between)) return spells(source, from + 1, to, letters, next);
  if (!UNREADABLE_BETWEEN.test(between)) return false;
  for (let skip = 1; skip <= MAX_UNREADABLE_CHARS && next + skip < letters.length; skip++) {
    if (spells(source, from + 1, to, letters, next + skip)) return true;
  }
  return false;
}

/** The integers from `from` to `to`, both included. */
function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k <= to; k++) out.push(k);
  return out;
}
