import type { Location, Range } from 'vscode-languageserver-types';
import { LineIndex } from '../core/text/lineIndex';
import { originPositionAt } from '../core/text/textOrigin';
import { pageIndexAt } from '../core/library/pages';
import type { Source } from '../core/library/source';
import { pageDocumentUri } from '../../../protocol/src/uriSchemes';
import type { PassageMatch } from '../core/match/quoteMatcher';
import type { KeyedSource } from '../core/library/sourceHeads';
import { wordEndAt } from '../core/library/sourceLibrary';

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

/**
 * How a client can show a source whose text was extracted page by page (a PDF): `pages` when it
 * opens page documents (`verbatim-pdf:`, VS Code), else `file`: the file's URI with `#page=N`.
 */
export type SourceView = 'pages' | 'file';

/** Whether a source is shown page by page: its text is extracted with pages and maps to no file lines. */
export function isPagedSource(source: Source): boolean {
  return source.format !== 'text' && source.origin === undefined && source.pages !== undefined;
}

/** Where `[start, end)` of a source is, as the client can open it. */
export function sourceLocation(entry: KeyedSource, start: number, end: number, view: SourceView = 'file'): Location {
  const { source } = entry;
  const pages = source.pages;
  if (pages && isPagedSource(source)) {
    const page = Math.max(0, pageIndexAt(pages, start));
    if (view === 'file') return { uri: `${source.uri}#page=${page + 1}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    return { uri: pageDocumentUri({ source: source.uri, page, label: pages.labels[page]! }), range: pageRange(entry, page, start, end) };
  }
  return { uri: source.uri, range: sourceRange(entry, start, end) };
}

/** The range of `[start, end)` within the text of page `page` (pages start at line starts). */
export function pageRange(entry: KeyedSource, page: number, start: number, end: number): Range {
  const index = lineIndexOf(entry);
  const first = index.positionAt(entry.source.pages!.starts[page]!).line;
  const a = index.positionAt(start);
  const b = index.positionAt(end);
  return { start: { line: a.line - first, character: a.character }, end: { line: b.line - first, character: b.character } };
}

/** The text of page `page` of a paged source, as its page document shows it. */
export function pageText(source: Source, page: number): string | undefined {
  const starts = source.pages?.starts;
  if (starts === undefined || page < 0 || page >= starts.length) return undefined;
  return source.text.slice(starts[page], starts[page + 1] ?? source.text.length).trimEnd() + '\n';
}

/** Where a match's passage is, for related information and go to definition. */
export function passageLocation(match: PassageMatch, view: SourceView = 'file'): Location {
  const { start, end } = passageOffsets(match);
  return sourceLocation(match.entry, start, end, view);
}

/** The start of a source's quotable text, for "open source" and key definitions. */
export function sourceStartLocation(entry: KeyedSource, view: SourceView = 'file'): Location {
  const at = entry.source.bodyStart;
  return sourceLocation(entry, at, at, view);
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
