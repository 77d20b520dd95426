import * as path from 'node:path';
import type { SourceLibrary } from '../core/library/sourceLibrary';

/** `verbatim sources` as text: one line per source, then skipped files and key clashes. */
export function formatSourcesText(library: SourceLibrary): string {
  const lines: string[] = [];
  for (const { source } of library.sources()) {
    const facts = [source.meta.outlet, source.meta.date, `${source.wordCount} words`].filter((f) => f !== '');
    lines.push(`@${source.key}  ${source.meta.title || '(no title)'}  [${facts.join(', ')}]  ${source.path}`);
    for (const warning of source.warnings) lines.push(`  warning: ${warning}`);
  }
  for (const skipped of library.skipped()) lines.push(`skipped ${skipped.path}: ${skipped.reason}`);
  for (const clash of library.clashes()) {
    lines.push(`duplicate key @${clash.key}: using ${clash.used}, ignoring ${clash.ignored.join(', ')}`);
  }
  for (const bibliography of library.catalogue.bibliographies()) {
    const noText = Object.entries(bibliography.noText);
    const withText = bibliography.entries.length - noText.length;
    lines.push(`bibliography ${bibliography.path}: ${bibliography.entries.length} entr${bibliography.entries.length === 1 ? 'y' : 'ies'}, ${withText} with full text${bibliography.problems.length > 0 ? `, ${bibliography.problems.length} broken or unusable` : ''}`);
    const titles = new Map(bibliography.entries.map((e) => [e.key, e.title]));
    for (const [key, reason] of noText) lines.push(`  @${key}  ${titles.get(key) || '(no title)'}  no full text: ${reason}`);
    for (const problem of bibliography.problems) lines.push(`  ${bibliography.path}${problem.line > 0 ? `:${problem.line}` : ''}: ${problem.message}`);
  }
  for (const clash of library.catalogue.clashes()) {
    lines.push(`duplicate key @${clash.key} in bibliographies: using ${clash.used}, ignoring ${clash.ignored.join(', ')}`);
  }
  const skipped = library.skipped().length;
  const entries = library.catalogue.size > 0 ? `, ${library.catalogue.size} bibliography entr${library.catalogue.size === 1 ? 'y' : 'ies'}` : '';
  lines.push(`${library.size} source${library.size === 1 ? '' : 's'}${entries}${skipped > 0 ? `, ${skipped} skipped` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** `verbatim sources --format json`: sources, skipped files and clashes. */
export function formatSourcesJson(library: SourceLibrary, cwd: string): string {
  const rel = (file: string): string => (path.isAbsolute(file) ? path.relative(cwd, file) : file);
  return `${JSON.stringify(
    {
      sources: library.sources().map(({ source }) => ({
        key: source.key,
        file: rel(source.path),
        title: source.meta.title,
        author: source.meta.author,
        outlet: source.meta.outlet,
        date: source.meta.date,
        url: source.meta.url,
        words: source.wordCount,
        warnings: source.warnings,
      })),
      skipped: library.skipped().map((s) => ({ file: rel(s.path), reason: s.reason })),
      clashes: library.clashes(),
      bibliographies: library.catalogue.bibliographies().map((b) => ({
        file: rel(b.path),
        format: b.format,
        entries: b.entries.map((e) => ({
          key: e.key,
          line: e.line,
          title: e.title,
          // As CSL-JSON writes names: family and given, or a literal (an institution).
          authors: e.authors.map((a) => (a.literal ? { literal: a.literal } : { family: a.family, given: a.given })),
          issued: e.issued,
          fullText: library.get(e.key)?.source.path ?? null,
          ...(b.noText[e.key] !== undefined ? { noFullText: b.noText[e.key] } : {}),
        })),
        problems: b.problems,
      })),
    },
    null,
    2,
  )}\n`;
}
