/**
 * Addresses of an archive and connections to it. An archive is one PostgreSQL database, or several
 * (shards) that each hold the articles whose key hashes to them. Credentials come from the URL, the
 * environment (`PGPASSWORD`, `PGUSER`…) or `~/.pgpass`, as libpq does; Verbatim never shows a password.
 */
import type pg from 'pg';

/** `pg` is required on the first pool only: a server or CLI with no archive never loads it (a fifth of start-up). */
let pgModule: typeof pg | undefined;

/** How long a reader waits to connect and for one statement, in milliseconds. */
export interface ArchiveTimeouts {
  readonly connectMs: number;
  readonly statementMs: number;
}

export const DEFAULT_ARCHIVE_TIMEOUTS: ArchiveTimeouts = { connectMs: 3_000, statementMs: 2_000 };

/** Connections per pool (per shard). */
export const POOL_SIZE = 4;

/** A pool of connections for reading (with timeouts) or loading (without). */
export function openPool(url: string, purpose: 'read' | 'load', timeouts: ArchiveTimeouts = DEFAULT_ARCHIVE_TIMEOUTS): pg.Pool {
  pgModule ??= require('pg') as typeof pg;
  const pool = new pgModule.Pool({
    connectionString: url,
    application_name: `verbatim-${purpose}`,
    max: POOL_SIZE,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeouts.connectMs,
    ...(purpose === 'read' ? { statement_timeout: timeouts.statementMs, query_timeout: timeouts.statementMs + 1_000 } : {}),
    // Lookups are named statements whose best plan depends on their values (a rare bigram reads a
    // few GIN postings, a common one many): plan each execution, never a generic plan chosen once.
    options: '-c plan_cache_mode=force_custom_plan',
  });
  // An idle connection the server drops (a restart) is an event, not a crash; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/** Whether `error` is one statement that took too long (the server's statement timeout, or no answer in time). */
export function isStatementTimeout(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e.code === '57014' || String(e.message ?? '').includes('Query read timeout');
}

/** A short reason for a failed archive operation, without the address or any credential. */
export function describeArchiveError(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND') return 'host not found';
  if (e.code === '57014') return 'statement timeout';
  if (e.code === '28P01' || e.code === '28000') return 'authentication failed';
  if (e.code === '3D000') return 'no such database';
  const message = String(e.message ?? error);
  // pg's own messages name no password; cut anything that looks like a URL all the same.
  return message.replace(/postgres(?:ql)?:\/\/\S+/g, '(address)');
}
