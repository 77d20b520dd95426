import { authorDateCitation } from '../core/library/authorDate';
import { creatorNames } from '../core/library/bibEntry';
import type { Bibliography, CatalogueEntry } from '../core/library/catalogue';
import type { KeyedSource, SourceDirectory } from '../core/library/sourceHeads';
import { citableInScope, scopedEntry, type DraftScope } from './draftScope';
import { keyedSourceOf, sourceOf, type ServiceContext } from './serviceContext';

/**
 * What a writer can cite: every source that owns its key, and every bibliography entry (with or
 * without a full text). A key with both is one citable: the entry's metadata, the source's text.
 */
export interface Citable {
  readonly key: string;
  readonly title: string;
  readonly author: string;
  /** Outlet of a source, container of an entry. */
  readonly outlet: string;
  readonly date: string;
  /** The full text, when the library has it. */
  readonly source?: KeyedSource;
  /** The bibliography entry, when a bibliography has the key. */
  readonly entry?: CatalogueEntry;
  /** Set when it is an archive's article known by its metadata only (offered by completion). */
  readonly archived?: true;
}

/** A citable an archive offers by key and metadata (its text is fetched when it is needed). */
export function archivedCitable(key: string, meta: Readonly<Record<string, string>>): Citable {
  const field = (name: string): string => (typeof meta[name] === 'string' ? meta[name]! : '');
  return { key, title: field('title'), author: field('author'), outlet: field('outlet'), date: field('date'), archived: true };
}

const cache = new WeakMap<SourceDirectory, { version: number; citables: readonly Citable[] }>();

/** Every citable of the library (sources in path order, then entries without a full text); cached per version. */
export function citablesOf(library: SourceDirectory): readonly Citable[] {
  const cached = cache.get(library);
  if (cached?.version === library.version) return cached.citables;
  const parts = citablePartsOf(library);
  const citables: Citable[] = new Array<Citable>(parts.size);
  for (let i = 0; i < parts.size; i++) citables[i] = parts.citable(i);
  cache.set(library, { version: library.version, citables });
  return citables;
}

/** The citables of a library already built for its current version, or undefined. */
export function builtCitables(library: SourceDirectory): readonly Citable[] | undefined {
  const cached = cache.get(library);
  return cached?.version === library.version ? cached.citables : undefined;
}

/**
 * The library's citables as their parts (key, source, entry), in `citablesOf`'s order, without
 * building them: a search scans the parts' fields and builds the few citables it keeps (at 20,000
 * entries, building every citable with its author string was a third of the first completion).
 */
export class CitableParts {
  constructor(
    readonly version: number,
    private readonly sources: readonly KeyedSource[],
    /** The catalogue entry of each source's key, where there is one. */
    private readonly sourceEntries: ReadonlyArray<CatalogueEntry | undefined>,
    /** The entries without a full text. */
    private readonly entries: readonly CatalogueEntry[],
  ) {}

  /** Number of citables. */
  get size(): number {
    return this.sources.length + this.entries.length;
  }

  /** The citable at `i` (built anew; `citablesOf` keeps the built ones). */
  citable(i: number): Citable {
    const { sources } = this;
    if (i < sources.length) return citableOf(sources[i]!.source.key, sources[i], this.sourceEntries[i]);
    const entry = this.entries[i - sources.length]!;
    return citableOf(entry.entry.key, undefined, entry);
  }

  /**
   * For each entry of `bibliography` (by its index there), the index of the citable it is, or -1
   * when it is none (a source has its key, or an earlier bibliography has it).
   */
  entryCitables(bibliography: Bibliography): Int32Array {
    const indexes = new Int32Array(bibliography.entries.length).fill(-1);
    const all = bibliography.entries;
    // The entries without a full text are in catalogue order: bibliographies in turn, each in its own order.
    let j = 0;
    this.entries.forEach((entry, k) => {
      if (entry.bibliography !== bibliography) return;
      while (j < all.length && all[j] !== entry.entry) j++;
      if (j < all.length) indexes[j++] = this.sources.length + k;
    });
    return indexes;
  }

  /** Writes the citable at `i`'s key, title, author and outlet (as `citable(i)` fills them), lower-cased, to `into` from `at`. */
  lowerCasedFields(i: number, into: string[], at: number): void {
    const { sources } = this;
    const source = i < sources.length ? sources[i] : undefined;
    const entry = source ? this.sourceEntries[i] : this.entries[i - sources.length];
    const e = entry?.entry;
    const meta = source?.source.meta;
    into[at] = (source ? source.source.key : e!.key).toLowerCase();
    into[at + 1] = (e?.title || meta?.title || '').toLowerCase();
    into[at + 2] = (e ? creatorNames(e.authors) : meta?.author ?? '').toLowerCase();
    into[at + 3] = (e?.container || meta?.outlet || '').toLowerCase();
  }
}

