/**
 * Measures Verbatim itself on one corpus size, in its own process (run with --expose-gc so memory is
 * measured after collection, and so S and L never share a heap). Writes a JSON `WorkerResult`.
 *
 *   node --expose-gc --import tsx bench/worker.ts --size S --out result.json [--quick]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { QuoteMatcher, type QuoteVerdict } from '../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import { SourceLibrary, wordEndAt } from '../server/src/core/library/sourceLibrary';
import { listSourceFiles } from '../server/src/library/sourceFiles';
import { createLanguageService } from '../server/src/service/languageService';
import { metadataIndexReady, prepareSourceSearch } from '../server/src/service/sourceSearch';
import { measureReuse, type ReuseResult } from './reuse';
import { CACHE_DIR, pickQuick, readWorkload, type Expected, type QuoteKind, type SizeName } from './corpus';
import { Rng } from './prng';
import { median, quantile } from './stats';
import { latexDraft } from './latexDraft';

export interface Latency {
  readonly n: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Requests whose answer was non-empty (a sanity check that the feature did something). */
  readonly answered: number;
}

export interface WrongVerdict {
  readonly id: number;
  readonly kind: QuoteKind;
  readonly text: string;
  readonly cited: string;
  readonly from: string;
  readonly expected: Expected;
  readonly got: string;
  readonly matchedKey?: string;
  readonly matchedPassage?: string;
  readonly cost?: number;
}

export interface WorkerResult {
  readonly size: SizeName;
  readonly quick: boolean;
  readonly files: number;
  readonly bytes: number;
  readonly sources: number;
  readonly words: number;
  readonly vocabulary: number;
  readonly readMs: number;
  readonly addMs: number;
  readonly firstQueryMs: number;
  readonly memory: { readonly heapBytes: number; readonly rssBytes: number; readonly baselineHeap: number; readonly baselineRss: number };
  readonly check: {
    readonly verbatim: Latency;
    readonly misquote: Latency;
    readonly all: Latency;
    /** Per quote id: milliseconds of the first timed pass. */
    readonly perQuote: Record<number, number>;
    /** Postings visited and alignment cells filled per quote, when the matcher counts them. */
    readonly workPerQuote?: { readonly postings: number; readonly cells: number };
  };
  readonly accuracy: Record<string, { n: number; right: number; got: Record<string, number> }>;
  readonly wrong: readonly WrongVerdict[];
  /** How long the metadata word index of citation completion took to build after the library (in slices, as the server does it). */
  readonly completion: { readonly bracket: Latency; readonly prefix: Latency; readonly quote: Latency; readonly wordIndexMs: number };
  readonly hover: { readonly key: Latency; readonly quote: Latency; readonly quoteCached: Latency };
  readonly draft: {
    readonly words: number;
    readonly quotes: number;
    readonly runsMs: readonly number[];
    readonly diagnostics: number;
    readonly right: number;
    readonly wrong: ReadonlyArray<{ id: number; kind: QuoteKind; expected: string; got: string; text: string }>;
    /** The same draft written in LaTeX (`bench/latexDraft`), checked as many times. */
    readonly latex: { readonly runsMs: readonly number[]; readonly right: number };
  };
  readonly reindex: { readonly samplesMs: readonly number[]; readonly verbatimAfter: number };
  /** Unquoted reuse (issue 26): the draft's reuse scan, a paragraph's re-scan, the shingle yardstick. */
  readonly reuse: ReuseResult;
}

const EXPECTED_CODE: Record<Expected, string> = {
  verbatim: 'none',
  misquote: 'misquote',
  'wrong-source': 'wrong-source',
  'not-found': 'quote-not-found',
};

function args(): { size: SizeName; out: string; quick: boolean } {
  const argv = process.argv.slice(2);
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { size: (get('--size') ?? 'S') as SizeName, out: get('--out') ?? path.join(CACHE_DIR, 'worker.json'), quick: argv.includes('--quick') };
}

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) {
    collect();
    collect();
  }
}

function latency(samples: readonly number[], answered: number): Latency {
  return { n: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: quantile(samples, 1), answered };
}

