/**
 * Precision and recall of unquoted reuse (issue 26) on material Verbatim's authors did not write.
 *
 *   node --import tsx bench/reuseAccuracy.ts [--size S|L] [--items N] [--news DIR]
 *
 * The library is the bench corpus (SOTU articles; `--size L` adds the syndicated copies), or with
 * `--news DIR` public news articles: `DIR/*.csv` with a `text` column (kept outside the repository).
 * A draft of N paragraphs is drawn: the writer's own sentences (taken from the other corpus: news
 * sentences for SOTU, SOTU sentences for news) with, in each paragraph, one of: a source sentence
 * copied whole, a run of 12–30 source words inside the writer's sentence, such a run with one or two
 * words changed (bridged), a paraphrase (a word changed every 3–4 words), a stock phrase (10 words
 * three or more sources hold amid different words), the same run properly quoted and cited, or
 * nothing. The draft is scanned as the language service scans it (`draftProse` + `ReuseScanner`);
 * a run overlapping a copy is a hit, any other run a false alarm.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft } from '../server/src/core/draft/draftAnalysis';
import { draftProse } from '../server/src/core/draft/draftProse';
import { SourceLibrary, type IndexedSource } from '../server/src/core/library/sourceLibrary';
import { ReuseScanner } from '../server/src/core/match/reuseScan';
import { tokenize } from '../server/src/core/text/tokenizer';
import { CACHE_DIR, ensureWorkload, type SizeName } from './corpus';
import { Rng } from './prng';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const size = (option('--size') ?? 'S') as SizeName;
const items = Number(option('--items') ?? '600');
const newsDir = option('--news');
const rng = new Rng(`reuse-accuracy/${size}/${newsDir ? 'news' : 'sotu'}`);

/** Rows of a CSV file (RFC 4180 quoting), header first. */
function csvRows(file: string): string[][] {
  const text = fs.readFileSync(file, 'utf8');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n' && ++i)) {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** The `text` column of every CSV file of a folder. */
function newsTexts(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .flatMap((f) => {
      const [header, ...rows] = csvRows(path.join(dir, f));
      const column = header?.findIndex((name) => name.trim() === 'text') ?? -1;
      return column < 0 ? [] : rows.map((r) => r[column] ?? '').filter((t) => t.length > 200);
    });
}

function sotuTexts(): string[] {
  const workload = ensureWorkload(size, (line) => process.stderr.write(`${line}\n`));
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) walk(file);
      else texts.push(fs.readFileSync(file, 'utf8'));
    }
  };
  walk(workload.corpusDir);
  return texts;
}

const sentencesOf = (text: string): string[] =>
  text
    .replace(/^---[\s\S]*?\n---\n/, '')
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z"“])/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

