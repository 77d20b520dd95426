import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { draftBibliography, metadataBibliography } from '../core/bibliography/draftBibliography';
import type { DeclaredIdentity } from '../core/source';
import type { SourceLibrary } from '../core/sourceLibrary';
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
  const readings: Array<{ file: string; reading: BibliographyReading }> = [];
  const fullTexts = new Map<string, DeclaredIdentity>();
  const reasons = new Map<string, string>();
  const folders = new FolderCache();
  const located = new Set<string>();
  for (const file of unique(files)) {
    const reading = readBibliographyFile(file, options);
    readings.push({ file, reading });
    for (const entry of reading.bibliography.entries) {
      // The first bibliography that has a key owns it (as in the catalogue).
      if (located.has(entry.key)) continue;
      located.add(entry.key);
      const location = fullTextOf(entry, file, folders);
      if ('reason' in location) reasons.set(entry.key, location.reason);
      else if (!fullTexts.has(location.file)) fullTexts.set(location.file, location.declared);
    }
  }
  return { readings, fullTexts, reasons };
}

/**
 * Puts the bibliographies into the catalogue of a library (or of the first build's catalog of
 * sources), each with why its text-less entries have none.
 */
export function installCatalogue(library: Pick<SourceLibrary, 'catalogue'> & { get(key: string): unknown }, catalogue: CatalogueReading): void {
  for (const { reading } of catalogue.readings) library.catalogue.set(withNoTextReasons(reading.bibliography, library, catalogue.reasons));
}

/**
 * The bibliography files that apply to a draft, absolute: the ones its front matter names, then
 * those of `_metadata.yml` and `_quarto.yml` from its folder up to `root` (a Quarto project's root
 * ends the walk). A Quarto file with inline `references:` is itself one (it reads as CSL-YAML).
 * The draft's own inline `references:` are the language service's (they belong to that draft alone).
 */
export function bibliographiesOfDraft(draftFile: string, text: string, root: string): string[] {
  const draftFolder = path.dirname(path.resolve(draftFile));
  const files = draftBibliography(text).files.map((f) => path.resolve(draftFolder, f));
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
