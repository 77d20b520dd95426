import { authorDateCitation } from '../core/library/authorDate';
import { creatorNames } from '../core/library/bibEntry';
import { keyIndexOf, type Bibliography, type Catalogue, type CatalogueEntry } from '../core/library/catalogue';
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
 * The entries without a full text of one bibliography, as citables: those that own their key and
 * have no source, `count` of them from citable `start` on.
 */
export interface EntryRun {
  readonly bibliography: Bibliography;
  readonly start: number;
  readonly count: number;
  /** The indexes of the bibliography's entries that are no citable of their own here, ascending. */
  readonly left: Int32Array;
}

/**
 * The library's citables as their parts (key, source, entry), in `citablesOf`'s order, without
 * building them: a search scans the parts' fields and builds the few citables it keeps (at 20,000
 * entries, building every citable with its author string was a third of the first completion).
 * The entries without a full text are runs of their bibliographies' entries, with the few left out
 * (`EntryRun`): no list of 20,000 catalogue entries is made before the first answer.
 */
export class CitableParts {
  /** Per run, its entries' indexes in their bibliography, where some are left out (made when first needed). */
  private readonly runIndexes: Array<Int32Array | undefined>;

  constructor(
    readonly version: number,
    private readonly catalogue: Catalogue,
    private readonly sources: readonly KeyedSource[],
    /** The catalogue entry of each source's key, where there is one. */
    private readonly sourceEntries: ReadonlyArray<CatalogueEntry | undefined>,
    /** The entries without a full text, run by run. */
    readonly runs: readonly EntryRun[],
  ) {
    this.runIndexes = new Array<Int32Array | undefined>(runs.length);
  }

  /** Number of citables. */
  get size(): number {
    const last = this.runs[this.runs.length - 1];
    return last === undefined ? this.sources.length : last.start + last.count;
  }

  /** The citable at `i` (built anew; `citablesOf` keeps the built ones). */
  citable(i: number): Citable {
    const { sources } = this;
    if (i < sources.length) return citableOf(sources[i]!.source.key, sources[i], this.sourceEntries[i]);
    const entry = this.entryOf(i);
    return citableOf(entry.entry.key, undefined, entry);
  }

  /** The index of the citable a run's `entry` (its index in the run's bibliography) is, or -1 when it is none (left out of the run). */
  entryCitable(run: EntryRun, entry: number): number {
    const { start, left } = run;
    // Entries left out before this one (and whether it is one of them), by binary search.
    let low = 0;
    let high = left.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (left[middle]! < entry) low = middle + 1;
      else high = middle;
    }
    return low < left.length && left[low] === entry ? -1 : start + entry - low;
  }

  /** Writes the citable at `i`'s key, title, author and outlet (as `citable(i)` fills them), lower-cased, to `into` from `at`. */
  lowerCasedFields(i: number, into: string[], at: number): void {
    const { sources } = this;
    const source = i < sources.length ? sources[i] : undefined;
    const entry = source ? this.sourceEntries[i] : this.entryOf(i);
    const e = entry?.entry;
    const meta = source?.source.meta;
    into[at] = (source ? source.source.key : e!.key).toLowerCase();
    into[at + 1] = (e?.title || meta?.title || '').toLowerCase();
    into[at + 2] = (e ? creatorNames(e.authors) : meta?.author ?? '').toLowerCase();
    into[at + 3] = (e?.container || meta?.outlet || '').toLowerCase();
  }

  /** The catalogue entry of the citable at `i` (one of the entries without a full text). */
  private entryOf(i: number): CatalogueEntry {
    let r = 0;
    while (r + 1 < this.runs.length && this.runs[r + 1]!.start <= i) r++;
    const run = this.runs[r]!;
    const k = i - run.start;
    if (run.left.length === 0) return this.catalogue.entryAt(run.bibliography, k);
    let indexes = this.runIndexes[r];
    if (indexes === undefined) {
      indexes = new Int32Array(run.count);
      let next = 0;
      let n = 0;
      for (let e = 0; e < run.bibliography.entries.length; e++) {
        if (next < run.left.length && run.left[next] === e) next++;
        else indexes[n++] = e;
      }
      this.runIndexes[r] = indexes;
    }
    return this.catalogue.entryAt(run.bibliography, indexes[k]!);
  }
}

const partsCache = new WeakMap<SourceDirectory, CitableParts>();

/** The library's citables as parts, for its current version (cached per version). */
export function citablePartsOf(library: SourceDirectory): CitableParts {
  const cached = partsCache.get(library);
  if (cached?.version === library.version) return cached;
  const { catalogue } = library;
  const sources = library.sources();
  const sourceEntries = sources.map((source) => catalogue.get(source.source.key));
  const owned = catalogue.owned();
  // An entry whose key a source has is that source's citable: each source's key looked up in the
  // bibliographies (or, with more sources than entries, each entry's key among the sources).
  const withSource = owned.map(() => [] as number[]);
  const entryCount = owned.reduce((sum, { bibliography }) => sum + bibliography.entries.length, 0);
  if (sources.length <= entryCount) {
    for (const source of sources) {
      for (let b = 0; b < owned.length; b++) {
        const i = keyIndexOf(owned[b]!.bibliography).indexOf(source.source.key);
        if (i >= 0) {
          withSource[b]!.push(i);
          break;
        }
      }
    }
  } else {
    owned.forEach(({ bibliography }, b) => bibliography.entries.forEach((entry, i) => library.get(entry.key) !== undefined && withSource[b]!.push(i)));
  }
  let start = sources.length;
  const runs = owned.map(({ bibliography, shadowed }, b): EntryRun => {
    const left = withSource[b]!.length === 0 ? shadowed : Int32Array.from(new Set([...shadowed, ...withSource[b]!])).sort();
    const run = { bibliography, start, count: bibliography.entries.length - left.length, left };
    start += run.count;
    return run;
  });
  const parts = new CitableParts(library.version, catalogue, sources, sourceEntries, runs);
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
