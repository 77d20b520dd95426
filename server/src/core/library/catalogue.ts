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
  /**
   * Finds the entries by key without a map of every key, when one came with them (the
   * parsed-bibliography cache keeps one); as `searchFields`, it describes `entries`, the very array it
   * names. `keyIndexOf` gives every bibliography one.
   */
  readonly keyIndex?: KeyIndex;
}

/** Finds a bibliography's entries by key. */
export interface KeyIndex {
  /** The entries it describes. */
  readonly entries: readonly BibEntry[];
  /** The index of the first entry with `key`, or -1 when none has it. */
  indexOf(key: string): number;
  /** The indexes of the entries whose key an earlier entry has, ascending. */
  readonly repeated: ArrayLike<number>;
}

const madeKeyIndexes = new WeakMap<readonly BibEntry[], KeyIndex>();

/** The bibliography's key index: the one that came with its entries, else a map of its keys made on first use. */
export function keyIndexOf(bibliography: Bibliography): KeyIndex {
  const kept = bibliography.keyIndex;
  if (kept !== undefined && kept.entries === bibliography.entries) return kept;
  let made = madeKeyIndexes.get(bibliography.entries);
  if (made === undefined) madeKeyIndexes.set(bibliography.entries, (made = mappedKeyIndex(bibliography.entries)));
  return made;
}

function mappedKeyIndex(entries: readonly BibEntry[]): KeyIndex {
  const first = new Map<string, number>();
  const repeated: number[] = [];
  entries.forEach((entry, i) => {
    if (first.has(entry.key)) repeated.push(i);
    else first.set(entry.key, i);
  });
  return { entries, indexOf: (key) => first.get(key) ?? -1, repeated };
}

/** A key's hash for a `KeyTable` (FNV-1a over its UTF-16 code units). */
export function keyHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The entries' keys as a table that can be kept on disk and used as it is read: slot `keyHash(key)`
 * (then the next ones, wrapping) holds `1 +` the index of the first entry with the key, 0 an empty
 * slot; `repeated` as in `KeyIndex`.
 */
export interface KeyTable {
  readonly table: Int32Array;
  readonly repeated: Int32Array;
}

/** The entries' `KeyTable` (twice as many slots as entries at least, a power of two). */
export function keyTable(entries: readonly BibEntry[]): KeyTable {
  let size = 2;
  while (size < entries.length * 2) size *= 2;
  const table = new Int32Array(size);
  const index = tableKeyIndex(entries, { table, repeated: new Int32Array(0) });
  const repeated: number[] = [];
  entries.forEach((entry, i) => {
    if (index.indexOf(entry.key) >= 0) {
      repeated.push(i);
      return;
    }
    let slot = keyHash(entry.key) & (size - 1);
    while (table[slot] !== 0) slot = (slot + 1) & (size - 1);
    table[slot] = i + 1;
  });
  return { table, repeated: Int32Array.from(repeated) };
}

