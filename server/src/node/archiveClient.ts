/**
 * Reads a PostgreSQL archive: candidate passages for quotes (through their rarest bigrams), articles
 * by key, keys by prefix and titles by trigram similarity. With several shards it asks them all at
 * once and merges what they answer. Every failure (unreachable, a statement timeout, an old schema)
 * is an answer "could not be asked", never "not there"; the pools reconnect on the next question.
 */
import type pg from 'pg';
import { quoteBigrams, type QuoteBigram } from '../core/passageBigrams';
import type { Fetched, FetchedArticle, FetchedPassage } from '../core/prefetchedStore';
import type { QuotePattern } from '../core/quotePattern';
import { archiveDocumentUri } from '../service/archiveDocuments';
import type { RemoteStore } from '../service/storePrefetch';
import { describeArchive, shardOf } from './archiveAddress';
import { describeArchiveError, DEFAULT_ARCHIVE_TIMEOUTS, openPool, type ArchiveTimeouts } from './archiveConnection';
import { requireSchema } from './archiveSchema';

/** Rarest bigrams looked up per quote and per part between ellipses (as the local index does). */
const RARE_PER_QUOTE = 8;
const RARE_PER_PART = 3;
/** Bigrams in more paragraphs than this locate nothing (the local index's `maxPostings`). */
const MAX_PARAGRAPHS = 50_000;
/** Titles searched from this many typed characters on (the trigram index needs three). */
const MIN_TITLE_QUERY = 3;
/** Paragraphs proposed per quote (from each shard, then merged). */
const PASSAGES_PER_QUOTE = 16;

// Two statements, not one: with the rare bigrams bound as a value, the planner sees how few
// paragraphs hold them and reads the GIN index (a subquery's result would make it scan the table).
const FREQUENCY_SQL = 'select bigram, paragraphs from verbatim_bigram_frequency where bigram = any($1::int4[]) and paragraphs > 0';
// The best paragraphs first, then their keys: no join over the articles table for every paragraph.
const CANDIDATES_SQL = `
select (select key from verbatim_articles a where a.id = best.article_id) as key, best.start_offset, best.end_offset, best.score
from (
  select article_id, start_offset, end_offset, icount(bigrams & $1::int4[]) as score
  from verbatim_paragraphs
  where bigrams && $1::int4[]
  order by score desc, article_id, start_offset
  limit $2
) best`;

/** A key offered for completion, with what a writer recognises it by. */
export interface ArchiveKey {
  readonly key: string;
  readonly title: string;
  readonly meta: Record<string, string>;
}

/** What `verbatim archive stats` shows. */
export interface ArchiveStats {
  readonly shards: number;
  readonly articles: number;
  readonly paragraphs: number;
  readonly textBytes: number;
  readonly bigrams: number;
  /** Bytes on disk: tables, and their indexes. */
  readonly tableBytes: number;
  readonly indexBytes: number;
  readonly schemaVersion: number;
}

/** A connection to an archive, for reading. */
export class ArchiveClient implements RemoteStore {
  private readonly pools: pg.Pool[];
  private readonly schemaOk: boolean[];
  private failure: string | undefined;
  private readonly listeners: Array<(reachable: boolean) => void> = [];
  /** Queries sent, for tests that count work. */
  queries = 0;

  constructor(
    readonly urls: readonly string[],
    timeouts: ArchiveTimeouts = DEFAULT_ARCHIVE_TIMEOUTS,
  ) {
    if (urls.length === 0) throw new Error('an archive needs at least one URL');
    this.pools = urls.map((url) => openPool(url, 'read', timeouts));
    this.schemaOk = urls.map(() => false);
  }

  /** The archive's address, safe to show (no credentials). */
  get description(): string {
    return this.urls.map(describeArchive).join(', ');
  }

  /** Why the last question failed, or undefined when the last one was answered. */
  get problem(): string | undefined {
    return this.failure;
  }