const partsCache = new WeakMap<SourceDirectory, CitableParts>();

/** The library's citables as parts, for its current version (cached per version). */
export function citablePartsOf(library: SourceDirectory): CitableParts {
  const cached = partsCache.get(library);
  if (cached?.version === library.version) return cached;
  const sources = library.sources();
  const sourceEntries = sources.map((source) => library.catalogue.get(source.source.key));
  const entries = library.catalogue.entries().filter((entry) => library.get(entry.entry.key) === undefined);
  const parts = new CitableParts(library.version, sources, sourceEntries, entries);
  partsCache.set(library, parts);
  return parts;
}

/**
 * The citable a key names, looking at a draft's own inline references first, then the
 * bibliographies of its scope; undefined when none.
 */
export function findCitable(
  context: Pick<ServiceContext, 'library' | 'stores'>,
  key: string,
  inline?: ReadonlyMap<string, CatalogueEntry>,
  scope?: DraftScope,
): Citable | undefined {
  const source = sourceOf(context, key, scope);
  const entry = inline?.get(key) ?? scopedEntry(context.library, key, scope);
  return source || entry ? citableOf(key, source, entry) : undefined;
}

/**
 * The citable a key names for key features (hovers, completion cards): during the first build,
 * what the source heads know; after it, as `findCitable`.
 */
export function keyedCitable(context: ServiceContext, key: string, inline?: ReadonlyMap<string, CatalogueEntry>, scope?: DraftScope): Citable | undefined {
  if (!context.pending) return findCitable(context, key, inline, scope);
  const source = keyedSourceOf(context, key, scope);
  const entry = inline?.get(key);
  return source || entry ? citableOf(key, source, entry) : undefined;
}

/**
 * What a draft can cite, for pickers: its inline references first, then the library's sources and
 * bibliography entries in its scope (during the first build, what the catalog knows so far).
 */
export function draftCitables(context: ServiceContext, inline: ReadonlyMap<string, CatalogueEntry>, scope: DraftScope | undefined): Citable[] {
  const own = [...inline.keys()].flatMap((key) => findCitable(context, key, inline, scope) ?? []);
  const library = citablesOf(context.directory).filter((citable) => !inline.has(citable.key) && (context.pending !== undefined || citableInScope(context.library, citable.key, scope)));
  return [...own, ...library];
}

/** Why a citable has no full text, for messages; undefined when it has one. */
export function noTextReason(citable: Citable): string | undefined {
  if (citable.source) return undefined;
  const entry = citable.entry;
  if (entry === undefined) return 'no source';
  const { bibliography } = entry;
  return bibliography.noText[entry.entry.key] ?? bibliography.noTextOtherwise ?? (bibliography.format === 'inline' ? 'an inline reference has no attachment' : 'no full text found');
}

/** A short label for lists: the author-date citation of an entry, else the outlet and date. */
export function citableLabel(citable: Citable): string {
  if (citable.entry) return `${authorDateCitation(citable.entry.entry)} — ${citable.title}`;
  return citable.title || [citable.outlet, citable.date].filter((x) => x).join(', ');
}

/** Inline `references:` of a draft as catalogue entries of a bibliography named after the draft. */
export function inlineCatalogue(bibliography: Bibliography): Map<string, CatalogueEntry> {
  const entries = new Map<string, CatalogueEntry>();
  for (const entry of bibliography.entries) if (!entries.has(entry.key)) entries.set(entry.key, { entry, bibliography });
  return entries;
}

function citableOf(key: string, source: KeyedSource | undefined, entry: CatalogueEntry | undefined): Citable {
  const e = entry?.entry;
  const meta = source?.source.meta;
  // Built as one of three literals, not with spreads: the first completion makes one per entry (20,000 in a large library).
  const title = e?.title || meta?.title || '';
  const author = e ? creatorNames(e.authors) : meta?.author ?? '';
  const outlet = e?.container || meta?.outlet || '';
  const date = e?.issued || meta?.date || '';
  if (source && entry) return { key, title, author, outlet, date, source, entry };
  if (source) return { key, title, author, outlet, date, source };
  if (entry) return { key, title, author, outlet, date, entry };
  return { key, title, author, outlet, date };
}
