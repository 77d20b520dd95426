/**
 * `verbatim archive load`: reads folders of sources (every format the library reads) and writes them
 * into the archive, incrementally. An article whose key is there with the same text is skipped; one
 * whose text changed replaces the old one (its paragraphs and their bigram counts go with it). Rows go
 * in with COPY, in batches of about `BATCH_BYTES` of text, one transaction each, and the bigram
 * frequency table is updated once per batch.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { articleParagraphs } from '../core/passageBigrams';
import { SourceLibrary, type IndexedSource } from '../core/sourceLibrary';
import { shardOf } from './archiveAddress';
import { openPool } from './archiveConnection';
import { dropSearchIndexes, ensureSearchIndexes, migrateSchema } from './archiveSchema';
import { listSourceFiles, loadSourceFile } from './libraryLoader';

/** Text read per batch (one transaction per shard). */
const BATCH_BYTES = 16 * 1024 * 1024;

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

/** Loads `folders` into the archive at `urls` (one database, or shards). `base` makes paths relative. */
export async function loadArchive(folders: readonly string[], urls: readonly string[], options: { base: string; onBatch?: (report: LoadReport) => void }): Promise<LoadReport> {
  const pools = urls.map((url) => openPool(url, 'load'));
  const report: LoadReport = { added: 0, replaced: 0, unchanged: 0, skipped: [], clashes: [], textBytes: 0, schemaBefore: 0 };
  try {
    const before = await Promise.all(pools.map((pool) => withClient(pool, migrateSchema)));
    report.schemaBefore = Math.min(...before);
    // Into an empty archive, rows go in without the GIN indexes, which are built once at the end.
    await Promise.all(pools.map(async (pool) => {
      const empty = (await pool.query('select not exists (select 1 from verbatim_articles) as empty')).rows[0]?.empty === true;
      if (empty) await withClient(pool, dropSearchIndexes);
    }));
    const files: string[] = [];
    for (const folder of folders) {
      files.push(...listSourceFiles(folder, (file, reason) => report.skipped.push({ path: path.relative(options.base, file), reason })));
    }
    const owners = new Map<string, string>();
    let batch: string[] = [];
    let bytes = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const entries = await readBatch(batch, options.base, report, owners);
      batch = [];
      bytes = 0;
      const byShard = new Map<number, IndexedSource[]>();
      for (const entry of entries.entries) {
        const shard = shardOf(entry.source.key, pools.length);
        byShard.set(shard, [...(byShard.get(shard) ?? []), entry]);
      }
      await Promise.all([...byShard].map(([shard, list]) => writeBatch(pools[shard]!, list, entries.library, report)));
      options.onBatch?.(report);
    };
    for (const file of files) {
      batch.push(file);
      bytes += statSize(file);
      if (bytes >= BATCH_BYTES) await flush();
    }
    await flush();
    await Promise.all(pools.map((pool) => withClient(pool, ensureSearchIndexes)));
    // Fresh statistics make the planner pick the GIN index from the first query on.
    await Promise.all(pools.map((pool) => pool.query('analyze verbatim_articles, verbatim_paragraphs, verbatim_bigram_frequency')));
    return report;
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
  }
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

/** Reads a batch of files through the library's readers; keeps the first file of each key. */
async function readBatch(files: readonly string[], base: string, report: LoadReport, owners: Map<string, string>) {
  const library = new SourceLibrary();
  await Promise.all(files.map((file) => loadSourceFile(library, file, path.relative(base, file))));
  for (const skipped of library.skipped()) report.skipped.push({ path: skipped.path, reason: skipped.reason });
  const entries: IndexedSource[] = [];
  for (const entry of library.sources()) {
    const key = entry.source.key;
    const owner = owners.get(key);
    if (owner !== undefined) {
      report.clashes.push({ key, used: owner, ignored: entry.source.path });
      continue;
    }
    owners.set(key, entry.source.path);
    entries.push(entry);
  }
  for (const clash of library.clashes()) for (const ignored of clash.ignored) report.clashes.push({ key: clash.key, used: clash.used, ignored });
  return { library, entries };
}

/** Writes one batch of articles to one database, in one transaction. */
async function writeBatch(pool: pg.Pool, entries: readonly IndexedSource[], library: SourceLibrary, report: LoadReport): Promise<void> {
  const client = await pool.connect();
  try {
    const checksums = new Map(entries.map((entry) => [entry.source.key, createHash('sha1').update(entry.source.text).digest('hex')]));
    await client.query('begin');
    const existing = await client.query<{ id: number; key: string; checksum: string }>('select id, key, checksum from verbatim_articles where key = any($1)', [[...checksums.keys()]]);
    const known = new Map(existing.rows.map((row) => [row.key, row]));
    const stale = existing.rows.filter((row) => row.checksum !== checksums.get(row.key)).map((row) => row.id);
    const fresh = entries.filter((entry) => known.get(entry.source.key)?.checksum !== checksums.get(entry.source.key));
    report.unchanged += entries.length - fresh.length;
    report.replaced += stale.length;
    report.added += fresh.length - stale.length;
    if (stale.length > 0) {
      // The replaced articles' paragraphs no longer count towards their bigrams.
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
    const articleRows: string[] = [];
    const paragraphRows: string[] = [];
    const counts = new Map<number, number>();
    fresh.forEach((entry, i) => {
      const { source } = entry;
      report.textBytes += Buffer.byteLength(source.text);
      articleRows.push(
        [ids[i]!, source.key, source.path, source.meta.title, JSON.stringify(source.meta), source.text, checksums.get(source.key)!, source.wordCount].map(copyField).join('\t') + '\n',
      );
      for (const paragraph of articleParagraphs(source.text, entry.words.starts, (k) => library.vocabulary.word(entry.words.ids[k]!))) {
        paragraphRows.push(`${ids[i]}\t${paragraph.start}\t${paragraph.end}\t{${paragraph.bigrams.join(',')}}\n`);
        for (const hash of paragraph.bigrams) counts.set(hash, (counts.get(hash) ?? 0) + 1);
      }
    });
    await copyRows(client, 'copy verbatim_articles (id, key, path, title, meta, text, checksum, words) from stdin', articleRows);
    await copyRows(client, 'copy verbatim_paragraphs (article_id, start_offset, end_offset, bigrams) from stdin', paragraphRows);
    await client.query('create temporary table verbatim_frequency_delta (bigram integer, n integer) on commit drop');
    await copyRows(client, 'copy verbatim_frequency_delta (bigram, n) from stdin', [...counts].map(([hash, n]) => `${hash}\t${n}\n`));
    await client.query(
      `insert into verbatim_bigram_frequency (bigram, paragraphs) select bigram, n from verbatim_frequency_delta
       on conflict (bigram) do update set paragraphs = verbatim_bigram_frequency.paragraphs + excluded.paragraphs`,
    );
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Streams rows (already in COPY text format) into a COPY statement, in chunks. */
async function copyRows(client: pg.PoolClient, sql: string, rows: readonly string[]): Promise<void> {
  const chunks = function* (): Generator<string> {
    let chunk = '';
    for (const row of rows) {
      chunk += row;
      if (chunk.length > 1 << 20) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk !== '') yield chunk;
  };
  await pipeline(Readable.from(chunks()), client.query(copyFrom(sql)));
}

/** A value in COPY's text format: backslash, tab and line breaks escaped. */
function copyField(value: string | number): string {
  return String(value).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
