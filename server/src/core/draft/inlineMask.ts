/**
 * Finds the inline parts of a Markdown paragraph that hold no prose — code spans, raw HTML, autolinks,
 * link and image destinations — following CommonMark's precedence, in one left-to-right pass.
 * Link text and image alt text stay: Pandoc cites inside both.
 */

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const AUTOLINK_URI = /<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>/y;
const AUTOLINK_EMAIL = /<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*>/y;
const OPEN_TAG = /<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>/y;
const CLOSING_TAG = /<\/[A-Za-z][A-Za-z0-9-]*\s*>/y;
const DECLARATION = /<![A-Za-z][^>]*>/y;

/** Ranges `[from, to)` of `text` to mask, in order; `text` is one block's source. */
export function inlineMaskRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const runs = backtickRuns(text);
  // For each run, the next run of the same length (its possible closer), found in one pass.
  const nextSame = new Int32Array(runs.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let k = runs.length - 1; k >= 0; k--) {
    nextSame[k] = lastOfLength.get(runs[k]!.length) ?? -1;
    lastOfLength.set(runs[k]!.length, k);
  }
  const openers: Array<{ at: number; image: boolean }> = [];
  const closes = new Map<string, number>(); // terminator → first index at or after the last search
  const findFrom = (needle: string, from: number): number => {
    const known = closes.get(needle);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const found = text.indexOf(needle, from);
    closes.set(needle, found);
    return found;
  };
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && ASCII_PUNCT.test(text[i + 1] ?? '')) {
      i++;
      continue;
    }
    if (c === '`') {
      while (run < runs.length && runs[run]!.start < i) run++;
      const opener = runs[run];
      if (opener === undefined || opener.start !== i) continue;
      const closer = runs[nextSame[run]!];
      if (closer === undefined) {
        i = opener.start + opener.length - 1; // literal backticks
        continue;
      }
      ranges.push([i, closer.start + closer.length]);
      i = closer.start + closer.length - 1;
      continue;
    }
    if (c === '<') {
      const end = htmlEnd(text, i, findFrom);
      if (end !== undefined) {
        ranges.push([i, end]);
        i = end - 1;
      }
      continue;
    }
    if (c === '[') {
      openers.push({ at: i, image: text[i - 1] === '!' && !isEscaped(text, i - 1) });
      continue;
    }
    if (c === ']') {
      const opener = openers.pop();
      if (opener === undefined || text[i + 1] !== '(') continue;
      const end = destinationEnd(text, i + 2);
      if (end === undefined) continue;
      if (text.slice(opener.at + 1, i).trim() === '') {
        ranges.push([opener.image ? opener.at - 1 : opener.at, end]);
      } else {
        if (opener.image) ranges.push([opener.at - 1, opener.at]);
        ranges.push([i, end]);
      }
      // Links may not contain links: brackets opened inside this one are closed with it.
      openers.length = openers.filter((o) => o.at < opener.at).length;
      i = end - 1;
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

interface Run {
  readonly start: number;
  readonly length: number;
}

/** Backtick runs, each with its length; a backslash-escaped backtick starts no run. */
function backtickRuns(text: string): Run[] {
  const runs: Run[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '`') continue;
    let start = i;
    if (isEscaped(text, i)) start = i + 1;
    let end = i;
    while (text[end] === '`') end++;
    if (end > start) runs.push({ start, length: end - start });
    i = end - 1;
  }
  return runs;
}

function isEscaped(text: string, at: number): boolean {
  let backslashes = 0;
  for (let k = at - 1; k >= 0 && text[k] === '\\'; k--) backslashes++;
  return backslashes % 2 === 1;
}

/** End of raw HTML or an autolink starting at `<`, or undefined when it is a plain `<`. */
function htmlEnd(text: string, at: number, findFrom: (needle: string, from: number) => number): number | undefined {
  for (const re of [AUTOLINK_URI, AUTOLINK_EMAIL, OPEN_TAG, CLOSING_TAG]) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (m) return at + m[0].length;
  }
  if (text.startsWith('<!--', at)) {
    if (text.startsWith('<!-->', at)) return at + 5;
    if (text.startsWith('<!--->', at)) return at + 6;
    const close = findFrom('-->', at + 4);
    return close < 0 ? undefined : close + 3;
  }
  if (text.startsWith('<?', at)) {
    const close = findFrom('?>', at + 2);
    return close < 0 ? undefined : close + 2;
  }
  if (text.startsWith('<![CDATA[', at)) {
    const close = findFrom(']]>', at + 9);
    return close < 0 ? undefined : close + 3;
  }
  DECLARATION.lastIndex = at;
  const m = DECLARATION.exec(text);
  return m ? at + m[0].length : undefined;
}

/** End (after `)`) of an inline link's `(destination "title")` starting after `(`, or undefined. */
function destinationEnd(text: string, from: number): number | undefined {
  let i = skipSpace(text, from);
  if (text[i] === '<') {
    for (i++; i < text.length && text[i] !== '>'; i++) {
      if (text[i] === '\n' || text[i] === '<') return undefined;
      if (text[i] === '\\') i++;
    }
    if (text[i] !== '>') return undefined;
    i++;
  } else {
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\' && ASCII_PUNCT.test(text[i + 1] ?? '')) i++;
      else if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (/[\s\u0000-\u001f]/.test(c)) break;
    }
    if (depth !== 0) return undefined;
  }
  const afterDestination = i;
  i = skipSpace(text, i);
  const quote = text[i];
  if (i > afterDestination && (quote === '"' || quote === "'" || quote === '(')) {
    const close = quote === '(' ? ')' : quote;
    for (i++; i < text.length && text[i] !== close; i++) if (text[i] === '\\') i++;
    if (text[i] !== close) return undefined;
    i = skipSpace(text, i + 1);
  }
  return text[i] === ')' ? i + 1 : undefined;
}

/** Skips spaces and tabs with at most one line break. */
function skipSpace(text: string, i: number): number {
  let newlines = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || (text[i] === '\n' && newlines++ === 0))) i++;
  return i;
}
