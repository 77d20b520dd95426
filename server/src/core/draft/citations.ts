import type { TextBlock } from './markdownBlocks';
import { firstStartingAt } from '../text/sortedSearch';

const startOf = (item: { readonly start: number }): number => item.start;

/** One cited key (SPEC section 2). Offsets are document offsets. */
export interface Citation {
  readonly key: string;
  /** Range of the key itself (without `@` or braces). */
  readonly keyStart: number;
  readonly keyEnd: number;
  /** Range from the `-`/`@` to the end of the key (or closing brace). */
  readonly start: number;
  readonly end: number;
  readonly suppressAuthor: boolean;
  /** Text before the key inside its bracket ("see"), trimmed. */
  readonly prefix: string;
  /** Text after the key ("p. 4", "ch. 2"), trimmed, without the separating comma. */
  readonly locator: string;
  /** Document offset where `locator` starts (where it would start, when it is empty). */
  readonly locatorStart: number;
  /**
   * False when the locator is not written in the draft's text (a Word citation field keeps it in its
   * data): it can be read, not rewritten.
   */
  readonly locatorInText?: false;
}

/** A bracketed citation `[see @a; @b, p. 2]` or an in-text one `@a [p. 4]`: keys cited together. */
export interface CitationGroup {
  readonly start: number;
  readonly end: number;
  readonly bracketed: boolean;
  readonly citations: readonly Citation[];
}

/** A key as read by `readKey`: offsets in the text it was read from. */
export interface KeyMatch {
  readonly key: string;
  /** Offset after the key (after the closing brace of a braced key). */
  readonly end: number;
  readonly keyStart: number;
  readonly keyEnd: number;
}

/** A `@key` or `-@key` that Pandoc reads as a citation; offsets are block offsets. */
interface Candidate extends KeyMatch {
  readonly start: number;
  readonly suppressAuthor: boolean;
}

// Pandoc's `isAlphaNum` (letters and numbers of any script); `_` also continues a key.
const ALNUM = /^[\p{L}\p{N}]$/u;
const KEY_CHAR = /^[\p{L}\p{N}_]$/u;
const KEY_PUNCT = ':.#$%&-+?<>~/';
const ASCII_PUNCT = /^[!-/:-@[-`{-~]$/;
const SPACE = /^\s$/u;
const TEX_COMMAND = /\\([A-Za-z]+)\*?/y;
const TEX_GAP = /[ \t]*/y;
const TEX_BEGIN = /\\begin(\{[^{}]*\})/y;
const LOCATOR_GAP = /[ \t]*(?:\r?\n[ \t]*)?(?=\[)/y;

/** `re` (sticky) matched at `at`, without copying the text. */
function matchAt(re: RegExp, text: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(text);
}

/** Reads a citation key starting at `at` (just after `@`) by Pandoc's rules; undefined when there is none. */
export function readKey(text: string, at: number): KeyMatch | undefined {
  if (text[at] === '{') return readBracedKey(text, at);
  const first = charAt(text, at);
  // `*` starts a key because Pandoc reads `@*` (its "cite everything" wildcard) as one.
  if (!KEY_CHAR.test(first) && first !== '*') return undefined;
  let i = at + first.length;
  for (;;) {
    const c = charAt(text, i);
    if (KEY_CHAR.test(c)) {
      i += c.length;
    } else if (c !== '' && KEY_PUNCT.includes(c) && KEY_CHAR.test(charAt(text, i + 1))) {
      i += 1;
    } else if ((c === ':' || c === '/') && text[i + 1] === '/') {
      // URL-like keys: `@https://doi.org/…` keeps its `://`.
      i += 1;
    } else {
      return { key: text.slice(at, i), end: i, keyStart: at, keyEnd: i };
    }
  }
}

/** `@{…}`: anything but white space, with balanced braces; Pandoc even accepts `@{}`. */
function readBracedKey(text: string, at: number): KeyMatch | undefined {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text[i]!;
    if (SPACE.test(c)) return undefined;
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { key: text.slice(at + 1, i), end: i + 1, keyStart: at + 1, keyEnd: i };
  }
  return undefined;
}

