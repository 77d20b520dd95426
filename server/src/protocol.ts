import { NotificationType, RequestType0 } from 'vscode-languageserver-protocol';

/** Custom messages between the VS Code client and the server, declared once for both sides. */

/**
 * What the status bar shows: how many sources are indexed (during the first build, how many are
 * known so far by their front matter), how many files were skipped, and indexing progress.
 */
export interface LibraryStatus {
  readonly sources: number;
  readonly skipped: number;
  readonly indexing: boolean;
  /** The folders read, for the tooltip. */
  readonly folders: readonly string[];
  /** While indexing: files indexed so far, of all (total 0 until they are listed). */
  readonly progress?: { readonly done: number; readonly total: number };
}

/** A source as pickers show it. */
export interface SourceSummary {
  readonly key: string;
  readonly title: string;
  readonly outlet: string;
  readonly author: string;
  readonly date: string;
  readonly uri: string;
  readonly words: number;
}

/** Server → client: the library changed (after indexing, a file event or a settings change). */
export const LibraryStatusNotification = new NotificationType<LibraryStatus>('verbatim/libraryStatus');

/** Client → server: read every source folder again. */
export const ReindexRequest = new RequestType0<LibraryStatus, void>('verbatim/reindex');

/** Client → server: the sources, for the Insert Citation and Show Source pickers. */
export const ListSourcesRequest = new RequestType0<SourceSummary[], void>('verbatim/listSources');

/** Server command (workspace/executeCommand) that opens a source at a range: `[uri, range?]`. */
export const OPEN_SOURCE_COMMAND = 'verbatim.server.openSource';
