/**
 * The archive's rows of the benchmark table and the projection to 50 GB, from what `archive.ts`
 * measured per size.
 */
import { DEFAULT_MATCHER_OPTIONS } from '../server/src/core/match/quoteMatcher';
import type { ArchiveResult, LookupWork, Timing } from './archive';
import { quantile } from './stats';
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
  const adapter = (side: 'cli' | 'server') => (r: ArchiveResult): string => {
    const c = r.endToEnd?.[side];
    if (!c) return 'n/a';
    const checked = c.checked ? `; checked ${c.checked.archive} vs local ${c.checked.local}` : '';
    return `${c.differing} of ${c.quotes} quotes differ (${c.findings} ${side === 'cli' ? 'findings' : 'diagnostics'}${checked}); ${ms(c.archiveMs)} vs local ${ms(c.localMs)}${c.examples.length > 0 ? ` (first: ${c.examples[0]})` : ''}`;
  };
  add('CLI `check --archive` vs `check --sources`: the 100-quote draft + every generated quote', adapter('cli'), '0 differ', (r) => r.endToEnd?.cli.differing === 0 && r.endToEnd.cli.checked?.archive === r.endToEnd.cli.checked?.local);
  add('server (built, stdio) `verbatim.archive.url` vs `verbatim.sources`: the same drafts', adapter('server'), '0 differ', (r) => r.endToEnd?.server.differing === 0);
  add('sharded (2 servers, client fan-out): load', (r) => `${ms(r.sharded.loadMs)} (${rate(r, r.sharded.loadMs).toFixed(1)} MB/s; articles ${r.sharded.articles.join(' + ')})`);
  add('sharded: candidate lookup p50 / p99', (r) => p5099(r.sharded.lookup));
  add('sharded: whole-quote check p50 / p99', (r) => p5099(r.sharded.check));
  add('sharded (same 2 servers, postgres_fdw coordinator): candidate lookup p50 / p99', (r) => (r.coordinator ? p5099(r.coordinator.lookup) : 'n/a'));
  add('sharded (postgres_fdw coordinator): whole-quote check p50 / p99, verdicts equal to local', (r) => (r.coordinator ? `${p5099(r.coordinator.check)}; ${r.coordinator.agree}/${r.coordinator.check.n}` : 'n/a'));

  const legend: string[] = [
    'Archive: throwaway PostgreSQL servers on loopback (tests/postgres.ts; fsync off, as for any scratch load). Quotes: a seeded sample of the benchmark\'s quotes of every kind; each timed after 30 warm-up quotes. "Whole-quote check" starts from an empty store each quote: candidate paragraphs, the cited and proposed articles\' text, reading them into the vocabulary, alignment. CLI and server: the built `bin/verbatim.js` (`check draft.md quotes.md --format json --no-cache`; with `--sources` the corpus, with `--archive` the database and a one-memo library) and the built server over stdio (one workspace per side, both drafts opened after its library is indexed; every quotation of `verbatim/quotes` with its verdict, explanation, passage and diagnostics); a quote differs when anything it was told differs; times: the CLI\'s whole run (reading and indexing the corpus on the local side), the server\'s from opening the drafts to their last quotation list. Sharded: the same corpus split by a hash of the key over two servers; the client asks both at once and merges by score.',
  ];
  const projection = projectTo50GB(results);
  if (projection) legend.push(projection);
  return { rows, legend };
}

/**
 * Fit of lookup time against paragraphs read, `ms = fixed + perParagraph × reads`: least squares
 * through the medians of ten bins of lookups (by paragraphs read), so a few lookups slowed by other
 * work on the machine do not tilt it.
 */
function fitLookup(work: readonly LookupWork[]): { fixed: number; perParagraph: number } {
  const sorted = [...work].sort((a, b) => a.reads - b.reads);
  const bins = Math.min(10, sorted.length);
  const points = Array.from({ length: bins }, (_, i) => {
    const bin = sorted.slice(Math.floor((i * sorted.length) / bins), Math.floor(((i + 1) * sorted.length) / bins));
    return { x: quantile(bin.map((w) => w.reads), 0.5), y: quantile(bin.map((w) => w.ms), 0.5) };
  });
  const mx = points.reduce((sum, p) => sum + p.x, 0) / bins;
  const my = points.reduce((sum, p) => sum + p.y, 0) / bins;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  const perParagraph = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  return { fixed: Math.max(0, my - perParagraph * mx), perParagraph };
}

