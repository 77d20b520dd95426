import { analyzeDraft, analyzeDraftSteps, draftFormatOf, draftSyntaxOf, type DraftAnalysis, type DraftFormat } from '../core/draft/draftAnalysis';
import type { DraftSyntax } from '../core/draft/draftModel';
import type { TextBlock } from '../core/draft/markdownBlocks';
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
import { paragraphReuse, reuseParagraphSteps } from './reuseFindings';
import { finish, type Steps } from '../core/draft/steps';
import { sourceOf, storesAnswered, storesReuseVersion, storesVersion, type ServiceContext, type ServiceDocument } from './serviceContext';

/** How long a check runs before it yields to other work, in milliseconds. */
const SLICE_MS = 4;

/**
 * A draft up to this many characters is parsed, and a request on it checked, at once (a few
 * milliseconds); a longer one is parsed in slices before a request on it is answered, and a hover
 * or definition on it checks the quotation asked about, not all of them (issue 27).
 */
export const AT_ONCE_CHARS = 100_000;

/** Formats whose blocks read top-down: a later block never changes an earlier one, and a paragraph parses alone as it does in place. */
export const TOP_DOWN_FORMATS: ReadonlySet<DraftFormat> = new Set(['markdown', 'quarto', 'rmarkdown']);

/** How far from the typing position completion looks for its paragraph's ends in a long draft. */
const AROUND_CHARS = 64 * 1024;

/**
 * What completion reads of a draft at a position: its syntax, the block there (in draft offsets),
 * the quotation left open there, the keys the draft cites and its inline references.
 */