const library = new SourceLibrary();
const sourceTexts = newsDir ? newsTexts(newsDir) : sotuTexts();
sourceTexts.forEach((text, i) => library.addText({ uri: `file:///library/${i}.txt`, path: `library/${String(i).padStart(6, '0')}.txt`, text }));
library.index.prepare();
const writerTexts = newsDir ? sotuTexts().slice(0, 400) : fs.existsSync(path.join(CACHE_DIR, 'writer-news.txt')) ? [fs.readFileSync(path.join(CACHE_DIR, 'writer-news.txt'), 'utf8')] : [];
const writerSentences = writerTexts
  .flatMap(sentencesOf)
  .filter((s) => !/["“”«»]/.test(s) && tokenize(s).length >= 6 && tokenize(s).length <= 40);
if (writerSentences.length === 0) throw new Error(`no writer sentences: with the SOTU library, put news text in ${path.join(CACHE_DIR, 'writer-news.txt')}`);
const sources = library.sources().filter((e) => e.words.ids.length > 80);
const writer = (n: number): string => Array.from({ length: n }, () => rng.pick(writerSentences)).join(' ');

/** A run of `length` source words as the source writes them (quote marks dropped). */
function span(entry: IndexedSource, length: number): string {
  const at = rng.int(0, entry.words.ids.length - length - 1);
  const text = entry.source.text;
  const last = tokenize(text, entry.words.starts[at + length - 1]!, Math.min(text.length, entry.words.starts[at + length - 1]! + 80))[0]!;
  return text.slice(entry.words.starts[at]!, last.end).replace(/\s+/g, ' ').replace(/["“”«»„]/g, '');
}

/** A writer's word other than `not`. */
function otherWord(not: string): string {
  for (;;) {
    const word = rng.pick(tokenize(rng.pick(writerSentences))).norm;
    if (word !== not) return word;
  }
}

/** `text` with the words at `positions` replaced by other words. */
function changed(text: string, positions: readonly number[]): string {
  const tokens = tokenize(text);
  let out = text;
  for (const p of [...positions].sort((a, b) => b - a)) out = out.slice(0, tokens[p]!.start) + otherWord(tokens[p]!.norm) + out.slice(tokens[p]!.end);
  return out;
}

/** 10-word runs three or more sources hold amid different words (what the scan calls stock phrases). */
function stockPhrases(): string[] {
  const n = 10;
  const seen = new Map<string, Array<[IndexedSource, number]>>();
  // At L the first 4,000 sources (copy 0, the S articles) are enough to find them, in a bounded map.
  for (const entry of library.sources().slice(0, 4000)) {
    const ids = entry.words.ids;
    for (let i = 0; i + n <= ids.length; i++) {
      const key = ids.subarray(i, i + n).join(',');
      const list = seen.get(key);
      if (list === undefined) seen.set(key, [[entry, i]]);
      else if (list.length < 40 && !list.some(([e]) => e === entry)) list.push([entry, i]);
    }
  }
  const phrases: string[] = [];
  for (const list of seen.values()) {
    if (list.length < 3) continue;
    if (new Set(list.map(([e, i]) => e.words.ids[i - 1] ?? -1)).size < 3 || new Set(list.map(([e, i]) => e.words.ids[i + n] ?? -1)).size < 3) continue;
    const [entry, i] = list[0]!;
    const text = entry.source.text;
    phrases.push(text.slice(entry.words.starts[i]!, tokenize(text, entry.words.starts[i + n - 1]!)[0]!.end).replace(/\s+/g, ' ').replace(/["“”«»„]/g, ''));
  }
  return phrases;
}
const stocks = stockPhrases();

interface Item {
  readonly kind: string;
  readonly copy: boolean;
  readonly start: number;
  readonly end: number;
  readonly words: number;
}
const placed: Item[] = [];
let draft = '# Reuse accuracy\n\n';
const place = (kind: string, copy: boolean, inner: string, before: string, after: string): void => {
  draft += before;
  const start = draft.length;
  draft += inner;
  placed.push({ kind, copy, start, end: draft.length, words: tokenize(inner).length });
  draft += `${after}\n\n`;
};
const KINDS = ['copied sentence', 'copied run in own sentence', 'copied run, 1–2 words changed', 'paraphrase', 'stock phrase', 'quoted and cited', 'own words'] as const;
for (let k = 0; k < items; k++) {
  const entry = rng.pick(sources);
  const kind = KINDS[k % KINDS.length]!;
  if (kind === 'copied sentence') {
    const sentences = sentencesOf(entry.source.text).filter((s) => tokenize(s).length >= 12 && tokenize(s).length <= 45);
    if (sentences.length > 0) place(kind, true, rng.pick(sentences).replace(/["“”«»„]/g, ''), `${writer(1)} `, ` ${writer(1)}`);
  } else if (kind === 'copied run in own sentence') {
    const lead = rng.pick(writerSentences).split(' ').slice(0, rng.int(3, 8)).join(' ');
    place(kind, true, span(entry, rng.int(12, 30)), `${writer(1)} ${lead}, `, `, ${rng.pick(['which matters', 'as we saw', 'and that is the point', 'while others disagree'])}. ${writer(1)}`);
  } else if (kind === 'copied run, 1–2 words changed') {
    const text = span(entry, rng.int(14, 30));
    const count = tokenize(text).length;
    const first = rng.int(5, count - 6);
    const second = first + rng.int(4, 8);
    place(kind, true, changed(text, rng.chance(0.5) && second <= count - 6 ? [first, second] : [first]), `${writer(1)} `, ` ${writer(1)}`);
  } else if (kind === 'paraphrase') {
    const text = span(entry, rng.int(16, 35));
    const positions: number[] = [];
    for (let p = rng.int(1, 3); p < tokenize(text).length; p += rng.int(3, 4)) positions.push(p);
    place(kind, false, changed(text, positions), `${writer(1)} `, ` ${writer(1)}`);
  } else if (kind === 'stock phrase') {
    if (stocks.length > 0) place(kind, false, rng.pick(stocks), `${writer(1)} `, ` ${writer(1)}`);
  } else if (kind === 'quoted and cited') {
    place(kind, false, `“${span(entry, rng.int(12, 30))}” [@${entry.source.key}]`, `${writer(1)} As reported, `, `. ${writer(1)}`);
  } else {
    place(kind, false, writer(rng.int(2, 4)), '', '');
  }
}

const scanner = new ReuseScanner(library);
const prose = draftProse(analyzeDraft(draft));
const cpuStart = process.cpuUsage();
const started = performance.now();
const runs = prose.flatMap((p) => [...scanner.scanParagraph(draft, p.start, p.end, p.ranges)]);
const elapsed = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }): boolean => a.start < b.end && b.start < a.end;
const flagged = new Map<string, { n: number; flagged: number }>();
for (const item of placed) {
  const row = flagged.get(item.kind) ?? { n: 0, flagged: 0 };
  row.n++;
  if (runs.some((run) => overlaps(run, item))) row.flagged++;
  flagged.set(item.kind, row);
}
const copies = placed.filter((i) => i.copy);
const hits = copies.filter((i) => runs.some((run) => overlaps(run, i)));
const long = copies.filter((i) => i.words >= 12);
const longHits = long.filter((i) => runs.some((run) => overlaps(run, i)));
const falseAlarms = runs.filter((run) => !copies.some((i) => overlaps(run, i)));
const percent = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)} %`;
console.log(`library: ${newsDir ? `news (${path.basename(newsDir)})` : `SOTU ${size}`}, ${library.size} sources, ${library.totalWords.toLocaleString('en-US')} words; draft ${tokenize(draft).length.toLocaleString('en-US')} words, ${placed.length} paragraphs; ${stocks.length} stock phrases in the library; scan ${elapsed.toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, cold), ${scanner.work.postings.toLocaleString('en-US')} postings`);
console.log('| paragraph holds | flagged |\n|---|---:|');
for (const kind of KINDS) if (flagged.has(kind)) console.log(`| ${kind} | ${flagged.get(kind)!.flagged} / ${flagged.get(kind)!.n} |`);
console.log(`precision ${percent(runs.length - falseAlarms.length, runs.length)} (${falseAlarms.length} false alarms of ${runs.length} runs); recall ${percent(hits.length, copies.length)} (${hits.length}/${copies.length}); recall for runs of 12+ words ${percent(longHits.length, long.length)} (${longHits.length}/${long.length})`);
for (const run of falseAlarms.slice(0, 10)) console.log(`  false alarm: ${draft.slice(run.start, run.end)} (@${run.entry.source.key})`);
for (const item of copies.filter((i) => !hits.includes(i)).slice(0, 10)) {
  const from = draft.lastIndexOf("\n\n", item.start) + 2;
  console.log(`  missed (${item.kind}, ${item.words} words): ${draft.slice(item.start, item.end)}\n    in: ${draft.slice(from, draft.indexOf("\n\n", item.end))}`);
}
