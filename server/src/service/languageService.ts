import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  Hover,
  InlayHint,
  Location,
  Position,
  Range,
  WorkspaceSymbol,
} from 'vscode-languageserver-types';
import type { PassageSearchResult, QuoteList } from '../../../protocol/src/messages';
import type { DraftAnalysis, DraftFormat } from '../core/draft/draftModel';
import type { PassageStore } from '../core/match/passageStore';
import { DEFAULT_MATCHER_OPTIONS, QuoteMatcher, type MatcherWork } from '../core/match/quoteMatcher';
import { DEFAULT_REUSE_OPTIONS, ReuseScanner } from '../core/match/reuseScan';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { getCodeActions } from './codeActions';
import { getCodeLenses } from './codeLenses';
import { getCompletionItems, resolveCompletionItem, typedCitationKey } from './completion';
import { citablesOf, draftCitables, type Citable } from './citables';
import { citationAt } from './documentQueries';
import { diagnosticsOf, reuseDiagnosticsOf } from './diagnostics';
import { AT_ONCE_CHARS, DocumentModels, runInSlices } from './documentModel';
import { getHover } from './hover';
import { getInlayHints } from './inlayHints';
import type { PrefetchedStore } from './prefetchedStore';
import { quotationModelOf, quotationModelSteps, type QuotationModel } from './quotationModel';
import { findPassages } from './passageSearch';
import { quoteListOf } from './quoteList';
import { listSources, readSource, type SourceListing, type SourceReading } from './sourceReading';
import { prefetchForDocument, type RemoteStore } from './storePrefetch';
import { getDefinition, getDocumentLinks, getReferences, getWorkspaceSymbols } from './navigation';
import type { SourceView } from './sourceLocations';
import type { DraftScope } from './draftScope';
import {
  DEFAULT_SERVICE_SETTINGS,
  NEVER_CANCELLED,
  type CancellationLike,
  type Logger,
  type ServiceContext,
  type ServiceDocument,
  type PendingLibrary,
  type ServiceSettings,
} from './serviceContext';

/** A draft's diagnostics, and how much of its text was checked (a draft over the limit is checked in part). */
export interface DocumentCheck {
  readonly diagnostics: Diagnostic[];
  readonly checkedChars: number;
}

/** What the language service needs from its host. */
export interface LanguageServiceOptions {
  /** The library, or a function giving the current one (a host may swap it on reindex). */
  readonly library: SourceLibrary | (() => SourceLibrary);
  readonly logger?: Logger;
  /** Current settings for a document (by URI; the workspace's without one); read on every request so changes apply at once. */
  readonly settings?: (uri?: string) => ServiceSettings;
  /** The library's first build while it runs (undefined once loaded, and for a library given whole). */
  readonly pending?: () => PendingLibrary | undefined;
  /** Stores of passages besides the library (an archive), asked by every check. */
  readonly stores?: readonly PassageStore[];
  /** How the client shows PDF passages: `pages` when it serves `verbatim-pdf:` documents; default `file`. */
  readonly sourceView?: () => SourceView;
  /** The bibliographies a draft uses (its own, the configured ones); default: every one of the library. */
  readonly scopeOf?: (uri: string) => DraftScope | undefined;
  /** The recording beside a transcript (its URI), for the `▶ 12:31` code lenses; default: none. */
  readonly recordingOf?: (sourceUri: string) => string | undefined;
  /** Parses a long draft elsewhere (the server: a worker thread); undefined from it: parse it here. */
  readonly parseApart?: (text: string, format: DraftFormat) => Promise<DraftAnalysis | undefined>;
  /** Resolves when background work (the key search's word index) may run its next slice; default: the next turn of the event loop. */
  readonly giveWay?: () => Promise<void>;
}

/**
 * Verbatim's editor features, in editor terms, on an injected library. Every method takes the
 * request's cancellation token last; an undefined result means "cancelled" where noted.
 */
