/**
 * A `postgres_fdw` coordinator over a sharded archive, for the benchmark's comparison with the
 * client's own fan-out: a database whose `verbatim_articles` and `verbatim_paragraphs` are tables
 * partitioned by article id range, each partition a foreign table on one shard (the loader numbers
 * each shard's articles in its own range, `shardIdRange`), and whose frequency table is a view
 * summing the shards' counts. The foreign servers list `extensions 'intarray'`, so the bigram
 * operators (`&&`, `@@`, `&`, `icount`) run on the shards. An `ArchiveClient` reads it unchanged.
 */
import pg from 'pg';
import { shardIdRange } from '../server/src/archive/archiveAddress';
import { SCHEMA_VERSION } from '../server/src/archive/archiveSchema';

/** Creates the coordinator's tables in the (empty) database at `url`, over the shards at `shards`. */
export async function createCoordinator(url: string, shards: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const statements = [
      'create extension if not exists postgres_fdw',
      'create extension if not exists intarray',
      `create table verbatim_articles (id integer not null, key text not null, path text not null, title text not null, meta jsonb not null,
         text text not null, checksum text not null, words integer not null) partition by range (id)`,
      `create table verbatim_paragraphs (article_id integer not null, start_offset integer not null, end_offset integer not null,
         bigrams int4[] not null) partition by range (article_id)`,
    ];
    const frequencies: string[] = [];
    shards.forEach((shardUrl, shard) => {
      const address = new URL(shardUrl);
      const server = `verbatim_shard_${shard}`;
      const { from, to } = shardIdRange(shard);
      const user = decodeURIComponent(address.username);
      statements.push(
        `create server ${server} foreign data wrapper postgres_fdw options (host '${address.hostname}', port '${address.port || '5432'}',
           dbname '${decodeURIComponent(address.pathname.slice(1))}', extensions 'intarray', fetch_size '1000')`,
        `create user mapping for current_user server ${server} options (user '${user}'${address.password ? `, password '${decodeURIComponent(address.password)}'` : ''})`,
        `create foreign table verbatim_articles_${shard} partition of verbatim_articles for values from (${from}) to (${to}) server ${server} options (table_name 'verbatim_articles')`,
        `create foreign table verbatim_paragraphs_${shard} partition of verbatim_paragraphs for values from (${from}) to (${to}) server ${server} options (table_name 'verbatim_paragraphs')`,
        `create foreign table verbatim_bigram_frequency_${shard} (bigram integer not null, paragraphs integer not null) server ${server} options (table_name 'verbatim_bigram_frequency')`,
      );
      frequencies.push(`select bigram, paragraphs from verbatim_bigram_frequency_${shard}`);
    });
    statements.push(
      // A bigram's count over the whole archive is the sum of the shards' counts.
      `create view verbatim_bigram_frequency as select bigram, sum(paragraphs)::integer as paragraphs from (${frequencies.join(' union all ')}) f group by bigram`,
      'create table verbatim_schema (version integer not null)',
      `insert into verbatim_schema values (${SCHEMA_VERSION})`,
    );
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}
