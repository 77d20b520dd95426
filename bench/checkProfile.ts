/**
 * Where the time of a check goes, quote by quote (issue 10): builds a size's library as `worker.ts`
 * does, checks every quote that is not verbatim in several passes, and prints the per-kind figures and
 * the slowest quotes (each timed as the fastest of its runs, which a busy machine skews least) with their work (postings visited, alignment cells) and the time of each phase
 * of `QuoteMatcher` (cited sources read, clusters found, passages aligned).
 *
 *   node --expose-gc --import tsx bench/checkProfile.ts --size L [--reps 5] [--top 25] [--all] [--dump FILE]
 *
 * `--all` checks the verbatim quotes too; `--dump` appends each quote's verdict and passage to FILE
 * (to compare two checkouts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { listSourceFiles } from '../server/src/library/sourceFiles';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import { QuoteMatcher } from '../server/src/core/match/quoteMatcher';
import { SourceLibrary } from '../server/src/core/library/sourceLibrary';
import { readWorkload, type BenchQuote, type SizeName } from './corpus';

function arg(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] ?? fallback : fallback;
}

const size = arg('size', 'S') as SizeName;
const reps = Number(arg('reps', '5'));
const top = Number(arg('top', '25'));
const all = process.argv.includes('--all');

const workload = readWorkload(size);
const library = new SourceLibrary();
for (const file of listSourceFiles(workload.corpusDir, () => undefined)) {
  library.addFile({ uri: pathToFileURL(file).href, path: path.relative(workload.corpusDir, file), bytes: fs.readFileSync(file) });
}
library.index.prepare();
const matcher = new QuoteMatcher(library);

// Phase timers: the matcher's private steps, wrapped (diagnostics only).
const phases: Record<string, number> = {};
const proto = QuoteMatcher.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
for (const name of ['readCited', 'findClusters', 'align', 'locate']) {
  const original = proto[name]!;
  proto[name] = function (this: unknown, ...args: unknown[]) {
    const s = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      phases[name] = (phases[name] ?? 0) + performance.now() - s;
    }
  };
}

const dump = process.argv.includes('--dump') ? arg('dump', '') : undefined;
const verdicts: string[] = [];

function check(q: BenchQuote): string {
  const entry = library.get(q.cited);
  const verdict = matcher.check(parseQuotePattern(q.text, 0, q.text.length), entry ? [entry] : []);
  if (dump !== undefined) {
    const match = 'match' in verdict ? verdict.match : verdict.nearest;
    const where = match ? `${match.entry.source.path} ${match.alignment.sourceStart}-${match.alignment.sourceEnd} cost ${match.alignment.cost} matched ${match.alignment.matched}` : '-';
    verdicts.push(`${q.id} ${verdict.kind} ${where}`);
  }
  return verdict.kind;
}

const quotes = workload.quotes.filter((q) => all || q.expected !== 'verbatim');
for (const q of quotes.slice(0, 40)) check(q);
verdicts.length = 0;

interface Row {
  q: BenchQuote;
  ms: number;
  got: string;
  postings: number;
  cells: number;
  phases: Record<string, number>;
}
// Each pass checks every quote once (a burst of other work on the machine then hits one run of a
// quote, not all of them); a quote's time is its fastest run, its phases the fastest run's.
const rows: Row[] = quotes.map((q) => ({ q, ms: Infinity, got: '', postings: 0, cells: 0, phases: {} }));
for (let r = 0; r < reps; r++) {
  for (const row of rows) {
    const before = { ...matcher.work };
    for (const k of Object.keys(phases)) delete phases[k];
    const s = performance.now();
    row.got = check(row.q);
    const ms = performance.now() - s;
    if (r === 0 && dump !== undefined) fs.appendFileSync(dump, `${verdicts.pop()}\n`);
    verdicts.length = 0;
    row.postings = matcher.work.postings - before.postings;
    row.cells = matcher.work.cells - before.cells;
    if (ms < row.ms) {
      row.ms = ms;
      row.phases = { ...phases };
    }
  }
}

const quantile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
};
const f = (x: number): string => x.toFixed(3);
const wrong = rows.filter((r) => r.got !== r.q.expected);
console.log(`${size}: ${rows.length} quotes, fastest of ${reps} runs each; wrong verdicts: ${wrong.length}`);
const nonVerbatim = rows.filter((r) => r.q.expected !== 'verbatim');
console.log(
  `misquotes & others: p50 ${f(quantile(nonVerbatim.map((r) => r.ms), 0.5))} / p99 ${f(quantile(nonVerbatim.map((r) => r.ms), 0.99))} ms; ` +
    `mean postings ${(nonVerbatim.reduce((n, r) => n + r.postings, 0) / nonVerbatim.length).toFixed(0)}, cells ${(nonVerbatim.reduce((n, r) => n + r.cells, 0) / nonVerbatim.length).toFixed(0)}`,
);
for (const kind of [...new Set(rows.map((r) => r.q.kind))]) {
  const of = rows.filter((r) => r.q.kind === kind);
  const ms = of.map((r) => r.ms);
  console.log(
    `  ${kind.padEnd(15)} n=${of.length} p50 ${f(quantile(ms, 0.5))} p99 ${f(quantile(ms, 0.99))} max ${f(quantile(ms, 1))}` +
      `  postings ${(of.reduce((n, r) => n + r.postings, 0) / of.length).toFixed(0)} cells ${(of.reduce((n, r) => n + r.cells, 0) / of.length).toFixed(0)}`,
  );
}
console.log('slowest:');
for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, top)) {
  const ph = Object.entries(r.phases)
    .map(([k, v]) => `${k} ${f(v)}`)
    .join(', ');
  console.log(`${f(r.ms)} ms ${r.q.kind}/${r.got} words ${r.q.words} postings ${r.postings} cells ${r.cells} [${ph}] ${JSON.stringify(r.q.text.slice(0, 70))}`);
}
for (const r of wrong) console.log(`WRONG ${r.q.kind}: expected ${r.q.expected}, got ${r.got}: ${JSON.stringify(r.q.text)}`);
