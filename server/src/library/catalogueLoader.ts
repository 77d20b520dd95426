import { includingBibliographies } from './latexProject';
import { analyzeDraft, draftFormatOf } from '../core/draft/draftAnalysis';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { draftBibliography, metadataBibliography } from '../readers/bibliography/draftBibliography';
import type { DeclaredIdentity } from '../core/library/source';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { FolderCache, fullTextOf, readBibliographyFile, withNoTextReasons, type BibliographyOptions, type BibliographyReading } from './bibliographyLoader';

/**
 * Bibliographies found as Pandoc and Quarto find them, read for a library: the files a draft's
 * front matter names (relative to the draft), Quarto's `_quarto.yml` and `_metadata.yml` (relative
 * to themselves), and the ones the user configured; then each entry's full text located.
 */

/** Quarto's project and folder metadata files, which may name bibliographies for the drafts below them. */
const QUARTO_FILES = ['_metadata.yml', '_quarto.yml'];

/** The bibliographies of a set of files, ready to be loaded with the library's sources. */
export interface CatalogueReading {
  readonly readings: ReadonlyArray<{ readonly file: string; readonly reading: BibliographyReading }>;
  /** Files that are entries' full texts → the identity each takes. */
  readonly fullTexts: ReadonlyMap<string, DeclaredIdentity>;
  /** Key → why no full text was found beside the entry (a source folder may still have one). */
  readonly reasons: ReadonlyMap<string, string>;
}

/** Reads bibliography files (the first reading of each) and locates the entries' full texts. */
export function readCatalogue(files: readonly string[], options: BibliographyOptions = {}): CatalogueReading {
  return locateFullTexts(readBibliographies(files, options));
}

/**
 * Reads bibliography files (the first reading of each) without looking for the entries' full
 * texts: what key completion needs, before the attachment look-ups (half a second at 20,000 entries).
 */
export function readBibliographies(files: readonly string[], options: BibliographyOptions = {}): CatalogueReading['readings'] {
  return unique(files).map((file) => ({ file, reading: readBibliographyFile(file, options) }));
}

/** Locates the full texts of the entries of bibliographies `readBibliographies` read. */
export function locateFullTexts(readings: CatalogueReading['readings']): CatalogueReading {
  const locator = new FullTextLocator(readings);
  locator.run(Infinity);
  return locator.result();
}

/**
 * `locateFullTexts` in slices of a few milliseconds that yield to the event loop (the server keeps
 * answering); undefined when `isStale` says the result is no longer wanted. `giveWay` resolves when
 * the next slice may run (the server's: once its requests are answered).
 */
export async function locateFullTextsInSlices(
  readings: CatalogueReading['readings'],
  isStale: () => boolean,
  giveWay: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 0)),
): Promise<CatalogueReading | undefined> {
  const locator = new FullTextLocator(readings);
  // Each slice after a yield, the first too: requests that came in while the entries were read go first.
  do {
    await giveWay();
    if (isStale()) return undefined;
  } while (!locator.run(performance.now() + SLICE_MS));
  return locator.result();
}

/** How long a slice of full-text look-ups runs before it yields, in milliseconds. */
const SLICE_MS = 8;

/** Looks for the entries' full texts, an entry at a time. */
class FullTextLocator {
  private readonly fullTexts = new Map<string, DeclaredIdentity>();
  private readonly reasons = new Map<string, string>();
  private readonly folders = new FolderCache();
  private readonly located = new Set<string>();
  private bibliography = 0;
  private entry = 0;

  constructor(private readonly readings: CatalogueReading['readings']) {}

  /** Looks entries up until all are done (true) or `deadline` (`performance.now()` time) passed. */
  run(deadline: number): boolean {
    for (; this.bibliography < this.readings.length; this.bibliography++, this.entry = 0) {
      const { file, reading } = this.readings[this.bibliography]!;
      const entries = reading.bibliography.entries;
      for (; this.entry < entries.length; this.entry++) {
        if ((this.entry & 63) === 0 && performance.now() > deadline) return false;
        const entry = entries[this.entry]!;
        // The first bibliography that has a key owns it (as in the catalogue).
        if (this.located.has(entry.key)) continue;
        this.located.add(entry.key);
        const location = fullTextOf(entry, file, this.folders);
        if ('reason' in location) this.reasons.set(entry.key, location.reason);
        else if (!this.fullTexts.has(location.file)) this.fullTexts.set(location.file, location.declared);
      }
    }
    return true;
  }

