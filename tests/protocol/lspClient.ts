import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  UnregistrationRequest,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type ClientCapabilities,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type ShowDocumentParams,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { LibraryStatusNotification, type LibraryStatus } from '../../protocol/src/messages';
import { REPO, SEEDS, TEST_ENV } from '../helpers';

/** The launcher of the built bundle (`dist/cli.js`): the tests run what users run. */
export const SERVER_BIN = path.join(REPO, 'bin', 'verbatim.js');

/** How long a wait for the server may take before the test fails. */
const DEFAULT_WAIT_MS = 8_000;

/** The capabilities an editor like VS Code declares that the server reacts to. */
const CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    applyEdit: true,
    configuration: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
    symbol: { dynamicRegistration: false },
    executeCommand: { dynamicRegistration: false },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: false },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', ''] } }, dataSupport: true },
    documentLink: { tooltipSupport: true },
    inlayHint: { dynamicRegistration: false },
  },
  window: { workDoneProgress: true, showDocument: { support: true } },
};

/** The `verbatim` settings section, as the client answers `workspace/configuration`. */
export type VerbatimSection = Record<string, unknown>;

export interface StartOptions {
  /** The `verbatim` section answered to `workspace/configuration`; the test may change it later. */
  readonly settings?: VerbatimSection;
  /** Copy the seed articles into `<workspace>/sources/` (default true). */
  readonly copySeeds?: boolean;
  /** Wait until the server reports this many indexed sources (default 2 when seeds are copied). */
  readonly expectSources?: number;
  /** Extra environment variables of the server process. */
  readonly env?: NodeJS.ProcessEnv;
  /** Fills the new workspace before the server starts (e.g. with a generated library). */
  readonly populate?: (workspace: string) => void;
  /** Files written into the workspace before the server starts, by relative path. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /**
   * Extra `initializationOptions`, as a particular client sends them (VS Code's `pageDocuments`);
   * `'none'`: no initialization options at all (not even the settings).
   */
  readonly initializationOptions?: Readonly<Record<string, unknown>> | 'none';
  /** The client's capabilities (default: what VS Code declares that the server reacts to); `{}` for a bare client. */
  readonly capabilities?: ClientCapabilities;
  /**
   * The workspace folders sent in `initialize`, relative to the workspace (default: the workspace
   * itself); `'none'`: the client sends none (as a client without workspace folder support).
   */
  readonly workspaceFolders?: readonly string[] | 'none';
  /** `'none'`: `initialize` names no root URI either. */
  readonly rootUri?: 'none';
  /** The `verbatim` section answered for `workspace/configuration` items scoped to a workspace folder (by its relative path). */
  readonly folderSettings?: Readonly<Record<string, VerbatimSection>>;
}

/** A waiter for a condition re-checked on every event, failing with a clear message on timeout. */
interface Waiter {
  check(): boolean;
}

/**
 * A minimal language client for protocol tests: starts the built server in a fresh temporary
 * workspace over stdio, answers the server's requests as an editor would, and records what the
 * server sends so tests can wait on real events rather than sleeping.
 */
export class LspTestClient {
  /** Latest published diagnostics per document URI. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Edits the server asked the client to apply with `workspace/applyEdit`. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** Every `verbatim/libraryStatus` notification, in order. */
  readonly statuses: LibraryStatus[] = [];
  /** Capabilities the server registered dynamically. */
  readonly registrations: Registration[] = [];
  /** `window/showDocument` requests the server made. */
  readonly shownDocuments: ShowDocumentParams[] = [];
  /** `window/logMessage` lines and the server's stderr, for failure messages. */
  readonly log: string[] = [];
  /** Every notification from the server, in order of arrival (method, params, and `performance.now()` at arrival, for the benchmark). */
  readonly notifications: Array<{ readonly method: string; readonly params: unknown; readonly at: number }> = [];
  /** Tokens the server asked to create with `window/workDoneProgress/create`. */
  readonly progressTokens: Array<string | number> = [];
  /** Settings sections the server asked for with `workspace/configuration`. */
  readonly configurationRequests: unknown[] = [];
  /** The method of every request the server sent, in order. */
  readonly serverRequests: string[] = [];
  settings: VerbatimSection;
  initializeResult: InitializeResult | undefined;

  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  private exited = false;
  private disposed = false;
  private exitCode: number | null = null;

  private constructor(
    readonly workspace: string,
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    settings: VerbatimSection,
    private readonly options: StartOptions = {},
  ) {
    this.settings = settings;
  }

