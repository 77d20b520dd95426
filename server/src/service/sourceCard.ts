import { authorDateReference } from '../core/library/authorDate';
import { richTextMarkdown } from '../core/library/richText';
import { isIndexed, type KeyedSource } from '../core/library/sourceHeads';
import { noTextReason, type Citable } from './citables';

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
  // A source head (read before indexing) has no word count yet.
  const words = isIndexed(entry) ? `${entry.source.wordCount.toLocaleString('en-US')} words` : 'still indexing';
  lines.push(`\`@${key}\` · ${words} · \`${options.fileLabel ?? path}\``, '');
  if (meta.url) lines.push(`<${meta.url}>`, '');
  // A restart's source heads have no text yet (it stays in the index file until the load ends).
  const opening = openingLines(entry);
  if (opening !== '') lines.push(`> ${escapeMarkdown(opening)}`);
  return lines.join('\n');
}

/** Escapes Markdown syntax in plain text shown inside Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`);
}

/**
 * The card of a bibliography entry: its author-date reference (built-in formatting, see
 * `authorDate`), where it comes from, and its full text's opening lines, or why it has none.
 */
export function entryCard(citable: Citable): string {
  const catalogued = citable.entry!;
  const { entry, bibliography } = catalogued;
  const r = authorDateReference(entry);
  // The title with its own formatting (italics, superscripts, small caps: `richText`).
  const shownTitle = richTextMarkdown(entry.richTitle ?? r.title, escapeMarkdown);
  const head = r.authors ? `**${escapeMarkdown(r.authors)} (${r.year}).**` : `**${r.title ? shownTitle : escapeMarkdown(entry.key)}** (${r.year}).`;
  const title = r.authors && r.title ? ` ${shownTitle}${/[.!?]$/.test(r.title) ? '' : '.'}` : '';
  const where = [r.container && `*${escapeMarkdown(r.container)}*`, r.pages && `${r.pages.includes('–') ? 'pp.' : 'p.'} ${escapeMarkdown(r.pages)}`].filter((p) => p).join(', ');
  const lines = [`${head}${title}${where ? ` ${where}.` : ''}${r.link ? ` <${r.link}>` : ''}`, ''];
  const origin = bibliography.format === 'inline' ? 'inline reference' : `${bibliography.path}:${entry.line}`;
  const facts = [`\`@${entry.key}\``, entry.type, `\`${escapeMarkdown(origin)}\``].filter((f) => f);
  lines.push(facts.join(' · '), '');
  const source = citable.source;
  if (source) {
    const words = isIndexed(source) ? `${source.source.wordCount.toLocaleString('en-US')} words` : 'still indexing';
    lines.push(`Full text: \`${source.source.path}\` · ${words}`, '');
    lines.push(`> ${escapeMarkdown(openingLines(source))}`);
  } else {
    lines.push(`*No full text* (${escapeMarkdown(noTextReason(citable) ?? '')}): quotes citing it cannot be checked.`);
  }
  return lines.join('\n');
}

/** The card of whatever a key names: an entry's card, else the source card. */
export function citableCard(citable: Citable): string {
  return citable.entry ? entryCard(citable) : sourceCard(citable.source!);
}
