import { MessageType, ShowMessageNotification, type Connection, type Diagnostic, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_CHECKED_CHARS, type LanguageService } from '../service';

/** Delay after the last keystroke before a draft is checked. */
const TYPING_DELAY_MS = 250;

/**
 * Checks drafts after a pause in typing and publishes their diagnostics. A check gives way to newer
 * edits: it yields between quotes, and a result for an outdated version is never published.
 * Nothing is published while the library is not ready (first build, reload): every Verbatim code
 * depends on the library, so a verdict then could be false, and the last published verdicts stay
 * until `scheduleAll` runs once the library is ready.
 */
export class DiagnosticScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, { cancelled: boolean }>();
  /** Drafts told to be checked in part (over `MAX_CHECKED_CHARS`), so each is told once. */
  private readonly toldPartial = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    /** Work before a check that may wait (asking an archive); the check itself does not wait. */
    private readonly prepare?: (document: TextDocument) => Promise<void>,
    private readonly libraryReady: () => boolean = () => true,
    /** Makes the diagnostics fit the client (leaves out what it did not declare). */
    private readonly adapt: (diagnostics: Diagnostic[]) => Diagnostic[] = (diagnostics) => diagnostics,
  ) {}

  /** Checks a document after `delay` ms, replacing any check already scheduled or running. */
  schedule(uri: string, delay = TYPING_DELAY_MS): void {
    this.cancel(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.run(uri);
      }, delay),
    );
  }

  /** Checks every open document again (the library or the settings changed). */
  scheduleAll(delay = TYPING_DELAY_MS): void {
    for (const document of this.documents.all()) this.schedule(document.uri, delay);
  }

  /** Drops a scheduled or running check. */
  cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
    const running = this.running.get(uri);
    if (running) running.cancelled = true;
    this.running.delete(uri);
  }

  /** Says once (log and window message) that a draft too long to check whole was checked in part. */
  private tellPartial(document: TextDocument, checked: number): void {
    const length = document.getText().length;
    if (checked >= length) {
      this.toldPartial.delete(document.uri);
      return;
    }
    if (this.toldPartial.has(document.uri)) return;
    this.toldPartial.add(document.uri);
    const line = document.positionAt(checked).line + 1;
    const message = `Verbatim: ${document.uri.split('/').pop()} is ${(length / 1e6).toFixed(1)} million characters long; only its first ${(MAX_CHECKED_CHARS / 1e6).toFixed(0)} million (up to line ${line}) are checked.`;
    this.connection.console.log(message);
    void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
  }

  private async run(uri: string): Promise<void> {
    const document = this.documents.get(uri);
    if (document === undefined || !this.libraryReady()) return;
    const token = { cancelled: false };
    this.running.set(uri, token);
    const version = document.version;
    try {
      if (this.prepare) {
        await this.prepare(document);
        if (token.cancelled || this.documents.get(uri)?.version !== version) return;
      }
      const documents = this.documents;
      const stale = { get isCancellationRequested() { return token.cancelled || documents.get(uri)?.version !== version; } };
      const found = await this.service.checkDocument(document, stale);
      if (found === undefined || stale.isCancellationRequested || !this.libraryReady()) return;
      const diagnostics = this.adapt(found.diagnostics);
      await this.connection.sendDiagnostics({ uri, version, diagnostics });
      this.tellPartial(document, found.checkedChars);
    } catch (error) {
      this.connection.console.error(`checking ${uri} failed: ${(error as Error).stack ?? String(error)}`);
    } finally {
      if (this.running.get(uri) === token) this.running.delete(uri);
    }
  }
}
