import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CheckQuotesRequest, FindPassagesRequest } from '../../../protocol/src/messages';
import { formatPassages, formatQuoteCheck, quoteCheckOf, type LanguageService } from '../service';

/** What the requests of the VS Code language-model tools need from the server. */
export interface AssistantRequestHost {
  readonly documents: TextDocuments<TextDocument>;
  readonly service: LanguageService;
  initialized(): boolean;
  /** Whether the library is loaded and no reload runs (verdicts are final). */
  ready(): boolean;
  roots(): readonly string[];
  /** Asks the archive what a check of the document needs (resolves at once without one). */
  prepare(document: TextDocument): Promise<void>;
}

/** How often a request waiting for the library looks again, in milliseconds. */
const READY_POLL_MS = 100;

/**
 * `verbatim/checkQuotes` and `verbatim/findPassages`, behind the VS Code tools `verbatim_checkQuotes`
 * and `verbatim_findPassage`: each waits for the library, then asks the service, as `verbatim mcp`
 * does, and answers data and text.
 */
export function registerAssistantRequests(connection: Connection, host: AssistantRequestHost): void {
  const whenReady = async (token: CancellationToken): Promise<void> => {
    if (!host.initialized()) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the Verbatim server is not initialized yet');
    while (!host.ready()) {
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  };
  const shown = (file: string): string => {
    if (!path.isAbsolute(file)) return file;
    const root = host.roots().find((r) => !path.relative(r, file).startsWith('..'));
    return root ? path.relative(root, file) : file;
  };

  connection.onRequest(CheckQuotesRequest, async ({ uri, text }, token) => {
    await whenReady(token);
    const open = host.documents.get(uri);
    // The open document when it holds the text sent (its scope and bibliographies are known), else
    // the text on its own, forgotten after the check so the open document's model stays.
    const document = open && open.getText() === text ? open : TextDocument.create(uri, 'markdown', -1, text);
    try {
      await host.prepare(document);
      const diagnostics = host.service.computeDiagnostics(document) ?? [];
      const check = quoteCheckOf(host.service.getQuotationModel(document), diagnostics, { draft: draftName(uri, shown), file: shown });
      return { check, text: formatQuoteCheck(check) };
    } finally {
      if (document !== open) host.service.forget(uri);
    }
  });

  connection.onRequest(FindPassagesRequest, async ({ words, key, limit }, token) => {
    await whenReady(token);
    const result = host.service.findPassages(words, { ...(key !== undefined ? { key } : {}), ...(limit !== undefined ? { limit } : {}) });
    const passages = result.passages.map((hit) => ({ ...hit, file: shown(hit.file) }));
    return { result: { ...result, passages }, text: result.problem ?? formatPassages(passages, words) };
  });
}

function draftName(uri: string, shown: (file: string) => string): string {
  try {
    return shown(fileURLToPath(uri));
  } catch {
    return uri; // an untitled document: its URI names it
  }
}
