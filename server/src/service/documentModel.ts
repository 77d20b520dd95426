import { analyzeDraft, draftFormatOf, type DraftAnalysis } from '../core/draft/draftAnalysis';
import { diffRuns, type DiffRun } from '../core/match/quoteDiff';
import type { QuoteVerdict } from '../core/match/quoteMatcher';
import { parseQuotePattern, type QuotePattern } from '../core/match/quotePattern';
import type { Quotation } from '../core/draft/quotations';
import type { IndexedSource } from '../core/library/sourceLibrary';
import type { Citation } from '../core/draft/citations';
import { draftBibliography } from '../readers/bibliography/draftBibliography';
import type { CatalogueEntry } from '../core/library/catalogue';
import { findCitable, inlineCatalogue } from './citables';
import { hiddenSources, type DraftScope } from './draftScope';
import type { ReuseRun } from '../core/match/reuseScan';
import type { ParagraphProse } from '../core/draft/draftProse';
import { paragraphReuse, reuseParagraphs } from './reuseFindings';
import { sourceOf, storesAnswered, storesVersion, type ServiceContext, type ServiceDocument } from './serviceContext';

/** How long a check runs before it yields to other work, in milliseconds. */
const SLICE_MS = 8;

/** A quotation with the matcher's verdict. */
export interface QuoteFinding {
  readonly quotation: Quotation;
  readonly pattern: QuotePattern;
  /** Keys of the citation the quote is attributed to (empty: no citation). */
  readonly keys: readonly string[];
  /** Undefined when the quote was not checked: too short, or no cited key is in the library. */
  readonly verdict: QuoteVerdict | undefined;
  /** Word differences with the matched passage (misquotes and close wrong-source matches). */
  readonly runs: readonly DiffRun[];
  /**
   * Cited keys whose bibliography entry has no full text, when they leave the quote unchecked: the
   * quote was not found word for word in a cited source that has a text (`no-full-text`).
   */
  readonly noFullText: readonly string[];
  /**
   * True when the quote was not found (or its cited key not known) while a store it needed could
   * not be asked: the verdict is unknown, not "not found".
   */
  readonly storeUnavailable?: boolean;
}

/** A parsed and checked draft; cached per document version and library version. */
export interface DocumentModel {
  readonly uri: string;
  readonly version: number;
  readonly libraryVersion: number;
  /** What the other passage stores answered from (see `storesVersion`). */
  readonly storesVersion: string;
  readonly minWords: number;
  /** Whether a transcript's fillers could be left out (`transcripts.ignoreFillers`) when it was checked. */
  readonly ignoreFillers: boolean;
  /** The bibliographies the draft was checked with. */
  readonly scope: DraftScope | undefined;
  readonly analysis: DraftAnalysis;
  /** Citations whose key no source has. */
  readonly unknownKeys: readonly Citation[];
  readonly findings: readonly QuoteFinding[];
  /** Unquoted reuse in the draft's prose (empty when the check is off), in draft order. */
  readonly reuse: readonly ReuseRun[];
  /** The reuse settings it was found with (`reuseEnabled`, `reuseMinWords`), for the cache. */
  readonly reuseSettings: string;
}

/**
 * A draft is checked up to this many characters (about 1 MB): its parse, its quotes' checks and
 * their memory grow with it, and every request waits for them. A longer draft is checked up to the
 * last paragraph break before the limit (`checkedPart`), and the adapters say so.
 */
export const MAX_CHECKED_CHARS = 1_000_000;

/** The part of a draft that is checked: all of it, or up to its last paragraph break before MAX_CHECKED_CHARS. */
export function checkedPart(text: string): string {
  if (text.length <= MAX_CHECKED_CHARS) return text;
  const lastBreak = text.lastIndexOf('\n\n', MAX_CHECKED_CHARS - 2);
  return text.slice(0, lastBreak > MAX_CHECKED_CHARS / 2 ? lastBreak + 2 : MAX_CHECKED_CHARS);
}

