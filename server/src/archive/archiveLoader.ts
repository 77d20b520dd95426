/**
 * `verbatim archive load`: reads folders of sources (every format the library reads) and writes them
 * into the archive, incrementally. An article whose key is there with the same text is skipped; one
 * whose text changed replaces the old one (its paragraphs and their bigram counts go with it).
 *
 * Where the time goes, and why it is done this way:
 * - Reading: each file goes through the library's readers, but is only tokenized and hashed (no
 *   library index, no vocabulary): its paragraphs' bigram hashes are all the archive needs.
 * - Writing: batches of about `BATCH_BYTES` of text, one transaction per batch and shard, rows sent
 *   with binary COPY. The next batch is read while the server writes the last one.
 * - Bigram counts: the loader counts them itself and adds them to the frequency table once at the
 *   end (or when `MAX_COUNTED_BIGRAMS` are waiting), in one sorted update. Each batch lists its
 *   articles as uncounted in its transaction, so a load that was interrupted is made good by the
 *   next one. One load runs at a time per database (an advisory lock).
 * - Indexes: into an empty archive, rows go in without the GIN indexes, which are built at the end,
 *   each on its own connection (with the fold), so the server's cores work together.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type pg from 'pg';
import { articleParagraphs, type ArticleParagraph } from './passageBigrams';
import { createSource, DEFAULT_SOURCE_LIMITS, keyFromFileName, type DeclaredIdentity, type ExtractedParts, type Source } from '../core/library/source';
import { forEachFoldedWord } from '../core/text/tokenizer';
import { shardIdRange, shardOf } from './archiveAddress';
import { openPool } from './archiveConnection';
import { BinaryCopy } from './archiveCopy';
import { BigramCounts } from './bigramCounts';
import { dropSearchIndexes, ensureSearchIndex, foldFrequencies, foldUncounted, migrateSchema, SEARCH_INDEX_NAMES } from './archiveSchema';
import { listSourceFiles, loadSourceFile, type SourceSink } from '../library/sourceFiles';

/** Text read per batch (one transaction per shard). */
const BATCH_BYTES = 8 * 1024 * 1024;
/** Distinct bigrams counted in memory (per database) before they are added to the frequency table. */
const MAX_COUNTED_BIGRAMS = 4_000_000;

/** What a load did. */
export interface LoadReport {
  added: number;
  replaced: number;
  unchanged: number;
  skipped: Array<{ path: string; reason: string }>;
  /** Keys met again later in path order in this load (the first file wins, as in a library). */
  clashes: Array<{ key: string; used: string; ignored: string }>;
  textBytes: number;
  /** Schema version before the load (0: created now). */
  schemaBefore: number;
}

/** An article read for the archive: its source and its paragraphs' bigram hashes. */
interface ReadArticle {
  readonly source: Source;
  readonly paragraphs: readonly ArticleParagraph[];
  readonly checksum: string;
}

/** One database being loaded: its connections, and the bigram counts of its batches not yet added. */
interface Target {
  readonly pool: pg.Pool;
  readonly counts: BigramCounts;
}

