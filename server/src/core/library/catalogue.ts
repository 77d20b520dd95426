import type { BibEntry, BibliographyFormat, BibProblem, SearchText } from './bibEntry';

/**
 * The library's catalogue: the entries of every bibliography in use (SPEC section 1). An entry is
 * citable whether or not its full text is in the library; the full text, when there is one, is a
 * source with the entry's key. Pure data: the node layer reads the files and resolves attachments.
 */

/** One bibliography as read: its entries, its broken parts, and why entries have no full text. */
export interface Bibliography {
  /** A `file:` URI, or the draft's URI for inline `references:`. */
  readonly uri: string;
  /** Path shown to writers. */
  readonly path: string;
  readonly format: BibliographyFormat | 'inline';
  readonly entries: readonly BibEntry[];
  readonly problems: readonly BibProblem[];
  /** False while only the fast key pass has read it (the full parse is pending). */
  readonly complete: boolean;
  /** Key → why the entry has no full text ("attachment storage/X/a.pdf is missing"). */
  readonly noText: Readonly<Record<string, string>>;
  /**
   * Why an entry without a full text has none when `noText` does not name it: one reason for all of
   * them, while their full texts are still being looked for. Absent: `noText` names every such entry.
   */
  readonly noTextOtherwise?: string;
  /**
   * What the key search reads of the entries, lower-cased already (`searchText`), when it was kept
   * with them (the parsed-bibliography cache keeps it): a restart's first search lower-cases nothing.
   * It describes `entries`, the very array it names: a bibliography whose entries were replaced has none.
   */
  readonly searchFields?: SearchFields;
}

/** The entries' `searchText`, with the entries it was made from. */
export interface SearchFields extends SearchText {
  readonly entries: readonly BibEntry[];
}

/** The bibliography's search fields, when they describe its entries; undefined otherwise. */
export function searchFieldsOf(bibliography: Bibliography): SearchFields | undefined {
  const fields = bibliography.searchFields;
  return fields !== undefined && fields.entries === bibliography.entries ? fields : undefined;
}

/** An entry with the bibliography it comes from. */
export interface CatalogueEntry {
  readonly entry: BibEntry;
  readonly bibliography: Bibliography;
}

/** A key in two bibliographies (or twice in one): the first in order is used. */
export interface CatalogueClash {
  readonly key: string;
  readonly used: string;
  readonly ignored: readonly string[];
}

/** Bibliographies in the order they were named; a key belongs to the first that has it. */
export class Catalogue {
  private readonly byUri = new Map<string, Bibliography>();
  private byKey: Map<string, CatalogueEntry[]> | undefined;

  constructor(private readonly onChange: () => void = () => undefined) {}

  /** Adds or replaces a bibliography (keeping its place when replaced). */
  set(bibliography: Bibliography): void {
    this.byUri.set(bibliography.uri, bibliography);
    this.changed();
  }

  /** Forgets a bibliography; false when it was not known. */
  remove(uri: string): boolean {
    const known = this.byUri.delete(uri);
    if (known) this.changed();
    return known;
  }

  /** The bibliography read from `uri`, or undefined. */
  bibliography(uri: string): Bibliography | undefined {
    return this.byUri.get(uri);
  }

  /** Every bibliography, in the order they were added. */
  bibliographies(): readonly Bibliography[] {
    return [...this.byUri.values()];
  }

  /** The entry a key names, or undefined when no bibliography has it. */
  get(key: string): CatalogueEntry | undefined {
    return this.keys().get(key)?.[0];
  }

  /** Every entry with a key, the owner first (a draft that does not use the owner's bibliography may see another). */
  withKey(key: string): readonly CatalogueEntry[] {
    return this.keys().get(key) ?? [];
  }

  /** The entries that own their key, in bibliography order. */
  entries(): CatalogueEntry[] {
    return [...this.keys().values()].map((list) => list[0]!);
  }

  /** Keys found in more than one bibliography. */
  clashes(): CatalogueClash[] {
    return [...this.keys()]
      .filter(([, list]) => list.length > 1)
      .map(([key, list]) => ({ key, used: list[0]!.bibliography.path, ignored: list.slice(1).map((e) => e.bibliography.path) }));
  }

  /** Number of keys. */
  get size(): number {
    return this.keys().size;
  }

  private keys(): Map<string, CatalogueEntry[]> {
    if (this.byKey === undefined) {
      const byKey = new Map<string, CatalogueEntry[]>();
      for (const bibliography of this.byUri.values()) {
        for (const entry of bibliography.entries) {
          const list = byKey.get(entry.key);
          if (list) list.push({ entry, bibliography });
          else byKey.set(entry.key, [{ entry, bibliography }]);
        }
      }
      this.byKey = byKey;
    }
    return this.byKey;
  }

  private changed(): void {
    this.byKey = undefined;
    this.onChange();
  }
}
