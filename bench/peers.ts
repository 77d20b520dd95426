/**
 * The peers Verbatim is compared with, on the same corpus and the same quotes:
 * - `rg -F`: ripgrep, fixed-string search of the raw quote over the corpus folder (one process per
 *   quote, as a script would run it). Exact bytes only: no normalisation of case, punctuation,
 *   white space, ellipses or brackets.
 * - `tre-agrep -E k -i -k`: approximate (Levenshtein) search of the literal quote, ignoring case,
 *   with k = the quote's character edits from its source passage, over the corpus as one file of
 *   paragraphs (tre-agrep has no recursive mode).
 * - fuse.js: fuzzy search of the quote over the corpus's sentences, in process (index built once).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import Fuse from 'fuse.js';
import type { BenchQuote, Workload } from './corpus';
import { median } from './stats';

export interface PeerResult {
  readonly name: string;
  readonly available: boolean;
  readonly note?: string;
  /** Quote ids measured (a fixed sample when the peer is slow). */
  readonly ids: readonly number[];
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  /** Quotes whose expected-verbatim status the peer got right (found in the cited source ⇔ verbatim). */
  readonly right: number;
  /** Extra one-off cost (fuse.js index build). */
  readonly setupMs?: number;
  /** Per-quote time limit; a sample equal to it means the peer was stopped there. */
  readonly timeoutMs?: number;
}

function has(command: string): boolean {
  return spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;
}

function citedFileSuffix(q: BenchQuote): string {
  return `/${q.cited}.md`;
}

function isVerbatim(q: BenchQuote): boolean {
  return q.expected === 'verbatim';
}

export function runRipgrep(workload: Workload, sample: readonly BenchQuote[]): PeerResult {
  if (!has('rg')) return { name: 'rg -F', available: false, note: 'rg not installed (apt-get install ripgrep)', ids: [], samplesMs: [], medianMs: NaN, right: 0 };
  const run = (q: BenchQuote): string =>
    spawnSync('rg', ['-F', '-l', '--no-messages', '--', q.text, workload.corpusDir], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout;
  run(sample[0]!); // warm the page cache
  const samplesMs: number[] = [];
  let right = 0;
  for (const q of sample) {
    const t0 = performance.now();
    const out = run(q);
    samplesMs.push(performance.now() - t0);
    const inCited = out.split('\n').some((line) => line.endsWith(citedFileSuffix(q)));
    if (inCited === isVerbatim(q)) right++;
  }
  return { name: 'rg -F', available: true, ids: sample.map((q) => q.id), samplesMs, medianMs: median(samplesMs), right };
}

/** The article of a record (line) of the lines file. */
function keyOfLine(workload: Workload, line: number): string {
  let lo = 0;
  let hi = workload.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (workload.lineStarts[mid]! <= line) lo = mid;
    else hi = mid - 1;
  }
  return workload.lineKeys[lo]!;
}

export function runTreAgrep(workload: Workload, sample: readonly BenchQuote[], timeoutMs: number, maxErrors = 30): PeerResult {
  if (!has('tre-agrep')) return { name: 'tre-agrep', available: false, note: 'tre-agrep not installed (apt-get install tre-agrep)', ids: [], samplesMs: [], medianMs: NaN, right: 0 };
  const samplesMs: number[] = [];
  let right = 0;
  for (const q of sample) {
    const t0 = performance.now();
    const child = spawnSync('tre-agrep', ['-E', String(Math.min(q.errors, maxErrors)), '-i', '-k', '-n', '--', q.text, workload.linesFile], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
      timeout: timeoutMs,
    });
    const elapsed = performance.now() - t0;
    const timedOut = child.error !== undefined || child.signal !== null;
    samplesMs.push(timedOut ? Math.max(elapsed, timeoutMs) : elapsed);
    const lines = (child.stdout ?? '').split('\n').filter((l) => l !== '').map((l) => Number(l.slice(0, l.indexOf(':'))));
    const inCited = lines.some((n) => keyOfLine(workload, n) === q.cited);
    if (inCited === isVerbatim(q)) right++;
  }
  return { name: 'tre-agrep', available: true, ids: sample.map((q) => q.id), samplesMs, medianMs: median(samplesMs), right, timeoutMs };
}

/** fuse.js over the corpus's sentences; `share` < 1 keeps only that share of them (quick runs). */
export function runFuse(workload: Workload, sample: readonly BenchQuote[], share = 1): PeerResult {
  const t0 = performance.now();
  const lines = fs.readFileSync(workload.linesFile, 'utf8').split('\n');
  const sentences: string[] = [];
  const keys: string[] = [];
  const keep = Math.ceil(lines.length * share);
  lines.forEach((line, i) => {
    if (line === '' || i >= keep) return;
    const key = keyOfLine(workload, i + 1);
    for (const s of line.split(/(?<=[.!?])\s+(?=[A-Z"“])/)) {
      sentences.push(s);
      keys.push(key);
    }
  });
  const fuse = new Fuse(sentences, { includeScore: true, ignoreLocation: true, threshold: 0.4 });
  const setupMs = performance.now() - t0;
  const samplesMs: number[] = [];
  let right = 0;
  for (const q of sample) {
    const s = performance.now();
    const results = fuse.search(q.text, { limit: 5 });
    samplesMs.push(performance.now() - s);
    // A hit: the best result is a sentence of the cited article with a near-perfect score.
    const best = results[0];
    const inCited = best !== undefined && keys[best.refIndex] === q.cited && (best.score ?? 1) < 0.01;
    if (inCited === isVerbatim(q)) right++;
  }
  return {
    name: 'fuse.js',
    available: true,
    note: `${sentences.length.toLocaleString('en-US')} sentences${share < 1 ? ` (${Math.round(share * 100)} % of the corpus)` : ''}`,
    ids: sample.map((q) => q.id),
    samplesMs,
    medianMs: median(samplesMs),
    right,
    setupMs,
  };
}
