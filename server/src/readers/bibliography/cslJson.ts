import { LineIndex } from '../../core/text/lineIndex';
import type { BibEntry, BibProblem, BibliographyContent } from '../../core/library/bibEntry';
import { cslItemEntry } from './cslItem';

/**
 * A CSL-JSON bibliography (an array of items; Better BibTeX's and Zotero's "CSL JSON" export).
 * When the JSON is broken, each top-level item is read on its own, so one bad item costs itself.
 */
export function readCslJson(text: string): BibliographyContent {
  const lines = new LineIndex(text);
  const lineOf = (offset: number): number => lines.positionAt(offset).line + 1;
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return readItemByItem(text, lineOf, (error as Error).message);
  }
  const items = Array.isArray(data) ? data : isObject(data) && Array.isArray(data['items']) ? (data['items'] as unknown[]) : undefined;
  if (items === undefined) return { entries: [], problems: [{ line: 1, message: 'not a CSL-JSON bibliography (expected an array of items)' }] };
  const offsets = idOffsets(text);
  return entriesOf(items.map((item, k) => ({ item, line: lineOf(offsets[k] ?? 0) })), false);
}

/** Offsets of each item's `"id"` in document order (JSON.parse keeps no positions). */
function idOffsets(text: string): number[] {
  return [...text.matchAll(/"id"\s*:/g)].map((m) => m.index);
}

function readItemByItem(text: string, lineOf: (offset: number) => number, why: string): BibliographyContent {
  const pieces = topLevelObjects(text);
  const problems: BibProblem[] = [];
  const items: Array<{ item: unknown; line: number }> = [];
  for (const piece of pieces) {
    try {
      items.push({ item: JSON.parse(text.slice(piece.start, piece.end)), line: lineOf(piece.start) });
    } catch (error) {
      const key = /"id"\s*:\s*"([^"]*)"/.exec(text.slice(piece.start, piece.end))?.[1];
      problems.push({ line: lineOf(piece.start), ...(key ? { key } : {}), message: `broken item${key ? ` ${key}` : ''}: ${(error as Error).message}` });
    }
  }
  if (pieces.length === 0) problems.push({ line: 1, message: `not valid JSON: ${why}` });
  const read = entriesOf(items, false);
  return { entries: read.entries, problems: [...problems, ...read.problems].sort((a, b) => a.line - b.line) };
}

/** The `{…}` objects directly inside the top-level array, found by brace depth outside strings. */
function topLevelObjects(text: string): Array<{ start: number; end: number }> {
  const pieces: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      else if (c === '\n') inString = false; // a string never spans lines in JSON: recover here
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') {
      if (depth === 1 || (depth === 0 && pieces.length === 0 && start === -1 && text.trimStart()[0] === '{')) start = i;
      depth++;
    } else if (c === '}') {
      depth--;
      if (depth === 1 && start >= 0) {
        pieces.push({ start, end: i + 1 });
        start = -1;
      }
    } else if (c === '[' && depth === 0) depth = 1;
    else if (c === '\n' && start >= 0 && depth >= 2 && /^\s*\{\s*"id"/.test(text.slice(i + 1, i + 40))) {
      // An item that never closed: the next line opens a new one.
      pieces.push({ start, end: i });
      depth = 1;
      start = -1;
    }
  }
  return pieces;
}

/**
 * Entries from items with their lines; items without an id are problems; first of a key wins.
 * `markdown`: titles are Pandoc's Markdown (CSL-YAML), not citeproc-js's HTML-like tags.
 */
export function entriesOf(items: ReadonlyArray<{ item: unknown; line: number }>, markdown: boolean): BibliographyContent {
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [];
  const seen = new Map<string, number>();
  for (const { item, line } of items) {
    const entry = cslItemEntry(item, line, markdown);
    if ('reason' in entry) {
      problems.push({ line, message: `skipped ${entry.reason}` });
      continue;
    }
    const first = seen.get(entry.key);
    if (first !== undefined) {
      problems.push({ line, key: entry.key, message: `duplicate key ${entry.key} (first at line ${first}); this item is ignored` });
      continue;
    }
    seen.set(entry.key, line);
    entries.push(entry);
  }
  return { entries, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
