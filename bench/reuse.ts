/**
 * The unquoted-reuse rows (issue 26): the reuse scan of the 5,000-word draft, one paragraph's
 * re-scan after an edit, and the yardstick the peers use for the same job — a 5-gram shingle index
 * of the library and a scan of the draft's 5-grams through it, extended on each hit's diagonal, as
 * passim finds reuse (implemented here only to compare; it has no bridging and no informativeness).
 */
import { analyzeDraft } from '../server/src/core/draft/draftAnalysis';
import { draftProse, type ParagraphProse } from '../server/src/core/draft/draftProse';
import type { SourceLibrary } from '../server/src/core/library/sourceLibrary';
import { DEFAULT_REUSE_OPTIONS, ReuseScanner } from '../server/src/core/match/reuseScan';
import { foldWord, forEachWord } from '../server/src/core/text/tokenizer';
import { median, quantile } from './stats';

export interface ReuseResult {
  /** Whole-draft scans with a fresh scanner (nothing cached), in ms. */
  readonly scanMs: readonly number[];
  /** The same scans' CPU time (user + system), in ms: what a loaded machine's scheduling leaves out. */
  readonly scanCpuMs: readonly number[];
  readonly runs: number;
  /** Postings visited by one whole-draft scan. */
  readonly postings: number;
  /** Re-scan of the draft after a one-word edit in one paragraph (the others cached), in ms. */
  readonly rescan: { readonly p50: number; readonly p99: number; readonly n: number; readonly cpuP50: number; readonly cpuP99: number };
  readonly shingle: { readonly indexMs: number; readonly scanMs: readonly number[]; readonly scanCpuMs: readonly number[]; readonly runs: number; readonly postings: number };
}

/** Measures the reuse scan and the shingle yardstick on `draft` against `library`. */
export function measureReuse(library: SourceLibrary, draft: string, quick: boolean): ReuseResult {
  const analysis = analyzeDraft(draft);
  const prose = draftProse(analysis);
  const runsCount = quick ? 3 : 9;
  const scanMs: number[] = [];
  let runs = 0;
  let postings = 0;
  // Warm-up: the scanner's code compiled, as in a server that has checked drafts before.
  scanAll(new ReuseScanner(library), draft, prose);
  const scanCpuMs: number[] = [];
  for (let r = 0; r < runsCount; r++) {
    const scanner = new ReuseScanner(library);
    const cpu = process.cpuUsage();
    const s = performance.now();
    runs = scanAll(scanner, draft, prose);
    scanMs.push(performance.now() - s);
    scanCpuMs.push(cpuMs(process.cpuUsage(cpu)));
    postings = scanner.work.postings;
  }

  // One-word edits, one paragraph at a time, each scanned with the previous draft's paragraphs cached.
  const scanner = new ReuseScanner(library);
  scanAll(scanner, draft, prose);
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const edits = quick ? 50 : 300;
  let text = draft;
  for (let k = 0; k < edits; k++) {
    const paragraph = prose[(k * 7) % prose.length]!;
    const range = paragraph.ranges[0];
    if (range === undefined) continue;
    const at = text.indexOf(' ', range[0] + 1);
    if (at < 0 || at >= range[1]) continue;
    text = `${text.slice(0, at)} word${k}${text.slice(at)}`;
    const edited = draftProse(analyzeDraft(text));
    const cpu = process.cpuUsage();
    const s = performance.now();
    scanAll(scanner, text, edited);
    samples.push(performance.now() - s);
    cpuSamples.push(cpuMs(process.cpuUsage(cpu)));
    // The next edit goes into the draft as it is now (offsets of the prose moved).
    prose.splice(0, prose.length, ...edited);
  }
  const sorted = [...samples].sort((a, b) => a - b);
  const sortedCpu = [...cpuSamples].sort((a, b) => a - b);

  const shingleIndexStart = performance.now();
  const shingles = new ShingleIndex(library);
  const indexMs = performance.now() - shingleIndexStart;
  const shingleMs: number[] = [];
  let shingleRuns = 0;
  const original = draftProse(analysis);
  const shingleCpuMs: number[] = [];
  for (let r = 0; r < runsCount; r++) {
    const cpu = process.cpuUsage();
    const s = performance.now();
    shingleRuns = shingles.scan(draft, original);
    shingleMs.push(performance.now() - s);
    shingleCpuMs.push(cpuMs(process.cpuUsage(cpu)));
  }
  return {
    scanMs,
    scanCpuMs,
    runs,
    postings,
    rescan: { p50: median(sorted), p99: quantile(sorted, 0.99), n: sorted.length, cpuP50: median(sortedCpu), cpuP99: quantile(sortedCpu, 0.99) },
    shingle: { indexMs, scanMs: shingleMs, scanCpuMs: shingleCpuMs, runs: shingleRuns, postings: shingles.visited / runsCount },
  };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

function scanAll(scanner: ReuseScanner, text: string, prose: readonly ParagraphProse[]): number {
  let runs = 0;
  for (const p of prose) runs += scanner.scanParagraph(text, p.start, p.end, p.ranges).length;
  return runs;
}

const N = 5;

/** A 5-gram's 32-bit hash over word ids, never 0. */
function shingleHash(ids: ArrayLike<number>, at: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < N; k++) h = Math.imul(h ^ ids[at + k]!, 0x01000193);
  h ^= h >>> 15;
  return h === 0 ? 1 : h >>> 0;
}

