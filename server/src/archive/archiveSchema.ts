/**
 * The archive's tables in PostgreSQL, created and migrated by Verbatim. Articles keep their key,
 * metadata and text; paragraphs keep the hashes of their word bigrams as an `int4[]` with a GIN index
 * (`intarray`'s `gin__int_ops`), and a frequency table says how many paragraphs hold each bigram, so a
 * quote is looked up through its rarest bigrams only. Keys are found by prefix, titles by trigrams.
 * A load counts bigrams itself and folds them in at its end (`foldFrequencies`).
 */
import type { ClientBase } from 'pg';

/** The schema this Verbatim reads and writes. */
export const SCHEMA_VERSION = 2;

/** Steps from each version to the next; index i migrates from version i to i + 1. */
const MIGRATIONS: readonly string[] = [
  `
  create extension if not exists intarray;
  create extension if not exists pg_trgm;
  create table verbatim_articles (
    id integer primary key,
    key text not null unique,
    path text not null,
    title text not null default '',
    meta jsonb not null default '{}',
    text text not null,
    checksum text not null,
    words integer not null
  );
  create sequence verbatim_articles_id owned by verbatim_articles.id;
  create index verbatim_articles_key_prefix on verbatim_articles (key text_pattern_ops);
  create table verbatim_paragraphs (
    article_id integer not null references verbatim_articles (id) on delete cascade,
    start_offset integer not null,
    end_offset integer not null,
    bigrams int4[] not null
  );
  create index verbatim_paragraphs_article on verbatim_paragraphs (article_id);
  create table verbatim_bigram_frequency (bigram integer primary key, paragraphs integer not null);
  `,
  // 2: a load counts bigrams itself and adds them to the frequency table at its end, in one sorted
  // update; until then its articles are listed as uncounted (in each batch's transaction), so the
  // next load recounts them if this one was interrupted. Article texts are compressed with lz4 where
  // the server has it (faster than pglz to write and to read).
  `
  create table verbatim_uncounted (article_id integer primary key);
  do $$ begin
    alter table verbatim_articles alter column text set compression lz4;
  exception when others then null; -- a server built without lz4 keeps pglz
  end $$;
  `,
];

/**
 * The GIN indexes, kept apart from the tables: a load into an empty archive drops them and builds
 * them once at the end (far faster than updating them row by row), and every load ends by creating
 * any that are missing (an interrupted first load leaves none behind).
 */
const SEARCH_INDEXES: Readonly<Record<string, string>> = {
  verbatim_paragraphs_bigrams: 'on verbatim_paragraphs using gin (bigrams gin__int_ops)',
  verbatim_articles_title_trgm: 'on verbatim_articles using gin (title gin_trgm_ops)',
};

/** Drops the search indexes (before a bulk load into an empty archive). */
export async function dropSearchIndexes(client: ClientBase): Promise<void> {
  for (const name of Object.keys(SEARCH_INDEXES)) await client.query(`drop index if exists ${name}`);
}

/** The search indexes' names; each is built on its own connection at the end of a bulk load. */
export const SEARCH_INDEX_NAMES: readonly string[] = Object.keys(SEARCH_INDEXES);

/** Creates the search index `name` when it is missing. */
export async function ensureSearchIndex(client: ClientBase, name: string): Promise<void> {
  await client.query(`set maintenance_work_mem = '256MB'`);
  await client.query(`create index if not exists ${name} ${SEARCH_INDEXES[name]!}`);
}

/**
 * Adds counts to the frequency table and forgets the articles they came from as uncounted, in one
 * transaction. `delta` fills the temporary table `verbatim_frequency_delta (bigram, n)`: from the
 * loader's own counts, or from the paragraphs an interrupted load left uncounted.
 */
