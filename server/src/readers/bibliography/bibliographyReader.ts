import type { BibliographyContent, BibliographyFormat } from '../../core/library/bibEntry';
import { quickBibtexEntries } from './bibtexEntries';
import { scanBibtex, type BibtexScan } from './bibtexScan';
import { readCslJson } from './cslJson';
import { readCslYaml } from './cslYaml';

/** A bibliography's first reading: complete for CSL forms; for BibTeX, the fast scan's entries. */
export interface FirstReading {
  readonly content: BibliographyContent;
  /** False when a full parse would refine the entries (BibTeX); the scan is kept for it. */
  readonly complete: boolean;
  readonly scan?: BibtexScan;
}

/** Reads a bibliography's text in the given form; never throws (broken parts become problems). */
export function readBibliography(text: string, format: BibliographyFormat): FirstReading {
  switch (format) {
    case 'bibtex': {
      const scan = scanBibtex(text);
      return { content: quickBibtexEntries(scan), complete: scan.entries.length === 0, scan };
    }
    case 'csl-json':
      return { content: readCslJson(text), complete: true };
    case 'csl-yaml':
      return { content: readCslYaml(text), complete: true };
  }
}
