/**
 * Reads a PostgreSQL archive: candidate passages for quotes (through their rarest bigrams) and for
 * the stretches of a draft's prose the reuse scan reads (through their winnowed bigrams), articles
 * by key, keys by prefix and titles by trigram similarity. With several shards it asks them all at
 * once and merges what they answer. Every failure (unreachable, a statement timeout, an old schema)
 * is an answer "could not be asked", never "not there"; the pools reconnect on the next question.
 */
import type pg from 'pg';
import { proseBigrams, quoteBigrams, reuseSeeds, type QuoteBigram } from './passageBigrams';
import type { ReuseQuestion } from '../core/match/passageStore';
import type { Fetched, FetchedArticle, FetchedPassage, RemoteStore } from '../service';
import type { QuotePattern } from '../core/match/quotePattern';
import { DEFAULT_MATCHER_OPTIONS } from '../core/match/quoteMatcher';
import { archiveDocumentUri } from '../../../protocol/src/uriSchemes';
import { describeArchive, shardOf } from './archiveAddress';
import { describeArchiveError, DEFAULT_ARCHIVE_TIMEOUTS, isStatementTimeout, openPool, POOL_SIZE, type ArchiveTimeouts } from './archiveConnection';
import { requireSchema } from './archiveSchema';

/** Rarest bigrams a quote's paragraphs are ranked by, per quote and per part between ellipses (as the local index). */
const RARE_PER_QUOTE = 8;
const RARE_PER_PART = 3;
/** Bigrams in more paragraphs than this locate nothing (the local index's `maxPostings`). */
const MAX_PARAGRAPHS = DEFAULT_MATCHER_OPTIONS.maxPostings;
/**
 * Paragraphs read per quote at most beyond each part's rarest bigram (the local index's posting
 * budget): the rarer bigrams are looked up while they fit. When even the rarest bigram of a part is
 * this common, the part is looked up by its two rarest bigrams together (GIN intersects their
 * postings): a quote of common words ("with the United States and a") otherwise reads tens of
 * thousands of paragraphs that each hold one of them.
 */
const PARAGRAPH_BUDGET = DEFAULT_MATCHER_OPTIONS.postingBudget;
/** Titles searched from this many typed characters on (the trigram index needs three). */
const MIN_TITLE_QUERY = 3;
/** Article texts that came with candidates, kept for the `articles` question that follows. */
const MAX_TEXTS_KEPT = 256;
/**
 * Quotes looked up at once (each a connection per shard): the pool's size. A draft's hundreds of
 * quotes asked all at once queued for a connection and failed the connect timeout as
 * "could not be asked" while the archive was answering.
 */
const LOOKUPS_AT_ONCE = POOL_SIZE;
/** Paragraphs proposed per quote (from each shard, then merged): as many as the matcher aligns. */
const PASSAGES_PER_QUOTE = DEFAULT_MATCHER_OPTIONS.maxCandidates;
/** Paragraphs proposed per stretch of prose: enough for a run's copies and a stock phrase's holders. */
const PASSAGES_PER_STRETCH = 16;