export interface LanguageService {
  /** Diagnostics of SPEC section 5; undefined when cancelled before finishing. */
  computeDiagnostics(document: ServiceDocument, token?: CancellationLike): Diagnostic[] | undefined;
  /**
   * The same diagnostics, with the draft's quotes checked in slices that yield to other work between
   * them (an editor's check); undefined when cancelled (a newer version came) before finishing.
   */
  checkDocument(document: ServiceDocument, token: CancellationLike): Promise<DocumentCheck | undefined>;
  /**
   * Whether a request on the draft as it is now is answered at once: it is short (up to
   * `AT_ONCE_CHARS`), or it was parsed (with `checked`: and checked) already.
   */
  answersAtOnce(document: ServiceDocument, checked?: boolean): boolean;
  /**
   * Parses the draft (with `checked`: and checks it) in slices that yield to other work, so that a
   * request on it then answers at once (issue 27: a long draft's parse never holds up other
   * requests); false when cancelled before the end. The draft's text and version are read once, at
   * the call.
   */
  prepare(document: ServiceDocument, token: CancellationLike, checked?: boolean): Promise<boolean>;
  /** How much of the draft is checked: all of it, or up to a paragraph break before `MAX_CHECKED_CHARS`. */
  checkedChars(document: ServiceDocument): number;
  /**
   * Asks a remote store (an archive) everything a check of the draft will need and records it in
   * `store`, so the check itself never waits (see `prefetchForDocument`). Never throws.
   */
  prefetch(document: ServiceDocument, store: PrefetchedStore, remote: RemoteStore): Promise<void>;
  /** `remote`: citables another store offered for the typed key (see `typedCitationKey`), after the library's own. */
  getCompletionItems(document: ServiceDocument, position: Position, token?: CancellationLike, remote?: readonly Citable[]): CompletionList;
  /** What was typed of a citation key at the position, or undefined when no key is being typed. */
  typedCitationKey(document: ServiceDocument, position: Position): string | undefined;
  /** The key of the citation at the position, or undefined. */
  citedKeyAt(document: ServiceDocument, position: Position): string | undefined;
  /** Fills in what a completion item leaves for later (a citation item's source card). */
  resolveCompletionItem(item: CompletionItem, token?: CancellationLike): CompletionItem;
  /** Undefined when there is no key or quotation at the position. */
  getHover(document: ServiceDocument, position: Position, token?: CancellationLike): Hover | undefined;
  getDefinition(document: ServiceDocument, position: Position, token?: CancellationLike): Location[];
  getCodeActions(document: ServiceDocument, range: Range, diagnostics: readonly Diagnostic[], token?: CancellationLike): CodeAction[];
  getDocumentLinks(document: ServiceDocument, token?: CancellationLike): DocumentLink[];
  getWorkspaceSymbols(query: string, token?: CancellationLike): WorkspaceSymbol[];
  getReferences(document: ServiceDocument, position: Position, documents: readonly ServiceDocument[], token?: CancellationLike): Location[];
  /** Marks after verified quotes in `range` (all when omitted); none when the setting is off. */
  getInlayHints(document: ServiceDocument, range?: Range, token?: CancellationLike): InlayHint[];
  /** `▶ 12:31` on quotes found in a transcript with a recording, running the client's player; none when the setting is off. */
  getCodeLenses(document: ServiceDocument, token?: CancellationLike): CodeLens[];
  /** What the draft can cite (its inline references, then the sources and entries of its scope), for pickers; every citable without a draft. */
  getCitables(document?: ServiceDocument, token?: CancellationLike): Citable[];
  /** Every quotation of the draft with its verdict: the model the editor's views and the CLI's formats read. */
  getQuotationModel(document: ServiceDocument, token?: CancellationLike): QuotationModel;
  /** The draft's quotations grouped by verdict, as the Quotes view shows them; undefined when cancelled. */
  getQuoteList(document: ServiceDocument, token?: CancellationLike): QuoteList | undefined;
  /** The best passages for `words` (in the source `key` only, when given), with the exact words to quote. */
  findPassages(words: string, options?: { key?: string; limit?: number }): PassageSearchResult;
  /** Sources and entries matching `query` (all when undefined), at most `limit`, and how many there are. */
  listSources(query: string | undefined, limit: number): { sources: SourceListing[]; total: number };
  /** A source's text, or the part of it `range` names (`p. 12`, `chars 100-400`), at most `maxChars`. */
  readSource(key: string, range: string | undefined, maxChars: number): SourceReading;
  /** Work the matcher has done so far, in units that do not depend on the machine (complexity tests, the bench). */
  readonly work: MatcherWork;
  /** The last version of a draft the service parsed, its text and analysis; undefined when none was. */
  lastParsed(uri: string): { readonly version: number; readonly text: string; readonly analysis: DraftAnalysis } | undefined;
  /** Forgets what was cached for a closed document. */
  forget(uri: string): void;
}