/** Parses and checks documents, remembering the last result of each. */
export class DocumentModels {
  private readonly analyses = new Map<string, { version: number; text: string; analysis: DraftAnalysis; references: ReadonlyMap<string, CatalogueEntry> }>();
  private readonly models = new Map<string, DocumentModel>();
  /**
   * Each draft's last verdicts by quote (`verdictKey`), valid for one library, stores and scope: a
   * new version of the draft checks again only the quotes that changed, so an edit (and a hover or
   * code action on the new version) costs a parse and the edited quote, not every quote again.
   * It holds the verdicts of the last model computed, no more.
   */
  private readonly verdicts = new Map<string, { stamp: string; scope: DraftScope | undefined; byQuote: Map<string, QuoteVerdict>; byParagraph: Map<string, KeptReuse> }>();

  constructor(private readonly context: ServiceContext) {}

  /** The syntax of a document (cheap, cached by version). */
  analysis(document: ServiceDocument): DraftAnalysis {
    return this.parsed(document).analysis;
  }

  /** The bibliographies a draft uses (its own and the configured ones); undefined: all. */
  scope(document: ServiceDocument): DraftScope | undefined {
    return this.context.scopeOf(document.uri);
  }

  /** The draft's own inline `references:` (front matter), by key. */
  references(document: ServiceDocument): ReadonlyMap<string, CatalogueEntry> {
    return this.parsed(document).references;
  }

  private parsed(document: ServiceDocument): { analysis: DraftAnalysis; references: ReadonlyMap<string, CatalogueEntry> } {
    const text = document.getText();
    const cached = this.analyses.get(document.uri);
    if (cached && cached.version === document.version && cached.text.length === text.length && cached.text === text) {
      return cached;
    }
    const analysis = analyzeDraft(checkedPart(text), draftFormatOf(document.languageId, document.uri));
    const inline = draftBibliography(text).inline;
    const references = inlineCatalogue({ uri: document.uri, path: document.uri, format: 'inline', ...inline, complete: true, noText: {} });
    const parsed = { version: document.version, text, analysis, references };
    this.analyses.set(document.uri, parsed);
    return parsed;
  }

  /** The last version of a draft that was parsed, with its whole text and its analysis; undefined when none. */
  lastParsed(uri: string): { readonly version: number; readonly text: string; readonly analysis: DraftAnalysis } | undefined {
    return this.analyses.get(uri);
  }

  /** The checked model of a document, computed at once. */
  model(document: ServiceDocument): DocumentModel {
    const cached = this.cached(document);
    if (cached) return cached;
    const analysis = this.analysis(document);
    const minWords = this.context.settings(document.uri).minWords;
    const references = this.references(document);
    const scope = this.scope(document);
    const memo = this.memoOf(document.uri, scope);
    const findings = analysis.quotations.map((quotation) => this.checkQuotation(analysis, quotation, minWords, references, scope, memo));
    const reuse = reuseParagraphs(this.context, analysis).flatMap((paragraph) => this.reuseOf(analysis, paragraph, scope, memo));
    this.keepMemo(document.uri, scope, memo);
    return this.store(document, analysis, minWords, scope, findings, reuse);
  }

