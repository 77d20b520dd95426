import type { Position } from 'vscode-languageserver-types';
import type { QuoteMatcher } from '../core/quoteMatcher';
import type { SourceLibrary } from '../core/sourceLibrary';

/** The text document a feature works on (the `vscode-languageserver-textdocument` shape). */
export interface ServiceDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** Settings of SPEC section 6 that the service itself applies. */
export interface ServiceSettings {
  readonly minWords: number;
  readonly diagnosticsEnabled: boolean;
  /** Marks after verified quotes (`verbatim.inlayHints.enable`). */
  readonly inlayHintsEnabled: boolean;
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = { minWords: 4, diagnosticsEnabled: true, inlayHintsEnabled: true };

/** Reports what the service wants the user or the log to know; never throws. */
export interface Logger {
  log(message: string): void;
}

/** A request's cancellation, as LSP passes it; the service checks it between units of work. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationLike = { isCancellationRequested: false };

/** What every feature module shares. */
export interface ServiceContext {
  readonly library: SourceLibrary;
  readonly matcher: QuoteMatcher;
  readonly logger: Logger;
  settings(): ServiceSettings;
}
