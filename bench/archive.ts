/**
 * The archive rows of `npm run bench -- --archive`, measured in their own process per size:
 *
 *   node --import tsx bench/archive.ts --size S|L --out FILE [--quick]
 *
 * Starts throwaway PostgreSQL servers (tests/postgres.ts), loads the corpus with `verbatim archive
 * load`'s code (one database, then two shards behind the client), and measures on the benchmark's
 * quotes: load MB/s, bytes on disk per byte of text, candidate lookup, whole-quote check (lookup +
 * article fetch + alignment, nothing cached), the 100-quote draft, the sharded lookup, and the local
 * index on the same quotes. It also counts how many verdicts agree with the local index.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PrefetchedStore } from '../server/src/service/prefetchedStore';
import { QuoteMatcher, type QuoteVerdict } from '../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import { SourceLibrary } from '../server/src/core/library/sourceLibrary';
import { ArchiveClient, type ArchiveStats } from '../server/src/archive/archiveClient';
import { loadArchive } from '../server/src/archive/archiveLoader';
import { listSourceFiles } from '../server/src/library/sourceFiles';
import { createLanguageService } from '../server/src/service/languageService';
import { prefetch } from '../server/src/service/storePrefetch';
import { startPostgres, type ThrowawayPostgres } from '../tests/postgres';
import { createCoordinator } from './archiveCoordinator';
import { checkThroughAdapters, type EndToEnd } from './archiveEndToEnd';
import { CACHE_DIR, readWorkload, type BenchQuote, type SizeName } from './corpus';
import { Rng } from './prng';
import { median, quantile } from './stats';

/** p50 / p99 of a set of timings, in milliseconds. */
export interface Timing {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
}

/** One quote's lookup: its time, the paragraphs it read at most, and how many of those through each part's rarest bigram. */
export interface LookupWork {
  readonly ms: number;
  readonly reads: number;
  readonly rarest: number;
}

/** What one size measured. */
export interface ArchiveResult {
  readonly size: SizeName;
  readonly bytes: number;
  readonly loadMs: number;
  readonly stats: ArchiveStats;
  readonly lookup: Timing;
  /** Per quote, for the projection's model of lookup time against paragraphs read. */
  readonly lookupWork: readonly LookupWork[];
  readonly check: Timing;
  readonly localCheck: Timing;
  readonly draftMs: number;
  readonly localDraftMs: number;
  /** Diagnostics of the draft that are the same (code, range, message) as the local check's. */
  readonly draftSame: number;
  readonly draftDiagnostics: number;
  readonly agree: number;
  readonly disagreements: readonly string[];
  readonly sharded: { readonly loadMs: number; readonly lookup: Timing; readonly check: Timing; readonly articles: readonly number[] };
  /** The 100-quote draft and every generated quote through the built CLI and server, archive against local. */
  readonly endToEnd?: EndToEnd;
  /** The same two shards behind a `postgres_fdw` coordinator (partitioned by article id), read as one database. */
  readonly coordinator: { readonly lookup: Timing; readonly check: Timing; readonly agree: number };
}

