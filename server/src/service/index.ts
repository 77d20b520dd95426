/**
 * The language service's public surface: what adapters (the LSP server, the CLI, the archive, the
 * host) may use. Everything else in this folder is the service's own; the structure test holds
 * adapters to this module.
 */
export { createLanguageService, type DocumentCheck, type LanguageService, type LanguageServiceOptions } from './languageService';
export { MAX_CHECKED_CHARS, TOP_DOWN_FORMATS } from './documentModel';
export {
  DEFAULT_SERVICE_SETTINGS,
  NEVER_CANCELLED,
  type CancellationLike,
  type Logger,
  type PendingLibrary,
  type ReuseSeverity,
  type ServiceDocument,
  type ServiceSettings,
} from './serviceContext';
export type { DraftScope } from './draftScope';
export { pageText, type SourceView } from './sourceLocations';
export { prepareSourceSearch } from './sourceSearch';
export { archivedCitable, type Citable } from './citables';
export { DIAGNOSTIC_CODES, type VerbatimCode } from './diagnosticCodes';
export type { FixEdit, VerbatimDiagnosticData } from './diagnostics';
export { QUOTE_VERDICTS, VERDICTS, placeOfPassage, shown, tallyText, type AuditedQuote, type QuotationModel, type QuoteVerdictKind } from './quotationModel';
export { PrefetchedStore, type Fetched, type FetchedArticle, type FetchedPassage } from './prefetchedStore';
export { prefetch, type RemoteStore } from './storePrefetch';
export { MAX_PASSAGE_HITS } from './passageSearch';
export type { SourceExcerpt, SourceListing, SourceReading } from './sourceReading';
export { quoteCheckOf, type QuoteCheckNames } from './quoteCheck';
export { formatExcerpt, formatListing, formatPassages, formatQuoteCheck } from './assistantText';
