/**
 * Archive addresses: one PostgreSQL URL, or several (shards) that each hold the articles whose key
 * hashes to them. Nothing here connects (the command line checks addresses without loading a driver).
 */

/** Splits an archive setting (one URL, or shard URLs separated by spaces or commas) into URLs. */
export function archiveUrls(setting: string | readonly string[]): string[] {
  const parts = typeof setting === 'string' ? [setting] : setting;
  return parts.flatMap((part) => part.split(/[\s,]+/)).filter((url) => url !== '');
}

/** Whether a string is an address Verbatim can use as an archive (a `postgres:` or `postgresql:` URL). */
export function isArchiveUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'postgres:' || parsed.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

/** An address safe to show: user, host, port and database, never a password or query options. */
export function describeArchive(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'an archive address that is not a URL';
  }
}

/** The shard that holds a key, among `shards`: a hash of the key (the loader and readers agree). */
export function shardOf(key: string, shards: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % shards;
}

/** Article ids each shard of a sharded archive numbers its articles from (2^27 per shard, up to 16 shards). */
export const SHARD_ID_SPAN = 2 ** 27;

/**
 * The ids a shard's articles get, `[from, to)`: disjoint between shards, so an article id names one
 * article across the whole archive and a coordinator can partition the tables by id range.
 */
export function shardIdRange(shard: number): { from: number; to: number } {
  return { from: shard * SHARD_ID_SPAN + 1, to: (shard + 1) * SHARD_ID_SPAN + 1 };
}