export interface CompletionView {
  readonly syntax: DraftSyntax;
  /** The block holding `offset` (offsets the draft's), or undefined. */
  blockAt(offset: number): TextBlock | undefined;
  /** Where the quotation left open at `offset` starts its words, or undefined when none is. */
  openQuotationAt(offset: number): number | undefined;
  readonly citedKeys: ReadonlySet<string>;
  readonly references: ReadonlyMap<string, CatalogueEntry>;
}

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
  private readonly analyses = new Map<string, Parsed>();
  /** Parses in slices under way, by URI: one per version, shared by whoever waits for it. */
  private readonly parsing = new Map<string, SlicedParse>();
  private readonly models = new Map<string, DocumentModel>();
  /**
   * Each draft's last verdicts by quote (`verdictKey`), valid for one library, stores and scope: a
   * new version of the draft checks again only the quotes that changed, so an edit (and a hover or
   * code action on the new version) costs a parse and the edited quote, not every quote again.
   * It holds the verdicts of the last model computed, no more.
   */
  private readonly verdicts = new Map<string, { stamp: string; reuseStamp: string; scope: DraftScope | undefined; byQuote: Map<string, QuoteVerdict>; byParagraph: Map<string, KeptReuse> }>();

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

  private parsed(document: ServiceDocument): Parsed {
    const text = document.getText();
    return this.parsedFor(document.uri, document.version, text) ?? this.keepParsed(document.uri, document.version, text, analyzeDraft(checkedPart(text), draftFormatOf(document.languageId, document.uri)));
  }

  /** The kept parse of a version, when it is the one kept. */
  private parsedFor(uri: string, version: number, text: string): Parsed | undefined {
    const cached = this.analyses.get(uri);
    return cached && cached.version === version && cached.text.length === text.length && cached.text === text ? cached : undefined;
  }

  /** Keeps a version's parse (with the draft's inline references) as the draft's last. */
  private keepParsed(uri: string, version: number, text: string, analysis: DraftAnalysis): Parsed {
    const parsed = { version, text, analysis, references: this.referencesOf(uri, text) };
    this.analyses.set(uri, parsed);
    return parsed;
  }

  /** A draft's own inline `references:` (front matter), as catalogue entries by key. */
  private referencesOf(uri: string, text: string): ReadonlyMap<string, CatalogueEntry> {
    const inline = draftBibliography(text).inline;
    return inlineCatalogue({ uri, path: uri, format: 'inline', ...inline, complete: true, noText: {} });
  }

  /** Whether the draft as it is now was parsed (`models` alone: and checked) already, so a request on it costs neither. */
  isParsed(document: ServiceDocument, checked = false): boolean {
    const parsed = this.parsedFor(document.uri, document.version, document.getText());
    return parsed !== undefined && (!checked || this.models.get(document.uri)?.analysis === parsed.analysis);
  }

  /**
   * The draft parsed in slices that yield to the event loop (issue 27: a long draft's parse never
   * holds up other requests), the version it has now; undefined when every caller waiting for this
   * parse is stale. A parse of the same version under way is shared, not started again.
   */
  parsedAsync(document: ServiceDocument, isStale: () => boolean): Promise<Parsed | undefined> {
    const { uri, version } = document;
    const text = document.getText();
    const kept = this.parsedFor(uri, version, text);
    if (kept) return Promise.resolve(kept);
    const running = this.parsing.get(uri);
    if (running && running.version === version && running.text === text) {
      running.wanted.push(isStale);
      return running.done;
    }
    const parse: SlicedParse = { version, text, wanted: [isStale], done: Promise.resolve(undefined) };
    parse.done = this.parseInSlices(uri, document.languageId, parse);
    this.parsing.set(uri, parse);
    return parse.done;
  }

  private async parseInSlices(uri: string, languageId: string | undefined, parse: SlicedParse): Promise<Parsed | undefined> {
    try {
      const format = draftFormatOf(languageId, uri);
      const part = checkedPart(parse.text);
      const stale = (): boolean => parse.wanted.every((isStale) => isStale());
      // A format whose parser runs in one step (LaTeX, Typst) is parsed apart when long, if the host can.
      let analysis: DraftAnalysis | undefined;
      if (!TOP_DOWN_FORMATS.has(format) && part.length > AT_ONCE_CHARS && this.context.parseApart !== undefined) {
        analysis = await this.context.parseApart(part, format).catch(() => undefined);
        if (stale()) return undefined;
      }
      analysis ??= await runInSlices(analyzeDraftSteps(part, format), stale);
      if (analysis === undefined) return undefined;
      // Kept unless the draft was closed, or a newer version was parsed meanwhile.
      const kept = this.analyses.get(uri);
      if (this.parsing.get(uri) === parse && (kept === undefined || kept.version <= parse.version)) return this.keepParsed(uri, parse.version, parse.text, analysis);
      return { version: parse.version, text: parse.text, analysis, references: this.referencesOf(uri, parse.text) };
    } finally {
      if (this.parsing.get(uri) === parse) this.parsing.delete(uri);
    }
  }

  /**
   * What completion reads of a draft at `offset`. For a long draft of a top-down format not parsed
   * as it is now (the writer is typing in it), the paragraph around `offset` parsed alone, with the
   * keys the last parsed version cites (issue 27: a keystroke costs a paragraph's parse, not the
   * draft's); else the draft's analysis.
   */
  around(document: ServiceDocument, offset: number): CompletionView {
    const text = document.getText();
    const format = draftFormatOf(document.languageId, document.uri);
    if (text.length <= AT_ONCE_CHARS || this.isParsed(document)) {
      const { analysis, references } = this.parsed(document);
      return completionView(analysis, 0, keysOf(analysis), references);
    }
    const last = this.analyses.get(document.uri);
    if (!TOP_DOWN_FORMATS.has(format)) {
      // A paragraph of LaTeX or Typst does not parse alone: the syntax says where a key is typed
      // (`\cite{…}`), the last parse which keys the draft cites; no quotation is offered until it is parsed.
      const syntax = draftSyntaxOf(format, text);
      return { syntax, blockAt: () => undefined, openQuotationAt: () => undefined, citedKeys: last ? keysOf(last.analysis) : new Set(), references: this.referencesOf(document.uri, text) };
    }
    const { from, to } = paragraphAround(text, offset);
    const local = analyzeDraft(text.slice(from, to), format);
    const cited = keysOf(local);
    if (last !== undefined) for (const key of keysOf(last.analysis)) cited.add(key);
    return completionView(local, from, cited, this.referencesOf(document.uri, text));
  }

  /**
   * The parse to answer a request at `offset` from: the draft's own when it is short or parsed
   * already; for a long draft of a top-down format not parsed as it is now (just opened, or being
   * typed), its paragraph around `offset` parsed alone, at its own offsets (issue 27: a hover or
   * definition there answers at once, not after the whole draft's parse). Not kept.
   */
  parsedAt(document: ServiceDocument, offset: number): Parsed {
    const text = document.getText();
    const format = draftFormatOf(document.languageId, document.uri);
    if (text.length <= AT_ONCE_CHARS || !TOP_DOWN_FORMATS.has(format)) return this.parsed(document);
    const kept = this.parsedFor(document.uri, document.version, text);
    if (kept) return kept;
    const part = checkedPart(text);
    // Beyond the part checked, nothing is answered, as the whole draft's parse answers nothing there.
    const { from, to } = offset <= part.length ? paragraphAround(part, offset) : { from: 0, to: 0 };
    // Blank before the paragraph (spaces, then the line break before it), so offsets are the draft's.
    const padded = from === 0 ? part.slice(0, to) : `${' '.repeat(from - 1)}\n${part.slice(from, to)}`;
    return { version: document.version, text, analysis: analyzeDraft(padded, format), references: this.referencesOf(document.uri, text) };
  }

  /** The last version of a draft that was parsed, with its whole text and its analysis; undefined when none. */
  lastParsed(uri: string): { readonly version: number; readonly text: string; readonly analysis: DraftAnalysis } | undefined {
    return this.analyses.get(uri);
  }

  /** The checked model of a document, computed at once. */
  model(document: ServiceDocument): DocumentModel {
    const cached = this.cached(document);
    if (cached) return cached;
    return finish(this.modelSteps(document.uri, document.version, this.parsed(document), this.scope(document)));
  }

  /**
   * The checked model when it is at hand, else a model of the quotations that overlap `[from, to]`
   * alone, not kept (its reuse runs none): a hover, a definition or a code action on a version not
   * checked yet (the writer is typing) checks the quotation asked about, not every quotation.
   */
  modelAt(document: ServiceDocument, from: number, to = from): DocumentModel {
    const { analysis, references } = this.parsedAt(document, from);
    const cached = this.cachedFor(document.uri, analysis);
    if (cached) return cached;
    const minWords = this.context.settings(document.uri).minWords;
    const scope = this.scope(document);
    const memo = this.memoOf(document.uri, scope);
    const findings = analysis.quotations
      .filter((quotation) => quotation.start <= to && from <= quotation.end)
      .map((quotation) => this.checkQuotation(analysis, quotation, minWords, references, scope, memo));
    return this.modelOf(document.uri, document.version, analysis, references, minWords, scope, findings, []);
  }

  /**
   * The checked model, computed in slices that yield to the event loop so that requests and edits
   * are served meanwhile (the parse too, see `parsedAsync`); undefined when `isStale` says the
   * result is no longer wanted, or the draft changed meanwhile.
   */
  async modelAsync(document: ServiceDocument, isStale: () => boolean): Promise<DocumentModel | undefined> {
    const { uri, version } = document;
    const stale = (): boolean => isStale() || document.version !== version;
    const parsed = await this.parsedAsync(document, stale);
    if (parsed === undefined || stale()) return undefined;
    const cached = this.cachedFor(uri, parsed.analysis);
    if (cached) return cached;
    const libraryVersion = this.context.library.version;
    return runInSlices(this.modelSteps(uri, version, parsed, this.scope(document)), () => stale() || this.context.library.version !== libraryVersion);
  }

  /** A draft's check in steps: a step per quotation, then per paragraph the reuse scan reads (see `Steps`). */
  private *modelSteps(uri: string, version: number, parsed: Parsed, scope: DraftScope | undefined): Steps<DocumentModel> {
    const { analysis, references } = parsed;
    const minWords = this.context.settings(uri).minWords;
    const memo = this.memoOf(uri, scope);
    const findings: QuoteFinding[] = [];
    for (const quotation of analysis.quotations) {
      findings.push(this.checkQuotation(analysis, quotation, minWords, references, scope, memo));
      yield;
    }
    const reuse: ReuseRun[] = [];
    for (const paragraph of yield* reuseParagraphSteps(this.context, analysis)) {
      reuse.push(...this.reuseOf(analysis, paragraph, scope, memo));
      yield;
    }
    this.keepMemo(uri, scope, memo);
    return this.store(uri, version, analysis, references, minWords, scope, findings, reuse);
  }

  /** The verdicts to reuse for a draft (`previous`, when still valid) and those of the check under way (`next`). */
  private memoOf(uri: string, scope: DraftScope | undefined): VerdictMemo {
    const kept = this.verdicts.get(uri);
    const fillers = this.context.settings(uri).ignoreFillers ? 'fillers' : 'all';
    // Quotes and reuse are kept apart: a paragraph of prose newly answered by a store (an archive)
    // leaves the quotes' verdicts valid, and a quote newly answered the paragraphs' runs.
    const stamp = `${this.context.library.version}|${storesVersion(this.context)}|${fillers}`;
    const reuseStamp = `${this.context.library.version}|${storesReuseVersion(this.context)}|${reuseSettingsOf(this.context)}`;
    const valid = kept !== undefined && kept.stamp === stamp && kept.scope === scope;
    const validReuse = kept !== undefined && kept.reuseStamp === reuseStamp && kept.scope === scope;
    return { uri, stamp, reuseStamp, previous: valid ? kept.byQuote : new Map(), next: new Map(), previousReuse: validReuse ? kept.byParagraph : new Map(), nextReuse: new Map() };
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
    this.verdicts.set(uri, { stamp: memo.stamp, reuseStamp: memo.reuseStamp, scope, byQuote: memo.next, byParagraph: memo.nextReuse });
  }

  private cached(document: ServiceDocument): DocumentModel | undefined {
    return this.cachedFor(document.uri, this.analysis(document));
  }

  /** The kept model of a draft when it was checked from `analysis` with today's library, stores and settings. */
  private cachedFor(uri: string, analysis: DraftAnalysis): DocumentModel | undefined {
    const cached = this.models.get(uri);
    const fresh =
      cached !== undefined &&
      cached.analysis === analysis &&
      cached.libraryVersion === this.context.library.version &&
      cached.storesVersion === modelStoresVersion(this.context) &&
      cached.minWords === this.context.settings(uri).minWords &&
      cached.ignoreFillers === this.context.settings(uri).ignoreFillers &&
      cached.reuseSettings === reuseSettingsOf(this.context) &&
      cached.scope === this.context.scopeOf(uri);
    return fresh ? cached : undefined;
  }

  private store(
    uri: string,
    version: number,
    analysis: DraftAnalysis,
    references: ReadonlyMap<string, CatalogueEntry>,
    minWords: number,
    scope: DraftScope | undefined,
    findings: QuoteFinding[],
    reuse: ReuseRun[],
  ): DocumentModel {
    const model = this.modelOf(uri, version, analysis, references, minWords, scope, findings, reuse);
    this.models.set(uri, model);
    return model;
  }

  private modelOf(
    uri: string,
    version: number,
    analysis: DraftAnalysis,
    references: ReadonlyMap<string, CatalogueEntry>,
    minWords: number,
    scope: DraftScope | undefined,
    findings: QuoteFinding[],
    reuse: ReuseRun[],
  ): DocumentModel {
    const library = this.context.library;
    const unknownKeys = analysis.citations
      .flatMap((group) => group.citations)
      .filter((c) => findCitable(this.context, c.key, references, scope) === undefined && storesAnswered(this.context, c.key));
    return {
      uri,
      version,
      libraryVersion: library.version,
      storesVersion: modelStoresVersion(this.context),
      minWords,
      ignoreFillers: this.context.settings(uri).ignoreFillers,
      scope,
      analysis,
      unknownKeys,
      findings,
      reuse,
      reuseSettings: reuseSettingsOf(this.context),
    };
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.analyses.delete(uri);
    this.parsing.delete(uri);
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

/** The keys a draft's citations name. */
function keysOf(analysis: DraftAnalysis): Set<string> {
  return new Set(analysis.citations.flatMap((group) => group.citations.map((citation) => citation.key)));
}

/** A completion view of `analysis`, the analysis of the draft's text from `base` on. */
function completionView(analysis: DraftAnalysis, base: number, citedKeys: Set<string>, references: ReadonlyMap<string, CatalogueEntry>): CompletionView {
  const blocks = analysis.structure.blocks;
  return {
    syntax: analysis.syntax,
    blockAt(offset) {
      const at = offset - base;
      const block = blocks.find((b) => b.start <= at && at <= b.end && !(b.gaps ?? []).some(([from, to]) => from < at && at < to));
      if (block === undefined || base === 0) return block;
      const gaps = block.gaps?.map(([from, to]) => [from + base, to + base] as const);
      return { ...block, start: block.start + base, end: block.end + base, ...(gaps ? { gaps } : {}) };
    },
    openQuotationAt(offset) {
      const open = analysis.openQuotations.find((q) => q.textStart + base <= offset && blocks[q.block]!.end + base >= offset - 1);
      return open === undefined ? undefined : open.textStart + base;
    },
    citedKeys,
    references,
  };
}

/** The paragraph of `text` around `offset` (between blank lines, at most `AROUND_CHARS` either side, whole lines). */
function paragraphAround(text: string, offset: number): { from: number; to: number } {
  const floor = Math.max(0, offset - AROUND_CHARS);
  const before = text.slice(floor, offset);
  const blank = /\n[ \t]*\n/g;
  let from = floor === 0 ? 0 : text.indexOf('\n', floor) + 1;
  for (let found = blank.exec(before); found !== null; found = blank.exec(before)) from = Math.max(from, floor + found.index + found[0].length);
  const next = /\n[ \t]*\n/.exec(text.slice(offset, offset + AROUND_CHARS));
  const to = next !== null ? offset + next.index + 1 : Math.min(text.length, offset + AROUND_CHARS);
  return { from: Math.min(from, offset), to };
}

/**
 * Runs steps to their end, giving way to the event loop when a slice has run `SLICE_MS`, so that
 * requests and edits are served meanwhile; undefined when `isStale` says, after a give-way, that
 * the result is no longer wanted.
 */
export async function runInSlices<T>(steps: Steps<T>, isStale: () => boolean): Promise<T | undefined> {
  let sliceStart = Date.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (Date.now() - sliceStart > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      if (isStale()) return undefined;
      sliceStart = Date.now();
    }
  }
}

/** A version of a draft parsed: its whole text, its analysis (of the checked part) and its inline references. */
interface Parsed {
  readonly version: number;
  readonly text: string;
  readonly analysis: DraftAnalysis;
  readonly references: ReadonlyMap<string, CatalogueEntry>;
}

/** A parse in slices under way: the version and text it parses, whether each caller waiting for it is stale, and its end. */
interface SlicedParse {
  readonly version: number;
  readonly text: string;
  readonly wanted: Array<() => boolean>;
  done: Promise<Parsed | undefined>;
}

/** Verdicts of a draft's quotes: those of its last check (`previous`, for one library and stores: `stamp`) and this check's. */
interface VerdictMemo {
  /** The draft checked (its folder's settings choose the matcher). */
  readonly uri: string;
  readonly stamp: string;
  /** What the reuse runs were found with (library, stores' reuse answers, reuse settings). */
  readonly reuseStamp: string;
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

/** What a checked model's quotes and reuse runs read of the stores, as one value. */
function modelStoresVersion(context: ServiceContext): string {
  return `${storesVersion(context)}|${storesReuseVersion(context)}`;
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
