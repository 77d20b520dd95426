import { parseQuotePattern, type QuotePattern } from '../core/match/quotePattern';
import type { ReuseQuestion } from '../core/match/passageStore';
import { reuseQuestion } from '../core/match/reuseScan';
import { reuseParagraphs } from './reuseFindings';
import { quoteKey, type Fetched, type FetchedArticle, type FetchedPassage, type PrefetchedStore } from './prefetchedStore';
import type { DocumentModels } from './documentModel';
import type { ServiceContext, ServiceDocument } from './serviceContext';

/** A store that lives elsewhere (an archive database), asked in batches before a check. */
export interface RemoteStore {
  /** Candidate passages for each quote, in order; `{ ok: false }` where it could not be asked. */
  passages(patterns: readonly QuotePattern[]): Promise<Array<Fetched<readonly FetchedPassage[]>>>;
  /** Passages that may hold runs of each stretch of prose (unquoted reuse), in order; `{ ok: false }` where it could not be asked. */
  reusePassages(questions: readonly ReuseQuestion[]): Promise<Array<Fetched<readonly FetchedPassage[]>>>;
  /** The articles with these keys, in order (value undefined: no such key). */
  articles(keys: readonly string[]): Promise<Array<Fetched<FetchedArticle | undefined>>>;
}

/**
 * Asks `remote` everything a check of `document` will need from it and records the answers in
 * `store`: candidates for every quote long enough to check, passages for every stretch of prose the
 * reuse scan reads (when it is on), the cited keys the local library lacks, and the articles of the candidates, pinned for the document until its next prefetch (or until it
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
  const reuse: ReuseQuestion[] = [];
  const reuseMinWords = context.settings(document.uri).reuseMinWords;
  for (const paragraph of reuseParagraphs(context, analysis)) {
    for (const [from, to] of paragraph.ranges) {
      const question = reuseQuestion(analysis.text, from, to, reuseMinWords);
      if (question !== undefined) reuse.push(question);
    }
  }
  await prefetch(store, remote, [...patterns.values()], keys, document.uri, reuse);
}

/**
 * Asks `remote` about these quotes, keys and stretches of prose (`reuse`; those already answered are
 * not asked again), then for the articles of the keys and of the passages that the store lacks.
 * With an `owner`, those articles are pinned for it first, so recording new ones cannot push out
 * the ones it needs.
 */
export async function prefetch(
  store: PrefetchedStore,
  remote: RemoteStore,
  patterns: readonly QuotePattern[],
  keys: Iterable<string>,
  owner?: string,
  reuse: readonly ReuseQuestion[] = [],
): Promise<void> {
  const unanswered = patterns.filter((pattern) => !store.hasAnswer(pattern));
  const unansweredReuse = reuse.filter((question) => !store.hasReuseAnswer(question));
  // One after the other: each question fills the remote's connections.
  if (unanswered.length > 0) {
    const answers = await askSafely(() => remote.passages(unanswered), unanswered.length);
    answers.forEach((answer, i) => store.recordPassages(unanswered[i]!, answer));
  }
  if (unansweredReuse.length > 0) {
    const answers = await askSafely(() => remote.reusePassages(unansweredReuse), unansweredReuse.length);
    answers.forEach((answer, i) => store.recordReusePassages(unansweredReuse[i]!, answer));
  }
  const needed = new Set(keys);
  for (const pattern of patterns) for (const passage of store.passagesOf(pattern)) needed.add(passage.key);
  for (const question of reuse) for (const passage of store.reusePassagesOf(question)) needed.add(passage.key);
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
