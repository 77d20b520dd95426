// First: it takes `--clientProcessId` out of the command line before vscode-languageserver reads it.
import { CLIENT_PROCESS_STRATEGY, watchClientProcess } from './clientProcess';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeLensRefreshRequest,
  createConnection,
  DidChangeConfigurationNotification,
  ErrorCodes,
  ResponseError,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  LSPErrorCodes,
  MessageType,
  ShowMessageNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeLens,
  type Command,
  type DocumentLink,
  type InlayHint,
  type CompletionList,
  type Connection,
  type InitializeParams,
  type Hover,
  type InitializeResult,
  type Location,
  type Message,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ArchiveHost } from '../archive/archiveHost';
import { LibraryHost, type LibraryHostOptions } from '../host/libraryHost';
import type { FileEventKind } from '../host/sourceTreeEvents';
import type { WorkspaceTrust } from '../library/sourceLocations';
import { isInside } from '../library/sourceFiles';
import { recordingOf } from '../library/recordings';
import { SOURCE_EXTENSIONS } from '../readers/sourceReaders';
import {
  LibraryStatusNotification,
  ArchiveTextRequest,
  CitablesRequest,
  ListSourcesRequest,
  PageTextRequest,
  QuotesRequest,
  ReindexRequest,
  type CitableSummary,
  type LibraryStatus,
  type QuoteList,
  type SourceSummary,
} from '../../../protocol/src/messages';
import { APPLY_EDIT_COMMAND, OPEN_SOURCE_COMMAND } from '../../../protocol/src/commands';
import { readInitializationOptions } from '../../../protocol/src/initializationOptions';
import { parseArchiveDocumentUri, parsePageDocumentUri } from '../../../protocol/src/uriSchemes';
import { authorDateCitation } from '../core/library/authorDate';
import { isIndexed } from '../core/library/sourceHeads';
import { createLanguageService, pageText, prepareSourceSearch, TOP_DOWN_FORMATS, type Citable, type SourceView } from '../service';
import { draftFormatOf } from '../core/draft/draftAnalysis';
import { completionWithArchive } from './archiveCompletion';
import { registerAssistantRequests } from './assistantRequests';
import { codeActionsFor, completionItemFor, diagnosticsFor, editOfCommand, hoverFor, NO_SUPPORT, readClientSupport, withFixData, type ClientSupport } from './clientSupport';
import { DiagnosticScheduler } from './diagnosticScheduler';
import { FileWatcher } from './fileWatcher';
import { DRAFT_DOCUMENTS } from './draftDocuments';
import { parseDraftApart } from '../workers/draftParsing';
import { forgetSettled, preparedDocument, settledDocument } from './settledDocument';
import { IndexingProgress } from './indexingProgress';
import { RequestActivity } from './requestActivity';
import { DEFAULT_SETTINGS, readSettings, serviceSettings, trustedArchiveUrl, type VerbatimSettings } from './settings';

/** How long requests about drafts wait for the client's settings at most, in milliseconds (see onInitialized). */
const MAX_SETTINGS_WAIT_MS = 2_000;

