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

/** What a draft can cite, as the Insert Citation picker shows it: a source, a bibliography entry, or both under one key. */
export interface CitableSummary {
  readonly key: string;
  readonly title: string;
  readonly author: string;
  /** A source's outlet, an entry's container (journal, book). */
  readonly outlet: string;
  readonly date: string;
  /** A bibliography entry's author-date form (`Müller et al. 2022`); '' for a source without an entry. */
  readonly reference: string;
  /** Words of its full text; undefined when the library has none (or has not read it yet). */
  readonly words?: number;
}

/**
 * Client → server: what the draft at `uri` can cite (its inline references, then the sources and
 * bibliography entries of its scope); without `uri`, every citable of the library.
 */
export const CitablesRequest = new RequestType<{ readonly uri?: string }, CitableSummary[], void>('verbatim/citables');


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
  readonly passage?: { readonly key: string; readonly title: string; readonly uri: string; readonly range: Range; readonly text: string; readonly page?: string; readonly time?: string; readonly speaker?: string };
}

/** A run of unquoted reuse (SPEC section 5, `unquoted-reuse`) as the Quotes view shows it. */
export interface ReuseItem {
  readonly range: Range;
  /** The run's words, on one line. */
  readonly text: string;
  /** The source it is from. */
  readonly key: string;
  /** The diagnostic's message: how many words, from which source, which words differ. */
  readonly explanation: string;
  /** The passage in the source. */
  readonly passage?: { readonly key: string; readonly uri: string; readonly range: Range; readonly text: string };
}

/** Every quotation of a draft, grouped by verdict, its unquoted reuse, and the tally (`✓ 14 · ⚠ 2`). */
export interface QuoteList {
  readonly uri: string;
  readonly version: number;
  readonly title?: string;
  readonly groups: readonly VerdictGroup[];
  readonly quotes: readonly QuoteItem[];
  /** Runs of the draft's prose copied from a source without quotation marks, in draft order. */
  readonly reuse: readonly ReuseItem[];
  readonly tally: string;
}

/** Client → server: the quotations of an open draft (null when the server does not have it open). */
export const QuotesRequest = new RequestType<{ uri: string }, QuoteList | null, void>('verbatim/quotes');

/**
 * One quotation as the tools for AI assistants report it (`verbatim mcp`'s `check_quotes`, VS Code's
 * language-model tool): lines and columns 1-based, as `verbatim check --format json` gives them.
 */
export interface CheckedQuote {
  readonly index: number;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The quoted words, on one line. */
  readonly text: string;
  /** `verified`, `misquote`, `wrong-source`, `wrong-page`, `not-found`, `unattributed`, `no-full-text`, `archive-unavailable` or `not-checked`. */
  readonly verdict: string;
  /** Why a quote was not checked (`too-short`, `unknown-key`, `uncited`, `in-code`). */
  readonly reason?: string;
  /** One sentence: the verdict and why. */
  readonly explanation: string;
  readonly keys: readonly string[];
  /** The citation as written (`[@key, p. 2]`). */
  readonly citation?: string;
  /** The first cited locator (`p. 2`). */
  readonly locator?: string;
  /** The diagnostic codes on the quote (SPEC section 5), with their messages. */
  readonly problems: ReadonlyArray<{ readonly code: string; readonly severity: string; readonly message: string }>;
  /** The source passage the quote was matched with: the exact words of the source. */
  readonly passage?: {
    readonly key: string;
    readonly title: string;
    /** The source file, relative to the working folder when inside it. */
    readonly file: string;
    readonly line: number;
    readonly column: number;
    /** The pages the passage is on (`p. 4`), where the source has pages; when it is spoken (`12:31`), in a transcript. */
    readonly locator?: string;
    readonly text: string;
  };
  /** Who says these words in the source, where it is known. */
  readonly speaker?: string;
  /** The first quick fix: what to write instead, and where (a quote's words, a key or a citation). */
  readonly fix?: { readonly title: string; readonly replacement: string; readonly line: number; readonly column: number; readonly endLine: number; readonly endColumn: number };
}

/**
 * A run of unquoted reuse (SPEC section 5, `unquoted-reuse`) as the tools for AI assistants report
 * it: words of the draft, outside quotation marks, that are word for word in a source.
 */
export interface ReuseFinding {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The run's words, on one line. */
  readonly text: string;
  readonly key: string;
  readonly severity: string;
  /** How many words, from which source, which words differ. */
  readonly message: string;
  /** The source's passage: its exact words. */
  readonly passage?: { readonly key: string; readonly file: string; readonly line: number; readonly column: number; readonly text: string };
  /** "Quote and cite": the replacement and where. */
  readonly fix?: CheckedQuote['fix'];
}

/** Every quotation of a draft with its verdict, its unquoted reuse, and the draft's other problems (unknown keys). */
export interface QuoteCheck {
  /** The draft as named (a path relative to the working folder, or `<text>`). */
  readonly draft: string;
  /** `✓ 14 · ⚠ 2`. */
  readonly summary: string;
  readonly tally: Readonly<Record<string, number>>;
  readonly quotes: readonly CheckedQuote[];
  /** Runs of the draft's prose copied from a source without quotation marks, in draft order. */
  readonly reuse: readonly ReuseFinding[];
  /** Problems on no quotation (an unknown key in a citation): code, message and place. */
  readonly otherProblems: ReadonlyArray<{ readonly code: string; readonly severity: string; readonly message: string; readonly line: number; readonly column: number }>;
}

/** A source passage found for words an assistant or a writer means to quote. */
export interface PassageHit {
  readonly key: string;
  readonly title: string;
  readonly author?: string;
  readonly date?: string;
  /** The source file as the library shows it. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The pages the passage is on (`p. 4`), where the source has pages; when it is spoken (`12:31`), in a transcript. */
  readonly locator?: string;
  /** The source's exact words: what to put between the quotation marks. */
  readonly text: string;
  /** Source text just before and after, for context (not to be quoted as part of it). */
  readonly before: string;
  readonly after: string;
  /** Whether the passage has exactly the words asked for (punctuation and case aside). */
  readonly exact: boolean;
  /** Whether it is close: most of the words asked for, and the informative ones. */
  readonly close: boolean;
  /** The citation to write after the quote: `[@key, p. 4]`. */
  readonly citation: string;
}

/** What a passage search found, or why it could not search. */
export interface PassageSearchResult {
  readonly passages: readonly PassageHit[];
  /** Set when nothing could be searched (no words, an unknown key). */
  readonly problem?: string;
}

/**
 * Client → server (the language-model tools): check a draft's quotations, its text as the editor
 * has it, once the library is loaded; the result as data and as the text an assistant reads.
 */
export const CheckQuotesRequest = new RequestType<{ readonly uri: string; readonly text: string }, { readonly check: QuoteCheck; readonly text: string }, void>('verbatim/checkQuotes');

/** Client → server: the library's passages closest to `words`, best first (in the source `key` only, when given), as data and text. */
export const FindPassagesRequest = new RequestType<
  { readonly words: string; readonly key?: string; readonly limit?: number },
  { readonly result: PassageSearchResult; readonly text: string },
  void
>('verbatim/findPassages');