/** Loads `folders` into the archive at `urls` (one database, or shards). `base` makes paths relative. */
export async function loadArchive(folders: readonly string[], urls: readonly string[], options: { base: string; onBatch?: (report: LoadReport) => void }): Promise<LoadReport> {
  const targets: Target[] = urls.map((url) => ({ pool: openPool(url, 'load'), counts: new BigramCounts() }));
  const report: LoadReport = { added: 0, replaced: 0, unchanged: 0, skipped: [], clashes: [], textBytes: 0, schemaBefore: 0 };
  const locks: pg.PoolClient[] = [];
  try {
    const before = await Promise.all(targets.map(({ pool }) => withClient(pool, migrateSchema)));
    report.schemaBefore = Math.min(...before);
    await Promise.all(targets.map(async ({ pool }, shard) => {
      // Held until the end: the counts this load keeps in memory are for articles only it wrote.
      const lock = await pool.connect();
      locks.push(lock);
      await lock.query(`select pg_advisory_lock(hashtext('verbatim_load'))`);
      await foldUncounted(lock);
      // Into an empty archive, rows go in without the GIN indexes, which are built once at the end.
      const empty = (await lock.query('select not exists (select 1 from verbatim_articles) as empty')).rows[0]?.empty === true;
      if (!empty) return;
      await dropSearchIndexes(lock);
      if (targets.length > 1) {
        // Each shard numbers its articles in its own range (see `shardIdRange`).
        const { from, to } = shardIdRange(shard);
        await lock.query(`alter sequence verbatim_articles_id minvalue ${from} maxvalue ${to - 1} start with ${from} restart with ${from}`);
      }
    }));
    const files: string[] = [];
    for (const folder of folders) {
      files.push(...listSourceFiles(folder, (file, reason) => report.skipped.push({ path: path.relative(options.base, file), reason })));
    }
    const owners = new Map<string, string>();
    // The batch being written; the next one is read meanwhile.
    let writing: Promise<void> = Promise.resolve();
    const flush = async (batch: readonly string[]): Promise<void> => {
      const articles = await readBatch(batch, options.base, report, owners);
      await writing;
      for (const target of targets) if (target.counts.size > MAX_COUNTED_BIGRAMS) await withClient(target.pool, (client) => foldCounts(client, target.counts));
      const byShard = new Map<number, ReadArticle[]>();
      for (const article of articles) {
        const shard = shardOf(article.source.key, targets.length);
        byShard.set(shard, [...(byShard.get(shard) ?? []), article]);
      }
      writing = Promise.all([...byShard].map(([shard, list]) => writeBatch(targets[shard]!, list, report))).then(() => options.onBatch?.(report));
      // Awaited before the next batch is written or the load ends; until then a failure is not unhandled.
      writing.catch(() => undefined);
    };
    let batch: string[] = [];
    let bytes = 0;
    for (const file of files) {
      batch.push(file);
      bytes += statSize(file);
      if (bytes < BATCH_BYTES) continue;
      await flush(batch);
      batch = [];
      bytes = 0;
    }
    if (batch.length > 0) await flush(batch);
    await writing;
    await Promise.all(targets.map((target) => finish(target)));
    return report;
  } finally {
    for (const lock of locks) lock.release();
    await Promise.all(targets.map(({ pool }) => pool.end()));
  }
}

/**
 * Ends a load on one database: the counts added to the frequency table and each missing search
 * index built, at once on separate connections, then fresh statistics (so the planner reads the
 * GIN index from the first query on).
 */
async function finish(target: Target): Promise<void> {
  const { pool } = target;
  const [biggest, ...others] = SEARCH_INDEX_NAMES;
  await Promise.all([
    withClient(pool, (client) => ensureSearchIndex(client, biggest!)),
    withClient(pool, async (client) => {
      await foldCounts(client, target.counts);
      for (const name of others) await ensureSearchIndex(client, name);
    }),
  ]);
  await pool.query('analyze verbatim_articles, verbatim_paragraphs, verbatim_bigram_frequency');
}

/** Adds the counts of the batches written so far to the frequency table; they are then no longer uncounted. */
async function foldCounts(client: pg.ClientBase, counts: BigramCounts): Promise<void> {
  const rows = new BinaryCopy();
  counts.forEach((hash, n) => rows.row(2).int4(hash).int4(n));
  await foldFrequencies(client, (c) => rows.send(c, 'verbatim_frequency_delta (bigram, n)'), 'all');
  counts.clear();
}

/** Runs `work` on one connection of `pool`. */
async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}

function statSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    // Unreadable: the reader reports why when the batch is read.
    return 0;
  }
}

/**
 * What `loadSourceFile` gives for one file, read the way the archive needs it: the source with its
 * paragraphs' bigram hashes, from one tokenizing pass, or why the file cannot be a source.
 */
class ArticleSink implements SourceSink {
  readonly limits = DEFAULT_SOURCE_LIMITS;
  article: ReadArticle | undefined;
  skipped: string | undefined;

  addText(file: { uri: string; path: string; text: string; extracted?: ExtractedParts; declared?: DeclaredIdentity }): void {
    let paragraphs: ArticleParagraph[] = [];
    const source = createSource({
      ...file,
      fallbackKey: keyFromFileName(file.path),
      countWords: (text, bodyStart) => {
        const starts: number[] = [];
        const norms: string[] = [];
        forEachFoldedWord(text, bodyStart, text.length, (start, norm) => {
          starts.push(start);
          norms.push(norm);
        });
        paragraphs = articleParagraphs(text, starts, (k) => norms[k]!);
        return starts.length;
      },
    });
    this.article = { source, paragraphs, checksum: createHash('sha1').update(source.text).digest('hex') };
  }

