/**
 * Word-level alignment of a quotation with a stretch of source words: an edit distance in which the
 * quote must be used whole while the source stretch may start and end anywhere (semi-global).
 * Editorial brackets stand for up to four source words at no cost, and ellipses for any omission.
 */

/** A quote element with its words already turned into vocabulary ids (-1: a word no source has). */
export type AlignElement =
  | {
      readonly kind: 'word';
      readonly id: number;
      /** Other source words this one equals: the word after an elision (`il` in `qu'il`) where a quote starts. */
      readonly also?: readonly number[];
      /** Its folded form, and whether a hyphen joins it to the next quote word (read by `forgiveHyphens`). */
      readonly norm?: string;
      readonly hyphenAfter?: boolean;
    }
  | { readonly kind: 'bracket'; readonly ids: readonly number[] }
  | { readonly kind: 'gap' };

/** One step of an alignment. `q` indexes quote elements; `[s, sEnd)` are source word positions. */
export interface AlignStep {
  /** `skip`: a source word left out at no cost (a filler of speech, see `skippable`). */
  readonly op: 'equal' | 'replace' | 'insert' | 'delete' | 'bracket' | 'gap' | 'skip';
  readonly q: number;
  readonly s: number;
  readonly sEnd: number;
}

/** Result of aligning a quote with source words `[from, to)`. */
export interface Alignment {
  /** Number of word edits (replaced, inserted and deleted words). */
  readonly cost: number;
  readonly matched: number;
  readonly steps: readonly AlignStep[];
  /** Source word range covered by the alignment. */
  readonly sourceStart: number;
  readonly sourceEnd: number;
  /** Table cells filled to find it (a machine-independent measure of work). */
  readonly cells: number;
}

/** Largest number of source words a bracket may stand in for (SPEC section 4). */
export const MAX_BRACKET_WORDS = 4;
/** Largest table the aligner fills; longer comparisons are refused (callers split or skip). */
export const MAX_ALIGN_CELLS = 4_000_000;

const OP_EQUAL = 1;
const OP_REPLACE = 2;
const OP_INSERT = 3;
const OP_DELETE = 4;
const OP_BRACKET = 5;
const OP_GAP = 6;
const OP_SKIP = 7;

/** Quote elements aligned at a time when a whole quote would need too large a table. */
const CHUNK_ELEMENTS = 200;

/**
 * Aligns `quote` with `source[from, to)`; `isProtected(id, at)` tells which source words (numbers,
 * negations; `at` is the word's position in `source`) a bracket may not silently replace. Quotes too long for one table (thousands of words)
 * are aligned in consecutive chunks, each starting where the previous one ended. Returns undefined
 * only when even a chunk's table would be too large (a chunk with an ellipsis over a huge stretch).
 * `skippable[k]` set: source word `k` may be left out at no cost (a transcript's fillers); absent
 * for articles, whose every word counts.
 */
export function alignQuote(
  quote: readonly AlignElement[],
  source: Uint32Array,
  from: number,
  to: number,
  isProtected: (id: number, at: number) => boolean,
  skippable?: Uint8Array,
): Alignment | undefined {
  if (fitsTable(quote.length, to - from)) return alignTable(quote, source, from, to, isProtected, false, skippable);
  const steps: AlignStep[] = [];
  let cost = 0;
  let matched = 0;
  let cells = 0;
  let sourceStart = -1;
  let at = from;
  // The first chunk may start anywhere in the stretch's slack (its length beyond the quote's words);
  // later chunks continue where the last one ended.
  const wordsOf = (elements: readonly AlignElement[]): number =>
    elements.reduce((n, e) => n + (e.kind === 'word' ? 1 : e.kind === 'bracket' ? MAX_BRACKET_WORDS : 0), 0);
  const slack = Math.max(0, to - from - wordsOf(quote));
  const firstSize = Math.max(1, Math.min(CHUNK_ELEMENTS, Math.floor(MAX_ALIGN_CELLS / (slack + 2 * CHUNK_ELEMENTS + 65)) - 1));
  for (let first = 0; first < quote.length; first += first === 0 ? firstSize : CHUNK_ELEMENTS) {
    const chunk = quote.slice(first, first + (first === 0 ? firstSize : CHUNK_ELEMENTS));
    const words = wordsOf(chunk);
    const hasGap = chunk.some((e) => e.kind === 'gap');
    const end = hasGap ? to : Math.min(to, at + (first === 0 ? slack : 0) + words * 2 + 64);
    // A chunk after the first starts where the previous one ended: words it skips were left out.
    const part = alignTable(chunk, source, at, end, isProtected, first > 0, skippable);
    if (part === undefined) return undefined;
    for (const step of part.steps) steps.push({ ...step, q: step.q + first });
    if (sourceStart < 0) sourceStart = part.sourceStart;
    cost += part.cost;
    matched += part.matched;
    cells += part.cells;
    at = Math.max(at, part.steps.reduce((end, s) => Math.max(end, s.sEnd), at));
  }
  const inPassage = steps.filter(inPassageStep);
  return {
    cost,
    matched,
    steps,
    sourceStart: inPassage[0]?.s ?? from,
    sourceEnd: inPassage[inPassage.length - 1]?.sEnd ?? from,
    cells,
  };
}

