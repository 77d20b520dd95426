/**
 * The archive's rows of the benchmark table and the projection to 50 GB, from what `archive.ts`
 * measured per size.
 */
import type { ArchiveResult, Timing } from './archive';
import { ms } from './stats';

/** One row: a figure, its value at S and L, a target and whether it is met. */
export interface ArchiveRow {
  readonly figure: string;
  readonly S: string;
  readonly L: string;
  readonly target: string;
  readonly met: string;
}

const MB = 1e6;
const TARGET_TEXT = 50e9;
const p5099 = (t: Timing): string => `${ms(t.p50)} / ${ms(t.p99)} (n=${t.n})`;

/** The table rows and the legend lines (model and projection) for the archive results. */
export function archiveRows(results: readonly ArchiveResult[]): { rows: ArchiveRow[]; legend: string[] } {
  const by = new Map(results.map((r) => [r.size, r] as const));
  const rows: ArchiveRow[] = [];
  const add = (figure: string, f: (r: ArchiveResult) => string, target = '', check?: (r: ArchiveResult) => boolean): void => {
    const cell = (size: 'S' | 'L'): string => {
      const r = by.get(size);
      return r ? f(r) : '(not run)';
    };
    const l = by.get('L');
    rows.push({ figure, S: cell('S'), L: cell('L'), target, met: check ? (l ? `L ${check(l) ? 'met' : 'MISSED'}` : 'needs L') : '' });
  };
  const rate = (r: ArchiveResult, millis: number): number => r.bytes / MB / (millis / 1000);
  add('archive: load (COPY, frequencies, GIN built at the end)', (r) => `${ms(r.loadMs)} (${rate(r, r.loadMs).toFixed(1)} MB/s)`, '≥ 10 MB/s (L)', (r) => rate(r, r.loadMs) >= 10);
  add('archive: on disk per byte of text (tables + indexes)', (r) => {
    const beyond = r.stats.tableBytes + r.stats.indexBytes - r.stats.textBytes;
    return `${((r.stats.tableBytes + r.stats.indexBytes) / r.stats.textBytes).toFixed(2)} B/B (indexes ${(r.stats.indexBytes / r.stats.textBytes).toFixed(2)}, beyond the text ${(beyond / r.stats.textBytes).toFixed(2)}; ${r.stats.paragraphs} paragraphs)`;
  });
  add('archive: candidate lookup p50 / p99', (r) => p5099(r.lookup));
  add('archive: whole-quote check p50 / p99 (lookup + articles + alignment, nothing cached)', (r) => p5099(r.check), '≤ 3 / 20 ms (L)', (r) => r.check.p50 <= 3 && r.check.p99 <= 20);
  add('local index: same quotes, check p50 / p99', (r) => p5099(r.localCheck));
  add('archive: verdicts equal to the local index', (r) => `${r.agree}/${r.lookup.n}${r.disagreements.length > 0 ? ` (first: ${r.disagreements[0]})` : ''}`, 'all', (r) => r.agree === r.lookup.n);
  add('archive: 100-quote draft (median), beside local', (r) => `${ms(r.draftMs)} vs local ${ms(r.localDraftMs)}; ${r.draftSame}/${r.draftDiagnostics} diagnostics the same`, 'same diagnostics', (r) => r.draftSame === r.draftDiagnostics);
  add('sharded (2 servers, client fan-out): load', (r) => `${ms(r.sharded.loadMs)} (${rate(r, r.sharded.loadMs).toFixed(1)} MB/s; articles ${r.sharded.articles.join(' + ')})`);
  add('sharded: candidate lookup p50 / p99', (r) => p5099(r.sharded.lookup));
  add('sharded: whole-quote check p50 / p99', (r) => p5099(r.sharded.check));
  add('sharded (same 2 servers, postgres_fdw coordinator): candidate lookup p50 / p99', (r) => (r.coordinator ? p5099(r.coordinator.lookup) : 'n/a'));
  add('sharded (postgres_fdw coordinator): whole-quote check p50 / p99, verdicts equal to local', (r) => (r.coordinator ? `${p5099(r.coordinator.check)}; ${r.coordinator.agree}/${r.coordinator.check.n}` : 'n/a'));

  const legend: string[] = [
    'Archive: throwaway PostgreSQL servers on loopback (tests/postgres.ts; fsync off, as for any scratch load). Quotes: a seeded sample of the benchmark\'s quotes of every kind; each timed after 30 warm-up quotes. "Whole-quote check" starts from an empty store each quote: candidate paragraphs, the cited and proposed articles\' text, reading them into the vocabulary, alignment. Sharded: the same corpus split by a hash of the key over two servers; the client asks both at once and merges by score.',
  ];
  const largest = by.get('L') ?? by.get('S');
  const smallest = by.get('S');
  if (largest) {
    const diskPerByte = (largest.stats.tableBytes + largest.stats.indexBytes) / largest.stats.textBytes;
    const loadRate = rate(largest, largest.loadMs);
    // Lookup time as fixed cost plus a part growing with the text (postings of the rarest bigrams):
    // fitted through S and L when both ran, else all of it taken as growing (pessimistic).
    let fixed = 0;
    let perByte = largest.lookup.p50 / largest.bytes;
    if (smallest && smallest !== largest && largest.bytes > smallest.bytes) {
      perByte = Math.max(0, (largest.lookup.p50 - smallest.lookup.p50) / (largest.bytes - smallest.bytes));
      fixed = Math.max(0, largest.lookup.p50 - perByte * largest.bytes);
    }
    const one = fixed + perByte * TARGET_TEXT;
    const alignAndFetch = Math.max(0, largest.check.p50 - largest.lookup.p50);
    const fanOut = Math.max(0, largest.sharded.lookup.p50 - (fixed + (perByte * largest.bytes) / 2));
    const eight = fixed + (perByte * TARGET_TEXT) / 8 + fanOut;
    legend.push(
      `Projection to 50 GB of text (from ${largest.size}; model: disk = measured bytes per byte of text × 50 GB; load = 50 GB ÷ measured MB/s, divided by 8 with one loader per shard; lookup p50 = fixed + per-byte part fitted through S and L${smallest && smallest !== largest ? '' : ' (only one size ran: all of it taken as growing with the text)'}, on 8 shards each holding 1/8 in parallel plus the measured fan-out cost; a whole check adds the measured fetch + alignment time, which does not grow with the archive): ` +
        `one node: disk ${((diskPerByte * TARGET_TEXT) / 1e9).toFixed(0)} GB, load ${(TARGET_TEXT / MB / loadRate / 3600).toFixed(1)} h, lookup p50 ${ms(one)}, check p50 ${ms(one + alignAndFetch)}; ` +
        `8 shards: disk ${((diskPerByte * TARGET_TEXT) / 8 / 1e9).toFixed(0)} GB per shard, load ${(TARGET_TEXT / 8 / MB / loadRate / 3600).toFixed(1)} h, lookup p50 ${ms(eight)}, check p50 ${ms(eight + alignAndFetch)}.`,
    );
  }
  return { rows, legend };
}