/**
 * The projection to 50 GB of text, one node and 8 shards, from the largest size measured, with its
 * model stated: a Markdown paragraph and table. Undefined when no size ran.
 */
export function projectTo50GB(results: readonly ArchiveResult[]): string | undefined {
  const largest = [...results].sort((a, b) => b.bytes - a.bytes)[0];
  if (largest === undefined || !largest.lookupWork) return undefined;
  const work = results.flatMap((r) => r.lookupWork ?? []);
  const { fixed, perParagraph } = fitLookup(work);
  const budget = DEFAULT_MATCHER_OPTIONS.postingBudget;
  // Paragraphs a quote reads when every count grows by `scale`: each part's rarest bigram is read
  // whatever it costs; the others only within the budget.
  const readsAt = (scale: number): number[] => largest.lookupWork.map((w) => w.rarest * scale + Math.min(budget, (w.reads - w.rarest) * scale));
  const scale = TARGET_TEXT / largest.bytes;
  const lookupAt = (reads: number[], q: number): number => fixed + perParagraph * quantile(reads, q);
  const oneReads = readsAt(scale);
  const shardReads = readsAt(scale / 8);
  const fanOut = Math.max(0, largest.sharded.lookup.p50 - largest.lookup.p50);
  const fetchAndAlign = Math.max(0, largest.check.p50 - largest.lookup.p50);
  const diskPerByte = (largest.stats.tableBytes + largest.stats.indexBytes) / largest.stats.textBytes;
  const loadRate = largest.bytes / MB / (largest.loadMs / 1000);
  const hours = (bytes: number): string => `${(bytes / MB / loadRate / 3600).toFixed(1)} h`;
  const one = { p50: lookupAt(oneReads, 0.5), p99: lookupAt(oneReads, 0.99) };
  const eight = { p50: lookupAt(shardReads, 0.5) + fanOut, p99: lookupAt(shardReads, 0.99) + fanOut };
  return [
    `Projection to 50 GB of text (from ${largest.size}, ${(largest.bytes / MB).toFixed(0)} MB, and the ${work.length} timed lookups of every size). Model: lookup time = ${ms(fixed)} + ${(perParagraph * 1000).toFixed(2)} µs per paragraph read (least squares through the medians of ten bins of the timed lookups, by paragraphs read); at 50 GB every bigram count grows ${scale.toFixed(0)}× (÷ 8 per shard): each part's rarest bigram is read whatever it costs, the others only within the ${budget}-paragraph budget (per quote, from the measured counts); 8 shards are asked at once, plus the measured fan-out cost (${ms(fanOut)}); a check adds the measured fetch + alignment (${ms(fetchAndAlign)}, independent of the archive's size); disk = measured bytes per byte of text (${diskPerByte.toFixed(2)}) × 50 GB; load = 50 GB ÷ the measured rate (${loadRate.toFixed(1)} MB/s), one loader per shard on 8 shards.`,
    '',
    '| at 50 GB | one node | 8 shards (each) |',
    '|---|---|---|',
    `| disk | ${((diskPerByte * TARGET_TEXT) / 1e9).toFixed(0)} GB | ${((diskPerByte * TARGET_TEXT) / 8 / 1e9).toFixed(0)} GB |`,
    `| load | ${hours(TARGET_TEXT)} | ${hours(TARGET_TEXT / 8)} |`,
    `| paragraphs read per lookup p50 / p99 | ${quantile(oneReads, 0.5).toFixed(0)} / ${quantile(oneReads, 0.99).toFixed(0)} | ${quantile(shardReads, 0.5).toFixed(0)} / ${quantile(shardReads, 0.99).toFixed(0)} |`,
    `| candidate lookup p50 / p99 | ${ms(one.p50)} / ${ms(one.p99)} | ${ms(eight.p50)} / ${ms(eight.p99)} |`,
    `| whole-quote check p50 / p99 | ${ms(one.p50 + fetchAndAlign)} / ${ms(one.p99 + fetchAndAlign)} | ${ms(eight.p50 + fetchAndAlign)} / ${ms(eight.p99 + fetchAndAlign)} |`,
  ].join('\n');
}
