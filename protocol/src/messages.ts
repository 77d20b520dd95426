import { NotificationType, RequestType, RequestType0, type Range } from 'vscode-languageserver-protocol';

/**
 * Custom messages between the VS Code client and the server, declared once for both sides. This module
 * loads the JSON-RPC runtime: the server's service imports only its types (`import type`); URI schemes,
 * command ids, initialization options and the key rule are in their own modules, free of it.
 */

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
  /** The shared archive, when `verbatim.archive.url` names one. */
  readonly archive?: ArchiveStatus;
}

/**
 * The archive's state: `connecting` (set, not asked yet), `connected` (with its article count),
 * `unreachable` (never answered since it was set) or `reconnecting` (answered before, lost since);
 * the last two are asked again every few seconds. The address never holds a password.
 */
export interface ArchiveStatus {
  readonly state: 'connecting' | 'connected' | 'unreachable' | 'reconnecting';
  readonly address: string;
  readonly articles?: number;
  /** Why it does not answer (no address or credential in it). */
  readonly problem?: string;
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


/** Client → server: the text of an archived article's document (`null` when the archive has no such key or does not answer). */
export const ArchiveTextRequest = new RequestType<{ readonly uri: string }, { readonly text: string } | null, void>('verbatim/archiveText');

/** Client → server: the text of a page document (`null` when the PDF is no longer in the library). */
export const PageTextRequest = new RequestType<{ readonly uri: string }, { readonly text: string } | null, void>('verbatim/pageText');

/** One verdict of the Quotes view: its name, mark and how many quotes have it, in display order. */
export interface VerdictGroup {
  readonly verdict: string;
  readonly title: string;
  readonly mark: string;
  readonly count: number;
  /** Whether it is a warning or an error (what the tally counts as ⚠). */
  readonly problem: boolean;
}

/** A quotation as the Quotes view shows it. */
export interface QuoteItem {
  readonly index: number;
  readonly range: Range;
  /** The quoted words, on one line. */
  readonly text: string;
  readonly verdict: string;
  readonly reason?: string;
  /** One sentence: the verdict and why. */
  readonly explanation: string;
  readonly keys: readonly string[];
  readonly citation?: string;
  /** The source passage the quote was matched with. */
  readonly passage?: { readonly key: string; readonly title: string; readonly uri: string; readonly range: Range; readonly text: string; readonly page?: string };
}

/** Every quotation of a draft, grouped by verdict, and the tally (`✓ 14 · ⚠ 2`). */
export interface QuoteList {
  readonly uri: string;
  readonly version: number;
  readonly title?: string;
  readonly groups: readonly VerdictGroup[];
  readonly quotes: readonly QuoteItem[];
  readonly tally: string;
}

/** Client → server: the quotations of an open draft (null when the server does not have it open). */
export const QuotesRequest = new RequestType<{ uri: string }, QuoteList | null, void>('verbatim/quotes');