  /** The folder that holds the seed copies: `<workspace>/sources`. */
  get sourcesFolder(): string {
    return path.join(this.workspace, 'sources');
  }

  get workspaceUri(): string {
    return pathToFileURL(this.workspace).href;
  }

  /** Spawns the built server in a new temporary workspace and completes the initialize handshake. */
  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    if (!fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) {
      throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` before the protocol tests');
    }
    // realpath: on some systems the temp folder is a symbolic link, and the server reports real paths.
    const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-protocol-')));
    const copySeeds = options.copySeeds ?? true;
    if (copySeeds) {
      fs.mkdirSync(path.join(workspace, 'sources'));
      for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(workspace, 'sources', name));
    }
    options.populate?.(workspace);
    for (const [relative, content] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(workspace, relative)), { recursive: true });
      fs.writeFileSync(path.join(workspace, relative), content);
    }
    const child = spawn(process.execPath, [SERVER_BIN, 'lsp', '--stdio'], { cwd: workspace, stdio: 'pipe', env: { ...TEST_ENV, ...(options.env ?? {}) } });
    const reader = new StreamMessageReader(child.stdout);
    // No "partial message" timer: vscode-jsonrpc re-arms it every 10 s for as long as a message stays
    // partial, and a server killed mid-message (dispose) left one that kept the test process alive
    // (tests/protocol/transcripts.test.ts hung 27 minutes after its last test, its one live handle
    // that timer).
    reader.partialMessageTimeout = 0;
    const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin));
    const client = new LspTestClient(workspace, child, connection, { ...(options.settings ?? {}) }, options);
    client.wire();
    try {
      await client.initialize();
      const expected = options.expectSources ?? (copySeeds ? 2 : undefined);
      if (expected !== undefined) {
        await client.waitForStatus(0, (s) => !s.indexing && s.sources === expected, `the library to finish indexing ${expected} sources`);
      }
    } catch (error) {
      await client.dispose();
      throw error;
    }
    return client;
  }

  private wire(): void {
    const { connection, child } = this;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.log.push(`[stderr] ${chunk.trimEnd()}`);
    });
    child.on('exit', (code) => {
      this.exited = true;
      this.exitCode = code;
      this.notify();
    });
    // Writes to a dead server's stdin would otherwise crash the test process.
    child.stdin.on('error', (error) => this.log.push(`[stdin] ${error.message}`));

    connection.onRequest(ConfigurationRequest.type, (params) => {
      this.serverRequests.push(ConfigurationRequest.method);
      this.configurationRequests.push(params);
      return params.items.map((item) => (item.section === 'verbatim' ? this.settingsFor(item.scopeUri) : null));
    });
    // Void results: vscode-jsonrpc answers `undefined` with a null result.
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.serverRequests.push(RegistrationRequest.method);
      this.registrations.push(...params.registrations);
      this.notify();
    });
    connection.onRequest(UnregistrationRequest.type, () => {
      this.serverRequests.push(UnregistrationRequest.method);
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, (params) => {
      this.serverRequests.push(WorkDoneProgressCreateRequest.method);
      this.progressTokens.push(params.token);
      // vscode-jsonrpc routes `$/progress` to per-token handlers; the tests read them in order.
      connection.onProgress(WorkDoneProgress.type, params.token, (value) => {
        this.notifications.push({ method: '$/progress', params: { token: params.token, value }, at: performance.now() });
        this.notify();
      });
    });
    connection.onRequest(ShowDocumentRequest.type, (params) => {
      this.serverRequests.push(ShowDocumentRequest.method);
      this.shownDocuments.push(params);
      this.notify();
      return { success: true };
    });
    connection.onRequest(ApplyWorkspaceEditRequest.type, (params) => {
      this.serverRequests.push(ApplyWorkspaceEditRequest.method);
      this.appliedEdits.push(params.edit);
      this.notify();
      return { applied: true };
    });
    // The other requests a server may send: recorded, answered with null.
    for (const method of ['workspace/inlayHint/refresh', 'workspace/workspaceFolders', 'window/showMessageRequest', 'workspace/codeLens/refresh', 'workspace/diagnostic/refresh']) {
      connection.onRequest(method, () => {
        this.serverRequests.push(method);
        this.notify();
        return null;
      });
    }
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.notifications.push({ method: PublishDiagnosticsNotification.method, params, at: performance.now() });
      this.diagnostics.set(params.uri, params);
      this.notify();
    });
    connection.onNotification(LibraryStatusNotification, (status) => {
      this.notifications.push({ method: LibraryStatusNotification.method, params: status, at: performance.now() });
      this.statuses.push(status);
      this.notify();
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.notifications.push({ method: LogMessageNotification.method, params, at: performance.now() });
      this.log.push(params.message);
      this.notify();
    });
    // Anything else ($/progress, window/showMessage…): recorded in order for the tests to read.
    connection.onUnhandledNotification((message) => {
      this.notifications.push({ method: message.method, params: message.params, at: performance.now() });
      this.notify();
    });

    connection.onClose(() => this.notify());
    connection.listen();
  }

  private async initialize(): Promise<void> {
    const { workspaceFolders, initializationOptions } = this.options;
    const folders = workspaceFolders === 'none' ? undefined : (workspaceFolders ?? ['']).map((folder) => path.join(this.workspace, folder));
    this.initializeResult = await this.race(
      'the initialize response',
      this.connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: this.options.rootUri === 'none' ? null : this.workspaceUri,
        ...(folders ? { workspaceFolders: folders.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })) } : {}),
        capabilities: this.options.capabilities ?? CLIENT_CAPABILITIES,
        ...(initializationOptions === 'none' ? {} : { initializationOptions: { ...initializationOptions, settings: this.settings } }),
      }),
    );
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** A file URI inside the workspace. */
  uri(relative: string): string {
    return pathToFileURL(path.join(this.workspace, relative)).href;
  }

  /** Opens a draft (it need not exist on disk) in the editor language `languageId`; returns its URI. */
  async open(relative: string, text: string, languageId = 'markdown'): Promise<string> {
    const uri = this.uri(relative);
    this.versions.set(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
    return uri;
  }

  /** Replaces the whole text of an open draft; returns the new version. */
  async change(uri: string, text: string): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
    return version;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** The `verbatim` section answered for a configuration item: its folder's (`folderSettings`), else the workspace's. */
  private settingsFor(scopeUri: string | undefined): VerbatimSection {
    for (const [folder, section] of Object.entries(this.options.folderSettings ?? {})) {
      if (scopeUri !== undefined && pathToFileURL(path.join(this.workspace, folder)).href === scopeUri.replace(/\/$/, '')) return { ...this.settings, ...section };
    }
    return this.settings;
  }

  /** Pushes the `verbatim` section with `workspace/didChangeConfiguration`, as clients that cannot be asked for settings do. */
  async pushSettings(section: VerbatimSection): Promise<void> {
    this.settings = section;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { verbatim: section } });
  }

  /** Changes the settings answered to `workspace/configuration` and tells the server, as VS Code does. */
  async updateSettings(patch: VerbatimSection): Promise<void> {
    this.settings = { ...this.settings, ...patch };
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  /** Sends `workspace/didChangeWatchedFiles`. */
  async fileEvents(changes: FileEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /**
   * Resolves with the latest diagnostics of `uri` once they satisfy `predicate` (checked against
   * what already arrived, then on every publishDiagnostics); fails after `timeoutMs` with the
   * diagnostics last seen. `minVersion` skips diagnostics published for older versions.
   */
  async waitForDiagnostics(
    uri: string,
    predicate: (diagnostics: Diagnostic[]) => boolean,
    options: { description?: string; minVersion?: number; timeoutMs?: number } = {},
  ): Promise<Diagnostic[]> {
    let found: Diagnostic[] | undefined;
    await this.waitFor(
      `diagnostics of ${path.basename(uri)}${options.description ? ` (${options.description})` : ''}`,
      () => {
        const published = this.diagnostics.get(uri);
        if (published === undefined) return false;
        if (options.minVersion !== undefined && (published.version ?? 0) < options.minVersion) return false;
        if (!predicate(published.diagnostics)) return false;
        found = published.diagnostics;
        return true;
      },
      () => {
        const published = this.diagnostics.get(uri);
        return published === undefined
          ? 'no diagnostics were published for it'
          : `last published (version ${String(published.version)}): ${describeDiagnostics(published.diagnostics)}`;
      },
      options.timeoutMs,
    );
    return found!;
  }

  /**
   * Resolves with the first `verbatim/libraryStatus` notification from index `since` on (take
   * `statuses.length` before acting) that satisfies `predicate`.
   */
  async waitForStatus(since: number, predicate: (status: LibraryStatus) => boolean, description: string): Promise<LibraryStatus> {
    let found: LibraryStatus | undefined;
    await this.waitFor(
      description,
      () => {
        found = this.statuses.slice(since).find(predicate);
        return found !== undefined;
      },
      () => `library statuses since #${since}: ${JSON.stringify(this.statuses.slice(since))}`,
    );
    return found!;
  }

  /**
   * Waits until `condition` holds, re-checking on every message the server sends; fails with
   * `what` and `detail()` after `timeoutMs`, or at once when the server exits.
   */
  waitFor(what: string, condition: () => boolean, detail: () => string = () => '', timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          if (condition()) {
            finish();
            resolve();
            return true;
          }
          if (this.exited) {
            finish();
            reject(new Error(`the server exited (code ${String(this.exitCode)}) while waiting for ${what}; ${detail()}${this.logTail()}`));
            return true;
          }
          return false;
        },
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; ${detail()}${this.logTail()}`));
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
      waiter.check();
    });
  }

  /** Sends a request, failing after `timeoutMs` rather than hanging the test. */
  request<R>(method: string, params: unknown, timeoutMs = DEFAULT_WAIT_MS): Promise<R> {
    return this.race(`the response to ${method}`, this.connection.sendRequest(method, params) as Promise<R>, timeoutMs);
  }

  /** Whether the server process is still running. */
  get running(): boolean {
    return !this.exited;
  }

  /** Shuts the server down politely (shutdown, exit) and removes the workspace; kills it if it hangs. */
  async stop(): Promise<void> {
    try {
      if (!this.exited) {
        await this.race('the shutdown response', this.connection.sendRequest(ShutdownRequest.type), 3_000);
        await this.connection.sendNotification(ExitNotification.type);
        await this.waitFor('the server to exit after shutdown/exit', () => this.exited, () => '', 3_000);
      }
    } finally {
      await this.dispose();
    }
  }

  /** The exit code once the server has exited (null when killed by a signal or still running). */
  get code(): number | null {
    return this.exitCode;
  }

  /** Kills the server if it still runs and removes the workspace; safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.connection.dispose();
    if (!this.exited) {
      this.child.kill('SIGKILL');
      await new Promise<void>((resolve) => {
        if (this.exited) resolve();
        else this.child.once('exit', () => resolve());
      });
    }
    fs.rmSync(this.workspace, { recursive: true, force: true });
  }

  private race<T>(what: string, promise: Promise<T>, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${this.logTail()}`)), timeoutMs);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private logTail(): string {
    const tail = this.log.slice(-8);
    return tail.length > 0 ? `\nserver log:\n  ${tail.join('\n  ')}` : '';
  }
}

