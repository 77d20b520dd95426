import type { Position } from 'vscode-languageserver-types';
import type { QuoteMatcher } from '../core/quoteMatcher';
import type { SourceDirectory } from '../core/sourceCatalog';
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
}

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = { minWords: 4, diagnosticsEnabled: true };

/** Reports what the service wants the user or the log to know; never throws. */
export interface Logger {
  log(message: string): void;
}

/** A request's cancellation, as LSP passes it; the service checks it between units of work. */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export const NEVER_CANCELLED: CancellationLike = { isCancellationRequested: false };

/** A library still being built: what is known of its sources so far, and how far indexing is. */
export interface PendingLibrary {
  /** The sources read so far by their front matter (before their text is indexed). */
  readonly catalog: SourceDirectory;
  readonly done: number;
  readonly total: number;
}

/** What every feature module shares. */
export interface ServiceContext {
  readonly library: SourceLibrary;
  /** The sources by key: the library once it is loaded, before that the catalog read so far. */
  readonly catalog: SourceDirectory;
  /** Set until the library is first loaded: features that need its index answer "still indexing". */
  readonly pending: PendingLibrary | undefined;
  readonly matcher: QuoteMatcher;
  readonly logger: Logger;
  settings(): ServiceSettings;
}
