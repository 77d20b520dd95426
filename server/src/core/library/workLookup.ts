import type { SourceLibrary } from './sourceLibrary';

/** A cited work as a word processor's citation field describes it (empty strings: not given). */
export interface CitedWork {
  readonly citationKey: string;
  readonly doi: string;
  readonly title: string;
  readonly year: string;
}

/**
 * The library key of a cited work (SPEC section 2): its citation key when the library has it, else
 * the entry or source with its DOI, else the one with its title and year; undefined when none has.
 */
export function keyOfWork(library: SourceLibrary, work: CitedWork): string | undefined {
  if (work.citationKey !== '' && (library.get(work.citationKey) !== undefined || library.catalogue.get(work.citationKey) !== undefined)) return work.citationKey;
  const entries = library.catalogue.entries();
  const doi = normalDoi(work.doi);
  if (doi !== '') {
    const found = entries.find((e) => normalDoi(e.entry.doi) === doi);
    if (found) return found.entry.key;
  }
  const title = normalTitle(work.title);
  if (title === '') return undefined;
  const sameYear = (date: string): boolean => work.year === '' || date.startsWith(work.year) || date.includes(work.year);
  const entry = entries.find((e) => normalTitle(e.entry.title) === title && sameYear(e.entry.issued));
  if (entry) return entry.entry.key;
  const source = library.sources().find((s) => normalTitle(s.source.meta.title) === title && sameYear(s.source.meta.date));
  return source?.source.key;
}

function normalDoi(doi: string): string {
  return doi.trim().toLowerCase().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/, '');
}

/** A title compared by its letters and digits only, case folded. */
function normalTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