/** `code: message` lines, for assertion messages. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '(none)';
  return diagnostics.map((d) => `${String(d.code)} @${d.range.start.line}:${d.range.start.character}: ${messageOf(d)}`).join(' | ');
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown messages). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** The diagnostic codes, in the order published. */
export function codesOf(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => String(d.code));
}

/** Frames a JSON-RPC body as LSP sends it. */
export function frame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

/** Runs the server on raw bytes (written in the chunks given) and collects the JSON messages it answers with, until `expectId` is answered. */
export async function rawSession(chunks: string[], expectId: number): Promise<Array<Record<string, unknown>>> {
  const child = spawn(process.execPath, [SERVER_BIN, 'lsp', '--stdio'], { cwd: REPO, stdio: 'pipe', env: TEST_ENV });
  const messages: Array<Record<string, unknown>> = [];
  let buffer = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to request ${expectId}; got ${JSON.stringify(messages)}`)), 20_000);
      child.on('exit', (code) => reject(new Error(`the server exited with ${String(code)} after ${JSON.stringify(messages)}`)));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (data: string) => {
        buffer += data;
        for (;;) {
          const header = /^Content-Length: (\d+)\r\n\r\n/.exec(buffer);
          if (!header || Buffer.byteLength(buffer) < header[0].length + Number(header[1])) break;
          const body = Buffer.from(buffer).subarray(header[0].length, header[0].length + Number(header[1])).toString('utf8');
          buffer = Buffer.from(buffer).subarray(header[0].length + Number(header[1])).toString('utf8');
          const message = JSON.parse(body) as Record<string, unknown>;
          messages.push(message);
          if (message['id'] === expectId) {
            clearTimeout(timer);
            resolve();
          }
        }
      });
      for (const chunk of chunks) child.stdin.write(chunk);
    });
  } finally {
    child.kill();
  }
  return messages;
}