  /**
   * The checked model, computed in slices that yield to the event loop so that requests and edits
   * are served meanwhile; undefined when `isStale` says the result is no longer wanted.
   */
  async modelAsync(document: ServiceDocument, isStale: () => boolean): Promise<DocumentModel | undefined> {
    const cached = this.cached(document);
    if (cached) return cached;
    const analysis = this.analysis(document);
    const minWords = this.context.settings(document.uri).minWords;
    const libraryVersion = this.context.library.version;
    const references = this.references(document);
    const scope = this.scope(document);
    const findings: QuoteFinding[] = [];
    const memo = this.memoOf(document.uri, scope);
    let sliceStart = Date.now();
    for (const quotation of analysis.quotations) {
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
        if (isStale() || this.context.library.version !== libraryVersion) return undefined;
      }
      findings.push(this.checkQuotation(analysis, quotation, minWords, references, scope, memo));
    }
    const reuse: ReuseRun[] = [];
    for (const paragraph of reuseParagraphs(this.context, analysis)) {
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
        if (isStale() || this.context.library.version !== libraryVersion) return undefined;
      }
      reuse.push(...this.reuseOf(analysis, paragraph, scope, memo));
    }
    this.keepMemo(document.uri, scope, memo);
    return this.store(document, analysis, minWords, scope, findings, reuse);
  }

  /** The verdicts to reuse for a draft (`previous`, when still valid) and those of the check under way (`next`). */
  private memoOf(uri: string, scope: DraftScope | undefined): VerdictMemo {
    const kept = this.verdicts.get(uri);
    const fillers = this.context.settings(uri).ignoreFillers ? 'fillers' : 'all';
    const stamp = `${this.context.library.version}|${storesVersion(this.context)}|${reuseSettingsOf(this.context)}|${fillers}`;
    const valid = kept !== undefined && kept.stamp === stamp && kept.scope === scope;
    return { uri, stamp, previous: valid ? kept.byQuote : new Map(), next: new Map(), previousReuse: valid ? kept.byParagraph : new Map(), nextReuse: new Map() };
  }

  /** A paragraph's unquoted reuse: kept from the last check when its text is the same (its offsets moved with it), else found. */
  private reuseOf(analysis: DraftAnalysis, paragraph: ParagraphProse, scope: DraftScope | undefined, memo: VerdictMemo): ReuseRun[] {
    const text = analysis.text;
    const key = `${paragraph.keys.join(',')}|${paragraph.ranges.map(([from, to]) => `${from - paragraph.start}-${to - paragraph.start}`).join(',')}|${text.slice(paragraph.start, paragraph.end)}`;
    const kept = memo.previousReuse.get(key) ?? memo.nextReuse.get(key);
    const runs = kept ? shiftRuns(kept.runs, paragraph.start - kept.at) : paragraphReuse(this.context, analysis, paragraph, scope);
    memo.nextReuse.set(key, { at: paragraph.start, runs });
    return runs;
  }

  /** Keeps the verdicts of a finished check (only those: the memory a draft holds follows its quotes). */
  private keepMemo(uri: string, scope: DraftScope | undefined, memo: VerdictMemo): void {
    this.verdicts.set(uri, { stamp: memo.stamp, scope, byQuote: memo.next, byParagraph: memo.nextReuse });
  }

  private cached(document: ServiceDocument): DocumentModel | undefined {
    const cached = this.models.get(document.uri);
    const fresh =
      cached !== undefined &&
      cached.analysis === this.analysis(document) &&
      cached.libraryVersion === this.context.library.version &&
      cached.storesVersion === storesVersion(this.context) &&
      cached.minWords === this.context.settings(document.uri).minWords &&
      cached.ignoreFillers === this.context.settings(document.uri).ignoreFillers &&
      cached.reuseSettings === reuseSettingsOf(this.context) &&
      cached.scope === this.scope(document);
    return fresh ? cached : undefined;
  }

  private store(
    document: ServiceDocument,
    analysis: DraftAnalysis,
    minWords: number,
    scope: DraftScope | undefined,
    findings: QuoteFinding[],
    reuse: ReuseRun[],
  ): DocumentModel {
    const library = this.context.library;
    const references = this.references(document);
    const unknownKeys = analysis.citations
      .flatMap((group) => group.citations)
      .filter((c) => findCitable(this.context, c.key, references, scope) === undefined && storesAnswered(this.context, c.key));
    const model: DocumentModel = {
      uri: document.uri,
      version: document.version,
      libraryVersion: library.version,
      storesVersion: storesVersion(this.context),
      minWords,
      ignoreFillers: this.context.settings(document.uri).ignoreFillers,
      scope,
      analysis,
      unknownKeys,
      findings,
      reuse,
      reuseSettings: reuseSettingsOf(this.context),
    };
    this.models.set(document.uri, model);
    return model;
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.analyses.delete(uri);
    this.models.delete(uri);
    this.verdicts.delete(uri);
  }

  private checkQuotation(
    analysis: DraftAnalysis,
    quotation: Quotation,
    minWords: number,
    references: ReadonlyMap<string, CatalogueEntry>,
    scope: DraftScope | undefined,
    memo: VerdictMemo,
  ): QuoteFinding {
    const text = analysis.text;
    const pattern = parseQuotePattern(text, quotation.textStart, quotation.textEnd, quotation.excluded);
    const keys = quotation.citation?.citations.map((c) => c.key) ?? [];
    const unchecked: QuoteFinding = { quotation, pattern, keys, verdict: undefined, runs: [], noFullText: [] };
    if (pattern.units < minWords) return unchecked;
    let cited: IndexedSource[] | undefined;
    // A key no store could be asked about may name an archived source: the quote cannot be judged.
    const unasked = keys.some((key) => sourceOf(this.context, key, scope) === undefined && !storesAnswered(this.context, key));
    // Cited entries without a full text: the quote may be theirs, so no verdict may say otherwise.
    let textless: string[] = [];
    if (quotation.citation) {
      cited = keys.map((key) => sourceOf(this.context, key, scope)).filter((e): e is IndexedSource => e !== undefined);
      textless = keys.filter((key) => sourceOf(this.context, key, scope) === undefined && findCitable(this.context, key, references, scope) !== undefined);
      if (cited.length === 0) return textless.length > 0 ? { ...unchecked, noFullText: textless } : unasked ? { ...unchecked, storeUnavailable: true } : unchecked;
    }
    const key = verdictKey(text, quotation, cited);
    const verdict = memo.previous.get(key) ?? memo.next.get(key) ?? this.context.matcherFor(memo.uri).check(pattern, cited, hiddenSources(this.context.library, scope));
    memo.next.set(key, verdict);
    if (textless.length > 0 && verdict.kind !== 'verbatim') return { ...unchecked, noFullText: textless };
    if (verdict.kind === 'not-found' && (unasked || !storesAnswered(this.context, pattern))) {
      return { quotation, pattern, keys, verdict, runs: [], noFullText: [], storeUnavailable: true };
    }
    const runs =
      verdict.kind === 'misquote' || verdict.kind === 'wrong-source' || verdict.kind === 'unattributed'
        ? diffRuns(text, pattern, verdict.match, quotation.excluded)
        : [];
    return { quotation, pattern, keys, verdict, runs, noFullText: [] };
  }
}

