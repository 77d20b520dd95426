import type { Position } from 'vscode-languageserver-types';
import type { DraftAnalysis, DraftFormat } from '../core/draft/draftAnalysis';
import type { PassageStore } from '../core/match/passageStore';
import type { QuoteMatcher } from '../core/match/quoteMatcher';
import type { ReuseScanner } from '../core/match/reuseScan';
import type { SourceDirectory, KeyedSource } from '../core/library/sourceHeads';
import type { IndexedSource, SourceLibrary } from '../core/library/sourceLibrary';
import { scopedSource, type DraftScope } from './draftScope';
import type { SourceView } from './sourceLocations';

/** The text document a feature works on (the `vscode-languageserver-textdocument` shape). */
export interface ServiceDocument {
  readonly uri: string;
  readonly version: number;
  /** The editor's language id (`markdown`, `quarto`, `latex`…); the draft's format comes from it, else from the URI's extension. */
  readonly languageId?: string;
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
  /** The `unquoted-reuse` check (`verbatim.reuse.enable`). */
  readonly reuseEnabled: boolean;
  /** Words a run of unquoted reuse needs (`verbatim.reuse.minWords`; characters in Chinese and Japanese). */
  readonly reuseMinWords: number;
  /** The severity of `unquoted-reuse` diagnostics (`verbatim.reuse.severity`). */
  readonly reuseSeverity: ReuseSeverity;
  /** Whether a quote of a transcript may leave out fillers without an ellipsis (`verbatim.transcripts.ignoreFillers`). */
  readonly ignoreFillers: boolean;
  /** `▶ 12:31` code lenses that play a transcript quote's recording (`verbatim.transcripts.codeLens`). */
  readonly transcriptCodeLens: boolean;
}

/** Severities a setting may give a diagnostic code, by name. */
export type ReuseSeverity = 'error' | 'warning' | 'information' | 'hint';

export const DEFAULT_SERVICE_SETTINGS: ServiceSettings = {
  minWords: 4,
  diagnosticsEnabled: true,
  inlayHintsEnabled: true,
  reuseEnabled: true,
  reuseMinWords: 10,
  reuseSeverity: 'information',
  ignoreFillers: true,
  transcriptCodeLens: true,
};

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
  readonly heads: SourceDirectory;
  readonly done: number;
  readonly total: number;
}

/** What every feature module shares. */
export interface ServiceContext {
  readonly library: SourceLibrary;
  /** The sources by key: the library once it is loaded, before that the source heads read so far. */
  readonly directory: SourceDirectory;
  /** Set until the library is first loaded: features that need its index answer "still indexing". */
  readonly pending: PendingLibrary | undefined;
  /**
   * The quote matcher of the current library for a document: its folder's settings say whether a
   * transcript's fillers may be left out (`transcripts.ignoreFillers`); without a URI, the workspace's.
   */
  matcherFor(uri?: string): QuoteMatcher;
  /** The unquoted-reuse scan of the current library, with the current `reuseMinWords`. */
  readonly reuse: ReuseScanner;
  /** Stores of passages besides the library (an archive); empty when there is none. */
  readonly stores: readonly PassageStore[];
  readonly logger: Logger;
  /** The settings for a document (its workspace folder's); without a URI, the workspace's. */
  settings(uri?: string): ServiceSettings;
  /** How the client can show PDF passages: page documents (VS Code) or the file and page. */
  sourceView(): SourceView;
  /** The bibliographies a draft uses; undefined: every bibliography of the library. */
  scopeOf(uri: string): DraftScope | undefined;
  /** Parses a long draft elsewhere (a worker thread), when the host can; undefined: it could not. */
  readonly parseApart?: (text: string, format: DraftFormat) => Promise<DraftAnalysis | undefined>;
  /** Resolves when background work may run its next slice (the server: once its requests are answered). */
  readonly giveWay?: () => Promise<void>;
}

/** The source a key names (for a draft, in its scope): the library's own first, else the first store's that holds it. */
export function sourceOf(context: Pick<ServiceContext, 'library' | 'stores'>, key: string, scope?: DraftScope): IndexedSource | undefined {
  const local = scopedSource(context.library, key, scope);
  if (local !== undefined) return local;
  for (const store of context.stores) {
    const entry = store.entry(key);
    if (entry !== undefined) return entry;
  }
  return undefined;
}

/** The source a key names for key features (hovers): during the first build, the source heads'. */
export function keyedSourceOf(context: ServiceContext, key: string, scope?: DraftScope): KeyedSource | undefined {
  return context.pending ? context.directory.get(key) : sourceOf(context, key, scope);
}

/** The stores' versions as one value, for caches of verdicts. */
export function storesVersion(context: ServiceContext): string {
  return context.stores.map((store) => store.version).join(',');
}

/** The stores' reuse versions as one value, for caches of reuse runs. */
export function storesReuseVersion(context: ServiceContext): string {
  return context.stores.map((store) => store.reuseVersion).join(',');
}

/** Whether every store could answer about a quote or a key (else an absence proves nothing). */
export function storesAnswered(context: ServiceContext, question: Parameters<PassageStore['answered']>[0]): boolean {
  return context.stores.every((store) => store.answered(question));
}