// Two statements, not one: with the rare bigrams bound as values, the planner sees how few
// paragraphs hold them and reads the GIN index (a subquery's result would make it scan the table).
// Read connections plan every execution for its values (`plan_cache_mode`, see archiveConnection).
const FREQUENCY_SQL = 'select bigram, paragraphs from verbatim_bigram_frequency where bigram = any($1::int4[]) and paragraphs > 0';
// Paragraphs holding any of the chosen bigrams ($1), or matching a query of them ($1 as query_int),
// ranked by how many of the wanted ones ($2) they hold; with their article's key, and its text once
// per article: the check reads the texts of the passages it aligns, so they come in the same answer.
// (The article is joined per candidate, `lateral … limit 1`: never a join over the whole table, which
// a planner may choose, and which a postgres_fdw coordinator would fetch from every shard.)
const candidatesSql = (filter: string): string => `
select a.key, a.path, a.meta, case when row_number() over (partition by best.article_id order by best.start_offset) = 1 then a.text end as text,
       best.start_offset, best.end_offset, best.score
from (
  select article_id, start_offset, end_offset, icount(bigrams & $2::int4[]) as score
  from verbatim_paragraphs
  where ${filter}
  order by score desc, article_id, start_offset
  limit $3
) best
cross join lateral (select key, path, meta, text from verbatim_articles where id = best.article_id limit 1) a
order by best.score desc, best.article_id, best.start_offset`;
const CANDIDATES_ANY_SQL = candidatesSql('bigrams && $1::int4[]');
// Paragraphs holding at least $4 of a stretch of prose's seeds ($1 = $2): a run holds two, a
// paragraph sharing one rare bigram by chance one (see `reuseSeeds`).
const REUSE_CANDIDATES_SQL = candidatesSql('bigrams && $1::int4[] and icount(bigrams & $2::int4[]) >= $4');
const CANDIDATES_QUERY_SQL = candidatesSql('bigrams @@ $1::query_int');

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
  /** Paragraphs the candidate queries read at most (by the bigrams' counts), for the benchmark's model. */
  paragraphsRead = 0;
  /** The part of those read through each part's rarest bigram (read whatever it costs). */
  rarestRead = 0;
  /** Texts of the articles candidates lay in, until `articles` asks for them (oldest forgotten first). */
  private readonly texts = new Map<string, FetchedArticle>();

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

  /**
   * Candidates for each pattern, `LOOKUPS_AT_ONCE` quotes at a time. Once the archive fails other than
   * by one slow statement (refused, lost, an old schema), or as many statements in a row time out as
   * run at once (the archive is slow, not the quote), the rest are "could not be asked" at once.
   */
  async passages(patterns: readonly QuotePattern[]): Promise<Array<Fetched<readonly FetchedPassage[]>>> {
    return this.askEach(patterns, (pattern) => this.passagesOf(pattern));
  }

  /** Candidates for each stretch of prose (unquoted reuse), asked as `passages` asks quotes. */
  async reusePassages(questions: readonly ReuseQuestion[]): Promise<Array<Fetched<readonly FetchedPassage[]>>> {
    return this.askEach(questions, (question) => this.reusePassagesOf(question));
  }

  /** Asks `ask` about each question, `LOOKUPS_AT_ONCE` at a time, giving up as `passages` says. */
  private async askEach<Q>(
    questions: readonly Q[],
    ask: (question: Q) => Promise<{ answer: Fetched<readonly FetchedPassage[]>; error?: unknown }>,
  ): Promise<Array<Fetched<readonly FetchedPassage[]>>> {
    const answers: Array<Fetched<readonly FetchedPassage[]>> = questions.map(() => ({ ok: false }));
    let next = 0;
    let timeoutsInARow = 0;
    let givenUp = false;
    const lane = async (): Promise<void> => {
      while (!givenUp && next < questions.length) {
        const i = next++;
        const { answer, error } = await ask(questions[i]!);
        answers[i] = answer;
        if (error === undefined) timeoutsInARow = 0;
        else if (!isStatementTimeout(error) || ++timeoutsInARow >= LOOKUPS_AT_ONCE) givenUp = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUPS_AT_ONCE, questions.length) }, lane));
    return answers;
  }

  async articles(keys: readonly string[]): Promise<Array<Fetched<FetchedArticle | undefined>>> {
    const found = new Map<string, FetchedArticle>();
    const byShard = new Map<number, string[]>();
    for (const key of keys) {
      const text = this.texts.get(key);
      if (text !== undefined) {
        // Came with a candidate just now: handed over once (a later question asks the database again).
        this.texts.delete(key);
        found.set(key, text);
        continue;
      }
      const shard = shardOf(key, this.pools.length);
      byShard.set(shard, [...(byShard.get(shard) ?? []), key]);
    }
    const failedShards = new Set<number>();
    await Promise.all(
      [...byShard].map(async ([shard, wanted]) => {
        try {
          const result = await this.query<{ key: string; path: string; text: string; meta: Record<string, string> }>(shard, 'select key, path, text, meta from verbatim_articles where key = any($1)', [wanted]);
          for (const row of result.rows) found.set(row.key, fetchedArticle(row));
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

  /** One stretch of prose's candidates; with the error when it could not be asked. */
  private async reusePassagesOf(question: ReuseQuestion): Promise<{ answer: Fetched<readonly FetchedPassage[]>; error?: unknown }> {
    const hashes = proseBigrams(question);
    const distinct = [...new Set(hashes)];
    if (distinct.length === 0) return { answer: { ok: true, value: [] } };
    try {
      const results = await Promise.all(
        this.pools.map(async (_, shard) => {
          const counts = new Map((await this.query<{ bigram: number; paragraphs: number }>(shard, { name: 'verbatim_frequency', text: FREQUENCY_SQL, values: [distinct] })).rows.map((r) => [r.bigram, r.paragraphs]));
          const seeds = reuseSeeds(hashes, counts, question.minWords);
          if (seeds.length === 0) return [];
          this.paragraphsRead += seeds.reduce((sum, seed) => sum + seed.n, 0);
          const chosen = seeds.map((seed) => seed.hash);
          return (
            await this.query<CandidateRow>(shard, {
              name: 'verbatim_reuse_candidates',
              text: REUSE_CANDIDATES_SQL,
              values: [chosen, chosen, PASSAGES_PER_STRETCH, Math.min(2, chosen.length)],
            })
          ).rows;
        }),
      );
      this.answered();
      return { answer: { ok: true, value: this.keepTexts(results.flat(), PASSAGES_PER_STRETCH) } };
    } catch (error) {
      this.failed(error);
      return { answer: { ok: false }, error };
    }
  }

  /**
   * The best `limit` candidate rows of all shards as passages; the texts that came with them are
   * kept for the `articles` question that follows.
   */
  private keepTexts(rows: CandidateRow[], limit: number): FetchedPassage[] {
    rows.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.start_offset - b.start_offset);
    const best = rows.slice(0, limit);
    for (const row of best) {
      if (row.text === null) continue;
      this.texts.delete(row.key);
      this.texts.set(row.key, fetchedArticle({ key: row.key, path: row.path, text: row.text, meta: row.meta }));
      if (this.texts.size > MAX_TEXTS_KEPT) this.texts.delete(this.texts.keys().next().value!);
    }
    return best.map((row) => ({ key: row.key, start: row.start_offset, end: row.end_offset }));
  }

  /** One quote's candidates; with the error when it could not be asked. */
  private async passagesOf(pattern: QuotePattern): Promise<{ answer: Fetched<readonly FetchedPassage[]>; error?: unknown }> {
    const bigrams = quoteBigrams(pattern);
    if (bigrams.length === 0) return { answer: { ok: true, value: [] } };
    const hashes = bigrams.map((b) => b.hash);
    try {
      const results = await Promise.all(
        this.pools.map(async (_, shard) => {
          // Each shard counts its own paragraphs: its rarest bigrams are the ones it can answer fastest.
          const counts = new Map((await this.query<{ bigram: number; paragraphs: number }>(shard, { name: 'verbatim_frequency', text: FREQUENCY_SQL, values: [hashes] })).rows.map((r) => [r.bigram, r.paragraphs]));
          const lookup = lookupOf(bigrams, counts);
          if (lookup === undefined) return [];
          this.paragraphsRead += lookup.reads;
          this.rarestRead += lookup.rarestReads;
          const [name, text] = typeof lookup.filter === 'string' ? ['verbatim_candidates_query', CANDIDATES_QUERY_SQL] : ['verbatim_candidates_any', CANDIDATES_ANY_SQL];
          return (
            await this.query<CandidateRow>(shard, {
              name,
              text,
              values: [lookup.filter, lookup.wanted, PASSAGES_PER_QUOTE],
            })
          ).rows;
        }),
      );
      this.answered();
      return { answer: { ok: true, value: this.keepTexts(results.flat(), PASSAGES_PER_QUOTE) } };
    } catch (error) {
      this.failed(error);
      return { answer: { ok: false }, error };
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

/** A candidate paragraph as the candidate queries answer it (its article's text on the article's first row). */
interface CandidateRow {
  key: string;
  path: string;
  meta: Record<string, string>;
  text: string | null;
  start_offset: number;
  end_offset: number;
  score: number;
}

/** An article as the archive answers it, shown with an address that names the archive. */
function fetchedArticle(row: { key: string; path: string; text: string; meta: Record<string, string> }): FetchedArticle {
  return { key: row.key, uri: archiveDocumentUri(row.key), path: `archive:${row.path}`, text: row.text, meta: row.meta };
}

/** How a quote is looked up: the paragraphs to read (any of these bigrams, or a `query_int`), and the bigrams they are ranked by. */
interface Lookup {
  readonly filter: number[] | string;
  readonly wanted: number[];
  /** Paragraphs the filter reads at most: the chosen bigrams' counts (an intersection: its rarer side). */
  readonly reads: number;
  /** The part of `reads` through each part's rarest bigram. */
  readonly rarestReads: number;
}

/**
 * How a quote is looked up, as the local index chooses its bigrams: ranked by the rarest of the quote
 * and of each part between ellipses (leaving out those too common to locate anything); read through
 * each part's rarest bigram and the others while they fit the budget. Undefined: nothing to look up.
 */
export function lookupOf(bigrams: readonly QuoteBigram[], counts: ReadonlyMap<number, number>): Lookup | undefined {
  const known = bigrams
    .map((b) => ({ ...b, n: counts.get(b.hash) ?? 0 }))
    .filter((b) => b.n > 0 && b.n <= MAX_PARAGRAPHS)
    .sort((x, y) => x.n - y.n || x.hash - y.hash);
  if (known.length === 0) return undefined;
  const parts = [...new Set(known.map((b) => b.part))];
  const wanted = new Set(known.slice(0, RARE_PER_QUOTE));
  for (const part of parts) known.filter((b) => b.part === part).slice(0, RARE_PER_PART).forEach((b) => wanted.add(b));
  const rarest = parts.map((part) => known.find((b) => b.part === part)!);
  const rarestReads = rarest.reduce((sum, b) => sum + b.n, 0);
  let reading = rarestReads;
  const wantedHashes = [...wanted].map((b) => b.hash);
  if (reading > PARAGRAPH_BUDGET) {
    // Common words only: each part by its two rarest bigrams together.
    const terms = parts.map((part) => known.filter((b) => b.part === part).slice(0, 2).map((b) => b.hash).join('&'));
    return { filter: terms.map((term) => `(${term})`).join('|'), wanted: wantedHashes, reads: rarestReads, rarestReads };
  }
  const chosen = new Set(rarest);
  for (const b of known) {
    if (!wanted.has(b) || chosen.has(b)) continue;
    if (reading + b.n > PARAGRAPH_BUDGET) break;
    chosen.add(b);
    reading += b.n;
  }
  return { filter: [...chosen].map((b) => b.hash), wanted: wantedHashes, reads: reading, rarestReads };
}
