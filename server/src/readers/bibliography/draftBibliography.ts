import { readFrontMatterData } from '../../core/text/frontMatter';
import type { BibliographyContent } from '../../core/library/bibEntry';
import { inlineReferences } from './cslYaml';

/**
 * What a draft's front matter (or a Quarto `_quarto.yml` / `_metadata.yml`) says about
 * bibliographies, as Pandoc reads it: `bibliography:` (one path or a list) and inline `references:`.
 */
export interface BibliographyMetadata {
  /** Paths as written; relative ones are relative to the file's folder. */
  readonly files: readonly string[];
  /** Entries of inline `references:`; none when absent. */
  readonly inline: BibliographyContent;
}

const NONE: BibliographyMetadata = { files: [], inline: { entries: [], problems: [] } };

/** The bibliographies a draft's front matter names; never throws. */
export function draftBibliography(text: string): BibliographyMetadata {
  if (!text.startsWith('---') && !text.startsWith('\uFEFF---')) return NONE;
  const { data } = readFrontMatterData(text);
  return metadataBibliography(data, 2);
}

/** The bibliographies a YAML mapping names (front matter, `_quarto.yml`); `line` is where its references start. */
export function metadataBibliography(data: Readonly<Record<string, unknown>>, line: number): BibliographyMetadata {
  const named = data['bibliography'];
  const files = (Array.isArray(named) ? named : [named]).filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim());
  const references = data['references'];
  const inline = references === undefined || references === null ? NONE.inline : inlineReferences(references, line);
  return { files, inline };
}