interface Tables {
  /** Each cell's cost and matched words as one number: `cost * scale - hits` (see `alignTable`). */
  readonly score: Int32Array;
  readonly op: Uint8Array;
  readonly back: Int32Array;
}

/** Tables up to this many cells are kept for the next alignment; larger ones are used once. */
const KEPT_CELLS = 1 << 20;
let kept: Tables | undefined;

/**
 * Tables of at least `cells` cells, with unspecified contents (every cell is written before it is
 * read, row 0 by the caller). Reusing them matters: fresh typed arrays per alignment count as
 * external memory, and thousands of them make V8 run full collections of the whole library's heap.
 */
function tables(cells: number): Tables {
  if (kept !== undefined && kept.score.length >= cells) return kept;
  let size = 4096;
  while (size < cells) size *= 2;
  const fresh = { score: new Int32Array(size), op: new Uint8Array(size), back: new Int32Array(size) };
  if (size <= KEPT_CELLS) kept = fresh;
  return fresh;
}

/**
 * Whether a quote of `m` elements and `n` source words fit one table: at most MAX_ALIGN_CELLS cells,
 * and scores (`alignTable`) under 2^31, which only a quote of some 46,000 words or more can reach.
 */
function fitsTable(m: number, n: number): boolean {
  return (m + 1) * (n + 1) <= MAX_ALIGN_CELLS && (m + n + 1) * (m + 1) < 2 ** 31;
}

