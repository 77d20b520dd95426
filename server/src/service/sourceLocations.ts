import type { Location, Range } from 'vscode-languageserver-types';
import { LineIndex } from '../core/lineIndex';
import { originPositionAt } from '../core/textOrigin';
import type { PassageMatch } from '../core/quoteMatcher';
import type { KeyedSource } from '../core/sourceCatalog';
import { wordEndAt } from '../core/sourceLibrary';

const lineIndexes = new WeakMap<KeyedSource, LineIndex>();

function lineIndexOf(entry: KeyedSource): LineIndex {
  let index = lineIndexes.get(entry);
  if (index === undefined) {
    index = new LineIndex(entry.source.text);
    lineIndexes.set(entry, index);
  }
  return index;
}

/** The range of `[start, end)` in a source file (through its origin when the text was extracted). */
export function sourceRange(entry: KeyedSource, start: number, end: number): Range {
  const origin = entry.source.origin;
  if (origin) return { start: originPositionAt(origin, start), end: originPositionAt(origin, end) };
  const index = lineIndexOf(entry);
  return { start: index.positionAt(start), end: index.positionAt(end) };
}

/** Character offsets in the source text of a match's passage. */
export function passageOffsets(match: PassageMatch): { start: number; end: number } {
  const { starts } = match.entry.words;
  const { sourceStart, sourceEnd } = match.alignment;
  if (sourceEnd <= sourceStart) {
    const at = starts[sourceStart] ?? match.entry.source.text.length;
    return { start: at, end: at };
  }
  return { start: starts[sourceStart]!, end: wordEndAt(match.entry, sourceEnd - 1) };
}

/** Where a match's passage is, for related information and go to definition. */
export function passageLocation(match: PassageMatch): Location {
  const { start, end } = passageOffsets(match);
  return { uri: match.entry.source.uri, range: sourceRange(match.entry, start, end) };
}

/** The start of a source's quotable text, for "open source" and key definitions. */
export function sourceStartLocation(entry: KeyedSource): Location {
  const at = entry.source.bodyStart;
  return { uri: entry.source.uri, range: sourceRange(entry, at, at) };
}

/** The passage with up to `context` characters around it, cut at word boundaries. */
export function passageInContext(match: PassageMatch, context = 160): { before: string; passage: string; after: string } {
  const text = match.entry.source.text;
  const { start, end } = passageOffsets(match);
  let from = Math.max(match.entry.source.bodyStart, start - context);
  let to = Math.min(text.length, end + context);
  if (from > match.entry.source.bodyStart) from = text.indexOf(' ', from) + 1 || from;
  if (to < text.length) to = Math.max(end, text.lastIndexOf(' ', to));
  return {
    before: (from > match.entry.source.bodyStart ? '…' : '') + text.slice(from, start).trimStart(),
    passage: text.slice(start, end),
    after: text.slice(end, to).trimEnd() + (to < text.length ? '…' : ''),
  };
}
