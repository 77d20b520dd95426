import * as path from 'node:path';
import type { SourceLibrary } from '../core/sourceLibrary';

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
  const skipped = library.skipped().length;
  lines.push(`${library.size} source${library.size === 1 ? '' : 's'}${skipped > 0 ? `, ${skipped} skipped` : ''}`);
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
    },
    null,
    2,
  )}\n`;
}
