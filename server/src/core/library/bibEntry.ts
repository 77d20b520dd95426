/**
 * A bibliography entry as Verbatim keeps it: the catalogue record of one citable work, whatever
 * form it came from (BibTeX/BibLaTeX, CSL-JSON, CSL-YAML, a draft's inline `references:`).
 */

/** One author or editor: a family and given name, or a literal name (an institution). */
export interface BibCreator {
  readonly family: string;
  readonly given: string;
  /** A name taken as a whole (`{World Health Organization}`, CSL `literal`); empty otherwise. */
  readonly literal: string;
}

/** A file an entry points at, as the bibliography wrote it (not yet resolved against the disk). */
export interface BibAttachment {
  /** The path with the field's escapes undone: absolute, or relative to the bibliography's folder. */
  readonly path: string;
  /** Zotero's attachment title ("Full Text PDF", "Snapshot"); empty when the form has none. */
  readonly title: string;
  /** MIME type when the form gives one (`application/pdf`); empty otherwise. */
  readonly mime: string;
}

/** A citable work. Empty strings mean unknown. */
export interface BibEntry {
  readonly key: string;
  /** Entry type as written (`article`, `online`, CSL `article-journal`…), lower case. */
  readonly type: string;
  /** Plain text (what is matched and searched). */
  readonly title: string;
  /** The title with its markup (`<i>`, `<sup>`, `**…**`; see `richText`), when it has any: for display. */
  readonly richTitle?: string;
  /** Authors, else editors; may be empty. */
  readonly authors: readonly BibCreator[];
  /**
   * `YYYY`, `YYYY-MM` or `YYYY-MM-DD` when known, years before 1 AD negative as CSL numbers them
   * (`-334` is 334 BC), a range as `start/end`; else the date as written.
   */
  readonly issued: string;
  /** Journal, newspaper, book or site the work appeared in. */
  readonly container: string;
  readonly pages: string;
  readonly doi: string;
  readonly url: string;
  readonly attachments: readonly BibAttachment[];
  /** 1-based line of the entry in its bibliography file (or in the draft, for inline references). */
  readonly line: number;
}

/** Something wrong with part of a bibliography; the rest of it is still used. */
export interface BibProblem {
  /** 1-based line where the broken entry (or the problem) starts. */
  readonly line: number;
  /** The entry's key when it could be read. */
  readonly key?: string;
  readonly message: string;
}

/** What reading a bibliography gives: every good entry, and one problem per broken one. */
export interface BibliographyContent {
  readonly entries: readonly BibEntry[];
  readonly problems: readonly BibProblem[];
}

/** The forms of bibliography Verbatim reads. */
export type BibliographyFormat = 'bibtex' | 'csl-json' | 'csl-yaml';

/** The form a bibliography file has, by its extension; undefined when it is not one. */
export function bibliographyFormatOf(path: string): BibliographyFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.bib') || lower.endsWith('.bibtex') || lower.endsWith('.biblatex')) return 'bibtex';
  if (lower.endsWith('.json')) return 'csl-json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'csl-yaml';
  return undefined;
}

/** A creator's name as a writer reads it: "Hans Müller", or the literal name. */
export function creatorName(creator: BibCreator): string {
  if (creator.literal !== '') return creator.literal;
  return creator.given === '' ? creator.family : creator.family === '' ? creator.given : `${creator.given} ${creator.family}`;
}

/** The creators' names joined for display ("Hans Müller, Anna Smith"); empty for none. */
export function creatorNames(creators: readonly BibCreator[]): string {
  if (creators.length === 1) return creatorName(creators[0]!);
  let names = '';
  for (const creator of creators) names = names === '' ? creatorName(creator) : `${names}, ${creatorName(creator)}`;
  return names;
}

/**
 * The fields the key search reads of the entries, lower-cased, as one text: the key, title, authors
 * (`creatorNames`) and container of entry `i`, each followed by a line break, are its fields `4i` to
 * `4i + 3`; field `f` runs from `starts[f]` to its line break at `starts[f + 1] - 1`.
 */
export interface SearchText {
  readonly text: string;
  readonly starts: Int32Array;
}

/** The entries' `SearchText`: each field lower-cased as the key search lower-cases a field it reads from an entry. */
export function searchText(entries: readonly BibEntry[]): SearchText {
  const parts: string[] = new Array<string>(entries.length * 4);
  const starts = new Int32Array(entries.length * 4 + 1);
  let at = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    parts[i * 4] = e.key;
    parts[i * 4 + 1] = e.title;
    parts[i * 4 + 2] = creatorNames(e.authors);
    parts[i * 4 + 3] = e.container;
  }
  for (let f = 0; f < parts.length; f++) {
    starts[f] = at;
    at += parts[f]!.length + 1;
  }
  starts[parts.length] = at;
  // Lower-cased at once (a field's line break is no letter: no field's lower case depends on its
  // neighbours), unless that changes a length (`İ` lower-cases to two characters): then field by field.
  const text = `${parts.join('\n')}\n`.toLowerCase();
  if (text.length === at) return { text, starts };
  at = 0;
  for (let f = 0; f < parts.length; f++) {
    parts[f] = `${parts[f]!.toLowerCase()}\n`;
    starts[f] = at;
    at += parts[f]!.length;
  }
  starts[parts.length] = at;
  return { text: parts.join(''), starts };
}
