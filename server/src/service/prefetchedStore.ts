/**
 * A passage store that answers from what its adapter fetched ahead of a check: the candidate
 * passages a remote store (an archive) proposed for each quote, and the articles they lie in. It does
 * no I/O; the adapter records answers (or that the store could not be asked) and the matcher reads
 * them synchronously. Articles are read into the matcher's vocabulary on first use.
 */
import type { CandidatePassage, PassageStore, ReuseQuestion } from '../core/match/passageStore';
import { reuseQuestionKey, widenPassage } from '../core/match/passageStore';
import type { QuotePattern } from '../core/match/quotePattern';
import { firstStartingAt } from '../core/text/sortedSearch';
import type { IndexedSource, SourceLibrary } from '../core/library/sourceLibrary';

/** A passage as a remote store reports it: an article key and a character range of its text. */
export interface FetchedPassage {
  readonly key: string;
  readonly start: number;
  readonly end: number;
}

/** An article as a remote store holds it. */
export interface FetchedArticle {
  readonly key: string;
  /** Where it is shown to come from (an archive address without credentials, and the article's path). */
  readonly uri: string;
  readonly path: string;
  readonly text: string;
  /** What the store recorded of its metadata (title, author, outlet, date, url), when it did. */
  readonly meta?: Readonly<Record<string, string>>;
}

/** What a remote store said about a question: an answer, or that it could not be asked. */
export type Fetched<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** Words a reuse passage is widened by on each side (a run's seed may be its paragraph's last bigram). */
const REUSE_MARGIN = 2;

/** Most answers and articles kept; the oldest are forgotten first (a draft's own are re-fetched). */
const MAX_ANSWERS = 20_000;
const MAX_ARTICLES = 4_000;

/** The key under which a quote's answer is kept: its words, brackets and gaps. */
export function quoteKey(pattern: QuotePattern): string {
  return pattern.elements
    .map((e) => (e.kind === 'word' ? e.norm : e.kind === 'bracket' ? `[${e.norms.join(' ')}]` : '…'))
    .join(' ');
}

/** Answers fetched from a remote store, served as a `PassageStore`. */
export class PrefetchedStore implements PassageStore {
  private readonly answers = new Map<string, Fetched<readonly FetchedPassage[]>>();
  /** The passages proposed for each stretch of prose (unquoted reuse), by `reuseQuestionKey`. */
  private readonly reuseAnswers = new Map<string, Fetched<readonly FetchedPassage[]>>();
  private readonly articles = new Map<string, Fetched<FetchedArticle | undefined>>();
  private entries = new WeakMap<SourceLibrary, Map<string, IndexedSource>>();
  /** The articles each draft's check needs (`pin`), by draft: never forgotten while pinned. */
  private readonly pins = new Map<string, ReadonlySet<string>>();
  /** Changes of what both kinds of answers read (articles, outages), of quote answers, of reuse answers. */
  private changes = 0;
  private quoteChanges = 0;
  private reuseChanges = 0;

  /** `library` gives the library whose vocabulary the matcher uses now. */
  constructor(private readonly library: () => SourceLibrary) {}

  get version(): number {
    return this.changes + this.quoteChanges;
  }

  get reuseVersion(): number {
    return this.changes + this.reuseChanges;
  }

  /** Whether a quote's answer is known (fetched, or known to be unavailable). */
  hasAnswer(pattern: QuotePattern): boolean {
    return this.answers.has(quoteKey(pattern));
  }

  /** Whether an article's answer is known. */
  hasArticle(key: string): boolean {
    return this.articles.has(key);
  }

  /** Records what the remote store proposed for a quote. */
  recordPassages(pattern: QuotePattern, answer: Fetched<readonly FetchedPassage[]>): void {
    remember(this.answers, quoteKey(pattern), answer, MAX_ANSWERS);
    this.quoteChanges++;
  }

  /** The passages recorded for a quote (none when it was not asked or could not be). */
  passagesOf(pattern: QuotePattern): readonly FetchedPassage[] {
    const answer = this.answers.get(quoteKey(pattern));
    return answer?.ok ? answer.value : [];
  }

  /** Whether a reuse question's answer is known (fetched, or known to be unavailable). */
  hasReuseAnswer(question: ReuseQuestion): boolean {
    return this.reuseAnswers.has(reuseQuestionKey(question));
  }

  /** Records what the remote store proposed for a stretch of prose. */
  recordReusePassages(question: ReuseQuestion, answer: Fetched<readonly FetchedPassage[]>): void {
    remember(this.reuseAnswers, reuseQuestionKey(question), answer, MAX_ANSWERS);
    this.reuseChanges++;
  }

  /** The passages recorded for a stretch of prose (none when it was not asked or could not be). */
  reusePassagesOf(question: ReuseQuestion): readonly FetchedPassage[] {
    const answer = this.reuseAnswers.get(reuseQuestionKey(question));
    return answer?.ok ? answer.value : [];
  }

