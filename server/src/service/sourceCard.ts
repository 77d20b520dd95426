import { isIndexed, type KeyedSource } from '../core/sourceCatalog';

/** One line naming a source: `Title — Outlet, 2022-11-01`. */
export function sourceSummary(entry: KeyedSource): string {
  const { title, outlet, date } = entry.source.meta;
  const where = [outlet, date].filter((part) => part !== '').join(', ');
  return [title || entry.source.key, where].filter((part) => part !== '').join(' — ');
}

/** The first words of the article, about `maxChars` long. */
export function openingLines(entry: KeyedSource, maxChars = 280): string {
  const body = entry.source.text.slice(entry.source.bodyStart, entry.source.bodyStart + maxChars * 3);
  // The title is shown already: leave its line out of the preview.
  const title = entry.source.meta.title;
  const lines = body.split(/\r?\n/).filter((line) => title === '' || line.trim() !== title);
  const flat = lines.join(' ').replace(/\s+/g, ' ').trim();
  if (flat.length <= maxChars) return flat;
  const cut = flat.lastIndexOf(' ', maxChars);
  return `${flat.slice(0, cut > 0 ? cut : maxChars)} …`;
}

/** A Markdown card for hovers and completion documentation. */
export function sourceCard(entry: KeyedSource, options: { fileLabel?: string } = {}): string {
  const { meta, key, path } = entry.source;
  const lines = [`**${escapeMarkdown(meta.title || key)}**`, ''];
  const facts = [
    meta.author && `by ${escapeMarkdown(meta.author)}`,
    meta.outlet && escapeMarkdown(meta.outlet),
    meta.date,
  ].filter((fact) => fact);
  if (facts.length > 0) lines.push(facts.join(' · '), '');
  // A catalog entry (read before indexing) has no word count yet.
  const words = isIndexed(entry) ? `${entry.source.wordCount.toLocaleString('en-US')} words` : 'still indexing';
  lines.push(`\`@${key}\` · ${words} · \`${options.fileLabel ?? path}\``, '');
  if (meta.url) lines.push(`<${meta.url}>`, '');
  lines.push(`> ${escapeMarkdown(openingLines(entry))}`);
  return lines.join('\n');
}

/** Escapes Markdown syntax in plain text shown inside Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}
