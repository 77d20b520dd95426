import type { BibCreator, BibEntry, BibProblem, BibliographyContent } from '../../core/library/bibEntry';

/**
 * A Hayagriva bibliography (Typst's YAML form): a mapping from citation keys to entries with
 * `type`, `title`, `author` (`Last, First`, a list of them, or `{name, given-name}`), `editor`,
 * `date`, `parent` (the container: a journal, a newspaper, a site), `page-range`, `url` (a string or
 * `{value}`), `serial-number` (a string or `{doi, isbn, …}`). Never throws.
 */
export function hayagrivaEntries(data: ReadonlyMap<string, { value: unknown; line: number }>): BibliographyContent {
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [];
  for (const [key, { value, line }] of data) {
    if (!isRecord(value)) {
      problems.push({ line, key, message: `entry "${key}" is not a mapping of fields` });
      continue;
    }
    const parent = firstRecord(value['parent']);
    const creators = creatorsOf(value['author']);
    const serial = value['serial-number'];
    entries.push({
      key,
      type: text(value['type']).toLowerCase(),
      title: titleOf(value['title']),
      authors: creators.length > 0 ? creators : creatorsOf(value['editor']),
      issued: dateOf(value['date'] ?? parent?.['date']),
      container: parent ? titleOf(parent['title']) : '',
      pages: text(value['page-range']),
      doi: isRecord(serial) ? text(serial['doi']) : '',
      url: urlOf(value['url']),
      attachments: [],
      line,
    });
  }
  return { entries, problems };
}

/** Whether a parsed YAML mapping looks like Hayagriva: keys mapped to mappings of fields (none named `references`). */
export function looksLikeHayagriva(data: Readonly<Record<string, unknown>>): boolean {
  const values = Object.entries(data);
  return values.length > 0 && !('references' in data) && values.every(([, v]) => isRecord(v)) && values.some(([, v]) => 'type' in (v as object) || 'title' in (v as object));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function firstRecord(value: unknown): Record<string, unknown> | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return isRecord(first) ? first : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** A title: a string, or `{value, short}`. */
function titleOf(value: unknown): string {
  return isRecord(value) ? text(value['value']) : text(value);
}

function urlOf(value: unknown): string {
  return isRecord(value) ? text(value['value']) : text(value);
}

/** A date: `2020`, `2020-03`, `2020-03-14` (YAML may have read it as a number or a Date). */
function dateOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return text(value);
}

/** `Rowling, J. K.`, a list of such names, or `{name, given-name}` mappings. */
function creatorsOf(value: unknown): BibCreator[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const creators: BibCreator[] = [];
  for (const person of list) {
    if (isRecord(person)) {
      creators.push({ family: text(person['name']), given: text(person['given-name']), literal: '' });
    } else {
      const name = text(person);
      if (name === '') continue;
      const comma = name.indexOf(',');
      creators.push(comma < 0 ? { family: '', given: '', literal: name } : { family: name.slice(0, comma).trim(), given: name.slice(comma + 1).trim(), literal: '' });
    }
  }
  return creators;
}