/** Verdicts of a draft's quotes: those of its last check (`previous`, for one library and stores: `stamp`) and this check's. */
interface VerdictMemo {
  /** The draft checked (its folder's settings choose the matcher). */
  readonly uri: string;
  readonly stamp: string;
  readonly previous: ReadonlyMap<string, QuoteVerdict>;
  readonly next: Map<string, QuoteVerdict>;
  /** A paragraph's reuse runs alike, by its text, with the offset it had. */
  readonly previousReuse: ReadonlyMap<string, KeptReuse>;
  readonly nextReuse: Map<string, KeptReuse>;
}

/** A paragraph's reuse runs and where the paragraph started when they were found. */
interface KeptReuse {
  readonly at: number;
  readonly runs: ReuseRun[];
}

/** Reuse runs moved by `delta` draft characters. */
function shiftRuns(runs: readonly ReuseRun[], delta: number): ReuseRun[] {
  if (delta === 0) return [...runs];
  return runs.map((run) => ({ ...run, start: run.start + delta, end: run.end + delta, changes: run.changes.map((c) => ({ ...c, start: c.start + delta, end: c.end + delta })) }));
}

/**
 * What a quote's verdict depends on besides the library, the stores and the scope: its text (with
 * its excluded parts, as offsets within it) and the sources it cites. Its place in the draft is not:
 * a verdict speaks of the quote's words and the source's, never of draft offsets.
 */
function verdictKey(text: string, quotation: Quotation, cited: readonly IndexedSource[] | undefined): string {
  const excluded = quotation.excluded.map(([from, to]) => `${from - quotation.textStart}-${to - quotation.textStart}`).join(',');
  const docs = cited === undefined ? 'uncited' : cited.map((entry) => entry.docId).join(',');
  return `${docs}|${excluded}|${text.slice(quotation.textStart, quotation.textEnd)}`;
}

/** The settings a model's reuse runs depend on, as one value. */
function reuseSettingsOf(context: ServiceContext): string {
  const settings = context.settings();
  return settings.reuseEnabled ? String(settings.reuseMinWords) : 'off';
}