/** Creates the language service; the CLI and the LSP server both call this. */
export function createLanguageService(options: LanguageServiceOptions): LanguageService {
  const libraryOf = typeof options.library === 'function' ? options.library : ((library) => () => library)(options.library);
  // One matcher per value of `ignoreFillers` in use: workspace folders may differ (SPEC section 1).
  const matchers = new Map<boolean, QuoteMatcher>();
  let reuse: ReuseScanner | undefined;
  const stores = options.stores ?? [];
  const context: ServiceContext = {
    get library() {
      return libraryOf();
    },
    matcherFor(uri?: string) {
      const library = libraryOf();
      const ignoreFillers = context.settings(uri).ignoreFillers;
      let matcher = matchers.get(ignoreFillers);
      if (matcher === undefined || !matcher.serves(library)) {
        matcher = new QuoteMatcher(library, { ...DEFAULT_MATCHER_OPTIONS, ignoreFillers }, stores);
        matchers.set(ignoreFillers, matcher);
      }
      return matcher;
    },
    get reuse() {
      const library = libraryOf();
      const minWords = context.settings().reuseMinWords;
      if (reuse === undefined || !reuse.serves(library) || reuse.options.minWords !== minWords) {
        reuse = new ReuseScanner(library, { ...DEFAULT_REUSE_OPTIONS, minWords }, stores);
      }
      return reuse;
    },
    get directory() {
      return options.pending?.()?.heads ?? libraryOf();
    },
    get pending() {
      return options.pending?.();
    },
    stores,
    logger: options.logger ?? { log: () => undefined },
    settings: options.settings ?? (() => DEFAULT_SERVICE_SETTINGS),
    sourceView: options.sourceView ?? (() => 'file'),
    scopeOf: options.scopeOf ?? (() => undefined),
    ...(options.parseApart ? { parseApart: options.parseApart } : {}),
    ...(options.giveWay ? { giveWay: options.giveWay } : {}),
  };
  const models = new DocumentModels(context);
  // Each request checks its token before it starts: a request cancelled while it waited its turn
  // (behind a check, during a burst of typing) does no work and gives its empty answer.
  const live = (token: CancellationLike): boolean => !token.isCancellationRequested;
  return {
    computeDiagnostics(document, token = NEVER_CANCELLED) {
      if (!context.settings(document.uri).diagnosticsEnabled) return [];
      if (token.isCancellationRequested) return undefined;
      return diagnosticsOf(context, document, models.model(document));
    },
    async checkDocument(document, token) {
      // Checking off: nothing to check, so nothing is left unchecked either.
      if (!context.settings(document.uri).diagnosticsEnabled) return { diagnostics: [], checkedChars: document.getText().length };
      const version = document.version;
      const stale = (): boolean => token.isCancellationRequested || document.version !== version;
      const model = await models.modelAsync(document, stale);
      // The quotation model (each quote's verdict, speaker and place) in slices too; the diagnostics read it.
      if (model === undefined || (await runInSlices(quotationModelSteps(document, model), stale)) === undefined) return undefined;
      return { diagnostics: diagnosticsOf(context, document, model), checkedChars: model.analysis.text.length };
    },
    answersAtOnce: (document, checked = false) => document.getText().length <= AT_ONCE_CHARS || models.isParsed(document, checked),
    async prepare(document, token, checked = false) {
      const stale = (): boolean => token.isCancellationRequested;
      if (!checked) return (await models.parsedAsync(document, stale)) !== undefined;
      const version = document.version;
      const model = await models.modelAsync(document, stale);
      return model !== undefined && (await runInSlices(quotationModelSteps(document, model), () => stale() || document.version !== version)) !== undefined;
    },
    checkedChars: (document) => models.analysis(document).text.length,
    prefetch: (document, store, remote) => prefetchForDocument(context, models, document, store, remote),
    getCompletionItems: (document, position, token = NEVER_CANCELLED, remote) =>
      live(token) ? getCompletionItems(context, models, document, position, remote) : { isIncomplete: true, items: [] },
    typedCitationKey: (document, position) => typedCitationKey(models, document, position),
    citedKeyAt: (document, position) => citationAt(models.analysis(document), document.offsetAt(position))?.key,
    resolveCompletionItem: (item, token = NEVER_CANCELLED) => (live(token) ? resolveCompletionItem(context, item) : item),
    getHover: (document, position, token = NEVER_CANCELLED) => (live(token) ? getHover(context, models, document, position) : undefined),
    getDefinition: (document, position, token = NEVER_CANCELLED) => (live(token) ? getDefinition(context, models, document, position) : []),
    getCodeActions: (document, range, diagnostics, token = NEVER_CANCELLED) => (live(token) ? getCodeActions(context, models, document, range, diagnostics) : []),
    getDocumentLinks: (document, token = NEVER_CANCELLED) => (live(token) ? getDocumentLinks(context, models, document) : []),
    getWorkspaceSymbols: (query, token = NEVER_CANCELLED) => (live(token) ? getWorkspaceSymbols(context, query) : []),
    getReferences: (document, position, documents, token = NEVER_CANCELLED) => (live(token) ? getReferences(models, document, position, documents) : []),
    getInlayHints: (document, range, token = NEVER_CANCELLED) =>
      context.settings(document.uri).inlayHintsEnabled && live(token) ? getInlayHints(document, quotationModelOf(document, models.model(document)), range) : [],
    getCodeLenses: (document, token = NEVER_CANCELLED) =>
      context.settings(document.uri).transcriptCodeLens && options.recordingOf && live(token)
        ? getCodeLenses(quotationModelOf(document, models.model(document)), options.recordingOf)
        : [],
    getCitables: (document) =>
      document === undefined ? [...citablesOf(context.directory)] : draftCitables(context, models.references(document), models.scope(document)),
    getQuotationModel: (document) => quotationModelOf(document, models.model(document)),
    getQuoteList: (document, token = NEVER_CANCELLED) => {
      if (!live(token)) return undefined;
      const model = models.model(document);
      return quoteListOf(quotationModelOf(document, model), context.sourceView(), reuseDiagnosticsOf(context, document, model));
    },
    findPassages: (words, options) => findPassages(context, words, options),
    listSources: (query, limit) => listSources(context, query, limit),
    readSource: (key, range, maxChars) => readSource(context, key, range, maxChars),
    get work() {
      return context.matcherFor().work;
    },
    lastParsed: (uri) => models.lastParsed(uri),
    forget: (uri) => models.forget(uri),
  };
}
