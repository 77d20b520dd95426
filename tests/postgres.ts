/**
 * Throwaway PostgreSQL servers for tests and the benchmark: each lives in its own temporary folder,
 * listens on loopback on a free port (and a socket in that folder), and is stopped and deleted
 * afterwards. Nothing global is started or changed. As root (CI), the server runs as the `postgres`
 * user, since `initdb` refuses root.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A running throwaway server. */
export interface ThrowawayPostgres {
  readonly port: number;
  readonly dir: string;
  /** A URL for the database `verbatim` (created), over TCP on loopback. */
  readonly url: string;
  /** The same server's URL for another database (created on demand by `createDatabase`). */
  urlOf(database: string): string;
  createDatabase(name: string): void;
  /** Stops the server (fast shutdown); `restart` can start it again on the same port. */
  stop(): void;
  restart(): void;
  /** Stops the server and deletes its folder. */
  destroy(): void;
}

/** The folder of PostgreSQL's server programs, or undefined when none is installed. */
export function postgresBin(): string | undefined {
  const candidates: string[] = [];
  const lib = '/usr/lib/postgresql';
  if (fs.existsSync(lib)) {
    for (const version of fs.readdirSync(lib).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(lib, version, 'bin'));
  }
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) candidates.push(dir);
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')) && fs.existsSync(path.join(dir, 'postgres')));
}

/** Why tests that need PostgreSQL cannot run here, or undefined when they can. */
export function postgresMissing(): string | undefined {
  return postgresBin() === undefined ? 'SKIPPED: PostgreSQL server programs (initdb, pg_ctl) not found; install the Debian package postgresql' : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway server with a `verbatim` database; `settings` are extra `-c name=value` pairs. */
export async function startPostgres(settings: Record<string, string> = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBin();
  if (bin === undefined) throw new Error(postgresMissing());
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-pg-'));
  const data = path.join(dir, 'data');
  const user = root ? 'postgres' : os.userInfo().username;
  if (root) {
    fs.chmodSync(dir, 0o755);
    execFileSync('chown', ['postgres:postgres', dir]);
  }
  const run = (program: string, args: string[]): void => {
    const command = root ? 'runuser' : path.join(bin, program);
    const argv = root ? ['-u', 'postgres', '--', path.join(bin, program), ...args] : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', data, '-A', 'trust', '-U', user, '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
  for (const [name, value] of Object.entries(settings)) options.push(`-c ${name}=${value}`);
  const start = (): void => run('pg_ctl', ['-w', '-s', '-D', data, '-l', path.join(dir, 'log'), 'start', '-o', options.join(' ')]);
  start();
  const urlOf = (database: string): string => `postgres://${user}@127.0.0.1:${port}/${database}`;
  const psql = (sql: string): void => {
    const result = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', urlOf('postgres'), '-c', sql], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  };
  psql('create database verbatim');
  let running = true;
  const stop = (): void => {
    if (!running) return;
    run('pg_ctl', ['-w', '-s', '-D', data, '-m', 'fast', 'stop']);
    running = false;
  };
  return {
    port,
    dir,
    url: urlOf('verbatim'),
    urlOf,
    createDatabase: (name) => psql(`create database "${name}"`),
    stop,
    restart: () => {
      if (!running) start();
      running = true;
    },
    destroy: () => {
      try {
        stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
