import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { writtenKey } from '../../protocol/src/citationKeys';
import type { InitializationOptions } from '../../protocol/src/initializationOptions';
import { ARCHIVE_SCHEME, PAGE_SCHEME, parsePageDocumentUri } from '../../protocol/src/uriSchemes';
import {
  ArchiveTextRequest,
  CitablesRequest,
  LibraryStatusNotification,
  ListSourcesRequest,
  PageTextRequest,
  ReindexRequest,
  type ArchiveStatus,
  type CitableSummary,
  type LibraryStatus,
  type SourceSummary,
} from '../../protocol/src/messages';
import { DRAFT_FILE_PATTERN, DRAFT_LANGUAGE_IDS, LATEX_KEY_COMPLETERS } from '../../protocol/src/draftLanguages';
import { registerLanguageModelTools, TOOLS_CONTEXT_KEY } from './languageModelTools';
import { QuotesView } from './quotesView';
import { RecordingPlayer } from './recordingPlayer';

let client: LanguageClient | undefined;
/** The passage of a PDF page or archived article that go to definition is opening, to be selected when its editor shows. */
let pendingPassage: { readonly uri: string; readonly range: vscode.Range } | undefined;

/**
 * Selects the pending passage if `editor` shows its page. It stays pending until the editor reports
 * that selection: the navigation that opened the editor may set its own cursor after this runs.
 */