export async function foldFrequencies(client: ClientBase, delta: (client: ClientBase) => Promise<void>, counted: 'all' | readonly number[]): Promise<void> {
  await client.query('begin');
  try {
    await client.query('create temporary table verbatim_frequency_delta (bigram integer, n integer) on commit drop');
    await delta(client);
    // Plain updates and inserts, in bigram order: `insert … on conflict` costs a speculative insertion
    // per row, several times more when the fold is large; into an empty table, only the insert.
    const empty = (await client.query<{ empty: boolean }>('select not exists (select 1 from verbatim_bigram_frequency) as empty')).rows[0]?.empty === true;
    if (empty) {
      await client.query('insert into verbatim_bigram_frequency (bigram, paragraphs) select bigram, n from verbatim_frequency_delta order by bigram');
    } else {
      await client.query(
        `update verbatim_bigram_frequency f set paragraphs = f.paragraphs + d.n
         from verbatim_frequency_delta d where f.bigram = d.bigram and d.n <> 0`,
      );
      await client.query(
        `insert into verbatim_bigram_frequency (bigram, paragraphs)
         select bigram, n from verbatim_frequency_delta d
         where not exists (select 1 from verbatim_bigram_frequency f where f.bigram = d.bigram)
         order by bigram`,
      );
    }
    if (counted === 'all') await client.query('delete from verbatim_uncounted');
    else await client.query('delete from verbatim_uncounted where article_id = any($1)', [counted]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Counts the bigrams of articles an interrupted load left uncounted (call under the load lock). */
export async function foldUncounted(client: ClientBase): Promise<void> {
  await foldFrequencies(
    client,
    (c) =>
      c.query(
        `insert into verbatim_frequency_delta (bigram, n)
         select b, count(*)::integer from verbatim_uncounted u join verbatim_paragraphs p on p.article_id = u.article_id, unnest(p.bigrams) b group by b`,
      ).then(() => undefined),
    'all',
  );
}

/** An archive whose schema this Verbatim cannot read (older or newer); the message says what to do. */
export class SchemaMismatch extends Error {}

/** The archive's schema version; 0 when it has no Verbatim tables. */
export async function schemaVersion(client: ClientBase): Promise<number> {
  const table = await client.query<{ exists: boolean }>(`select to_regclass('verbatim_schema') is not null as exists`);
  if (!table.rows[0]?.exists) return 0;
  const row = await client.query<{ version: number }>('select max(version) as version from verbatim_schema');
  return row.rows[0]?.version ?? 0;
}

/** Throws `SchemaMismatch` unless the archive has exactly the schema this Verbatim reads. */
export async function requireSchema(client: ClientBase): Promise<void> {
  const version = await schemaVersion(client);
  if (version === SCHEMA_VERSION) return;
  if (version === 0) throw new SchemaMismatch('the database holds no Verbatim archive; create one with `verbatim archive load DIR --db URL`');
  if (version < SCHEMA_VERSION) {
    throw new SchemaMismatch(`the archive has schema version ${version}, this Verbatim reads ${SCHEMA_VERSION}; run \`verbatim archive load --db URL\` to migrate it`);
  }
  throw new SchemaMismatch(`the archive has schema version ${version}, newer than this Verbatim (${SCHEMA_VERSION}); update Verbatim`);
}

/**
 * Creates the tables or migrates them to `SCHEMA_VERSION`, in one transaction under an advisory
 * lock (two loaders starting together migrate once). Returns the version found before.
 */
export async function migrateSchema(client: ClientBase): Promise<number> {
  await client.query('begin');
  try {
    await client.query(`select pg_advisory_xact_lock(hashtext('verbatim_schema'))`);
    await client.query('create table if not exists verbatim_schema (version integer not null)');
    const before = await schemaVersion(client);
    if (before > SCHEMA_VERSION) throw new SchemaMismatch(`the archive has schema version ${before}, newer than this Verbatim (${SCHEMA_VERSION}); update Verbatim`);
    for (let version = before; version < SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version]!);
    if (before < SCHEMA_VERSION) {
      await client.query('delete from verbatim_schema');
      await client.query('insert into verbatim_schema (version) values ($1)', [SCHEMA_VERSION]);
    }
    await client.query('commit');
    return before;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}
