import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { BibProblem, BibliographyContent } from '../../core/library/bibEntry';
import { entriesOf } from './cslJson';
import { hayagrivaEntries, looksLikeHayagriva } from './hayagriva';

/**
 * A CSL-YAML bibliography: `references:` holding a list of items (what Quarto requires and Better
 * BibTeX writes), or a bare list, optionally between `---` lines as Pandoc writes it; or Typst's
 * Hayagriva YAML (keys mapped to entries). The YAML
 * parser goes on after an error, so items outside the broken part are kept.
 */
export function readCslYaml(text: string): BibliographyContent {
  // A leading `---` is a YAML document start already; a closing `---` (Pandoc's style) would start a
  // second document, so it becomes the document end marker `...` (same length: lines stay).
  const body = text.replace(/(\n)---([ \t]*\s*)$/, '$1...$2');
  const counter = new LineCounter();
  const doc = parseDocument(body, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const problems: BibProblem[] = doc.errors.map((error) => ({
    line: counter.linePos(error.pos[0]).line,
    message: `not valid YAML: ${error.message.split('\n')[0]}`,
  }));
  const contents: unknown = doc.contents;
  // Typst's Hayagriva form: keys mapped to entries (a YAML bibliography with no `references:` list).
  if (isMap(contents) && !contents.has('references')) {
    const data = contents.toJSON() as Record<string, unknown>;
    if (data !== null && typeof data === 'object' && looksLikeHayagriva(data)) {
      const entries = new Map<string, { value: unknown; line: number }>();
      for (const pair of contents.items) {
        const key = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
        const line = counter.linePos((pair.key as { range?: readonly number[] } | null)?.range?.[0] ?? 0).line;
        entries.set(key, { value: data[key], line });
      }
      const read = hayagrivaEntries(entries);
      return { entries: read.entries, problems: [...problems, ...read.problems] };
    }
  }
  const list: unknown = isMap(contents) ? contents.get('references', true) : contents;
  if (!isSeq(list)) {
    if (problems.length === 0) problems.push({ line: 1, message: 'not a CSL-YAML bibliography (expected "references:" with a list of items)' });
    return { entries: [], problems };
  }
  const items = list.items.map((node) => ({
    item: (node as { toJSON?: () => unknown }).toJSON?.() ?? node,
    line: counter.linePos((node as { range?: readonly number[] }).range?.[0] ?? 0).line,
  }));
  const read = entriesOf(items, true);
  return { entries: read.entries, problems: [...problems, ...read.problems].sort((a, b) => a.line - b.line) };
}

/** The entries of inline `references:` (a draft's front matter, a Quarto metadata file), already parsed. */
export function inlineReferences(references: unknown, line: number): BibliographyContent {
  if (!Array.isArray(references)) return { entries: [], problems: [{ line, message: '"references" is not a list of items' }] };
  return entriesOf(references.map((item) => ({ item, line })), true);
}
