import type { CatalogueEntry } from '../core/library/catalogue';
import type { IndexedSource, SourceLibrary } from '../core/library/sourceLibrary';

/**
 * What one draft may cite. The library holds the bibliographies of every draft in use (a `check`
 * of several drafts, the drafts open in an editor), but a draft is checked against its own: the
 * ones its front matter and Quarto files name, plus those the user configured for all
 * (`--bibliography`, `verbatim.bibliography`). Sources from source folders are shared by all drafts,
 * except in a workspace of several folders, where each folder's drafts see that folder's sources.
 */
export interface DraftScope {
  /** URIs of the bibliographies the draft uses. */
  readonly bibliographies: ReadonlySet<string>;
  /** URI prefixes (ending in `/`) of the source folders the draft sees; undefined: every one. */
  readonly sourceFolders?: readonly string[];
}

/** The entry a key names for a draft: the first in a bibliography it uses (every one without a scope). */
export function scopedEntry(library: SourceLibrary, key: string, scope: DraftScope | undefined): CatalogueEntry | undefined {
  if (scope === undefined) return library.catalogue.get(key);
  return library.catalogue.withKey(key).find((entry) => scope.bibliographies.has(entry.bibliography.uri));
}

/** The source a key names for a draft: the first it may see (see `visibleTo`). */
export function scopedSource(library: SourceLibrary, key: string, scope: DraftScope | undefined): IndexedSource | undefined {
  if (scope === undefined) return library.get(key);
  return library.withKey(key).find((source) => visibleTo(library, source, scope));
}

/** Whether a key names a source or an entry a draft may cite. */
export function citableInScope(library: SourceLibrary, key: string, scope: DraftScope | undefined): boolean {
  return scope === undefined || scopedSource(library, key, scope) !== undefined || scopedEntry(library, key, scope) !== undefined;
}

/**
 * Whether a draft may see a source: a source folder's always (in a multi-root workspace, its own
 * folder's only); an entry's full text only when a
 * bibliography the draft uses has an entry with its key (one key with two full texts in two
 * bibliographies is not told apart: the library's order decides, as for a draft using both).
 */
function visibleTo(library: SourceLibrary, source: IndexedSource, scope: DraftScope): boolean {
  if (!source.source.catalogued) return scope.sourceFolders === undefined || scope.sourceFolders.some((folder) => source.source.uri.startsWith(folder));
  return library.catalogue.withKey(source.source.key).some((entry) => scope.bibliographies.has(entry.bibliography.uri));
}

const hiddenCache = new WeakMap<DraftScope, { version: number; library: SourceLibrary; hidden: ReadonlySet<number> }>();

/**
 * Doc ids of the sources a draft may not see (the full texts of other drafts' bibliographies), which
 * the matcher leaves out of its candidates; cached per scope and library version.
 */
export function hiddenSources(library: SourceLibrary, scope: DraftScope | undefined): ReadonlySet<number> {
  if (scope === undefined) return NOTHING_HIDDEN;
  const cached = hiddenCache.get(scope);
  if (cached && cached.library === library && cached.version === library.version) return cached.hidden;
  const hidden = new Set<number>();
  // Another workspace folder's sources (a multi-root workspace).
  if (scope.sourceFolders !== undefined) {
    for (const source of library.sources()) if (!source.source.catalogued && !visibleTo(library, source, scope)) hidden.add(source.docId);
  }
  for (const bibliography of library.catalogue.bibliographies()) {
    if (scope.bibliographies.has(bibliography.uri)) continue;
    for (const entry of bibliography.entries) {
      for (const source of library.withKey(entry.key)) if (!visibleTo(library, source, scope)) hidden.add(source.docId);
    }
  }
  hiddenCache.set(scope, { version: library.version, library, hidden });
  return hidden;
}

const NOTHING_HIDDEN: ReadonlySet<number> = new Set();