async function main(): Promise<void> {
  const { size, out, quick } = args();
  const workload = readWorkload(size);
  const rng = new Rng(`worker/${size}`);
  const reps = quick ? 40 : 300;

  // --- Read and index ------------------------------------------------------------------------
  gc();
  const base = process.memoryUsage();
  const t0 = performance.now();
  const files = listSourceFiles(workload.corpusDir, (file, reason) => {
    throw new Error(`${file}: ${reason}`);
  });
  let contents: Array<{ uri: string; path: string; bytes: Uint8Array }> | undefined = files.map((file) => ({
    uri: pathToFileURL(file).href,
    path: path.relative(workload.corpusDir, file),
    bytes: fs.readFileSync(file),
  }));
  const t1 = performance.now();
  const library = new SourceLibrary();
  for (const file of contents) library.addFile(file);
  const t2 = performance.now();
  const matcher = new QuoteMatcher(library);
  const check = (q: { text: string; cited: string }): QuoteVerdict => {
    const entry = library.get(q.cited);
    return matcher.check(parseQuotePattern(q.text, 0, q.text.length), entry ? [entry] : []);
  };
  // As `loadLibrary` does after a load: build the index segments now, not on the first lookup.
  library.index.prepare();
  check(workload.quotes[0]!);
  const t3 = performance.now();
  const bytes = contents.reduce((n, c) => n + c.bytes.length, 0);
  contents = undefined;
  gc();
  const after = process.memoryUsage();
  const memory = {
    heapBytes: after.heapUsed + after.external - (base.heapUsed + base.external),
    rssBytes: after.rss - base.rss,
    baselineHeap: base.heapUsed + base.external,
    baselineRss: base.rss,
  };
  log(`${size}: read ${files.length} files in ${(t1 - t0).toFixed(0)} ms, addFile ${(t2 - t1).toFixed(0)} ms, first query ${(t3 - t2).toFixed(0)} ms`);

  // --- Per-quote checks and accuracy ---------------------------------------------------------
  const quotes = quick ? pickQuick(workload.quotes) : workload.quotes;
  const accuracy: WorkerResult['accuracy'] = {};
  let workPerQuote: { postings: number; cells: number } | undefined;
  const wrong: WrongVerdict[] = [];
  const work = (matcher as unknown as { work?: { postings: number; cells: number } }).work;
  // Warm-up: a few quotes, untimed (the JIT, the index's lazy parts, the protected-word cache).
  for (const q of rng.shuffle(quotes).slice(0, 40)) check(q);
  const workBefore = work ? { ...work } : undefined;
  const perQuote: Record<number, number> = {};
  const verbatimSamples: number[] = [];
  const misquoteSamples: number[] = [];
  const passStart = performance.now();
  // The first timed pass gives the verdicts too; a second one only when the first was cheap.
  for (let pass = 0; pass < 2; pass++) {
    if (pass === 1 && (quick || performance.now() - passStart > 15_000)) break;
    for (const q of rng.shuffle(quotes)) {
      const s = performance.now();
      const verdict = check(q);
      const dt = performance.now() - s;
      (q.expected === 'verbatim' ? verbatimSamples : misquoteSamples).push(dt);
      if (pass > 0) continue;
      perQuote[q.id] = dt;
      const got = verdict.kind;
      const a = (accuracy[q.kind] ??= { n: 0, right: 0, got: {} });
      a.n++;
      a.got[got] = (a.got[got] ?? 0) + 1;
      if (got === q.expected) {
        a.right++;
        continue;
      }
      const match = 'match' in verdict ? verdict.match : verdict.nearest;
      wrong.push({
        id: q.id,
        kind: q.kind,
        text: q.text,
        cited: q.cited,
        from: q.from,
        expected: q.expected,
        got,
        ...(match
          ? {
              matchedKey: match.entry.source.key,
              cost: match.alignment.cost,
              matchedPassage: match.entry.source.text
                .slice(match.entry.words.starts[match.alignment.sourceStart] ?? 0, wordEndAt(match.entry, Math.max(match.alignment.sourceStart, match.alignment.sourceEnd - 1)))
                .slice(0, 400),
            }
          : {}),
      });
    }
    if (pass === 0 && work && workBefore) {
      workPerQuote = { postings: (work.postings - workBefore.postings) / quotes.length, cells: (work.cells - workBefore.cells) / quotes.length };
    }
  }

  // --- Completion and hover through the service ----------------------------------------------
  const service = createLanguageService({ library });
  // As the server does once the library is loaded: build citation completion's word index of the
  // sources' metadata (a large library's in slices between requests) before the first `@` is typed.
  const wordIndexStart = performance.now();
  prepareSourceSearch(library);
  while (!metadataIndexReady(library)) await new Promise((resolve) => setImmediate(resolve));
  const wordIndexMs = performance.now() - wordIndexStart;
  let version = 0;
  const uri = 'file:///bench/draft-interactive.md';
  const lead = 'Reporters compared the speeches with the record and found many passages worth a second look. ';
  // Each feature gets `count` requests or `budget` ms, whichever ends first (at least 30 requests).
  const budget = quick ? 1_000 : 8_000;
  const timeRequests = (count: number, make: (i: number) => () => boolean): Latency => {
    const samples: number[] = [];
    let answered = 0;
    const started = performance.now();
    for (let i = -10; i < count; i++) {
      if (i < 0 && performance.now() - started > budget / 4) i = 0; // a slow feature: shorter warm-up
      if (samples.length >= 30 && performance.now() - started > budget) break;
      const request = make(i + 10);
      const s = performance.now();
      const ok = request();
      const dt = performance.now() - s;
      if (i >= 0) {
        samples.push(dt);
        if (ok) answered++;
      }
    }
    return latency(samples, answered);
  };
  const at = (text: string, offset = text.length): [TextDocument, ReturnType<TextDocument['positionAt']>] => {
    const doc = TextDocument.create(uri, 'markdown', ++version, text);
    return [doc, doc.positionAt(offset)];
  };
  const bracket = timeRequests(reps, (i) => () => {
    const [doc, pos] = at(`${lead}Edition ${i}: the message says so [@`);
    return service.getCompletionItems(doc, pos).items.length > 0;
  });
  const prefix = timeRequests(reps, (i) => () => {
    const [doc, pos] = at(`${lead}Edition ${i}: as @${workload.keyPrefixes[i % workload.keyPrefixes.length]!}`);
    return service.getCompletionItems(doc, pos).items.length > 0;
  });
  const quoteCompletion = timeRequests(reps, (i) => () => {
    const o = workload.quoteOpenings[i % workload.quoteOpenings.length]!;
    const [doc, pos] = at(`${lead}Edition ${i}: as @${o.key} said, "${o.typed}`);
    return service.getCompletionItems(doc, pos).items.length > 0;
  });
  const hoverKey = timeRequests(reps, (i) => () => {
    const key = workload.quotes[i % workload.quotes.length]!.cited;
    const text = `${lead}Edition ${i}: the address [@${key}] said so.`;
    const [doc, pos] = at(text, text.indexOf('@') + 3);
    return service.getHover(doc, pos) !== undefined;
  });
  const hoverQuotes = rng.shuffle(quotes);
  const hoverQuote = timeRequests(reps, (i) => () => {
    const q = hoverQuotes[i % hoverQuotes.length]!;
    const text = `${lead}Edition ${i}: as @${q.cited} said, "${q.text}" and more.`;
    const [doc, pos] = at(text, text.indexOf('"') + 3);
    return service.getHover(doc, pos) !== undefined;
  });

  // In an editor the draft was checked when it changed, so hover usually finds the verdict cached.
  const hoverQuoteCached = timeRequests(reps, (i) => {
    const q = hoverQuotes[i % hoverQuotes.length]!;
    const text = `${lead}Edition ${i}: as @${q.cited} said, "${q.text}" and more.`;
    const [doc, pos] = at(text, text.indexOf('"') + 3);
    service.computeDiagnostics(doc); // untimed: the check that ran on change
    return () => service.getHover(doc, pos) !== undefined;
  });

  // --- Whole draft ---------------------------------------------------------------------------
  const runs = quick ? 3 : 9;
  const runsMs: number[] = [];
  const draftStart = performance.now();
  let diagnostics: ReturnType<typeof service.computeDiagnostics> = [];
  let draftDoc = TextDocument.create('file:///bench/draft.md', 'markdown', 1, workload.draft.text);
  for (let r = 0; r < runs; r++) {
    if (r >= (quick ? 1 : 3) && performance.now() - draftStart > (quick ? 3_000 : 20_000)) break;
    draftDoc = TextDocument.create('file:///bench/draft.md', 'markdown', r + 1, workload.draft.text);
    const fresh = createLanguageService({ library });
    const s = performance.now();
    diagnostics = fresh.computeDiagnostics(draftDoc);
    runsMs.push(performance.now() - s);
  }
  const byStart = new Map<number, string>();
  for (const d of diagnostics ?? []) byStart.set(draftDoc.offsetAt(d.range.start), String(d.code));
  const quoteById = new Map(workload.quotes.map((q) => [q.id, q] as const));
  // The same draft in LaTeX: its parser's cost on top of the same checks, and the same verdicts.
  const latex = latexDraft(workload.draft, quoteById);
  const latexRunsMs: number[] = [];
  let latexDoc = TextDocument.create('file:///bench/draft.tex', 'latex', 1, latex.text);
  let latexDiagnostics: ReturnType<typeof service.computeDiagnostics> = [];
  for (let r = 0; r < runsMs.length; r++) {
    latexDoc = TextDocument.create('file:///bench/draft.tex', 'latex', r + 1, latex.text);
    const fresh = createLanguageService({ library });
    const s = performance.now();
    latexDiagnostics = fresh.computeDiagnostics(latexDoc);
    latexRunsMs.push(performance.now() - s);
  }
  const latexByStart = new Map<number, string>();
  for (const d of latexDiagnostics ?? []) latexByStart.set(latexDoc.offsetAt(d.range.start), String(d.code));
  let latexRight = 0;
  for (const placed of workload.draft.quotes) {
    const got = latexByStart.get(latex.starts.get(placed.id) ?? -1) ?? 'none';
    if (got === EXPECTED_CODE[quoteById.get(placed.id)!.expected]) latexRight++;
  }
  let right = 0;
  const draftWrong: WorkerResult['draft']['wrong'][number][] = [];
  for (const placed of workload.draft.quotes) {
    const q = quoteById.get(placed.id)!;
    const got = byStart.get(placed.start) ?? 'none';
    if (got === EXPECTED_CODE[q.expected]) right++;
    else draftWrong.push({ id: q.id, kind: q.kind, expected: EXPECTED_CODE[q.expected], got, text: q.text });
  }

  // --- Unquoted reuse ------------------------------------------------------------------------
  const reuse = measureReuse(library, workload.draft.text, quick);

  // --- Re-index after one article changes ----------------------------------------------------
  const reindexSamples: number[] = [];
  let verbatimAfter = 0;
  for (const item of workload.reindex.slice(0, quick ? 5 : 20)) {
    const full = path.join(workload.corpusDir, item.file);
    const text = fs.readFileSync(full, 'utf8');
    const quoteAt = text.indexOf(item.quote);
    const body = text.indexOf('\n---\n') + 5;
    // Change one word outside the quoted passage ("a word changed here").
    const re = /\b\p{L}{4,}\b/gu;
    re.lastIndex = quoteAt > body + 200 ? body : quoteAt + item.quote.length;
    const m = re.exec(text);
    const changed = m ? text.slice(0, m.index) + 'revised' + text.slice(m.index + m[0].length) : `${text}\nRevised.\n`;
    const s = performance.now();
    library.addText({ uri: pathToFileURL(full).href, path: path.relative(workload.corpusDir, full), text: changed });
    const verdict = check({ text: item.quote, cited: item.key });
    reindexSamples.push(performance.now() - s);
    if (verdict.kind === 'verbatim') verbatimAfter++;
  }

  const result: WorkerResult = {
    size,
    quick,
    files: files.length,
    bytes,
    sources: library.size,
    words: library.totalWords,
    vocabulary: library.vocabulary.size,
    readMs: t1 - t0,
    addMs: t2 - t1,
    firstQueryMs: t3 - t2,
    memory,
    check: {
      verbatim: latency(verbatimSamples, verbatimSamples.length),
      misquote: latency(misquoteSamples, misquoteSamples.length),
      all: latency([...verbatimSamples, ...misquoteSamples], 0),
      perQuote,
      ...(workPerQuote ? { workPerQuote } : {}),
    },
    accuracy,
    wrong,
    completion: { bracket, prefix, quote: quoteCompletion, wordIndexMs },
    hover: { key: hoverKey, quote: hoverQuote, quoteCached: hoverQuoteCached },
    draft: {
      words: workload.draft.words,
      quotes: workload.draft.quotes.length,
      runsMs,
      diagnostics: diagnostics?.length ?? 0,
      right,
      wrong: draftWrong,
      latex: { runsMs: latexRunsMs, right: latexRight },
    },
    reindex: { samplesMs: reindexSamples, verbatimAfter },
    reuse,
  };
  fs.writeFileSync(out, JSON.stringify(result));
  log(`${size}: done (check p50 ${median(verbatimSamples).toFixed(3)} ms)`);
}

function log(line: string): void {
  process.stderr.write(`  [worker] ${line}\n`);
}

void main();
