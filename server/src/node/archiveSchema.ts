/**
 * The archive's tables in PostgreSQL, created and migrated by Verbatim. Articles keep their key,
 * metadata and text; paragraphs keep the hashes of their word bigrams as an `int4[]` with a GIN index
 * (`intarray`'s `gin__int_ops`), and a frequency table says how many paragraphs hold each bigram, so a
 * quote is looked up through its rarest bigrams only. Keys are found by prefix, titles by trigrams.
 */
import type { ClientBase } from 'pg';

/** The schema this Verbatim reads and writes. */
export const SCHEMA_VERSION = 1;

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

/** Creates the search indexes that are missing. */
export async function ensureSearchIndexes(client: ClientBase): Promise<void> {
  await client.query(`set maintenance_work_mem = '256MB'`);
  for (const [name, definition] of Object.entries(SEARCH_INDEXES)) await client.query(`create index if not exists ${name} ${definition}`);
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