function charAt(text: string, i: number): string {
  const code = text.codePointAt(i);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** Finds the citations of one block: bracketed groups first, then the in-text ones. */
export function findCitations(block: TextBlock): CitationGroup[] {
  const text = block.masked;
  const base = block.start;
  const candidates = scanCandidates(text);
  const pairs = bracketPairs(text);
  const groups: CitationGroup[] = [];
  const used = new Set<Candidate>();
  for (const [open, close] of pairs) {
    const group = bracketGroup(text, open, close, candidates, base);
    if (group === undefined) continue;
    groups.push(group.group);
    group.used.forEach((c) => used.add(c));
  }
  const closeOf = new Map(pairs.map(([open, close]) => [open, close]));
  const groupOpens = new Set(groups.map((g) => g.start - base));
  for (const candidate of candidates) {
    if (used.has(candidate)) continue;
    // Keys after the first of a bracket part (`[@a, cf. @b]`) are in-text citations for Pandoc too.
    groups.push(inTextGroup(text, candidate, closeOf, groupOpens, candidates, base));
  }
  return groups.sort((a, b) => a.start - b.start);
}

/** Where the inline scan stands: the end of the last word (Pandoc's `lastStrPos`) and open emphasis. */
interface ScanState {
  lastWordEnd: number;
  readonly emphasis: Record<'*' | '_', number[]>;
}

/**
 * Walks a block the way Pandoc's inline parser does, as far as citations care: escapes, raw TeX and
 * TeX math hide what they hold, and a `@` right after a word (`name@example.com`, `x.@key`) is no
 * citation, while one right after a citation, punctuation or an ellipsis is.
 */
function scanCandidates(text: string): Candidate[] {
  const found: Candidate[] = [];
  const state: ScanState = { lastWordEnd: -1, emphasis: { '*': [], _: [] } };
  let i = 0;
  while (i < text.length) {
    const c = charAt(text, i);
    const candidate = c === '@' || (c === '-' && text[i + 1] === '@') ? citationAt(text, i, state) : undefined;
    if (candidate !== undefined) {
      found.push(candidate);
      i = candidate.end;
    } else {
      i = skipToken(text, i, c, state);
    }
  }
  return found;
}

/** The citation starting at `at` (on its `-` or `@`), if Pandoc would read one there. */
function citationAt(text: string, at: number, state: ScanState): Candidate | undefined {
  if (state.lastWordEnd === at) return undefined;
  const suppressAuthor = text[at] === '-';
  // `--@key` is an en dash before `@key`: only a lone `-` suppresses the author.
  if (suppressAuthor && text[at - 1] === '-') return undefined;
  const key = readKey(text, at + (suppressAuthor ? 2 : 1));
  return key === undefined ? undefined : { ...key, start: at, suppressAuthor };
}

/** Moves past one token that is not a citation, noting where words end. */
function skipToken(text: string, i: number, c: string, state: ScanState): number {
  if (c === '\\') return skipBackslash(text, i);
  if (c === '$') return mathEnd(text, i) ?? i + 1;
  if (c === '.') return skipDots(text, i, state);
  if (c === '*' || c === '_') return skipEmphasis(text, i, c, state);
  if (ALNUM.test(c)) {
    state.lastWordEnd = i + c.length;
    return i + c.length;
  }
  return i + c.length;
}

/** `\@` and other escaped punctuation is literal text; `\command{…}` is raw TeX, hidden from Pandoc's reader. */
function skipBackslash(text: string, i: number): number {
  const next = text[i + 1] ?? '';
  if (/[A-Za-z]/.test(next)) return rawTexEnd(text, i);
  return ASCII_PUNCT.test(next) || next === ' ' || next === '\n' ? i + 2 : i + 1;
}

/** End of a raw TeX command with its `[…]`/`{…}` arguments; `\begin{env}` runs to its `\end{env}`. */
function rawTexEnd(text: string, i: number): number {
  const name = matchAt(TEX_COMMAND, text, i)!;
  let end = i + name[0].length;
  for (;;) {
    const gap = matchAt(TEX_GAP, text, end)![0].length;
    const open = text[end + gap];
    const close = open === '{' || open === '[' ? matchingBrackets(text).get(end + gap) : undefined;
    if (close === undefined) break;
    end = close;
  }
  // `\begin{env} … \end{env}` is one raw TeX element for Pandoc.
  const begin = matchAt(TEX_BEGIN, text, i);
  const endTag = begin ? `\\end${begin[1]!}` : '';
  const stop = begin ? text.indexOf(endTag, end) : -1;
  return stop >= 0 ? stop + endTag.length : end;
}

let matchedText: string | undefined;
let matchedTable = new Map<number, number>();

/**
 * For every `{` and `[` of a text, the offset after its matching bracket (backslash escapes honoured,
 * each kind counted on its own), found in one pass and remembered for the last text asked about, so
 * a block full of unclosed braces costs linear time, not quadratic.
 */
function matchingBrackets(text: string): Map<number, number> {
  if (matchedText === text) return matchedTable;
  const table = new Map<number, number>();
  const stacks: Record<string, number[]> = { '{': [], '[': [] };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (c === '{' || c === '[') stacks[c]!.push(i);
    else if (c === '}' || c === ']') {
      const at = stacks[c === '}' ? '{' : '[']!.pop();
      if (at !== undefined) table.set(at, i + 1);
    }
  }
  matchedText = text;
  matchedTable = table;
  return table;
}

/**
 * End of TeX math at `at` (Pandoc's `tex_math_dollars`), or undefined when the `$` is a plain dollar:
 * `$x$` needs no space inside either dollar and no digit after the closing one, so `$5 and $10` is text.
 */
function mathEnd(text: string, at: number): number | undefined {
  if (text[at + 1] === '$') {
    const close = text.indexOf('$$', at + 2);
    return close > at + 2 ? close + 2 : undefined;
  }
  if (/^\s?$/.test(text[at + 1] ?? '')) return undefined;
  for (let i = at + 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') i++;
    else if (SPACE.test(c) && text[i + 1] === '$') return undefined;
    else if (c === '$') return /\d/.test(text[i + 1] ?? '') ? undefined : i + 1;
  }
  return undefined;
}