/** Starts the Verbatim language server on the process's stdio or IPC channel (from argv). */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all, { connectionStrategy: { cancelUndispatched }, messageStrategy: CLIENT_PROCESS_STRATEGY })): void {
  const documents = new TextDocuments(DRAFT_DOCUMENTS);
  const log = (message: string): void => connection.console.log(message);
  reportCrashes(connection);
  // The log line goes out before the process ends (a pipe is written at once; IPC needs a moment).
  watchClientProcess({ log, exit: (code) => void setTimeout(() => process.exit(code), 200) });
  let progress: IndexingProgress | undefined;
  // Background slices (a large bibliography's look-ups and full parse, the key search's word index) let requests go first.
  const activity = new RequestActivity();
  const hostOptions: LibraryHostOptions = {
    giveWay: activity.giveWay,
    onProgress: () => progress?.update(),
    // A notification, not `showWarningMessage`'s request: nothing waits for the user to answer.
    onProblem: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
  };
  let host = new LibraryHost(log, hostOptions);
  // The first folder's settings (or those pushed to the server), and each workspace folder's.
  let settings: VerbatimSettings = DEFAULT_SETTINGS;
  let folderSettings: ReadonlyMap<string, VerbatimSettings> = new Map();
  let roots: string[] = [];
  let support: ClientSupport = NO_SUPPORT;
  let trust: WorkspaceTrust = { trusted: true, userEntries: [] };
  let initialized = false;
  // The settings the client sent with `initialize`, when it sent them.
  let initializationSettings = false;
  // Until the client answers for its settings, requests about drafts wait (see onInitialized).
  let settingsKnown: Promise<void> = Promise.resolve();
  let settingsAnswered = true;
  // VS Code's client shows PDF pages as `verbatim-pdf:` documents; other clients get the file and page.
  let sourceView: SourceView = 'file';
  // VS Code's client plays recordings: it alone gets the `▶ 12:31` code lenses that run its player.
  let recordingPlayer = false;
  const archive = new ArchiveHost(() => host.library, log);
  let userArchiveUrl = '';
  const service = createLanguageService({
    library: () => host.library,
    pending: () => host.pending(),
    logger: { log },
    settings: (uri) => serviceSettings(uri === undefined ? settings : settingsOf(uri)),
    stores: [archive.store],
    sourceView: () => sourceView,
    scopeOf: (uri) => host.scopeOf(uri),
    parseApart: parseDraftApart,
    recordingOf,
    giveWay: activity.giveWay,
  });
  const scheduler = new DiagnosticScheduler(
    connection,
    documents,
    service,
    (document) => archive.prepare(service, document),
    () => host.ready,
    (diagnostics) => diagnosticsFor(diagnostics, support),
  );
  // A draft's settings are those of the workspace folder that holds it (the first folder's otherwise).
  const settingsOf = (uri: string): VerbatimSettings => {
    const root = rootOf(roots, uri);
    return (root !== undefined ? folderSettings.get(root) : undefined) ?? settings;
  };

  // Verdicts change with the library and the settings: clients that can be told re-ask for hints.
  const recheckAll = (delay?: number): void => {
    scheduler.scheduleAll(delay);
    if (support.inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (recordingPlayer && support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  // The archive set, unset or reachable again: its answers changed.
  archive.onChange = () => recheckAll(0);
  // The library's state, with the archive's when one is set.
  const libraryStatus = (): LibraryStatus => {
    const archived = archive.status();
    return { ...host.status(), ...(archived ? { archive: archived } : {}) };
  };
  const sendStatus = (): void => {
    void connection.sendNotification(LibraryStatusNotification, libraryStatus());
  };
  archive.onStatus = sendStatus;
  // A PDF changed on disk is extracted after its file event was answered, and a bibliography's full
  // parse ends after its key pass: check again once they are in.
  const lateChange = (): void => {
    sendStatus();
    prepareSourceSearch(host.library, activity.giveWay);
    recheckAll(50);
  };
  host.onLateChange = lateChange;
  host.onCatalogueRefined = lateChange;
  const reindex = async (): Promise<void> => {
    const reloaded = host.reload(); // marks the host as indexing before its first await
    sendStatus();
    const run = new IndexingProgress(connection, {
      progress: () => host.status().progress,
      cancellable: host.cancellable,
      cancel: () => host.cancelReload(),
    }, sendStatus);
    progress = run;
    try {
      await reloaded;
    } finally {
      if (progress === run) progress = undefined;
      await run.done();
    }
    sendStatus();
    prepareSourceSearch(host.library, activity.giveWay);
    recheckAll(0);
  };
  const applyFileEvents = (events: ReadonlyArray<readonly [string, FileEventKind]>): void => {
    if (host.onFileEvents(events)) {
      sendStatus();
      recheckAll(50);
    }
  };
  // A client that cannot be asked to watch files: the server watches the source folders itself.
  const watcher = new FileWatcher(applyFileEvents, log);
  /** Applies the settings to the library (each folder's sources and bibliographies); true when it must be read again. */
  const configureLibrary = (): boolean => {
    const folderOf = (root: string): VerbatimSettings => folderSettings.get(root) ?? settings;
    const sourcesChanged = host.configure(roots, (root) => folderOf(root).sources, settings.bundledSources, trust);
    const bibliographiesChanged = host.configureBibliographies(roots, (root) => folderOf(root).bibliography);
    return sourcesChanged || bibliographiesChanged;
  };
  /** Asks the client for its settings and applies them; `applied` is told once they are (before the library is read again). */
  const refreshSettings = async (applied?: () => void): Promise<void> => {
    if (support.configuration) {
      // One item per workspace folder, scoped to it: each folder may name its own sources.
      try {
        const answers: unknown[] = await connection.workspace.getConfiguration(roots.map((root) => ({ scopeUri: pathToFileURL(root).href, section: 'verbatim' })));
        folderSettings = new Map(roots.map((root, i) => [root, readSettings(answers[i])]));
        settings = folderSettings.get(roots[0]!) ?? settings;
      } catch (error) {
        log(`could not read settings, keeping the previous ones: ${(error as Error).message}`);
      }
    }
    // An untrusted workspace's own settings may not point the server at an archive: only the user's may.
    const archiveUrl = trustedArchiveUrl(settings, trust.trusted, userArchiveUrl);
    if (archiveUrl !== settings.archiveUrl) log('ignored verbatim.archive.url from the untrusted workspace; only your user settings may name an archive');
    archive.configure(archiveUrl);
    const changed = configureLibrary();
    // What was read from the initialization settings is kept only if these name the same.
    host.confirm(changed);
    applied?.();
    if (!support.watchedFilesRegistration) watcher.watch(host.watchedFolders());
    if (changed) await reindex();
    else recheckAll(0);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initialized = true;
    roots = workspaceRoots(params);
    support = readClientSupport(params.capabilities);
    const options = readInitializationOptions(params.initializationOptions);
    userArchiveUrl = options.userArchiveUrl ?? '';
    sourceView = options.pageDocuments === true ? 'pages' : 'file';
    recordingPlayer = options.recordingPlayer === true;
    settings = readSettings(options.settings);
    initializationSettings = options.settings !== undefined;
    // Only VS Code knows workspace trust; other editors' settings are the user's own.
    trust = { trusted: options.trusted !== false, userEntries: options.userSources ?? [], userBibliographies: options.userBibliography ?? [] };
    // The client may name a storage folder for the index file (VS Code's workspace storage).
    if (options.cacheDir !== undefined) {
      host = new LibraryHost(log, { ...hostOptions, cacheDir: options.cacheDir });
      host.onLateChange = lateChange;
      host.onCatalogueRefined = lateChange;
    }
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        completionProvider: { triggerCharacters: ['@', ' '], resolveProvider: true },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        // Code action kinds may be declared only to clients that take code action literals.
        codeActionProvider: support.codeActionLiterals ? { codeActionKinds: ['quickfix', ''] } : true,
        ...(support.inlayHints ? { inlayHintProvider: { resolveProvider: false } } : {}),
        ...(recordingPlayer ? { codeLensProvider: { resolveProvider: false } } : {}),
        executeCommandProvider: { commands: [OPEN_SOURCE_COMMAND, APPLY_EDIT_COMMAND] },
        ...(support.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
      },
      serverInfo: { name: 'verbatim' },
    };
  });

  connection.onInitialized(async () => {
    // Clients that cannot register it dynamically send the notification anyway (LSP), when they can.
    if (support.configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'verbatim' });
    if (support.watchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: `**/*.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}` },
          // Bibliographies, Quarto metadata and Zotero's full-text caches.
          { globPattern: '**/*.{bib,bibtex,json,yaml,yml}' },
          { globPattern: '**/.zotero-ft-cache' },
          { globPattern: '**/' },
        ],
      });
    }
    // Without workspace folder support the roots stay those of `initialize` (vscode-languageserver throws otherwise).
    if (support.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        roots = roots.filter((root) => !event.removed.some((f) => uriToPath(f.uri) === root));
        roots.push(...event.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined));
        void refreshSettings();
      });
    }
    // The library the initialization settings name is read at once, while the client answers for
    // its settings (at a restart on a large bibliography, the keys are in when the answer arrives);
    // requests about drafts wait for that answer, and a library it does not name is dropped unserved.
    if (support.configuration && initializationSettings) {
      let answered = (): void => undefined;
      settingsAnswered = false;
      settingsKnown = new Promise<void>((resolve) => {
        answered = resolve;
        // A client that never answers does not hold the requests for good: its initialization settings stand.
        setTimeout(resolve, MAX_SETTINGS_WAIT_MS).unref();
      }).then(() => {
        settingsAnswered = true;
      });
      // The question goes out first: the reading holds the event loop for a while.
      const answer = refreshSettings(answered);
      host.configureProvisionally();
      if (configureLibrary()) void reindex();
      await answer;
      return;
    }
    await refreshSettings();
  });

  connection.onDidChangeConfiguration((params) => {
    // Clients that cannot be asked for settings push them with the notification.
    const pushed = (params.settings as { verbatim?: unknown } | null | undefined)?.verbatim;
    if (!support.configuration && pushed !== undefined) settings = readSettings(pushed);
    void refreshSettings();
  });
  connection.onShutdown(async () => {
    watcher.dispose();
    host.persistNow();
    await archive.dispose();
  });
  connection.onDidChangeWatchedFiles((params) => {
    const kinds = { [FileChangeType.Deleted]: 'deleted', [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed' } as const;
    applyFileEvents(params.changes.map((change) => [change.uri, kinds[change.type]] as const));
  });

  /** Notes the bibliographies a long draft's own syntax names once its version is parsed (shared with its check). */
  const noteLongDraft = async (document: TextDocument): Promise<void> => {
    const { uri, version } = document;
    const text = document.getText();
    await service.prepare(document, { get isCancellationRequested() { return document.version !== version; } });
    const parsed = service.lastParsed(uri);
    if (document.version !== version || parsed?.version !== version) return;
    if (host.noteDraft(uri, text, roots, parsed.analysis.bibliographies)) {
      sendStatus();
      recheckAll(0);
    }
  };
  // TextDocuments reports an opened document as changed too: check it at once, then debounce edits.
  const opened = new Set<string>();
  documents.onDidChangeContent((event) => {
    const uri = event.document.uri;
    // A draft that names a bibliography the library lacks: read it (fast key pass) before checking.
    // A long LaTeX or Typst draft names its own after its parse (in a worker), not by a parse here.
    const document = event.document;
    if (!TOP_DOWN_FORMATS.has(draftFormatOf(document.languageId, uri)) && !service.answersAtOnce(document)) {
      void noteLongDraft(document);
    } else if (host.noteDraft(uri, document.getText(), roots)) {
      sendStatus();
      recheckAll(0);
    }
    scheduler.schedule(uri, opened.has(uri) ? undefined : 0);
    opened.add(uri);
  });
  documents.onDidClose((event) => {
    opened.delete(event.document.uri);
    scheduler.cancel(event.document.uri);
    service.forget(event.document.uri);
    forgetSettled(event.document.uri);
    archive.forget(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  // LSP: a request before `initialize` is answered with ServerNotInitialized; one about a document
  // the client never opened gets the empty answer.
  const withDocument = <T>(uri: string, fallback: T, run: (document: TextDocument) => T, token?: CancellationToken): T => {
    if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the Verbatim server is not initialized yet');
    if (token?.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const document = documents.get(uri);
    if (document === undefined) return fallback;
    // Before the client's settings are in, the library may be one they do not name: wait for them
    // (the handlers' answers may be promises already; the client awaits either).
    if (!settingsAnswered) return activity.track(() => settingsKnown.then(() => run(document))) as unknown as T;
    return activity.track(() => run(document));
  };
  connection.onCompletion((params, token) =>
    withDocument<Promise<CompletionList> | null>(params.textDocument.uri, null, async (d) => {
      // Never waits for a parse: a long draft as it is being typed is read around the position alone.
      const list = await completionWithArchive(service, archive, settledDocument(service, d, params.position), params.position, token);
      return { ...list, items: list.items.map((item) => completionItemFor(item, support)) };
    }, token),
  );
  // A key only the archive has: its article is fetched (once) before its card is made.
  const archivedKeyAt = async (document: TextDocument, position: { line: number; character: number }): Promise<void> => {
    const key = archive.active ? service.citedKeyAt(document, position) : undefined;
    if (key !== undefined) await archive.fetchKeys([key]);
  };
  connection.onCompletionResolve((item, token) =>
    activity.track(async () => {
      const key = (item.data as { key?: unknown } | undefined)?.key;
      if (typeof key === 'string' && item.documentation === undefined) await archive.fetchKeys([key]);
      return completionItemFor(service.resolveCompletionItem(item, token), support);
    }),
  );
  connection.onHover((params, token) =>
    withDocument<Promise<Hover | null> | null>(params.textDocument.uri, null, async (d) => {
      const view = await preparedDocument(service, d, params.position, token);
      await archivedKeyAt(view, params.position);
      const hover = service.getHover(view, params.position, token);
      return hover === undefined ? null : hoverFor(hover, support);
    }, token),
  );
  connection.onDefinition((params, token) =>
    withDocument<Promise<Location[]> | Location[]>(params.textDocument.uri, [], async (d) => {
      const view = await preparedDocument(service, d, params.position, token);
      await archivedKeyAt(view, params.position);
      return service.getDefinition(view, params.position, token);
    }, token),
  );
  connection.onReferences((params, token) =>
    withDocument<Promise<Location[]> | Location[]>(params.textDocument.uri, [], async (live) => {
      // Every open draft's citations: a long one is parsed in slices or a worker first (issue 27).
      const all: TextDocument[] = [];
      for (const other of documents.all()) all.push(await preparedDocument(service, other, undefined, token));
      return service.getReferences(await preparedDocument(service, live, undefined, token), params.position, all, token);
    }, token),
  );
  // Links, hints and the quote list of a long draft wait for its parse or check in slices (issue 27).
  connection.onDocumentLinks((params, token) =>
    withDocument<Promise<DocumentLink[]> | DocumentLink[]>(params.textDocument.uri, [], async (live) => service.getDocumentLinks(await preparedDocument(service, live, undefined, token), token), token),
  );
  connection.onWorkspaceSymbol(async (params, token) => {
    if (!initialized) return [];
    await settingsKnown;
    return service.getWorkspaceSymbols(params.query, token);
  });
  connection.onCodeAction((params, token) =>
    withDocument<Promise<Array<CodeAction | Command>> | Array<CodeAction | Command>>(params.textDocument.uri, [], async (live) => {
      // Always the document as it is now, never a settled older version: an edit computed from an
      // older version is not applied by VS Code (its quick fix from the Problems panel did nothing).
      // Checked first (in slices, for a long draft) only when the actions need every verdict: a
      // reuse run's passage, or fixes a client that drops diagnostics' data did not send back.
      const verbatim = params.context.diagnostics.filter((diagnostic) => diagnostic.source === 'verbatim');
      const checked = verbatim.some((diagnostic) => diagnostic.data === undefined || diagnostic.code === 'unquoted-reuse');
      const d = await preparedDocument(service, live, undefined, token, checked);
      // A client that does not keep diagnostics' `data` sends them back without their fixes.
      const diagnostics = withFixData(params.context.diagnostics, () => service.computeDiagnostics(d) ?? []);
      return codeActionsFor(service.getCodeActions(d, params.range, diagnostics, token), support);
    }, token),
  );
  // Before the first library is loaded every verdict would be "unknown source": no hints, no quote list.
  connection.languages.inlayHint.on((params, token) =>
    withDocument<Promise<InlayHint[]> | InlayHint[]>(params.textDocument.uri, [], async (live) => {
      if (host.pending()) return [];
      return service.getInlayHints(await preparedDocument(service, live, undefined, token, true), params.range, token);
    }, token),
  );
  connection.onCodeLens((params, token) =>
    withDocument<Promise<CodeLens[]> | CodeLens[]>(params.textDocument.uri, [], async (live) => {
      if (host.pending() || !recordingPlayer) return [];
      return service.getCodeLenses(await preparedDocument(service, live, undefined, token, true), token);
    }, token),
  );
  connection.onRequest(QuotesRequest, (params, token) =>
    withDocument<Promise<QuoteList | null> | null>(params.uri, null, async (live) => {
      if (host.pending()) return null;
      return service.getQuoteList(await preparedDocument(service, live, undefined, token, true), token) ?? null;
    }, token),
  );
  connection.onExecuteCommand(async (params) => {
    if (params.command === APPLY_EDIT_COMMAND) {
      const edit = editOfCommand(params.arguments);
      if (edit === undefined) return null;
      // A client that cannot be asked to edit gets the edit as the command's result.
      if (!support.applyEdit) return edit;
      await connection.workspace.applyEdit(edit);
      return null;
    }
    if (params.command !== OPEN_SOURCE_COMMAND) return null;
    const [uri, range, external] = (params.arguments ?? []) as [string | undefined, { start: { line: number } } | null | undefined, boolean | undefined];
    if (typeof uri !== 'string') return null;
    if (!support.showDocument) {
      // The client cannot open documents for the server: say where the source is instead.
      const file = uriToPath(uri) ?? uri;
      const where = range && typeof range.start?.line === 'number' ? `${file}, line ${range.start.line + 1}` : file;
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: `Verbatim: the source is ${where}` });
      return null;
    }
    // `external`: the system's program for the file (a PDF viewer), where the client supports it.
    if (external === true) await connection.window.showDocument({ uri, external: true });
    else await connection.window.showDocument({ uri, takeFocus: true, ...(range ? { selection: range as never } : {}) });
    return null;
  });
  connection.onRequest(PageTextRequest, ({ uri }) => {
    const ref = parsePageDocumentUri(uri);
    const entry = ref && host.library.getByUri(ref.source);
    const text = entry && pageText(entry.source, ref.page);
    return text === undefined ? null : { text };
  });
  // An archived article's text, for its read-only document (fetched once, then kept).
  connection.onRequest(ArchiveTextRequest, async ({ uri }) => {
    const key = parseArchiveDocumentUri(uri);
    const text = key === undefined ? undefined : await archive.articleText(key);
    return text === undefined ? null : { text };
  });
  connection.onRequest(ReindexRequest, async () => {
    await reindex();
    await archive.refreshCount();
    return libraryStatus();
  });
  connection.onRequest(CitablesRequest, async ({ uri }, token) => {
    if (!initialized) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the Verbatim server is not initialized yet');
    await settingsKnown;
    const live = uri === undefined ? undefined : documents.get(uri);
    // A long draft's own references come from its parse, in slices or a worker (issue 27).
    const document = live === undefined ? undefined : await preparedDocument(service, live, undefined, token);
    return service.getCitables(document).map(citableSummary);
  });
  connection.onRequest(ListSourcesRequest, async (): Promise<SourceSummary[]> => {
    await settingsKnown;
    return host.library.sources().map(({ source }) => ({
      key: source.key,
      title: source.meta.title,
      outlet: source.meta.outlet,
      author: source.meta.author,
      date: source.meta.date,
      uri: source.uri,
      words: source.wordCount,
    }));
  });

  registerAssistantRequests(connection, {
    documents,
    service,
    initialized: () => initialized,
    ready: () => host.ready,
    roots: () => roots,
    prepare: (document) => archive.prepare(service, document),
  });

  documents.listen(connection);
  connection.listen();
}

/** A citable as the client's pickers show it. */
function citableSummary(citable: Citable): CitableSummary {
  const words = citable.source && isIndexed(citable.source) ? citable.source.source.wordCount : undefined;
  return {
    key: citable.key,
    title: citable.title,
    author: citable.author,
    outlet: citable.outlet,
    date: citable.date,
    reference: citable.entry ? authorDateCitation(citable.entry.entry) : '',
    ...(words !== undefined ? { words } : {}),
  };
}

/**
 * Answers a request cancelled while it still waits in the queue with RequestCancelled instead of
 * running it: after a busy moment, the editor's outdated requests cost nothing.
 */
function cancelUndispatched(message: Message): ResponseMessage | undefined {
  const id = (message as RequestMessage).id;
  if (id === undefined) return undefined;
  return { jsonrpc: '2.0', id, error: new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled before it ran').toJson() };
}

/** Makes an unexpected error visible in the client's log instead of silently killing the server. */
function reportCrashes(connection: Connection): void {
  process.on('uncaughtException', (error) => {
    connection.console.error(`Verbatim: unexpected error (the server keeps running): ${error.stack ?? String(error)}`);
  });
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`Verbatim: unhandled rejection (the server keeps running): ${reason instanceof Error ? reason.stack : String(reason)}`);
  });
}

function workspaceRoots(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const roots = uris.map(uriToPath).filter((p): p is string => p !== undefined);
  return roots.length > 0 ? roots : [params.rootPath ?? process.cwd()].map((p) => path.resolve(p));
}

/** The workspace folder holding a document (the innermost one), or undefined when none does. */
function rootOf(roots: readonly string[], uri: string): string | undefined {
  const file = uriToPath(uri);
  if (file === undefined) return undefined;
  let best: string | undefined;
  for (const root of roots) {
    if (isInside(file, root) && (best === undefined || root.length > best.length)) best = root;
  }
  return best;
}

function uriToPath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined; // a remote or virtual folder: no sources can be read from it
  }
}