  /**
   * Keeps the articles `keys` for `owner` (a draft): none of them is forgotten to make room until
   * the owner pins others or `unpin`s. A check reads its articles after its prefetch, and other
   * drafts' prefetches may record thousands in between (two drafts of 780 quotes and their
   * candidates needed 5,000 articles at the benchmark's L and lost cited ones to a cap of 4,000).
   */
  pin(owner: string, keys: Iterable<string>): void {
    this.pins.set(owner, new Set(keys));
  }

  /** Lets the articles pinned for `owner` be forgotten again (its draft was closed). */
  unpin(owner: string): void {
    this.pins.delete(owner);
  }

  /** Records an article (undefined value: the store has no such key). */
  recordArticle(key: string, answer: Fetched<FetchedArticle | undefined>): void {
    this.articles.delete(key);
    this.articles.set(key, answer);
    this.forgetArticlesPast(MAX_ARTICLES);
    this.entries.get(this.library())?.delete(key);
    this.changes++;
  }

  /** Forgets the oldest articles that no draft pins until at most `max` are kept (pinned ones may exceed it). */
  private forgetArticlesPast(max: number): void {
    let looked = 0;
    const size = this.articles.size;
    for (const [key, answer] of this.articles) {
      if (this.articles.size <= max || looked++ >= size) break;
      if (this.isPinned(key)) {
        // Pinned: moved behind the others so that the next forgetting does not look at it again.
        this.articles.delete(key);
        this.articles.set(key, answer);
      } else {
        this.articles.delete(key);
        this.entries.get(this.library())?.delete(key);
      }
    }
  }

  private isPinned(key: string): boolean {
    for (const keys of this.pins.values()) if (keys.has(key)) return true;
    return false;
  }

  /** Forgets every answer that said the store could not be asked (after reconnecting). */
  forgetUnavailable(): void {
    for (const map of [this.answers, this.reuseAnswers, this.articles] as Array<Map<string, Fetched<unknown>>>) {
      for (const [key, answer] of map) if (!answer.ok) map.delete(key);
    }
    this.changes++;
  }

  /** Forgets everything (the store's address changed). */
  clear(): void {
    this.answers.clear();
    this.reuseAnswers.clear();
    this.articles.clear();
    this.entries = new WeakMap();
    this.changes++;
  }

  candidates(pattern: QuotePattern, limit: number): readonly CandidatePassage[] {
    const answer = this.answers.get(quoteKey(pattern));
    if (answer === undefined || !answer.ok) return [];
    const candidates: CandidatePassage[] = [];
    // A passage window reaches a quote's length past the paragraph, so a quote across a paragraph
    // break is aligned whole.
    const margin = pattern.wordCount + 8;
    for (const passage of answer.value) {
      if (candidates.length >= limit) break;
      const entry = this.entry(passage.key);
      if (entry === undefined) continue;
      const from = firstStartingAt(entry.words.starts, passage.start, (s) => s);
      const to = firstStartingAt(entry.words.starts, passage.end, (s) => s);
      candidates.push(widenPassage(entry, from, to, margin));
    }
    return candidates;
  }

  reuseCandidates(question: ReuseQuestion, limit: number): readonly CandidatePassage[] {
    const candidates: CandidatePassage[] = [];
    const library = this.library();
    for (const passage of this.reusePassagesOf(question)) {
      if (candidates.length >= limit) break;
      // An archived copy of a local source is that source, which the index already searched.
      if (library.get(passage.key) !== undefined) continue;
      const entry = this.entry(passage.key);
      if (entry === undefined) continue;
      const from = firstStartingAt(entry.words.starts, passage.start, (s) => s);
      const to = firstStartingAt(entry.words.starts, passage.end, (s) => s);
      candidates.push(widenPassage(entry, from, to, REUSE_MARGIN));
    }
    return candidates;
  }

  entry(key: string): IndexedSource | undefined {
    const answer = this.articles.get(key);
    if (answer === undefined || !answer.ok || answer.value === undefined) return undefined;
    const library = this.library();
    let entries = this.entries.get(library);
    if (entries === undefined) this.entries.set(library, (entries = new Map()));
    let entry = entries.get(key);
    if (entry === undefined) {
      const article = answer.value;
      entry = library.detached({ uri: article.uri, path: article.path, text: article.text, key: article.key, ...(article.meta ? { meta: article.meta } : {}) });
      entries.set(key, entry); // dropped when its article is forgotten or recorded again
    }
    return entry;
  }

  answered(question: QuotePattern | string): boolean {
    const answer = typeof question === 'string' ? this.articles.get(question) : this.answers.get(quoteKey(question));
    // A question never asked is not an outage: the adapter asks before every check.
    return answer === undefined || answer.ok;
  }
}

/** Sets `key` as the newest entry of `map`, forgetting the oldest past `max`. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value!);
}