/** The key index of `entries` that a `KeyTable` made of them gives (a damaged table finds fewer keys, never a wrong entry). */
export function tableKeyIndex(entries: readonly BibEntry[], { table, repeated }: KeyTable): KeyIndex {
  const mask = table.length - 1;
  const usable = table.length > 0 && (table.length & mask) === 0;
  return {
    entries,
    repeated,
    indexOf(key: string): number {
      if (!usable) return -1;
      let slot = keyHash(key) & mask;
      for (let probes = 0; probes < table.length; probes++, slot = (slot + 1) & mask) {
        const at = table[slot]! - 1;
        if (at < 0) return -1;
        if (at < entries.length && entries[at]!.key === key) return at;
      }
      return -1;
    },
  };
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

/** A bibliography's entries that own their key (no earlier entry, in it or in an earlier bibliography, has it). */
export interface OwnedEntries {
  readonly bibliography: Bibliography;
  /** The indexes of its entries that do not own their key, ascending. */
  readonly shadowed: Int32Array;
}

/**
 * Bibliographies in the order they were named; a key belongs to the first that has it. Keys are
 * looked up in each bibliography's key index (`keyIndexOf`), so a lookup makes no map of every key
 * (a restart's kept index is read, not made), and an entry is one `CatalogueEntry` however often
 * it is asked for.
 */
export class Catalogue {
  private readonly byUri = new Map<string, Bibliography>();
  private owners: readonly OwnedEntries[] | undefined;
  private readonly made = new WeakMap<Bibliography, Array<CatalogueEntry | undefined>>();

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
    for (const bibliography of this.byUri.values()) {
      const i = keyIndexOf(bibliography).indexOf(key);
      if (i >= 0) return this.entryAt(bibliography, i);
    }
    return undefined;
  }

  /** Every entry with a key, the owner first (a draft that does not use the owner's bibliography may see another). */
  withKey(key: string): readonly CatalogueEntry[] {
    const found: CatalogueEntry[] = [];
    for (const bibliography of this.byUri.values()) {
      const index = keyIndexOf(bibliography);
      const i = index.indexOf(key);
      if (i < 0) continue;
      found.push(this.entryAt(bibliography, i));
      for (let r = 0; r < index.repeated.length; r++) {
        const at = index.repeated[r]!;
        if (at > i && bibliography.entries[at]?.key === key) found.push(this.entryAt(bibliography, at));
      }
    }
    return found;
  }

  /** The catalogue entry of a bibliography's `i`th entry (one object per entry). */
  entryAt(bibliography: Bibliography, i: number): CatalogueEntry {
    let made = this.made.get(bibliography);
    if (made === undefined) this.made.set(bibliography, (made = new Array<CatalogueEntry | undefined>(bibliography.entries.length)));
    return (made[i] ??= { entry: bibliography.entries[i]!, bibliography });
  }

  /** The entries that own their key, in bibliography order. */
  entries(): CatalogueEntry[] {
    const entries: CatalogueEntry[] = [];
    for (const { bibliography, shadowed } of this.owned()) {
      let next = 0;
      for (let i = 0; i < bibliography.entries.length; i++) {
        if (next < shadowed.length && shadowed[next] === i) next++;
        else entries.push(this.entryAt(bibliography, i));
      }
    }
    return entries;
  }

  /**
   * Each bibliography's entries that own their key, as the ones that do not: a bibliography's own
   * repeated keys, and the keys of earlier bibliographies (looked up from the smaller side of each pair).
   */
  owned(): readonly OwnedEntries[] {
    if (this.owners !== undefined) return this.owners;
    const bibliographies = [...this.byUri.values()];
    const owners = bibliographies.map((bibliography, b): OwnedEntries => {
      const index = keyIndexOf(bibliography);
      const shadowed = new Set<number>(Array.from(index.repeated));
      for (const earlier of bibliographies.slice(0, b)) {
        const earlierIndex = keyIndexOf(earlier);
        if (earlier.entries.length <= bibliography.entries.length) {
          for (const entry of earlier.entries) {
            const i = index.indexOf(entry.key);
            if (i >= 0) shadowed.add(i);
          }
        } else {
          bibliography.entries.forEach((entry, i) => {
            if (earlierIndex.indexOf(entry.key) >= 0) shadowed.add(i);
          });
        }
      }
      return { bibliography, shadowed: Int32Array.from(shadowed).sort() };
    });
    this.owners = owners;
    return owners;
  }

  /** Keys found in more than one bibliography (or twice in one). */
  clashes(): CatalogueClash[] {
    const byKey = new Map<string, CatalogueEntry[]>();
    for (const bibliography of this.byUri.values()) {
      bibliography.entries.forEach((entry, i) => {
        const list = byKey.get(entry.key);
        if (list) list.push(this.entryAt(bibliography, i));
        else byKey.set(entry.key, [this.entryAt(bibliography, i)]);
      });
    }
    return [...byKey]
      .filter(([, list]) => list.length > 1)
      .map(([key, list]) => ({ key, used: list[0]!.bibliography.path, ignored: list.slice(1).map((e) => e.bibliography.path) }));
  }

  /** Number of keys. */
  get size(): number {
    let size = 0;
    for (const { bibliography, shadowed } of this.owned()) size += bibliography.entries.length - shadowed.length;
    return size;
  }

  private changed(): void {
    this.owners = undefined;
    this.onChange();
  }
}
