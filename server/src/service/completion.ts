import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Position,
} from 'vscode-languageserver-types';
import { cueIndexAt, timeAt } from '../core/library/cues';
import { formatTime } from '../core/match/timeLocator';
import type { TypedKey } from '../core/draft/draftModel';
import { findContinuations } from '../core/match/continuations';
import { closingMarkFor } from '../core/text/quoteStyles';
import { tokenize } from '../core/text/tokenizer';
import { searchSources } from './sourceSearch';
import { writtenKey } from '../../../protocol/src/citationKeys';
import type { ServiceContext, ServiceDocument } from './serviceContext';
import type { CompletionView, DocumentModels } from './documentModel';
import { citableCard } from './sourceCard';
import { citableLabel, citablesOf, findCitable, keyedCitable, type Citable } from './citables';
import { citableInScope, scopedEntry, scopedSource } from './draftScope';

const KEY_PREFIX = /(?:^|[^\p{L}\p{N}_\\])-?@(\{[^}\s]*|[\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*|)$/u;
const MAX_QUOTE_ITEMS = 5;
const MAX_KEY_ITEMS = 100;

/** What a citation item carries to `completionItem/resolve`. */
interface CompletionData {
  readonly key: string;
}

/** Adds the source card to a citation item (`completionItem/resolve`); other items come back as they are. */
export function resolveCompletionItem(context: ServiceContext, item: CompletionItem): CompletionItem {
  const key = (item.data as Partial<CompletionData> | undefined)?.key;
  const citable = typeof key === 'string' && item.documentation === undefined ? keyedCitable(context, key) : undefined;
  return citable ? { ...item, documentation: { kind: MarkupKind.Markdown, value: citableCard(citable) } } : item;
}


/** The key being typed at `offset` (after `@`, or after `[` with no `@` yet), or undefined. */
function typedKeyAt(models: DocumentModels, document: ServiceDocument, offset: number): TypedKey | 'masked' | undefined {
  const text = document.getText();
  const view = models.around(document, offset);
  // A syntax with citation commands of its own (LaTeX's `\cite{…}`) says where a key is typed.
  const syntax = view.syntax;
  if (syntax.typedKeyAt !== undefined) return syntax.typedKeyAt(text, offset);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const block = view.blockAt(offset);
  if (block !== undefined && block.masked[offset - block.start - 1] === ' ' && text[offset - 1] !== ' ') return 'masked'; // inside code or a link destination
  const key = KEY_PREFIX.exec(before);
  if (key) {
    const typed = key[1]!;
    const after = /^[\p{L}\p{N}_:.#$%&\-+?<>~/]*\}?/u.exec(text.slice(offset))?.[0] ?? '';
    return { typed: typed.replace(/^\{/, ''), from: offset - typed.length, to: offset + after.length, insertPrefix: '' };
  }
  const bracket = /\[([^\[\]@]*)$/.exec(before);
  if (bracket && /^\s*[\p{L}\s.,]*$/u.test(bracket[1]!) && bracket[1]!.length <= 20) {
    // Inside `[` with no `@` yet: insert `@key` (the words typed so far stay as the prefix).
    const word = /[\p{L}\p{N}_]*$/u.exec(before)![0];
    return { typed: word, from: offset - word.length, to: offset, insertPrefix: '@' };
  }
  return undefined;
}

/** What was typed of a citation key at `position`, or undefined when no key is being typed there. */
export function typedCitationKey(models: DocumentModels, document: ServiceDocument, position: Position): string | undefined {
  const at = typedKeyAt(models, document, document.offsetAt(position));
  return typeof at === 'object' ? at.typed : undefined;
}

/**
 * Completion items at a position: citation keys after `@` or in `[…]`, or the rest of a quotation.
 * `remote` are citables another store (an archive) offered for the typed key: they follow the
 * library's own items, and a key the library knows is the library's (its item, card and text).
 */
export function getCompletionItems(
  context: ServiceContext,
  models: DocumentModels,
  document: ServiceDocument,
  position: Position,
  remote: readonly Citable[] = [],
): CompletionList {
  const text = document.getText();
  const offset = document.offsetAt(position);
  const key = typedKeyAt(models, document, offset);
  if (key === 'masked') return { isIncomplete: false, items: [] };
  if (key) return citationItems(context, models.around(document, offset), document, key, remote);
  const open = models.around(document, offset).openQuotationAt(offset);
  if (open !== undefined) return quoteItems(context, document, text, open, offset);
  return { isIncomplete: false, items: [] };
}

function citationItems(context: ServiceContext, view: CompletionView, document: ServiceDocument, at: TypedKey, remote: readonly Citable[]): CompletionList {
  const { typed, from, to, insertPrefix } = at;
  const references = view.references;
  // The draft's own inline references are citable in it alone, and carry their card at once.
  const inline = [...references.keys()]
    .filter((key) => context.library.get(key) === undefined && context.library.catalogue.get(key) === undefined)
    .map((key) => findCitable(context, key, references)!);
  // Before the library is loaded, the source heads answer: keys and titles are known.
  // Built only after a bare `@`: a typed key is searched for in the citables' fields (a first completion at 20,000 entries need not build them all).
  const catalogued = typed === '' ? citablesOf(context.directory) : undefined;
  const inlineKeys = new Set(inline.map((c) => c.key));
  const cited = view.citedKeys;
  // Pandoc braces odd keys (`@{odd key}`); a syntax with its own citation commands writes keys as they are.
  const bracesOddKeys = view.syntax.typedKeyAt === undefined;
  // After a bare `@`, every citable in path order (not copied: a large library has tens of thousands).
  const ranked: readonly Citable[] =
    catalogued === undefined ? searchSources(context.directory, typed, MAX_KEY_ITEMS, inline, context.giveWay) : inline.length > 0 ? [...inline, ...catalogued] : catalogued;
  // Once loaded, a draft is offered the keys of its own bibliographies (and the shared sources).
  const scope = context.pending ? undefined : context.scopeOf(document.uri);
  const inScope = (citable: Citable): boolean => inlineKeys.has(citable.key) || citableInScope(context.library, citable.key, scope);
  const range = { start: document.positionAt(from), end: document.positionAt(to) };
  const local = citedFirst(ranked, cited, inScope, MAX_KEY_ITEMS);
  // A key the draft can cite from the library is the library's: the archive's article of the same key is not offered.
  const inLibrary = (key: string): boolean =>
    references.has(key) ||
    (context.pending ? context.directory.get(key) !== undefined : scopedSource(context.library, key, scope) !== undefined || scopedEntry(context.library, key, scope) !== undefined);
  const seen = new Set(local.map((c) => c.key));
  const added = remote.filter((c) => {
    const known = seen.has(c.key) || inLibrary(c.key);
    seen.add(c.key);
    return !known;
  });
  const items = [...local, ...added].map((entry, rank): CompletionItem => {
    const { key } = entry;
    const insert = insertPrefix + (bracesOddKeys ? writtenKey(key) : key);
    return {
      label: key,
      kind: CompletionItemKind.Reference,
      detail: entry.title || undefined,
      // The title shows in the suggest list itself, not only in the details pane.
      labelDetails: { description: (entry.archived ? `archive · ${shorten(citableLabel(entry), 50)}` : shorten(citableLabel(entry), 60)) || undefined },
      // The source card is filled in on resolve: only the item the writer looks at needs one.
      data: { key } satisfies CompletionData,
      ...(inlineKeys.has(key) ? { documentation: { kind: MarkupKind.Markdown, value: citableCard(entry) } } : {}),
      // Writers type words of the title or outlet after `@`; let the editor's filter see them too.
      filterText: `${insertPrefix}${typed === '' ? key : `${typed} ${key}`}`,
      sortText: String(rank).padStart(5, '0'),
      textEdit: { range, newText: insert },
    };
  });
  return { isIncomplete: catalogued === undefined || inline.length + catalogued.length > local.length || remote.length > 0, items };
}

/**
 * The first `limit` in-scope citables of `ranked`, the draft's cited keys first (each group in
 * ranked order). `ranked` is every citable after a bare `@`: the scope is asked about the few kept,
 * not about all of them (at 35,000 sources that was most of a keystroke's time).
 */
function citedFirst(ranked: readonly Citable[], cited: ReadonlySet<string>, inScope: (citable: Citable) => boolean, limit: number): Citable[] {
  const first: Citable[] = [];
  const rest: Citable[] = [];
  for (const citable of ranked) {
    if (rest.length >= limit && cited.size === 0) break;
    if (first.length >= limit) break;
    if (cited.has(citable.key)) {
      if (inScope(citable)) first.push(citable);
    } else if (rest.length < limit && inScope(citable)) {
      rest.push(citable);
    }
  }
  return [...first, ...rest].slice(0, limit);
}

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quoteItems(context: ServiceContext, document: ServiceDocument, text: string, textStart: number, offset: number): CompletionList {
  // Continuations come from the index: none while it is built; incomplete, so the editor asks again.
  if (context.pending) return { isIncomplete: true, items: [] };
  const typed = text.slice(textStart, offset);
  const tokens = tokenize(typed);
  const partial = /[\p{L}\p{N}'’]$/u.test(typed) ? tokens.pop() : undefined;
  if (tokens.length < 3 && !(partial && tokens.length >= 2)) return { isIncomplete: true, items: [] };
  const words = tokens.slice(-8).map((t) => t.norm);
  const continuations = findContinuations(context.library, words, partial?.norm ?? '', MAX_QUOTE_ITEMS);
  const replaceFrom = partial ? textStart + partial.start : offset;
  // The opener's partner (`«` closes with `»`), spaced like the opening when it is (`« … »`).
  const space = /^[ \u00a0\u202f]/.exec(typed)?.[0] ?? '';
  const closing = space + closingMarkFor(text[textStart - 1]);
  const range = { start: document.positionAt(replaceFrom), end: document.positionAt(offset) };
  const items = continuations.map((c, rank): CompletionItem => {
    // A transcript's quote is cited with the time it is spoken (the cue the continuation starts in).
    const cues = c.entry.source.cues;
    const cue = cues ? cueIndexAt(cues, c.start) : -1;
    const citation = ` [@${c.entry.source.key}${cue >= 0 ? `, ${formatTime(timeAt(cues!, c.start))}` : ''}]`;
    const preview = c.text.length > 60 ? `${c.text.slice(0, 57)}…` : c.text;
    return {
      label: preview,
      kind: CompletionItemKind.Text,
      detail: `@${c.entry.source.key} — ${c.entry.source.meta.title}`,
      documentation: { kind: MarkupKind.Markdown, value: `…${c.text}${closing}${citation}` },
      filterText: text.slice(replaceFrom, offset) + c.text,
      sortText: String(rank).padStart(3, '0'),
      insertTextFormat: InsertTextFormat.PlainText,
      textEdit: { range, newText: `${c.text}${closing}${citation}` },
    };
  });
  return { isIncomplete: true, items };
}