function selectPendingPassage(editor: vscode.TextEditor | undefined): void {
  if (!editor || !pendingPassage || editor.document.uri.toString() !== pendingPassage.uri) return;
  const { range } = pendingPassage;
  if (editor.selection.isEqual(new vscode.Selection(range.start, range.end))) {
    pendingPassage = undefined;
    return;
  }
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** Opens the PDF behind a page document (the given one or the active editor's) in the system's viewer. */
async function openPdf(target: vscode.Uri | undefined): Promise<void> {
  const uri = target ?? vscode.window.activeTextEditor?.document.uri;
  const ref = uri && parsePageDocumentUri(uri.toString());
  if (!ref) {
    void vscode.window.showInformationMessage('Verbatim: open a PDF page (go to definition on a quote of a PDF) first.');
    return;
  }
  const opened = await vscode.env.openExternal(vscode.Uri.parse(ref.source));
  if (!opened) void vscode.window.showWarningMessage(`Verbatim could not open ${ref.source} in the system viewer.`);
}

/** Whether `verbatim.latex.leaveKeyCompletion` is on and LaTeX Workshop or texlab is installed. */
function leavesKeysToLatexTools(): boolean {
  if (!vscode.workspace.getConfiguration('verbatim').get<boolean>('latex.leaveKeyCompletion', true)) return false;
  return vscode.extensions.all.some((extension) => LATEX_KEY_COMPLETERS.includes(extension.id.toLowerCase()));
}

/** Starts the Verbatim language server for drafts (Markdown, Quarto, R Markdown, LaTeX, Typst) and registers the commands and status bar item. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Verbatim', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...DRAFT_LANGUAGE_IDS.flatMap((language) => [
        { language, scheme: 'file' },
        { language, scheme: 'untitled' },
      ]),
      // A draft the editor has no language for (a .qmd without the Quarto extension) is still a draft.
      { scheme: 'file', pattern: DRAFT_FILE_PATTERN },
    ],
    outputChannel: output,
    synchronize: { configurationSection: 'verbatim' },
    // A function, so a restart (after trust is granted) sends the state of that moment.
    initializationOptions: (): InitializationOptions => ({
      settings: vscode.workspace.getConfiguration('verbatim'),
      // The index file lives in VS Code's storage for this workspace, never beside the sources.
      cacheDir: (context.storageUri ?? context.globalStorageUri).fsPath,
      // In an untrusted workspace, only the user's own `verbatim.sources` may point outside it.
      trusted: vscode.workspace.isTrusted,
      userSources: vscode.workspace.getConfiguration('verbatim').inspect<string[]>('sources')?.globalValue ?? [],
      userBibliography: vscode.workspace.getConfiguration('verbatim').inspect<string[]>('bibliography')?.globalValue ?? [],
      // Likewise, only the user's own `verbatim.archive.url` may name an archive there.
      userArchiveUrl: vscode.workspace.getConfiguration('verbatim').inspect<string>('archive.url')?.globalValue ?? '',
      // This client serves `verbatim-pdf:` page documents: PDF passages open as their page's text.
      pageDocuments: true,
      // This client plays recordings: quotes of a transcript with one get a `▶ 12:31` code lens.
      recordingPlayer: true,
    }),
    errorHandler: new ExplainingErrorHandler(output),
    middleware: {
      // In LaTeX, LaTeX Workshop and texlab complete citation keys too: unless the writer wants both,
      // Verbatim leaves keys to them and offers only the rest of quotations.
      provideCompletionItem: async (document, position, context, token, next) => {
        const result = await next(document, position, context, token);
        if (document.languageId !== 'latex' || !result || !leavesKeysToLatexTools()) return result;
        const keep = (item: vscode.CompletionItem): boolean => item.kind !== vscode.CompletionItemKind.Reference;
        return Array.isArray(result) ? result.filter(keep) : new vscode.CompletionList(result.items.filter(keep), result.isIncomplete);
      },
      // Go to definition puts the cursor at a definition's start; a PDF page or an archived article is
      // opened to show a passage, so remember it and select all of it once its editor is shown.
      provideDefinition: async (document, position, token, next) => {
        const result = await next(document, position, token);
        const first = Array.isArray(result) ? result[0] : result;
        const target = first && ('targetUri' in first ? { uri: first.targetUri, range: first.targetRange } : first);
        const virtual = target && (target.uri.scheme === PAGE_SCHEME || target.uri.scheme === ARCHIVE_SCHEME);
        pendingPassage = virtual ? { uri: target.uri.toString(), range: target.range } : undefined;
        return result;
      },
    },
    initializationFailedHandler: (error) => {
      output.appendLine(`Verbatim's server failed to start: ${String(error)}`);
      void vscode.window.showErrorMessage(
        `Verbatim could not start its language server: ${error instanceof Error ? error.message : String(error)}. See the "Verbatim" output for details.`,
      );
      return false;
    },
  };
  client = new LanguageClient('verbatim', 'Verbatim', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem('verbatim.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'Verbatim sources';
  status.text = '$(quote) Verbatim: indexing…';
  status.command = 'verbatim.showSource';
  status.show();
  // The open draft's tally (`✓ 14 · ⚠ 2`) follows the library's state in the same item.
  let tally: string | undefined;
  let libraryText = status.text;
  const renderStatus = (): void => {
    status.text = tally ? `${libraryText} · ${tally}` : libraryText;
  };
  const showStatus = (library: LibraryStatus): void => {
    const progress = library.indexing ? library.progress : undefined;
    const count = (n: number): string => n.toLocaleString('en-US');
    libraryText = !library.indexing
      ? `$(quote) ${count(library.sources)} source${library.sources === 1 ? '' : 's'}`
      : progress && progress.total > 0
        ? `$(sync~spin) Verbatim: indexing ${count(progress.done)} / ${count(progress.total)}`
        : '$(sync~spin) Verbatim: indexing…';
    if (library.archive) libraryText += ` · ${archiveText(library.archive)}`;
    renderStatus();
    status.tooltip = [
      library.indexing
        ? [
            progress && progress.total > 0
              ? `Verbatim is indexing its sources: ${count(progress.done)} / ${count(progress.total)} files read; problems are shown once it is done`
              : 'Verbatim is listing its sources; problems are shown once they are indexed',
            // The keys read from front matter so far: completion and source cards answer from them meanwhile.
            `${count(library.sources)} citation key${library.sources === 1 ? '' : 's'} known so far`,
          ].join('\n')
        : `Verbatim: ${count(library.sources)} sources indexed${library.skipped > 0 ? `, ${count(library.skipped)} skipped (see the Verbatim output)` : ''}`,
      ...library.folders.map((folder) => `• ${folder}`),
      ...(library.archive ? [archiveTooltip(library.archive)] : []),
    ].join('\n');
  };

  const quotes = new QuotesView(client, (text) => {
    tally = text;
    renderStatus();
  });

  context.subscriptions.push(
    output,
    status,
    quotes,
    new RecordingPlayer(),
    vscode.commands.registerCommand('verbatim.insertCitation', () => insertCitation()),
    vscode.commands.registerCommand('verbatim.reindex', async () => {
      const library = await client?.sendRequest(ReindexRequest);
      if (library) {
        const archived = library.archive ? `; ${archiveTooltip(library.archive)}` : '';
        void vscode.window.showInformationMessage(`Verbatim indexed ${library.sources.toLocaleString('en-US')} sources (${library.skipped.toLocaleString('en-US')} skipped)${archived}.`);
      }
    }),
    vscode.commands.registerCommand('verbatim.showSource', () => showSource()),
    // One page of a PDF's extracted text, read-only (VS Code shows no PDF itself).
    vscode.workspace.registerTextDocumentContentProvider(PAGE_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const page = await client?.sendRequest(PageTextRequest, { uri: uri.toString() });
        return page?.text ?? 'This PDF page is no longer in the Verbatim library.\n';
      },
    }),
    // An archived article's text, read-only (it has no file on this machine).
    vscode.workspace.registerTextDocumentContentProvider(ARCHIVE_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const article = await client?.sendRequest(ArchiveTextRequest, { uri: uri.toString() });
        return article?.text ?? 'The archive does not answer, or no longer holds this article.\n';
      },
    }),
    vscode.commands.registerCommand('verbatim.openPdf', (target?: vscode.Uri) => openPdf(target)),
    vscode.window.onDidChangeActiveTextEditor(selectPendingPassage),
    // Go to definition sets its own cursor as it opens the editor: select after that.
    vscode.window.onDidChangeTextEditorSelection((event) => selectPendingPassage(event.textEditor)),
    client.onNotification(LibraryStatusNotification, (library) => {
      showStatus(library);
      if (!library.indexing) void quotes.refresh();
    }),
    // Trust changes what the workspace's settings may reach: start the server again with it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
  );
  await client.start();
  // The language-model tools ask the server: they are offered once it answers.
  context.subscriptions.push(...registerLanguageModelTools(client));
  void vscode.commands.executeCommand('setContext', TOOLS_CONTEXT_KEY, true);
  await quotes.refresh();
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The archive in the status bar: `$(database) 1,204,331 archived`, or why it does not answer. */
function archiveText(archive: ArchiveStatus): string {
  switch (archive.state) {
    case 'connected':
      return `$(database) ${(archive.articles ?? 0).toLocaleString('en-US')} archived`;
    case 'connecting':
      return '$(database) archive: connecting…';
    case 'reconnecting':
      return '$(debug-disconnect) archive: reconnecting…';
    case 'unreachable':
      return '$(debug-disconnect) archive unreachable';
  }
}

/** The archive's line of the tooltip: its address (never a password) and state. */
function archiveTooltip(archive: ArchiveStatus): string {
  const why = archive.problem ? ` (${archive.problem})` : '';
  const state =
    archive.state === 'connected'
      ? `connected, ${(archive.articles ?? 0).toLocaleString('en-US')} articles`
      : archive.state === 'connecting'
        ? 'connecting'
        : archive.state === 'reconnecting'
          ? `lost${why}, reconnecting every few seconds; quotes that need it are marked archive-unavailable`
          : `unreachable${why}, asked again every few seconds; quotes that need it are marked archive-unavailable`;
  return `Archive ${archive.address}: ${state}`;
}

async function pickSource(placeHolder: string): Promise<SourceSummary | undefined> {
  if (!client) return undefined;
  const sources = await client.sendRequest(ListSourcesRequest);
  const items = sources.map((source) => ({
    label: `@${source.key}`,
    description: source.title,
    detail: [source.outlet, source.author, source.date, `${source.words} words`].filter((part) => part !== '').join(' · '),
    source,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.source;
}

/** Picks what the draft can cite, as the server lists it: sources and bibliography entries of the draft's scope. */
async function pickCitable(document: vscode.TextDocument, placeHolder: string): Promise<CitableSummary | undefined> {
  if (!client) return undefined;
  const citables = await client.sendRequest(CitablesRequest, { uri: document.uri.toString() });
  const items = citables.map((citable) => ({
    label: `@${citable.key}`,
    description: citable.title,
    detail: [
      citable.reference,
      citable.outlet,
      citable.reference === '' ? citable.author : '',
      citable.date,
      citable.words !== undefined ? `${citable.words.toLocaleString('en-US')} words` : 'no full text',
    ].filter((part) => part !== '').join(' · '),
    citable,
  }));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.citable;
}

async function insertCitation(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Markdown draft to insert a citation.');
    return;
  }
  const citable = await pickCitable(editor.document, 'Insert a citation: type words of a key, title, outlet or author');
  if (!citable) return;
  const key = writtenKey(citable.key);
  await editor.edit((edit) => {
    for (const selection of editor.selections) edit.replace(selection, `[@${key}]`);
  });
}

async function showSource(): Promise<void> {
  const source = await pickSource('Show a source: type words of a key, title, outlet or author');
  if (!source) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(source.uri));
  await vscode.window.showTextDocument(document, { preview: true });
}

/** Restarts a crashed server a few times, and tells the writer what happened either way. */
class ExplainingErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];

  constructor(private readonly output: vscode.LogOutputChannel) {}

  error(error: Error): { action: ErrorAction } {
    this.output.appendLine(`Verbatim's server connection reported an error: ${error.message}`);
    return { action: ErrorAction.Continue };
  }

  closed(): { action: CloseAction; message: string } {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - this.restarts[0]! > 3 * 60_000) this.restarts.shift();
    if (this.restarts.length <= 4) {
      return { action: CloseAction.Restart, message: 'Verbatim\'s language server stopped unexpectedly and was restarted. See the "Verbatim" output for details.' };
    }
    return {
      action: CloseAction.DoNotRestart,
      message: 'Verbatim\'s language server stopped 5 times in 3 minutes and will not be restarted. See the "Verbatim" output, then run "Developer: Reload Window".',
    };
  }
}