/** One alignment table; `anchored`: the quote must start at `from` (skipped words are deletions). */
function alignTable(
  quote: readonly AlignElement[],
  source: Uint32Array,
  from: number,
  to: number,
  isProtected: (id: number, at: number) => boolean,
  anchored = false,
  skippable?: Uint8Array,
): Alignment | undefined {
  const m = quote.length;
  const n = to - from;
  const width = n + 1;
  if (!fitsTable(m, n)) return undefined;
  // Among alignments of equal cost, the one matching more words reads best ("the freedom", not "the").
  // A cell holds both as `cost * scale - hits`: hits never reach `scale`, so the lower score is the
  // lower cost, then the more hits, and one comparison orders two cells. Costs stay under m + n, so
  // scores stay under (m + n + 1) * (m + 1), which `fitsTable` holds within 32 bits.
  const scale = m + 1;
  const { score, op, back } = tables((m + 1) * width);
  // What leaving out source word `from + j - 1` costs: nothing for a skippable word.
  const deleteCost = (j: number): number => (skippable !== undefined && skippable[from + j - 1] === 1 ? 0 : scale);
  score[0] = 0;
  for (let j = 1; j <= n; j++) score[j] = anchored ? score[j - 1]! + deleteCost(j) : 0;

  for (let i = 1; i <= m; i++) {
    const element = quote[i - 1]!;
    const row = i * width;
    const prev = (i - 1) * width;
    if (element.kind === 'word') {
      const id = element.id;
      const also = element.also;
      // Column 0: the quote word inserted before any source word.
      let left = score[prev]! + scale;
      score[row] = left;
      op[row] = OP_INSERT;
      let diagonal = score[prev]!;
      for (let j = 1; j <= n; j++) {
        const up = score[prev + j]!;
        let best = up + scale;
        let bestOp = OP_INSERT;
        // Replacing or matching wins ties with inserting; deleting must do strictly better.
        const word = source[from + j - 1]!;
        if (word === id || (also !== undefined && also.includes(word))) {
          if (diagonal - 1 <= best) {
            best = diagonal - 1;
            bestOp = OP_EQUAL;
          }
        } else if (diagonal + scale <= best) {
          best = diagonal + scale;
          bestOp = OP_REPLACE;
        }
        const deleted = skippable === undefined || skippable[from + j - 1] !== 1 ? left + scale : left;
        if (deleted < best) {
          best = deleted;
          bestOp = deleted === left ? OP_SKIP : OP_DELETE;
        }
        score[row + j] = best;
        op[row + j] = bestOp;
        left = best;
        diagonal = up;
      }
    } else if (element.kind === 'bracket') {
      const limit = Math.max(MAX_BRACKET_WORDS, element.ids.length);
      for (let j = 0; j <= n; j++) {
        let best = score[prev + j]!;
        let bestK = 0;
        for (let k = 1; k <= limit && k <= j; k++) {
          const id = source[from + j - k]!;
          if (isProtected(id, from + j - k) && !element.ids.includes(id)) break;
          if (k > MAX_BRACKET_WORDS && !bracketSpells(element.ids, source, from + j - k)) continue;
          if (score[prev + j - k]! < best) {
            best = score[prev + j - k]!;
            bestK = k;
          }
        }
        let bestOp = OP_BRACKET;
        if (j > 0 && score[row + j - 1]! + deleteCost(j) < best) {
          best = score[row + j - 1]! + deleteCost(j);
          bestOp = best === score[row + j - 1]! ? OP_SKIP : OP_DELETE;
        }
        score[row + j] = best;
        op[row + j] = bestOp;
        back[row + j] = j - bestK;
      }
    } else {
      // An ellipsis omits any number of source words at no cost; on ties the latest start wins, so
      // the parts of a quote stay close together.
      let min = Infinity;
      let minAt = 0;
      for (let j = 0; j <= n; j++) {
        if (score[prev + j]! <= min) {
          min = score[prev + j]!;
          minAt = j;
        }
        score[row + j] = min;
        op[row + j] = OP_GAP;
        back[row + j] = minAt;
      }
    }
  }

  // The quote may end anywhere: the cheapest end, then the one matching most words, then the latest,
  // so a changed last word reads as replaced ("blockade", not "siege") rather than as added.
  let endJ = 0;
  for (let j = 1; j <= n; j++) if (score[m * width + j]! <= score[m * width + endJ]!) endJ = j;
  const steps: AlignStep[] = [];
  let i = m;
  let j = endJ;
  let matched = 0;
  while (i > 0) {
    const cell = i * width + j;
    switch (op[cell]) {
      case OP_EQUAL:
        steps.push({ op: 'equal', q: i - 1, s: from + j - 1, sEnd: from + j });
        matched++;
        i--;
        j--;
        break;
      case OP_REPLACE:
        steps.push({ op: 'replace', q: i - 1, s: from + j - 1, sEnd: from + j });
        i--;
        j--;
        break;
      case OP_INSERT:
        steps.push({ op: 'insert', q: i - 1, s: from + j, sEnd: from + j });
        i--;
        break;
      case OP_DELETE:
      case OP_SKIP:
        steps.push({ op: op[cell] === OP_SKIP ? 'skip' : 'delete', q: i, s: from + j - 1, sEnd: from + j });
        j--;
        break;
      default: {
        const to = back[cell]!;
        steps.push({ op: op[cell] === OP_GAP ? 'gap' : 'bracket', q: i - 1, s: from + to, sEnd: from + j });
        i--;
        j = to;
      }
    }
  }
  // Source words skipped before an anchored quote's start are words it left out.
  if (anchored) {
    for (let s = j - 1; s >= 0; s--) steps.push({ op: deleteCost(s + 1) === 0 ? 'skip' : 'delete', q: 0, s: from + s, sEnd: from + s + 1 });
  }
  steps.reverse();
  const inPassage = steps.filter(inPassageStep);
  const sourceStart = inPassage[0]?.s ?? from + j;
  return {
    // The score's cost: hits take 0 to m from cost * scale.
    cost: Math.floor((score[m * width + endJ]! + m) / scale),
    matched,
    steps,
    sourceStart,
    sourceEnd: inPassage[inPassage.length - 1]?.sEnd ?? sourceStart,
    cells: (m + 1) * width,
  };
}

/**
 * Whether a step's source words belong to the passage: an ellipsis at either end omits nothing from
 * it, and skipped words (fillers) only belong between the words the quote matched.
 */
export function inPassageStep(step: AlignStep): boolean {
  return step.op !== 'gap' && step.op !== 'skip' && step.sEnd > step.s;
}

function bracketSpells(ids: readonly number[], source: Uint32Array, at: number): boolean {
  return ids.every((id, k) => source[at + k] === id);
}
