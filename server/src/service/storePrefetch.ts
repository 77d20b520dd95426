import { parseQuotePattern, type QuotePattern } from '../core/match/quotePattern';
import { quoteKey, type Fetched, type FetchedArticle, type FetchedPassage, type PrefetchedStore } from './prefetchedStore';
import type { DocumentModels } from './documentModel';
import type { ServiceContext, ServiceDocument } from './serviceContext';

/** A store that lives elsewhere (an archive database), asked in batches before a check. */
export interface RemoteStore {
  /** Candidate passages for each quote, in order; `{ ok: false }` where it could not be asked. */
  passages(patterns: readonly QuotePattern[]): Promise<Array<Fetched<readonly FetchedPassage[]>>>;
  /** The articles with these keys, in order (value undefined: no such key). */
  articles(keys: readonly string[]): Promise<Array<Fetched<FetchedArticle | undefined>>>;
}

/**
 * Asks `remote` everything a check of `document` will need from it and records the answers in
 * `store`: candidates for every quote long enough to check, the cited keys the local library lacks,
 * and the articles of the candidates, pinned for the document until its next prefetch (or until it
 * is closed: `PrefetchedStore.unpin`). What is known already is not asked again, so re-checking an
 * edited draft asks only about its new quotes. Never throws: failures are recorded as unavailable.
 */
export async function prefetchForDocument(
  context: ServiceContext,
  models: DocumentModels,
  document: ServiceDocument,
  store: PrefetchedStore,
  remote: RemoteStore,
): Promise<void> {
  const analysis = models.analysis(document);
  const minWords = context.settings(document.uri).minWords;
  const patterns = new Map<string, QuotePattern>();
  const keys = new Set<string>();
  for (const quotation of analysis.quotations) {
    const pattern = parseQuotePattern(analysis.text, quotation.textStart, quotation.textEnd, quotation.excluded);
    if (pattern.wordCount >= minWords) patterns.set(quoteKey(pattern), pattern);
  }
  for (const group of analysis.citations) {
    for (const citation of group.citations) if (context.library.get(citation.key) === undefined) keys.add(citation.key);
  }
  await prefetch(store, remote, [...patterns.values()], keys, document.uri);
}

/**
 * Asks `remote` about these quotes and keys (quotes already answered are not asked again), then for
 * the articles of the keys and of the quotes' passages that the store lacks. With an `owner`, those
 * articles are pinned for it first, so recording new ones cannot push out the ones it needs.
 */
export async function prefetch(store: PrefetchedStore, remote: RemoteStore, patterns: readonly QuotePattern[], keys: Iterable<string>, owner?: string): Promise<void> {
  const unanswered = patterns.filter((pattern) => !store.hasAnswer(pattern));
  if (unanswered.length > 0) {
    const answers = await askSafely(() => remote.passages(unanswered), unanswered.length);
    answers.forEach((answer, i) => store.recordPassages(unanswered[i]!, answer));
  }
  const needed = new Set(keys);
  for (const pattern of patterns) for (const passage of store.passagesOf(pattern)) needed.add(passage.key);
  if (owner !== undefined) store.pin(owner, needed);
  const list = [...needed].filter((key) => !store.hasArticle(key));
  if (list.length === 0) return;
  const articles = await askSafely(() => remote.articles(list), list.length);
  articles.forEach((answer, i) => store.recordArticle(list[i]!, answer));
}

async function askSafely<T>(ask: () => Promise<Array<Fetched<T>>>, count: number): Promise<Array<Fetched<T>>> {
  try {
    return await ask();
  } catch {
    // A remote store reports its own failures per answer; anything else is an outage too.
    return Array.from({ length: count }, () => ({ ok: false }) as const);
  }
}