function timing(samples: readonly number[]): Timing {
  return { n: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

function summary(verdict: QuoteVerdict): string {
  const match = 'match' in verdict ? verdict.match : verdict.nearest;
  return match ? `${verdict.kind} ${match.entry.source.key} ${match.alignment.sourceStart}-${match.alignment.sourceEnd}` : verdict.kind;
}

/** Per-quote lookup and whole-quote check times through `client`, nothing cached between quotes. */
async function measure(client: ArchiveClient, quotes: readonly BenchQuote[]): Promise<{ lookup: Timing; check: Timing; verdicts: string[]; work: LookupWork[] }> {
  const lookups: number[] = [];
  const checks: number[] = [];
  const verdicts: string[] = [];
  const work: LookupWork[] = [];
  for (const q of quotes) {
    const pattern = parseQuotePattern(q.text, 0, q.text.length);
    const [read, rarest] = [client.paragraphsRead, client.rarestRead];
    const t0 = performance.now();
    await client.passages([pattern]);
    lookups.push(performance.now() - t0);
    work.push({ ms: lookups[lookups.length - 1]!, reads: client.paragraphsRead - read, rarest: client.rarestRead - rarest });
    // A whole check as a first-time quote: candidates, the articles (cited and proposed), alignment.
    const empty = new SourceLibrary();
    const store = new PrefetchedStore(() => empty);
    const t1 = performance.now();
    await prefetch(store, client, [pattern], [q.cited]);
    const entry = store.entry(q.cited);
    const verdict = new QuoteMatcher(empty, undefined, [store]).check(pattern, entry ? [entry] : []);
    checks.push(performance.now() - t1);
    verdicts.push(summary(verdict));
  }
  return { lookup: timing(lookups), check: timing(checks), verdicts, work };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const size = (argv[argv.indexOf('--size') + 1] ?? 'S') as SizeName;
  const out = argv[argv.indexOf('--out') + 1] ?? path.join(CACHE_DIR, `archive-${size}.json`);
  const quick = argv.includes('--quick');
  const workload = readWorkload(size);
  const rng = new Rng(`archive/${size}`);
  const sample = [...workload.quotes].sort(() => rng.next() - 0.5).slice(0, quick ? 80 : 400);
  const servers: ThrowawayPostgres[] = [];
  try {
    const one = await startPostgres({ shared_buffers: '512MB', maintenance_work_mem: '256MB' });
    servers.push(one);
    process.stderr.write(`${size}: loading the archive …\n`);
    const t0 = performance.now();
    await loadArchive([workload.corpusDir], [one.url], { base: workload.corpusDir });
    const loadMs = performance.now() - t0;
    const client = new ArchiveClient([one.url], { connectMs: 5_000, statementMs: 30_000 });
    const stats = await client.stats();
    if (stats.articles === 0) throw new Error(`nothing was loaded from ${workload.corpusDir}`);
    // Warm the caches as a long-running server would be.
    await measure(client, sample.slice(0, 30));
    const archived = await measure(client, sample);

    process.stderr.write(`${size}: the local index on the same quotes …\n`);
    const library = new SourceLibrary();
    for (const file of listSourceFiles(workload.corpusDir, () => undefined)) {
      library.addFile({ uri: pathToFileURL(file).href, path: path.relative(workload.corpusDir, file), bytes: fs.readFileSync(file) });
    }
    library.index.prepare();
    const matcher = new QuoteMatcher(library);
    const localTimes: number[] = [];
    const localVerdicts = sample.map((q) => {
      const entry = library.get(q.cited);
      const t = performance.now();
      const verdict = matcher.check(parseQuotePattern(q.text, 0, q.text.length), entry ? [entry] : []);
      localTimes.push(performance.now() - t);
      return summary(verdict);
    });
    const disagreements: string[] = [];
    localVerdicts.forEach((v, i) => {
      if (v !== archived.verdicts[i]) disagreements.push(`"${sample[i]!.text.slice(0, 60)}…" local ${v}, archive ${archived.verdicts[i]}`);
    });

    process.stderr.write(`${size}: the 100-quote draft …\n`);
    const runDraft = async (withArchive: boolean): Promise<{ ms: number[]; diagnostics: string[] }> => {
      const times: number[] = [];
      let diagnostics: string[] = [];
      for (let r = 0; r < (quick ? 2 : 5); r++) {
        const document = TextDocument.create('file:///bench/draft.md', 'markdown', r + 1, workload.draft.text);
        const local = withArchive ? new SourceLibrary() : library;
        const store = new PrefetchedStore(() => local);
        const service = createLanguageService({ library: local, ...(withArchive ? { stores: [store] } : {}) });
        const t = performance.now();
        if (withArchive) await service.prefetch(document, store, client);
        const found = service.computeDiagnostics(document) ?? [];
        times.push(performance.now() - t);
        diagnostics = found.map((d) => `${d.range.start.line}:${d.range.start.character} ${String(d.code)} ${String(d.message)}`);
      }
      return { ms: times, diagnostics };
    };
    const localDraft = await runDraft(false);
    const archiveDraft = await runDraft(true);
    const same = archiveDraft.diagnostics.filter((d, i) => d === localDraft.diagnostics[i]).length;
    await client.close();

    const endToEnd = await checkThroughAdapters(workload, one.url, workload.files);

    process.stderr.write(`${size}: two shards …\n`);
    const two = await startPostgres({ shared_buffers: '256MB' });
    servers.push(two);
    one.createDatabase('shard_a');
    const shards = [one.urlOf('shard_a'), two.url];
    const t1 = performance.now();
    await loadArchive([workload.corpusDir], shards, { base: workload.corpusDir });
    const shardLoadMs = performance.now() - t1;
    const sharded = new ArchiveClient(shards, { connectMs: 5_000, statementMs: 30_000 });
    const articles = await Promise.all(shards.map(async (url) => {
      const c = new ArchiveClient([url]);
      const s = await c.stats();
      await c.close();
      return s.articles;
    }));
    await measure(sharded, sample.slice(0, 30));
    const shardRun = await measure(sharded, sample);
    await sharded.close();

    process.stderr.write(`${size}: the same shards behind a postgres_fdw coordinator …\n`);
    one.createDatabase('coordinator');
    await createCoordinator(one.urlOf('coordinator'), shards);
    const coordinated = new ArchiveClient([one.urlOf('coordinator')], { connectMs: 5_000, statementMs: 30_000 });
    await measure(coordinated, sample.slice(0, 30));
    const coordinatorRun = await measure(coordinated, sample);
    await coordinated.close();

    const result: ArchiveResult = {
      size,
      bytes: workload.bytes,
      loadMs,
      stats,
      lookup: archived.lookup,
      lookupWork: archived.work,
      check: archived.check,
      localCheck: timing(localTimes),
      draftMs: median(archiveDraft.ms),
      localDraftMs: median(localDraft.ms),
      draftSame: same,
      draftDiagnostics: localDraft.diagnostics.length,
      agree: sample.length - disagreements.length,
      disagreements: disagreements.slice(0, 10),
      endToEnd,
      sharded: { loadMs: shardLoadMs, lookup: shardRun.lookup, check: shardRun.check, articles },
      coordinator: { lookup: coordinatorRun.lookup, check: coordinatorRun.check, agree: coordinatorRun.verdicts.filter((v, i) => v === localVerdicts[i]).length },
    };
    fs.writeFileSync(out, JSON.stringify(result, null, 2));
  } finally {
    for (const server of servers) server.destroy();
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`archive bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
