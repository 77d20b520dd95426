/**
 * An archive held in memory, for tests that need a remote store without a database: the same
 * paragraphs and bigram hashes the PostgreSQL archive stores, searched by the same rule (the rarest
 * bigrams of the quote, the paragraphs holding most of them). It can be told to fail like a lost
 * connection.
 */
import { articleParagraphs, proseBigrams, quoteBigrams, reuseSeeds, type ArticleParagraph } from '../../server/src/archive/passageBigrams';
import type { ReuseQuestion } from '../../server/src/core/match/passageStore';
import type { Fetched, FetchedArticle, FetchedPassage } from '../../server/src/service/prefetchedStore';
import type { QuotePattern } from '../../server/src/core/match/quotePattern';
import { createSource, keyFromFileName } from '../../server/src/core/library/source';
import { forEachFoldedWord } from '../../server/src/core/text/tokenizer';
import { archiveDocumentUri } from '../../protocol/src/uriSchemes';
import type { RemoteStore } from '../../server/src/service/storePrefetch';

export class MemoryArchive implements RemoteStore {
  private readonly articlesByKey = new Map<string, FetchedArticle>();
  private readonly paragraphs: Array<{ key: string; paragraph: ArticleParagraph }> = [];
  private readonly frequency = new Map<number, number>();
  /** While true, every question fails as if the connection were lost. */
  down = false;
  /** Questions asked so far (quotes and keys), to check that answers are reused. */
  asked = 0;

  /** Adds an article as `archive load` would. */
  add(path: string, text: string): void {
    const source = createSource({ uri: `archive:${path}`, path, text, fallbackKey: keyFromFileName(path) });
    if (this.articlesByKey.has(source.key)) return;
    this.articlesByKey.set(source.key, { key: source.key, uri: archiveDocumentUri(source.key), path: `archive:${path}`, text, meta: { ...source.meta } });
    const starts: number[] = [];
    const norms: string[] = [];
    forEachFoldedWord(text, source.bodyStart, text.length, (start, norm) => {
      starts.push(start);
      norms.push(norm);
    });
    for (const paragraph of articleParagraphs(text, starts, (k) => norms[k]!)) {
      this.paragraphs.push({ key: source.key, paragraph });
      for (const hash of paragraph.bigrams) this.frequency.set(hash, (this.frequency.get(hash) ?? 0) + 1);
    }
  }

  async passages(patterns: readonly QuotePattern[]): Promise<Array<Fetched<readonly FetchedPassage[]>>> {
    this.asked += patterns.length;
    return patterns.map((pattern) => {
      if (this.down) return { ok: false };
      const known = quoteBigrams(pattern)
        .map((b) => ({ ...b, n: this.frequency.get(b.hash) ?? 0 }))
        .filter((b) => b.n > 0)
        .sort((x, y) => x.n - y.n || x.hash - y.hash);
      const parts = new Set(known.map((b) => b.part));
      const rare = new Set(known.slice(0, 8).map((b) => b.hash));
      for (const part of parts) known.filter((b) => b.part === part).slice(0, 3).forEach((b) => rare.add(b.hash));
      const scored = this.paragraphs
        .map(({ key, paragraph }) => ({ key, start: paragraph.start, end: paragraph.end, score: [...paragraph.bigrams].filter((h) => rare.has(h)).length }))
        .filter((p) => p.score > 0)
        .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.start - b.start);
      return { ok: true, value: scored.slice(0, 16).map(({ key, start, end }) => ({ key, start, end })) };
    });
  }

  async reusePassages(questions: readonly ReuseQuestion[]): Promise<Array<Fetched<readonly FetchedPassage[]>>> {
    this.asked += questions.length;
    return questions.map((question) => {
      if (this.down) return { ok: false };
      const seeds = new Set(reuseSeeds(proseBigrams(question), this.frequency, question.minWords).map((seed) => seed.hash));
      const least = Math.min(2, seeds.size);
      const scored = this.paragraphs
        .map(({ key, paragraph }) => ({ key, start: paragraph.start, end: paragraph.end, score: [...paragraph.bigrams].filter((h) => seeds.has(h)).length }))
        .filter((p) => p.score > 0 && p.score >= least)
        .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.start - b.start);
      return { ok: true, value: scored.slice(0, 16).map(({ key, start, end }) => ({ key, start, end })) };
    });
  }

  async articles(keys: readonly string[]): Promise<Array<Fetched<FetchedArticle | undefined>>> {
    this.asked += keys.length;
    return keys.map((key) => (this.down ? { ok: false } : { ok: true, value: this.articlesByKey.get(key) }));
  }
}
