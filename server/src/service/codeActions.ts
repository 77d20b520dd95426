import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { OPEN_SOURCE_COMMAND } from '../../../protocol/src/commands';
import type { VerbatimDiagnosticData } from './diagnostics';
import type { DocumentModels } from './documentModel';
import type { ServiceContext, ServiceDocument } from './serviceContext';
import { citationAt, findingAt } from './documentQueries';
import { reuseMatch } from './reuseFindings';
import { isPagedSource, passageLocation, sourceStartLocation } from './sourceLocations';
import { formatPages } from '../core/match/pageLocator';
import { pagesOfMatch } from './locatorCheck';

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
    if (data?.code === 'unquoted-reuse' && !context.pending) {
      const at = document.offsetAt(diagnostic.range.start);
      const run = models.model(document).reuse.find((r) => r.start === at);
      if (run !== undefined) {
        const location = passageLocation(reuseMatch(run), context.sourceView());
        actions.push(openSource(`Show passage in @${run.entry.source.key}`, location.uri, location.range));
      }
    }
  }
  const offset = document.offsetAt(range.start);
  const citation = citationAt(models.analysis(document), offset);
  const entry = citation && context.directory.get(citation.key);
  if (entry) {
    const location = sourceStartLocation(entry, context.sourceView());
    actions.push(openSource(`Open source @${entry.source.key}`, location.uri, location.range));
  } else if (!citation && !context.pending) {
    const model = models.modelAt(document, offset);
    const verdict = model && findingAt(model, offset)?.verdict;
    if (verdict && 'match' in verdict) {
      const location = passageLocation(verdict.match, context.sourceView());
      actions.push(openSource(`Open source @${verdict.match.entry.source.key} at the passage`, location.uri, location.range));
      const source = verdict.match.entry.source;
      if (isPagedSource(source)) {
        const pages = pagesOfMatch(verdict.match);
        const where = pages.length > 0 ? ` (${formatPages(pages)})` : '';
        actions.push(openExternally(`Open ${source.path.split(/[\\/]/).pop()}${where} in the system viewer`, source.uri));
      }
    }
  }
  return actions;
}

/** Opens a file in the system's program for it (a PDF viewer): LSP's `window/showDocument` with `external`. */
function openExternally(title: string, uri: string): CodeAction {
  return { title, kind: CodeActionKind.Empty, command: { title, command: OPEN_SOURCE_COMMAND, arguments: [uri, null, true] } };
}

function openSource(title: string, uri: string, range: Range): CodeAction {
  return { title, kind: CodeActionKind.Empty, command: { title, command: OPEN_SOURCE_COMMAND, arguments: [uri, range] } };
}
