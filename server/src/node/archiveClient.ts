/**
 * Reads a PostgreSQL archive: candidate passages for quotes (through their rarest bigrams), articles
 * by key, keys by prefix and titles by trigram similarity. With several shards it asks them all at
 * once and merges what they answer. Every failure (unreachable, a statement timeout, an old schema)
 * is an answer "could not be asked", never "not there"; the pools reconnect on the next question.
 */
import type pg from 'pg';
import { quoteBigrams } from '../core/passageBigrams';
import type { Fetched, FetchedArticle, FetchedPassage } from '../core/prefetchedStore';
import type { QuotePattern } from '../core/quotePattern';
import type { RemoteStore } from '../service/storePrefetch';
import { describeArchive, shardOf } from './archiveAddress';
import { describeArchiveError, DEFAULT_ARCHIVE_TIMEOUTS, openPool, type ArchiveTimeouts } from './archiveConnection';
import { requireSchema } from './archiveSchema';

/** Rarest bigrams looked up per quote and per part between ellipses (as the local index does). */
const RARE_PER_QUOTE = 8;
const RARE_PER_PART = 3;
/** Bigrams in more paragraphs than this locate nothing (the local index's `maxPostings`). */
const MAX_PARAGRAPHS = 50_000;
/** Paragraphs proposed per quote (from each shard, then merged). */
const PASSAGES_PER_QUOTE = 16;

const CANDIDATES_SQL = `
with quote as (select b, part from unnest($1::int4[], $2::int4[]) as t (b, part)),
ranked as (
  select quote.b,
         row_number() over (partition by quote.part order by f.paragraphs, quote.b) as in_part,
         row_number() over (order by f.paragraphs, quote.b) as overall
  from quote join verbatim_bigram_frequency f on f.bigram = quote.b
  where f.paragraphs > 0 and f.paragraphs <= ${MAX_PARAGRAPHS}
),
rare as (select coalesce(array_agg(b), '{}') as bigrams from ranked where in_part <= ${RARE_PER_PART} or overall <= ${RARE_PER_QUOTE})
select a.key, p.start_offset, p.end_offset, icount(p.bigrams & (select bigrams from rare)) as score
from verbatim_paragraphs p join verbatim_articles a on a.id = p.article_id
where p.bigrams && (select bigrams from rare)
order by score desc, a.key, p.start_offset
limit $3`;

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
          const result = await this.query<{ key: string; path: string; text: string }>(shard, 'select key, path, text from verbatim_articles where key = any($1)', [wanted]);
          for (const row of result.rows) {
            found.set(row.key, { key: row.key, uri: `verbatim-archive:/${encodeURIComponent(row.key)}`, path: `archive:${row.path}`, text: row.text });
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

  /** Keys starting with `prefix` and titles like `query`, best first, at most `limit`; undefined when unreachable. */
  async completeKeys(query: string, limit: number): Promise<ArchiveKey[] | undefined> {
    try {
      const rows = (
        await Promise.all(
          this.pools.map((_, shard) =>
            this.query<{ key: string; title: string; meta: Record<string, string>; rank: number }>(
              shard,
              `(select key, title, meta, 2.0 as rank from verbatim_articles where key like $1 escape '\\' order by key limit $3)
               union all
               (select key, title, meta, word_similarity($2, title) as rank from verbatim_articles where $2 <% title order by rank desc, key limit $3)`,
              [`${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, query, limit],
            ),
          ),
        )
      ).flatMap((result) => result.rows);
      this.answered();
      const best = new Map<string, ArchiveKey & { rank: number }>();
      for (const row of rows) if ((best.get(row.key)?.rank ?? -1) < row.rank) best.set(row.key, row);
      return [...best.values()]
        .sort((a, b) => b.rank - a.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .slice(0, limit)
        .map(({ key, title, meta }) => ({ key, title, meta }));
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
    const parts = bigrams.map((b) => b.part);
    try {
      const results = await Promise.all(
        this.pools.map((_, shard) =>
          this.query<{ key: string; start_offset: number; end_offset: number; score: number }>(shard, CANDIDATES_SQL, [hashes, parts, PASSAGES_PER_QUOTE]),
        ),
      );
      this.answered();
      const rows = results.flatMap((result) => result.rows);
      rows.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.start_offset - b.start_offset);
      return { ok: true, value: rows.slice(0, PASSAGES_PER_QUOTE).map((row) => ({ key: row.key, start: row.start_offset, end: row.end_offset })) };
    } catch (error) {
      this.failed(error);
      return { ok: false };
    }
  }

  /** Runs a query on a shard, checking its schema once per connection pool. */
  private async query<R extends pg.QueryResultRow>(shard: number, sql: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
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
    return pool.query<R>(sql, values);
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