  /** Calls `listener` whenever the archive becomes reachable or unreachable. */
  onReachability(listener: (reachable: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Asks whether the archive answers now (connects, checks the schema); never throws. */
  async ping(): Promise<boolean> {
    try {
      await Promise.all(this.pools.map((_, shard) => this.query(shard, 'select 1')));
      this.answered();
      return true;
    } catch (error) {
      this.failed(error);
      return false;
    }
  }

  async passages(patterns: readonly QuotePattern[]): Promise<Array<Fetched<readonly FetchedPassage[]>>> {
    return Promise.all(patterns.map((pattern) => this.passagesOf(pattern)));
  }

  async articles(keys: readonly string[]): Promise<Array<Fetched<FetchedArticle | undefined>>> {
    const byShard = new Map<number, string[]>();
    for (const key of keys) {
      const shard = shardOf(key, this.pools.length);
      byShard.set(shard, [...(byShard.get(shard) ?? []), key]);
    }
    const found = new Map<string, FetchedArticle>();
    const failedShards = new Set<number>();
    await Promise.all(
      [...byShard].map(async ([shard, wanted]) => {
        try {
          const result = await this.query<{ key: string; path: string; text: string; meta: Record<string, string> }>(shard, 'select key, path, text, meta from verbatim_articles where key = any($1)', [wanted]);
          for (const row of result.rows) {
            found.set(row.key, { key: row.key, uri: archiveDocumentUri(row.key), path: `archive:${row.path}`, text: row.text, meta: row.meta });
          }
        } catch (error) {
          failedShards.add(shard);
          this.failed(error);
        }
      }),
    );
    if (failedShards.size === 0) this.answered();
    return keys.map((key) => (failedShards.has(shardOf(key, this.pools.length)) ? { ok: false } : { ok: true, value: found.get(key) }));
  }

  /**
   * Keys starting with `typed` (as typed, and in lower case), then, from three characters on, titles
   * with a word starting with it (any case); at most `limit`, undefined when unreachable. Each part
   * stops at `limit` rows: a key prefix is a range of the key index, a title word a regular
   * expression the `pg_trgm` index answers, so every title it returns is a real match and none need
   * ranking (ranking every trigram-similar title instead took 530 ms for "union" in 2 million).
   */
  async completeKeys(typed: string, limit: number): Promise<ArchiveKey[] | undefined> {
    const prefixes = [...new Set([typed, typed.toLowerCase()])].map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const values: unknown[] = [limit, ...prefixes];
    const parts = prefixes.map((_, i) => `(select key, title, meta, ${i} as part from verbatim_articles where key like $${i + 2} escape '\\' order by key limit $1)`);
    if (typed.length >= MIN_TITLE_QUERY) {
      // `\m`: a word's start; everything but letters and digits is taken literally.
      values.push(`\\m${typed.replace(/[^\p{L}\p{N}]/gu, (c) => `\\${c}`)}`);
      parts.push(`(select key, title, meta, 9 as part from verbatim_articles where title ~* $${values.length} limit $1)`);
    }
    try {
      const rows = (await Promise.all(this.pools.map((_, shard) => this.query<ArchiveKey & { part: number }>(shard, parts.join(' union all '), values)))).flatMap((result) => result.rows);
      this.answered();
      const best = new Map<string, ArchiveKey & { part: number }>();
      for (const row of rows) if ((best.get(row.key)?.part ?? Infinity) > row.part) best.set(row.key, row);
      const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
      // Keys by prefix first; then titles, those with the typed word whole before those it only starts.
      const whole = new RegExp(`(?:^|[^\\p{L}\\p{N}])${typed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu');
      const rank = (row: ArchiveKey & { part: number }): number => (row.part < 9 ? row.part : whole.test(row.title) ? 9 : 10);
      return [...best.values()]
        .sort((a, b) => rank(a) - rank(b) || byKey(a, b))
        .slice(0, limit)
        .map(({ key, title, meta }) => ({ key, title, meta }));
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  /** How many articles the archive holds (all shards); undefined when unreachable. */
  async articleCount(): Promise<number | undefined> {
    try {
      const counts = await Promise.all(this.pools.map((_, shard) => this.query<{ n: string }>(shard, 'select count(*) as n from verbatim_articles')));
      this.answered();
      return counts.reduce((sum, result) => sum + Number(result.rows[0]?.n ?? 0), 0);
    } catch (error) {
      this.failed(error);
      return undefined;
    }
  }

  /** Sizes and counts, summed over the shards. */
  async stats(): Promise<ArchiveStats> {
    const parts = await Promise.all(
      this.pools.map(async (_, shard) => {
        const row = (
          await this.query<Record<string, string>>(
            shard,
            `select (select count(*) from verbatim_articles) as articles,
                    (select count(*) from verbatim_paragraphs) as paragraphs,
                    (select coalesce(sum(octet_length(text)), 0) from verbatim_articles) as text_bytes,
                    (select count(*) from verbatim_bigram_frequency where paragraphs > 0) as bigrams,
                    (select sum(pg_table_size(c)) from unnest(array['verbatim_articles', 'verbatim_paragraphs', 'verbatim_bigram_frequency']::regclass[]) c) as table_bytes,
                    (select sum(pg_indexes_size(c)) from unnest(array['verbatim_articles', 'verbatim_paragraphs', 'verbatim_bigram_frequency']::regclass[]) c) as index_bytes,
                    (select max(version) from verbatim_schema) as version`,
          )
        ).rows[0]!;
        return row;
      }),
    );
    const sum = (name: string): number => parts.reduce((n, row) => n + Number(row[name] ?? 0), 0);
    return {
      shards: parts.length,
      articles: sum('articles'),
      paragraphs: sum('paragraphs'),
      textBytes: sum('text_bytes'),
      bigrams: sum('bigrams'),
      tableBytes: sum('table_bytes'),
      indexBytes: sum('index_bytes'),
      schemaVersion: Math.min(...parts.map((row) => Number(row['version']))),
    };
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await Promise.all(this.pools.map((pool) => pool.end().catch(() => undefined)));
  }

  private async passagesOf(pattern: QuotePattern): Promise<Fetched<readonly FetchedPassage[]>> {
    const bigrams = quoteBigrams(pattern);
    if (bigrams.length === 0) return { ok: true, value: [] };
    const hashes = bigrams.map((b) => b.hash);
    try {
      const results = await Promise.all(
        this.pools.map(async (_, shard) => {
          // Each shard counts its own paragraphs: its rarest bigrams are the ones it can answer fastest.
          const counts = new Map((await this.query<{ bigram: number; paragraphs: number }>(shard, { name: 'verbatim_frequency', text: FREQUENCY_SQL, values: [hashes] })).rows.map((r) => [r.bigram, r.paragraphs]));
          const rare = rarestBigrams(bigrams, counts);
          if (rare.length === 0) return [];
          return (await this.query<{ key: string; start_offset: number; end_offset: number; score: number }>(shard, { name: 'verbatim_candidates', text: CANDIDATES_SQL, values: [rare, PASSAGES_PER_QUOTE] })).rows;
        }),
      );
      this.answered();
      const rows = results.flat();
      rows.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.start_offset - b.start_offset);
      return { ok: true, value: rows.slice(0, PASSAGES_PER_QUOTE).map((row) => ({ key: row.key, start: row.start_offset, end: row.end_offset })) };
    } catch (error) {
      this.failed(error);
      return { ok: false };
    }
  }

  /** Runs a query on a shard, checking its schema once per connection pool. */
  private async query<R extends pg.QueryResultRow>(shard: number, sql: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult<R>> {
    const pool = this.pools[shard]!;
    if (!this.schemaOk[shard]) {
      const client = await pool.connect();
      try {
        await requireSchema(client);
        this.schemaOk[shard] = true;
      } finally {
        client.release();
      }
    }
    this.queries++;
    // Named statements (the hot lookups) are planned once per connection.
    return typeof sql === 'string' ? pool.query<R>(sql, values) : pool.query<R>(sql);
  }

  private answered(): void {
    if (this.failure === undefined) return;
    this.failure = undefined;
    for (const listener of this.listeners) listener(true);
  }

  private failed(error: unknown): void {
    const wasReachable = this.failure === undefined;
    this.failure = describeArchiveError(error);
    // An old schema may be migrated while we run: check it again next time.
    this.schemaOk.fill(false);
    if (wasReachable) for (const listener of this.listeners) listener(false);
  }
}

/**
 * The bigrams a quote is looked up by, as the local index chooses them: the rarest of the quote and
 * the rarest of each part between ellipses, leaving out those too common to locate anything.
 */
function rarestBigrams(bigrams: readonly QuoteBigram[], counts: ReadonlyMap<number, number>): number[] {
  const known = bigrams
    .map((b) => ({ ...b, n: counts.get(b.hash) ?? 0 }))
    .filter((b) => b.n > 0 && b.n <= MAX_PARAGRAPHS)
    .sort((x, y) => x.n - y.n || x.hash - y.hash);
  const chosen = new Set(known.slice(0, RARE_PER_QUOTE).map((b) => b.hash));
  for (const part of new Set(known.map((b) => b.part))) known.filter((b) => b.part === part).slice(0, RARE_PER_PART).forEach((b) => chosen.add(b.hash));
  return [...chosen];
}
