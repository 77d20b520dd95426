import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { OPEN_SOURCE_COMMAND } from '../protocol';
import type { VerbatimDiagnosticData } from './diagnostics';
import type { DocumentModels } from './documentModel';
import type { ServiceContext, ServiceDocument } from './serviceContext';
import { citationAt, findingAt } from './documentQueries';
import { passageLocation, sourceStartLocation } from './sourceLocations';

/** Quick fixes for Verbatim's diagnostics in `range`, and "Open source" for a key or quote there. */
export function getCodeActions(
  context: ServiceContext,
  models: DocumentModels,
  document: ServiceDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'verbatim') continue;
    const data = diagnostic.data as VerbatimDiagnosticData | undefined;
    data?.fixes.forEach((fix, i) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: i === 0,
        edit: { changes: { [document.uri]: [{ range: fix.range, newText: fix.newText }] } },
      });
    });
  }
  const offset = document.offsetAt(range.start);
  const citation = citationAt(models.analysis(document), offset);
  const entry = citation && context.catalog.get(citation.key);
  if (entry) {
    const location = sourceStartLocation(entry);
    actions.push(openSource(`Open source @${entry.source.key}`, location.uri, location.range));
  } else if (!citation && !context.pending) {
    const model = models.model(document);
    const verdict = model && findingAt(model, offset)?.verdict;
    if (verdict && 'match' in verdict) {
      const location = passageLocation(verdict.match);
      actions.push(openSource(`Open source @${verdict.match.entry.source.key} at the passage`, location.uri, location.range));
    }
  }
  return actions;
}

function openSource(title: string, uri: string, range: Range): CodeAction {
  return { title, kind: CodeActionKind.Empty, command: { title, command: OPEN_SOURCE_COMMAND, arguments: [uri, range] } };
}
