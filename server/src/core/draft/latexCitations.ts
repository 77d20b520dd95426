/** Reading biblatex and natbib citation commands, and the argument groups of LaTeX commands. */
import type { Citation, CitationGroup } from './citations';

/**
 * The citation command at `at` whose name ends before `after` (`\\parencite[see][12]{a,b}`, or with
 * `multi` `\\parencites(…)(…)[…]{a}[…]{b}`): one citation per key, the prenote as prefix and the
 * postnote as locator; undefined when it has no keys.
 */
export function readLatexCitation(text: string, at: number, after: number, multi: boolean): CitationGroup | undefined {
  const citations: Citation[] = [];
  let k = after;
  if (multi) {
    // Global notes `(pre)(post)`.
    for (let g = 0; g < 2; g++) {
      const o = skipBlanks(text, k);
      if (text[o] !== '(') break;
      const e = groupEnd(text, o, '(', ')');
      if (e < 0) break;
      k = e;
    }
  }
  for (;;) {
    const notes: Array<[number, number]> = [];
    let j = k;
    for (let o = skipBlanks(text, j); text[o] === '[' && notes.length < 2; o = skipBlanks(text, j)) {
      const e = groupEnd(text, o, '[', ']');
      if (e < 0) break;
      notes.push([o + 1, e - 1]);
      j = e;
    }
    const open = skipBlanks(text, j);
    if (text[open] !== '{') break;
    const close = groupEnd(text, open, '{', '}');
    if (close < 0) break;
    const pre = notes.length === 2 ? notes[0] : undefined;
    const post = notes.length === 2 ? notes[1] : notes[0];
    const prefix = pre ? noteText(text.slice(pre[0], pre[1])) : '';
    const locatorFrom = post ? post[0] + leadingBlanks(text.slice(post[0], post[1])) : close;
    const locator = post ? noteText(text.slice(post[0], post[1])) : '';
    let keyFrom = open + 1;
    for (const part of text.slice(open + 1, close - 1).split(',')) {
      const lead = leadingBlanks(part);
      const key = part.trim();
      if (key !== '') {
        const keyStart = keyFrom + lead;
        citations.push({ key, keyStart, keyEnd: keyStart + key.length, start: keyStart, end: keyStart + key.length, suppressAuthor: false, prefix, locator, locatorStart: locatorFrom });
      }
      keyFrom += part.length + 1;
    }
    k = close;
    if (!multi) break;
  }
  if (citations.length === 0) return undefined;
  return { start: at, end: k, bracketed: true, citations };
}

/** A note's text as a locator reads it: ties and thin spaces are spaces (same length). */
function noteText(note: string): string {
  return note.replace(/~/g, ' ').replace(/\\[,;: ]/g, '  ').trim();
}

function leadingBlanks(s: string): number {
  return s.length - s.trimStart().length;
}

/** Skips spaces, tabs and at most one line break. */
export function skipBlanks(text: string, at: number): number {
  let k = at;
  let lines = 0;
  while (k < text.length) {
    const c = text[k];
    if (c === ' ' || c === '\t' || c === '\r') k++;
    else if (c === '\n' && lines++ === 0) k++;
    else break;
  }
  return k;
}

/** The offset after the group opened at `text[at] === open`, or -1 when it is not closed. */
export function groupEnd(text: string, at: number, open: string, close: string): number {
  let depth = 0;
  for (let k = at; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') k++;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return k + 1;
    else if (c === '\n' && text[k + 1] === '\n' && open !== '{') return -1;
  }
  return -1;
}

export function commandNameEnd(text: string, at: number): number {
  let k = at + 1;
  while (k < text.length && /[A-Za-z@]/.test(text[k]!)) k++;
  return k;
}
