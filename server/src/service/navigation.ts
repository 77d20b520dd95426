import {
  SymbolKind,
  type DocumentLink,
  type Location,
  type Position,
  type WorkspaceSymbol,
} from 'vscode-languageserver-types';
import Fuse from 'fuse.js';
import type { DocumentModels } from './documentModel';
import { sourceOf, type ServiceContext, type ServiceDocument } from './serviceContext';
import { citationAt, findingAt } from './documentQueries';
import { findCitable } from './citables';
import { passageLocation, sourceStartLocation } from './sourceLocations';

/** Go to definition: a key opens its source; a quote opens the matched passage (an archived one as its `verbatim-archive:` document). */
export function getDefinition(context: ServiceContext, models: DocumentModels, document: ServiceDocument, position: Position): Location[] {
  const offset = document.offsetAt(position);
  const { analysis, references } = models.parsedAt(document, offset);
  const citation = citationAt(analysis, offset);
  if (citation) {
    // The library's source (the draft's scope), else a store's: an archived article's document.
    const scope = models.scope(document);
    const entry = context.pending ? context.directory.get(citation.key) : sourceOf(context, citation.key, scope);
    if (entry) return [sourceStartLocation(entry, context.sourceView())];
    // An entry without a full text: its place in the bibliography.
    const catalogued = findCitable(context, citation.key, references, scope)?.entry;
    if (catalogued && catalogued.bibliography.uri.startsWith('file:')) {
      const line = Math.max(0, catalogued.entry.line - 1);
      return [{ uri: catalogued.bibliography.uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } }];
    }
    return [];
  }
  if (context.pending) return []; // a quote's passage needs the index
  const model = models.modelAt(document, offset);
  const finding = model && findingAt(model, offset);
  const verdict = finding?.verdict;
  if (verdict && 'match' in verdict) return [passageLocation(verdict.match, context.sourceView())];
  return [];
}

/** A link on every key that names a source. */
export function getDocumentLinks(context: ServiceContext, models: DocumentModels, document: ServiceDocument): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const group of models.analysis(document).citations) {
    for (const citation of group.citations) {
      const entry = context.directory.get(citation.key);
      if (!entry) continue;
      const line = sourceStartLocation(entry).range.start.line + 1;
      links.push({
        range: { start: document.positionAt(citation.keyStart), end: document.positionAt(citation.keyEnd) },
        target: `${entry.source.uri}#L${line}`,
        tooltip: `Open source: ${entry.source.meta.title || entry.source.key}`,
      });
    }
  }
  return links;
}

/** Sources as workspace symbols, found by key or title. */
export function getWorkspaceSymbols(context: ServiceContext, query: string): WorkspaceSymbol[] {
  const sources = context.directory.sources();
  const found =
    query.trim() === ''
      ? sources
      : new Fuse(sources, { keys: ['source.key', 'source.meta.title'], ignoreLocation: true, threshold: 0.4 })
          .search(query)
          .map((r) => r.item);
  return found.slice(0, 500).map((entry) => ({
    name: `@${entry.source.key}`,
    kind: SymbolKind.File,
    containerName: entry.source.meta.title,
    location: sourceStartLocation(entry),
  }));
}

/** Every citation of the key under the cursor in the given documents. */
export function getReferences(
  models: DocumentModels,
  document: ServiceDocument,
  position: Position,
  documents: readonly ServiceDocument[],
): Location[] {
  const citation = citationAt(models.analysis(document), document.offsetAt(position));
  if (!citation) return [];
  const locations: Location[] = [];
  for (const other of documents) {
    for (const group of models.analysis(other).citations) {
      for (const c of group.citations) {
        if (c.key !== citation.key) continue;
        locations.push({ uri: other.uri, range: { start: other.positionAt(c.keyStart), end: other.positionAt(c.keyEnd) } });
      }
    }
  }
  return locations;
}
