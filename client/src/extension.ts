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
import { LibraryStatusNotification, ListSourcesRequest, ReindexRequest, type LibraryStatus, type SourceSummary } from '../../server/src/protocol';
import { QuotesView } from './quotesView';

let client: LanguageClient | undefined;

/** Starts the Verbatim language server for Markdown and registers the commands and status bar item. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Verbatim', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'markdown', scheme: 'file' },
      { language: 'markdown', scheme: 'untitled' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: 'verbatim' },
    // A function, so a restart (after trust is granted) sends the state of that moment.
    initializationOptions: () => ({
      settings: vscode.workspace.getConfiguration('verbatim'),
      // The persisted index lives in VS Code's storage for this workspace, never beside the sources.
      cacheDir: (context.storageUri ?? context.globalStorageUri).fsPath,
      // In an untrusted workspace, only the user's own `verbatim.sources` may point outside it.
      trusted: vscode.workspace.isTrusted,
      userSources: vscode.workspace.getConfiguration('verbatim').inspect<string[]>('sources')?.globalValue ?? [],
    }),
    errorHandler: new ExplainingErrorHandler(output),
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
    libraryText = library.indexing
      ? '$(sync~spin) Verbatim: indexing…'
      : `$(quote) ${library.sources} source${library.sources === 1 ? '' : 's'}`;
    renderStatus();
    status.tooltip = [
      `Verbatim: ${library.sources} sources indexed${library.skipped > 0 ? `, ${library.skipped} skipped (see the Verbatim output)` : ''}`,
      ...library.folders.map((folder) => `• ${folder}`),
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
    vscode.commands.registerCommand('verbatim.insertCitation', () => insertCitation()),
    vscode.commands.registerCommand('verbatim.reindex', async () => {
      const library = await client?.sendRequest(ReindexRequest);
      if (library) void vscode.window.showInformationMessage(`Verbatim indexed ${library.sources} sources (${library.skipped} skipped).`);
    }),
    vscode.commands.registerCommand('verbatim.showSource', () => showSource()),
    client.onNotification(LibraryStatusNotification, (library) => {
      showStatus(library);
      if (!library.indexing) void quotes.refresh();
    }),
    // Trust changes what the workspace's settings may reach: start the server again with it.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()),
  );
  await client.start();
  await quotes.refresh();
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
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

async function insertCitation(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a Markdown draft to insert a citation.');
    return;
  }
  const source = await pickSource('Insert a citation: type words of a key, title, outlet or author');
  if (!source) return;
  const simple = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&\-+?<>~/](?=[\p{L}\p{N}_]))*$/u.test(source.key);
  const key = simple ? source.key : `{${source.key}}`;
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
