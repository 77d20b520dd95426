import { parseQuotePattern, type QuotePattern } from '../core/quotePattern';
import { quoteKey, type Fetched, type FetchedArticle, type FetchedPassage, type PrefetchedStore } from '../core/prefetchedStore';
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
 * and the articles of the candidates. What is known already is not asked again, so re-checking an
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
  const minWords = context.settings().minWords;
  const patterns = new Map<string, QuotePattern>();
  const keys = new Set<string>();
  for (const quotation of analysis.quotations) {
    const pattern = parseQuotePattern(analysis.text, quotation.textStart, quotation.textEnd, quotation.excluded);
    if (pattern.wordCount < minWords) continue;
    if (!store.hasAnswer(pattern)) patterns.set(quoteKey(pattern), pattern);
  }
  for (const group of analysis.citations) {
    for (const citation of group.citations) {
      if (context.library.get(citation.key) === undefined && !store.hasArticle(citation.key)) keys.add(citation.key);
    }
  }
  await prefetch(store, remote, [...patterns.values()], keys);
}

/** Asks `remote` about these quotes and keys (and the articles the quotes' passages lie in). */
export async function prefetch(store: PrefetchedStore, remote: RemoteStore, patterns: readonly QuotePattern[], keys: Iterable<string>): Promise<void> {
  const wanted = new Set(keys);
  if (patterns.length > 0) {
    const answers = await askSafely(() => remote.passages(patterns), patterns.length);
    answers.forEach((answer, i) => {
      store.recordPassages(patterns[i]!, answer);
      if (answer.ok) for (const passage of answer.value) if (!store.hasArticle(passage.key)) wanted.add(passage.key);
    });
  }
  if (wanted.size === 0) return;
  const list = [...wanted];
  const articles = await askSafely(() => remote.articles(list), list.length);
  articles.forEach((answer, i) => store.recordArticle(list[i]!, answer, list.length));
}

async function askSafely<T>(ask: () => Promise<Array<Fetched<T>>>, count: number): Promise<Array<Fetched<T>>> {
  try {
    return await ask();
  } catch {
    // A remote store reports its own failures per answer; anything else is an outage too.
    return Array.from({ length: count }, () => ({ ok: false }) as const);
  }
}