  result(): CatalogueReading {
    return { readings: this.readings, fullTexts: this.fullTexts, reasons: this.reasons };
  }
}

/**
 * Puts the bibliographies into the catalogue of a library (or of the first build's source heads, of
 * sources), each with why its text-less entries have none (`otherwise` for entries `reasons` does not name;
 * before any full text was looked for, said once as the bibliography's `noTextOtherwise`).
 */
export function installCatalogue(library: Pick<SourceLibrary, 'catalogue'> & { get(key: string): unknown }, catalogue: CatalogueReading, otherwise?: string): void {
  // Before any full text was looked for, every entry without one has the same reason: said once, not
  // for each key (20,000 keys took 10-40 ms before a restart's first key completion).
  const once = otherwise !== undefined && catalogue.reasons.size === 0 && catalogue.fullTexts.size === 0;
  for (const { reading } of catalogue.readings) {
    library.catalogue.set(once ? { ...reading.bibliography, noText: {}, noTextOtherwise: otherwise } : withNoTextReasons(reading.bibliography, library, catalogue.reasons, otherwise));
  }
}

/**
 * The bibliography files that apply to a draft, absolute: the ones its front matter names, then
 * those of `_metadata.yml` and `_quarto.yml` from its folder up to `root` (a Quarto project's root
 * ends the walk). A Quarto file with inline `references:` is itself one (it reads as CSL-YAML).
 * The draft's own inline `references:` are the language service's (they belong to that draft alone).
 */
export function bibliographiesOfDraft(draftFile: string, text: string, root: string, parsed?: readonly string[]): string[] {
  const draftFolder = path.dirname(path.resolve(draftFile));
  const files = draftBibliography(text).files.map((f) => path.resolve(draftFolder, f));
  // LaTeX and Typst name theirs in their own syntax (`\addbibresource`, `\bibliography{refs}` without
  // `.bib`); `parsed`: those the draft's parse found already (a long draft is not parsed again here).
  const format = draftFormatOf(undefined, draftFile);
  if (format !== 'markdown' && format !== 'quarto' && format !== 'rmarkdown') {
    for (const named of parsed ?? analyzeDraft(text, format).bibliographies) {
      files.push(path.resolve(draftFolder, path.extname(named) === '' ? `${named}.bib` : named));
    }
    // A chapter `\input` or `\include`d by a main file uses the main file's bibliographies.
    if (format === 'latex') files.push(...includingBibliographies(draftFile, root));
  } else if (format !== 'rmarkdown' && files.length === 0) {
    // A Quarto partial (`{{< include _part.qmd >}}`) uses the bibliography of the document including it.
    files.push(...includingBibliographies(draftFile, root));
  }
  files.push(...quartoBibliographies(draftFolder, path.resolve(root)));
  return unique(files);
}

/** Bibliographies named by Quarto metadata files from `folder` up to `root`, nearest first. */
export function quartoBibliographies(folder: string, root: string): string[] {
  const found: string[] = [];
  const inside = (dir: string): boolean => {
    const relative = path.relative(root, dir);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  for (let dir = folder; inside(dir); dir = path.dirname(dir)) {
    let projectRoot = false;
    for (const name of QUARTO_FILES) {
      const file = path.join(dir, name);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue; // no such file here: the usual case
      }
      if (name === '_quarto.yml') projectRoot = true;
      let data: unknown;
      try {
        data = parseYaml(text);
      } catch {
        continue; // Quarto reports its own broken metadata; Verbatim uses what it can read
      }
      if (data === null || typeof data !== 'object' || Array.isArray(data)) continue;
      const meta = metadataBibliography(data as Record<string, unknown>, 1);
      found.push(...meta.files.map((f) => path.resolve(dir, f)));
      if (meta.inline.entries.length > 0) found.push(file);
    }
    if (projectRoot || dir === path.dirname(dir)) break;
  }
  return found;
}

function unique(files: readonly string[]): string[] {
  return [...new Set(files.map((f) => path.resolve(f)))];
}