/** A run of dots: Pandoc reads `...` as an ellipsis and any other dot as part of a word (`x.@key` is no citation). */
function skipDots(text: string, i: number, state: ScanState): number {
  let end = i;
  while (text[end] === '.') end++;
  if ((end - i) % 3 !== 0) state.lastWordEnd = end;
  return end;
}

/**
 * A run of `*` or `_`: the end of an emphasis counts as the end of a word for Pandoc (`*a*@key` is no
 * citation). A small model of Pandoc's emphasis parser: one stack of open runs per character.
 */
function skipEmphasis(text: string, i: number, c: '*' | '_', state: ScanState): number {
  let end = i;
  while (text[end] === c) end++;
  const length = end - i;
  const stack = state.emphasis[c];
  const top = stack[stack.length - 1];
  const next = charAt(text, end);
  const canOpen = next !== '' && !SPACE.test(next) && (c === '*' || state.lastWordEnd !== i);
  // Intraword underscores (`snake_case`) neither open nor close.
  const canClose = c === '*' || !ALNUM.test(next);
  if (top !== undefined && canOpen && length + top === 3) {
    stack.push(length); // `*a **b** c*`: strong nested in emphasis, or the other way round.
  } else if (top !== undefined && canClose) {
    if (length >= top) stack.pop();
    else stack[stack.length - 1] = top - length;
    state.lastWordEnd = end;
  } else if (canOpen && length <= 3) {
    stack.push(length);
  }
  return end;
}

/** Backslash-aware pairs of matching square brackets within one block. */
function bracketPairs(text: string): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === '[') {
      stack.push(i);
    } else if (c === ']') {
      const open = stack.pop();
      if (open !== undefined) pairs.push([open, i]);
    }
  }
  return pairs;
}

/** `[see @a, p. 4; @b]`: each `;`-separated part cites its first key; undefined when a part has none. */
function bracketGroup(
  text: string,
  open: number,
  close: number,
  candidates: readonly Candidate[],
  base: number,
): { group: CitationGroup; used: Candidate[] } | undefined {
  const inner = text.slice(open + 1, close);
  if (inner.includes('[') || inner.includes(']')) return undefined;
  // A bracket followed by `(` or `[` is a link, not a citation.
  if (text[close + 1] === '(' || text[close + 1] === '[') return undefined;
  const used: Candidate[] = [];
  const citations: Citation[] = [];
  for (const [from, to] of bracketParts(text, open + 1, close)) {
    const first = candidates[firstStartingAt(candidates, from, startOf)];
    if (first === undefined || first.end > to) return undefined;
    used.push(first);
    const after = text.slice(first.end, to);
    const lead = /^\s*,?\s*/.exec(after)![0].length;
    citations.push(toCitation(first, base, text.slice(from, first.start).trim(), after.slice(lead).trim(), first.end + lead));
  }
  return { group: { start: base + open, end: base + close + 1, bracketed: true, citations }, used };
}

/** The `;`-separated parts of a bracket's inside, as offset ranges (`\;` does not separate). */
function bracketParts(text: string, from: number, to: number): Array<[number, number]> {
  const parts: Array<[number, number]> = [];
  let start = from;
  for (let i = from; i < to; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ';') {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

/** `@key` alone, or with a locator in the bracket right after it: `@key [p. 4]`. */
function inTextGroup(
  text: string,
  candidate: Candidate,
  closeOf: ReadonlyMap<number, number>,
  groupOpens: ReadonlySet<number>,
  candidates: readonly Candidate[],
  base: number,
): CitationGroup {
  const gap = matchAt(LOCATOR_GAP, text, candidate.end);
  const open = gap ? candidate.end + gap[0].length : -1;
  const close = closeOf.get(open);
  // The bracket is a locator unless it is a citation itself or holds one (`@a [see @b]`).
  const inside = candidates[firstStartingAt(candidates, open + 1, startOf)];
  const isLocator = close !== undefined && !groupOpens.has(open) && !(inside !== undefined && inside.start < close);
  const inner = isLocator ? text.slice(open + 1, close) : '';
  const lead = inner.length - inner.trimStart().length;
  const end = isLocator ? close + 1 : candidate.end;
  const locatorStart = isLocator ? open + 1 + lead : candidate.end;
  return { start: base + candidate.start, end: base + end, bracketed: false, citations: [toCitation(candidate, base, '', inner.trim(), locatorStart)] };
}

function toCitation(candidate: Candidate, base: number, prefix: string, locator: string, locatorStart: number): Citation {
  return {
    key: candidate.key,
    keyStart: base + candidate.keyStart,
    keyEnd: base + candidate.keyEnd,
    start: base + candidate.start,
    end: base + candidate.end,
    suppressAuthor: candidate.suppressAuthor,
    prefix,
    locator,
    locatorStart: base + locatorStart,
  };
}