/** Every 5-gram of the library in an open-addressing table of hashes with postings (global token positions). */
class ShingleIndex {
  private readonly keys: Uint32Array;
  private readonly offsets: Uint32Array;
  private readonly postings: Uint32Array;
  private readonly docs: Uint32Array[] = [];
  private readonly starts: number[] = [];
  private readonly mask: number;
  visited = 0;

  constructor(private readonly library: SourceLibrary) {
    let total = 0;
    for (const entry of library.sources()) {
      this.docs.push(entry.words.ids);
      this.starts.push(total);
      total += entry.words.ids.length;
    }
    let capacity = 1024;
    while (capacity < total * 1.5) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Uint32Array(capacity);
    const counts = new Uint32Array(capacity + 1);
    for (const ids of this.docs) for (let p = 0; p + N <= ids.length; p++) counts[this.slot(shingleHash(ids, p), true) + 1]!++;
    for (let s = 0; s < capacity; s++) counts[s + 1]! += counts[s]!;
    this.offsets = counts;
    const next = counts.slice(0, capacity);
    this.postings = new Uint32Array(counts[capacity]!);
    this.docs.forEach((ids, d) => {
      for (let p = 0; p + N <= ids.length; p++) this.postings[next[this.slot(shingleHash(ids, p), false)]!++] = this.starts[d]! + p;
    });
  }

  /** The slot of a hash (claimed when `add` and free), or -1 when absent. */
  private slot(hash: number, add: boolean): number {
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const key = this.keys[s]!;
      if (key === hash) return s;
      if (key === 0) {
        if (!add) return -1;
        this.keys[s] = hash;
        return s;
      }
    }
  }

  /** Runs of at least `minWords` words the draft's prose shares with a source (exact, on each hit's diagonal). */
  scan(text: string, prose: readonly ParagraphProse[]): number {
    const vocabulary = this.library.vocabulary;
    const minWords = DEFAULT_REUSE_OPTIONS.minWords;
    let runs = 0;
    for (const paragraph of prose) {
      for (const [from, to] of paragraph.ranges) {
        const ids: number[] = [];
        forEachWord(text, from, to, (start, end) => {
          const norm = foldWord(text.slice(start, end));
          if (norm !== '') ids.push(vocabulary.find(norm) ?? -1);
        });
        // Diagonals already extended, as "doc:offset".
        const done = new Set<string>();
        for (let i = 0; i + N <= ids.length; i++) {
          let known = true;
          for (let k = 0; k < N; k++) if (ids[i + k]! < 0) known = false;
          if (!known) continue;
          const s = this.slot(shingleHash(ids, i), false);
          if (s < 0) continue;
          for (let k = this.offsets[s]!; k < this.offsets[s + 1]!; k++) {
            this.visited++;
            const global = this.postings[k]!;
            const d = documentOf(this.starts, global);
            const source = this.docs[d]!;
            const pos = global - this.starts[d]!;
            const diagonal = `${d}:${pos - i}`;
            if (done.has(diagonal)) continue;
            let a = 0;
            while (i - a - 1 >= 0 && pos - a - 1 >= 0 && ids[i - a - 1] === source[pos - a - 1]) a++;
            let b = 0;
            while (i + b < ids.length && pos + b < source.length && ids[i + b] === source[pos + b]) b++;
            if (a + b >= minWords) {
              runs++;
              done.add(diagonal);
            }
          }
        }
      }
    }
    return runs;
  }
}

/** The document whose token range holds global position `at`. */
function documentOf(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