  skip(_uri: string, _path: string, reason: string): void {
    this.skipped = reason;
  }
}

/** Reads a batch of files through the library's readers; keeps the first file of each key (path order). */
async function readBatch(files: readonly string[], base: string, report: LoadReport, owners: Map<string, string>): Promise<ReadArticle[]> {
  const sinks = files.map(() => new ArticleSink());
  // One file at a time, yielding between files, so the batch being written keeps streaming.
  for (let i = 0; i < files.length; i++) {
    await loadSourceFile(sinks[i]!, files[i]!, path.relative(base, files[i]!));
    if (i % 16 === 15) await new Promise((resolve) => setImmediate(resolve));
  }
  const articles: ReadArticle[] = [];
  sinks.forEach((sink, i) => {
    if (sink.skipped !== undefined) report.skipped.push({ path: path.relative(base, files[i]!), reason: sink.skipped });
    const article = sink.article;
    if (article === undefined) return;
    const { key } = article.source;
    const owner = owners.get(key);
    if (owner !== undefined) {
      report.clashes.push({ key, used: owner, ignored: article.source.path });
      return;
    }
    owners.set(key, article.source.path);
    articles.push(article);
  });
  return articles;
}

/** Writes one batch of articles to one database, in one transaction. */
async function writeBatch(target: Target, articles: readonly ReadArticle[], report: LoadReport): Promise<void> {
  const client = await target.pool.connect();
  try {
    // A load can be repeated: losing the last commits in a server crash costs nothing but time.
    await client.query('set synchronous_commit = off');
    await client.query('begin');
    const existing = await client.query<{ id: number; key: string; checksum: string }>('select id, key, checksum from verbatim_articles where key = any($1)', [
      articles.map((article) => article.source.key),
    ]);
    const known = new Map(existing.rows.map((row) => [row.key, row]));
    const byKey = new Map(articles.map((article) => [article.source.key, article]));
    const stale = existing.rows.filter((row) => row.checksum !== byKey.get(row.key)?.checksum).map((row) => row.id);
    const fresh = articles.filter((article) => known.get(article.source.key)?.checksum !== article.checksum);
    report.unchanged += articles.length - fresh.length;
    report.replaced += stale.length;
    report.added += fresh.length - stale.length;
    if (stale.length > 0) {
      // The replaced articles' paragraphs no longer count towards their bigrams.
      // (Every article already there was counted: the load folded what an interrupted one left.)
      await client.query(
        `update verbatim_bigram_frequency f set paragraphs = f.paragraphs - gone.n
         from (select b, count(*)::int as n from verbatim_paragraphs p, unnest(p.bigrams) b where p.article_id = any($1) group by b) gone
         where f.bigram = gone.b`,
        [stale],
      );
      await client.query('delete from verbatim_articles where id = any($1)', [stale]);
    }
    if (fresh.length === 0) {
      await client.query('commit');
      return;
    }
    const ids = (await client.query<{ id: string }>(`select nextval('verbatim_articles_id') as id from generate_series(1, $1)`, [fresh.length])).rows.map((row) => Number(row.id));
    const articleRows = new BinaryCopy();
    const paragraphRows = new BinaryCopy();
    const counted: Int32Array[] = [];
    fresh.forEach(({ source, paragraphs, checksum }, i) => {
      const id = ids[i]!;
      report.textBytes += Buffer.byteLength(source.text);
      articleRows.row(8).int4(id).text(source.key).text(source.path).text(source.meta.title).jsonb(JSON.stringify(source.meta)).text(source.text).text(checksum).int4(source.wordCount);
      for (const paragraph of paragraphs) {
        paragraphRows.row(4).int4(id).int4(paragraph.start).int4(paragraph.end).int4Array(paragraph.bigrams);
        counted.push(paragraph.bigrams);
      }
    });
    await articleRows.send(client, 'verbatim_articles (id, key, path, title, meta, text, checksum, words)');
    await paragraphRows.send(client, 'verbatim_paragraphs (article_id, start_offset, end_offset, bigrams)');
    await client.query('insert into verbatim_uncounted (article_id) select unnest($1::int4[])', [ids]);
    await client.query('commit');
    // Counted once committed: a batch that failed adds nothing.
    for (const bigrams of counted) target.counts.addAll(bigrams);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
