import type { BibCreator, BibEntry } from '../../core/library/bibEntry';
import { parseFileField } from './fileField';
import { markdownTitleToHtml, mayHoldMarkup, richTextPlain } from '../../core/library/richText';

/**
 * One CSL item (CSL-JSON, CSL-YAML, a draft's inline `references:`) as a catalogue entry. CSL
 * dates come in several shapes: `{date-parts: [[2016, 3]]}`, `{raw: "2016-03"}`, `{literal: …}`,
 * Better BibTeX's YAML `[{year: 2016, month: 3}]`, or a plain string or number.
 */

/**
 * The entry of a CSL item, or the reason it cannot be one (no `id`). A `markdown` item's title is
 * Pandoc's Markdown (CSL-YAML); otherwise it holds citeproc-js's HTML-like tags only.
 */
export function cslItemEntry(item: unknown, line: number, markdown: boolean): BibEntry | { readonly reason: string } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return { reason: 'an item that is not an object' };
  const fields = item as Record<string, unknown>;
  const id = fields['id'] ?? fields['citation-key'];
  if ((typeof id !== 'string' || id.trim() === '') && typeof id !== 'number') return { reason: `an item without an "id"${typeof fields['title'] === 'string' ? ` (title "${fields['title']}")` : ''}` };
  const authors = creators(fields['author']);
  const rich = markdown ? markdownTitleToHtml(text(fields['title'])) : text(fields['title']);
  const title = richTextPlain(rich);
  return {
    key: String(id).trim(),
    type: text(fields['type']).toLowerCase(),
    title,
    ...(mayHoldMarkup(rich) && title !== rich ? { richTitle: rich } : {}),
    authors: authors.length > 0 ? authors : creators(fields['editor']),
    issued: cslDate(fields['issued']),
    container: text(fields['container-title']) || text(fields['collection-title']) || text(fields['publisher']),
    pages: text(fields['page']),
    doi: text(fields['DOI'] ?? fields['doi']),
    url: text(fields['URL'] ?? fields['url']),
    attachments: parseFileField(text(fields['file'])),
    line,
  };
}

function text(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number') return String(value);
  return '';
}

function creators(value: unknown): BibCreator[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((creator): BibCreator[] => {
    if (typeof creator === 'string') return [{ family: '', given: '', literal: creator.trim() }];
    if (creator === null || typeof creator !== 'object') return [];
    const c = creator as Record<string, unknown>;
    const family = [text(c['non-dropping-particle']), text(c['family'])].filter((p) => p !== '').join(' ');
    const given = [text(c['given']), text(c['dropping-particle'])].filter((p) => p !== '').join(' ');
    const literal = text(c['literal']);
    if (family === '' && given === '' && literal === '') return [];
    return [{ family: family + (text(c['suffix']) ? `, ${text(c['suffix'])}` : ''), given, literal }];
  });
}

/** A CSL date as `YYYY[-MM[-DD]]`, or its text as written; '' when absent. */
export function cslDate(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value.trim();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (Array.isArray(value)) return value.length > 0 ? cslDate(value[0]) : '';
  if (value === null || typeof value !== 'object') return '';
  const date = value as Record<string, unknown>;
  const parts = date['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) {
    // A range: `[[2011], [2013]]`.
    const dates = parts.slice(0, 2).map((p) => (Array.isArray(p) ? dateOf(p as unknown[]) : '')).filter((d) => d !== '');
    return dates.length === 2 && dates[0] !== dates[1] ? `${dates[0]}/${dates[1]}` : (dates[0] ?? '');
  }
  if ('year' in date) return dateOf([date['year'], date['month'], date['day']]);
  return text(date['raw']) || text(date['literal']);
}

function dateOf(parts: readonly unknown[]): string {
  const numbers = parts.map((p) => (typeof p === 'number' ? p : typeof p === 'string' && /^-?\d+$/.test(p.trim()) ? Number(p) : undefined));
  const [year, month, day] = numbers;
  if (year === undefined) return '';
  let out = String(year);
  if (month !== undefined && month >= 1 && month <= 12) {
    out += `-${String(month).padStart(2, '0')}`;
    if (day !== undefined && day >= 1 && day <= 31) out += `-${String(day).padStart(2, '0')}`;
  }
  return out;
}
