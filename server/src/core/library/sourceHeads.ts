import { Catalogue } from './catalogue';
import type { Source } from './source';
import type { IndexedSource } from './sourceLibrary';

/**
 * A source as key features (citation completion, key hovers, definitions, links) see it. A library
 * entry has its whole text and words; a source head, read before indexing, has only the head of
 * its text (front matter and the opening) and no word count yet.
 */
export interface KeyedSource {
  readonly source: Source;
}

/** Where key features look sources up: the library once it is loaded, its sources' heads before that. */
export interface SourceDirectory {
  /** Increases on every change, like `SourceLibrary.version`. */
  readonly version: number;
  readonly size: number;
  /** The source a key names, or undefined when none (yet) does. */
  get(key: string): KeyedSource | undefined;
  /** The sources that own their key, in path order. */
  sources(): readonly KeyedSource[];
  /** Bibliography entries by key. */
  readonly catalogue: Catalogue;
}

/** Whether an entry is a library entry (text and words) rather than a source head. */
export function isIndexed(entry: KeyedSource): entry is IndexedSource {
  return 'words' in entry;
}

/**
 * The sources known by their front matter and opening before the library is indexed, so that
 * citation completion and key hovers answer during a long first build. First in path order wins a
 * key, as in the library; it does no I/O.
 */
export class SourceHeads implements SourceDirectory {
  private readonly byKey = new Map<string, KeyedSource>();
  private sorted: KeyedSource[] | undefined;
  private changeCount = 0;
  /** The bibliographies' entries (their fast key pass runs before the build, so keys complete during it). */
  readonly catalogue = new Catalogue(() => this.changeCount++);

  /** Adds sources (heads of their texts); a key already known to a source earlier in path order stays with it. */
  add(sources: readonly Source[]): void {
    for (const source of sources) {
      const known = this.byKey.get(source.key);
      if (known === undefined || source.path < known.source.path) this.byKey.set(source.key, { source });
    }
    this.sorted = undefined;
    this.changeCount++;
  }

  get version(): number {
    return this.changeCount;
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): KeyedSource | undefined {
    return this.byKey.get(key);
  }

  sources(): readonly KeyedSource[] {
    this.sorted ??= [...this.byKey.values()].sort((a, b) => (a.source.path < b.source.path ? -1 : a.source.path > b.source.path ? 1 : 0));
    return this.sorted;
  }
}
