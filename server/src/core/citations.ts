import type { TextBlock } from './markdownBlocks';

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
}

/** A bracketed citation `[see @a; @b, p. 2]` or an in-text one `@a [p. 4]`: keys cited together. */
export interface CitationGroup {
  readonly start: number;
  readonly end: number;
  readonly bracketed: boolean;
  readonly citations: readonly Citation[];
}

const KEY_START = /[\p{L}\p{N}_]/u;
const KEY_CHAR = /[\p{L}\p{N}_]/u;
const KEY_PUNCT = ':.#$%&-+?<>~/';

/** Reads a citation key starting at `at` (just after `@`); undefined when there is none. */
export function readKey(text: string, at: number): { key: string; end: number; keyStart: number; keyEnd: number } | undefined {
  if (text[at] === '{') {
    // Braced keys: anything but white space, with balanced braces.
    let depth = 0;
    for (let i = at; i < text.length; i++) {
      const c = text[i]!;
      if (/\s/.test(c)) return undefined;
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        return i > at + 1 ? { key: text.slice(at + 1, i), end: i + 1, keyStart: at + 1, keyEnd: i } : undefined;
      }
    }
    return undefined;
  }
  if (!KEY_START.test(charAt(text, at))) return undefined;
  let i = at + charAt(text, at).length;
  for (;;) {
    const c = charAt(text, i);
    if (c !== '' && KEY_CHAR.test(c)) {
      i += c.length;
    } else if (c !== '' && KEY_PUNCT.includes(c) && KEY_CHAR.test(charAt(text, i + 1))) {
      i += 1;
    } else if ((c === ':' || c === '/') && text[i + 1] === '/') {
      i += 1;
    } else {
      break;
    }
  }
  return { key: text.slice(at, i), end: i, keyStart: at, keyEnd: i };
}

function charAt(text: string, i: number): string {
  const code = text.codePointAt(i);
  return code === undefined ? '' : String.fromCodePoint(code);
}

/** A key may not follow a word character (`name@example.com` is an address, not a citation). */
function mayStartCitation(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text[at - 1]!;
  if (before === '\\') return false;
  return !/[\p{L}\p{N}_]/u.test(before) && !/[\p{L}\p{N}_]/u.test(lastCodePoint(text, at));
}

function lastCodePoint(text: string, at: number): string {
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) return text.slice(at - 2, at);
  return text[at - 1] ?? '';
}

/** Finds the citations of one block, bracketed first, then in-text ones outside brackets. */
export function findCitations(block: TextBlock): CitationGroup[] {
  const text = block.masked;
  const base = block.start;
  const groups: CitationGroup[] = [];
  const taken: Array<[number, number]> = [];

  for (const [open, close] of bracketPairs(text)) {
    const group = parseBracket(text, open, close, base);
    if (group !== undefined) {
      groups.push(group);
      taken.push([open, close + 1]);
    }
  }

  const at = /-?@/g;
  for (let m = at.exec(text); m !== null; m = at.exec(text)) {
    const start = m.index;
    if (taken.some(([from, to]) => start >= from && start < to)) continue;
    if (!mayStartCitation(text, start)) continue;
    const keyAt = start + m[0].length;
    const key = readKey(text, keyAt);
    if (key === undefined) continue;
    let end = key.end;
    let locator = '';
    // `@key [p. 4]`: a bracket right after the key is its locator, unless it is a citation itself.
    const loc = /^[ \t]?\[([^\[\]@]*)\]/.exec(text.slice(key.end));
    if (loc && !taken.some(([from]) => from === key.end + loc[0].indexOf('['))) {
      locator = loc[1]!.trim();
      end = key.end + loc[0].length;
    }
    at.lastIndex = key.end;
    groups.push({
      start: base + start,
      end: base + end,
      bracketed: false,
      citations: [
        {
          key: key.key,
          keyStart: base + key.keyStart,
          keyEnd: base + key.keyEnd,
          start: base + start,
          end: base + key.end,
          suppressAuthor: m[0].startsWith('-'),
          prefix: '',
          locator,
        },
      ],
    });
  }
  return groups.sort((a, b) => a.start - b.start);
}

/** Innermost-first pairs of matching square brackets within one block. */
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
  // Outer brackets that contain an accepted inner citation are not citations themselves.
  return pairs;
}

function parseBracket(text: string, open: number, close: number, base: number): CitationGroup | undefined {
  const inner = text.slice(open + 1, close);
  if (!inner.includes('@') || inner.includes('[') || inner.includes(']')) return undefined;
  // A bracket followed by `(` or `[` is a link, not a citation.
  if (text[close + 1] === '(' || text[close + 1] === '[') return undefined;
  const citations: Citation[] = [];
  let partStart = open + 1;
  for (const part of inner.split(';')) {
    const citation = parseBracketItem(text, partStart, partStart + part.length, base);
    if (citation === undefined) return undefined;
    citations.push(citation);
    partStart += part.length + 1;
  }
  return { start: base + open, end: base + close + 1, bracketed: true, citations };
}

function parseBracketItem(text: string, from: number, to: number, base: number): Citation | undefined {
  const part = text.slice(from, to);
  const re = /-?@/g;
  for (let m = re.exec(part); m !== null; m = re.exec(part)) {
    const start = from + m.index;
    if (!mayStartCitation(text, start) && start !== from) continue;
    const key = readKey(text, start + m[0].length);
    if (key === undefined || key.end > to) continue;
    const locator = text.slice(key.end, to).replace(/^\s*,?\s*/, '').trim();
    return {
      key: key.key,
      keyStart: base + key.keyStart,
      keyEnd: base + key.keyEnd,
      start: base + start,
      end: base + key.end,
      suppressAuthor: m[0].startsWith('-'),
      prefix: text.slice(from, start).trim(),
      locator,
    };
  }
  return undefined;
}
