import type { BibCreator, BibEntry } from './bibEntry';

/**
 * Verbatim's built-in author-date formatting of an entry (in the manner of APA and Chicago
 * author-date), for hover cards and completion details. CSL styles are not applied: citeproc-js is
 * CPAL/AGPL-licensed, and an editor feature must not wait on an external `pandoc --citeproc`.
 */

/** The parts of an author-date reference, as plain text; empty strings are left out by readers. */
export interface AuthorDateReference {
  /** "Müller, H., Nersisyan, G., & Azatutyun Staff" */
  readonly authors: string;
  /** "2022", or "n.d." */
  readonly year: string;
  readonly title: string;
  readonly container: string;
  /** "12–14" */
  readonly pages: string;
  /** `https://doi.org/…` for a DOI, else the URL. */
  readonly link: string;
}

/** The parts of an entry's author-date reference. */
export function authorDateReference(entry: BibEntry): AuthorDateReference {
  return {
    authors: authorList(entry.authors),
    year: yearOf(entry.issued),
    title: entry.title,
    container: entry.container,
    pages: entry.pages.replace(/--?/g, '–'),
    link: entry.doi ? `https://doi.org/${entry.doi}` : entry.url,
  };
}

/** The reference as one line of plain text: `Müller, H. (2022). Title. Container, 12–14. https://…` */
export function authorDateText(entry: BibEntry): string {
  const r = authorDateReference(entry);
  const head = r.authors ? `${r.authors} (${r.year}). ${sentence(r.title)}` : `${r.title || entry.key} (${r.year}).`;
  const where = [r.container, r.pages].filter((p) => p !== '').join(', ');
  return [head, where ? sentence(where) : '', r.link].filter((p) => p !== '').join(' ');
}

/** The in-text form: `Müller 2022`, `Müller & Smith 2022`, `Müller et al. 2022`, else the title's start. */
export function authorDateCitation(entry: BibEntry): string {
  const year = yearOf(entry.issued);
  const names = entry.authors.map(familyOf);
  if (names.length === 0) return `${shorten(entry.title || entry.key, 40)} ${year}`;
  const who = names.length === 1 ? names[0] : names.length === 2 ? `${names[0]} & ${names[1]}` : `${names[0]} et al.`;
  return `${who} ${year}`;
}

function authorList(creators: readonly BibCreator[]): string {
  const names = creators.map((c) => (c.literal ? c.literal : [c.family, initials(c.given)].filter((p) => p !== '').join(', ')));
  if (names.length <= 1) return names[0] ?? '';
  if (names.length > 20) return `${names.slice(0, 19).join(', ')}, … ${names[names.length - 1]}`;
  return `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
}

function familyOf(creator: BibCreator): string {
  return creator.literal || creator.family || creator.given;
}

/** "Hans Peter" → "H. P.", "Jean-Paul" → "J.-P." */
function initials(given: string): string {
  return given
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((word) => word.split('-').map((part) => (/^\p{L}/u.test(part) ? `${[...part][0]}.` : part)).join('-'))
    .join(' ');
}

/** The year of a date as `BibEntry.issued` has it: `2022`, `334 BC`, `2011–2013` for a range over years, else the date as written or `n.d.`. */
export function yearOf(issued: string): string {
  const years = issued.split('/').map((date) => /^(-?)0*(\d+)(?:-\d\d){0,2}$/.exec(date.trim()));
  if (years.length > 0 && years.every((m) => m !== null)) {
    const shown = years.map((m) => (m![1] === '-' ? `${m![2]} BC` : m![2]!));
    return shown[0] === shown[shown.length - 1] ? shown[0]! : `${shown[0]}–${shown[shown.length - 1]}`;
  }
  return /\d{4}/.exec(issued)?.[0] ?? (issued || 'n.d.');
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
