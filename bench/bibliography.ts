/**
 * Benchmark rows of bibliographies (issue 11): a synthetic Better BibTeX export of 20,000 entries,
 * made deterministically (seeded PRNG), read by the fast key pass and by the full parser
 * (`@retorquere/bibtex-parser`), per 1,000 entries; and the built language server started on it:
 * how soon the .bib's keys complete (cold; restarted with the key pass kept; restarted with the
 * full parse kept), and completion latency while the full parse runs in the background.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol/node';
import { fullBibtexEntriesSlice, quickBibtexEntries } from '../server/src/readers/bibliography/bibtexEntries';
import { scanBibtex } from '../server/src/readers/bibliography/bibtexScan';
import { loadBibtexParser } from '../server/src/readers/bibliography/bibtexEntries';
import { LspTestClient } from '../tests/protocol/lspClient';
import { CACHE_DIR } from './corpus';
import { Rng } from './prng';
import { median, quantile } from './stats';

/** What the bibliography rows show. */
export interface BibliographyResult {
  readonly entries: number;
  readonly bytes: number;
  /** The fast key pass over the whole file, ms (median of runs), and per 1,000 entries. */
  readonly keyPassMs: number;
  /** The full parser per 1,000 entries (measured on a sample), ms. */
  readonly fullPerThousandMs: number;
  readonly fullSample: number;
  /** `pandoc -f biblatex -t csljson` on the same sample, per 1,000 entries, ms (median of 3; undefined without pandoc). */
  readonly pandocPerThousandMs?: number;
  readonly server?: {
    /** From spawning the server to a completion answer that holds a key of the .bib. */
    readonly coldKeysMs: number;
    /** From the initialize response (the server started) to that answer. */
    readonly coldKeysAfterInitMs: number;
    /** A restart with the key pass kept on disk (the full parse not done yet): spawn to the first key answer, and initialize to it. */
    readonly keptKeysMs: number;
    readonly keptKeysAfterInitMs: number;
    /** The background full parse (in that restart), from the first key answer until the server logged it done. */
    readonly fullParseMs: number;
    /** Completion latency during the full parse. */
    readonly duringP50: number;
    readonly duringP99: number;
    readonly duringRequests: number;
    /** A restart with the full parse kept on disk: from spawning to the first key answer, and from initialize to it. */
    readonly warmKeysMs: number;
    readonly warmKeysAfterInitMs: number;
  };
  readonly error?: string;
}

const FIRST = ['Anna', 'Jörg', 'Seán', 'Lilit', 'Thomas', 'Mariam', 'Ahmet', 'Chen', 'Olga', 'Pierre', 'Zoë', 'Tigran'];
const LAST = ['M{\\"u}ller', 'Kr{\\\'a}l', 'de Waal', 'Petrosyan', 'Smith', 'O\'Brien', 'Nersisyan', 'Yılmaz', 'Dubois', 'van der Berg', 'Hakobyan', 'Li'];
const WORDS = ['blockade', 'corridor', 'peace', 'treaty', 'Caucasus', 'rally', 'parliament', 'security', 'border', 'energy', 'refugees', 'talks', 'mediation', 'ceasefire', 'memory', 'diaspora'];
const JOURNALS = ['Journal of Conflict Studies', 'Caucasus Survey', 'The Armenian Weekly', 'Azatutyun', 'Europe-Asia Studies', 'Nationalities Papers'];

/** A Better BibTeX export of `n` entries: BibLaTeX fields, LaTeX accents, Zotero's file records. */
export function syntheticBibliography(n: number): string {
  const rng = new Rng('verbatim-bench-bibliography-1');
  const parts: string[] = ['% Synthetic Better BibTeX export for the benchmark (deterministic).\n'];
  for (let i = 0; i < n; i++) {
    const authors = Array.from({ length: rng.int(1, 4) }, () => `${rng.pick(LAST)}, ${rng.pick(FIRST)}`).join(' and ');
    const title = Array.from({ length: rng.int(4, 10) }, () => rng.pick(WORDS)).join(' ');
    const year = rng.int(1990, 2024);
    const key = `${rng.pick(LAST).replace(/[^A-Za-z]/g, '').toLowerCase()}${year}${i.toString(36)}`;
    const first = rng.int(1, 300);
    const storage = (i * 7919 + 104729).toString(36).toUpperCase().padStart(8, 'X').slice(0, 8);
    parts.push(
      `@article{${key},\n  title = {{${title.charAt(0).toUpperCase()}}${title.slice(1)}: {A} Study},\n  author = {${authors}},\n` +
        `  date = {${year}-${String(rng.int(1, 12)).padStart(2, '0')}},\n  journaltitle = {${rng.pick(JOURNALS)}},\n  volume = {${rng.int(1, 40)}},\n` +
        `  pages = {${first}--${first + rng.int(5, 30)}},\n  doi = {10.5555/bench.${i}},\n  langid = {english},\n` +
        `  abstract = {${Array.from({ length: rng.int(20, 60) }, () => rng.pick(WORDS)).join(' ')}.},\n` +
        `  file = {Full Text PDF:C\\:\\\\Users\\\\ann\\\\Zotero\\\\storage\\\\${storage}\\\\article.pdf:application/pdf}\n}\n\n`,
    );
  }
  return parts.join('');
}

/** Measures the bibliography rows on a 20,000-entry file (2,000 with `quick`). */
export async function measureBibliography(quick: boolean, log: (line: string) => void): Promise<BibliographyResult> {
  const n = quick ? 2_000 : 20_000;
  const dir = path.join(CACHE_DIR, 'bibliography');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `library-${n}.bib`);
  const text = syntheticBibliography(n);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  log(`bibliography: ${n} entries, ${(text.length / 1024 / 1024).toFixed(1)} MB: key pass …`);
  const runs: number[] = [];
  let entries = 0;
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    entries = quickBibtexEntries(scanBibtex(text)).entries.length;
    runs.push(performance.now() - started);
  }
  if (entries !== n) return { entries, bytes: text.length, keyPassMs: 0, fullPerThousandMs: 0, fullSample: 0, error: `key pass read ${entries} of ${n} entries` };
  log('bibliography: full parse of a sample …');
  const parse = await loadBibtexParser();
  const scan = scanBibtex(text);
  const sample = quick ? 500 : 2_000;
  if (scan.entries.length < 200 + sample) throw new Error('the file is too small for the sample');
  for (let i = 0; i < 200; i += 25) fullBibtexEntriesSlice(scan, parse, i, i + 25); // warm up the parser
  const started = performance.now();
  // In the server's slices of 25 entries, as the background parse runs them.
  for (let i = 200; i < 200 + sample; i += 25) fullBibtexEntriesSlice(scan, parse, i, i + 25);
  const fullPerThousandMs = ((performance.now() - started) / sample) * 1000;
  const pandocPerThousandMs = pandocTime(text.slice(scan.entries[200]!.start, scan.entries[200 + sample - 1]!.end), path.dirname(file), sample);
  const result = { entries, bytes: text.length, keyPassMs: median(runs), fullPerThousandMs, fullSample: sample, ...(pandocPerThousandMs !== undefined ? { pandocPerThousandMs } : {}) };
  try {
    return { ...result, server: await measureServer(file, scan.entries[n - 1]!.key, log) };
  } catch (error) {
    return { ...result, error: `server: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Pandoc's conversion of `entries` entries (`bib`) to CSL-JSON, per 1,000 entries, ms (median of 3); undefined when pandoc cannot be run. */
function pandocTime(bib: string, folder: string, entries: number): number | undefined {
  const sampleFile = path.join(folder, 'pandoc-sample.bib');
  fs.writeFileSync(sampleFile, bib);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const started = performance.now();
    const result = spawnSync('pandoc', ['-f', 'biblatex', '-t', 'csljson', sampleFile, '-o', os.devNull]);
    if (result.status !== 0) return undefined;
    runs.push(performance.now() - started);
  }
  return (median(runs) / entries) * 1000;
}

/** Starts the built server on the .bib: cold, then again with the kept key pass (while it parses fully), then with the kept full parse. */
async function measureServer(file: string, lastKey: string, log: (line: string) => void): Promise<NonNullable<BibliographyResult['server']>> {
  const draftText = `Cited [@${lastKey}`;
  const position = { line: 0, character: draftText.length };
  const keysComplete = async (client: LspTestClient, uri: string): Promise<void> => {
    for (;;) {
      const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position }, 60_000);
      const items = result === null ? [] : Array.isArray(result) ? result : result.items;
      if (items.some((item) => item.label === lastKey)) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  /** Starts a server, opens the draft and waits for a key answer: the client, and the times from spawn and from initialize. */
  const start = async (): Promise<{ client: LspTestClient; uri: string; keysAt: number; fromSpawn: number; fromInit: number }> => {
    const spawned = performance.now();
    const client = await LspTestClient.start({ copySeeds: false, settings: { bibliography: [file] } });
    const initialized = performance.now();
    const uri = await client.open('draft.md', draftText);
    await keysComplete(client, uri);
    const keysAt = performance.now();
    return { client, uri, keysAt, fromSpawn: keysAt - spawned, fromInit: keysAt - initialized };
  };
  log('bibliography: language server, cold start …');
  const cold = await start();
  // Closed (killed, as an editor quitting) before its full parse is done: the key pass is what it kept.
  await cold.client.dispose();
  log('bibliography: language server, restart with the key pass kept …');
  const kept = await start();
  const { client, uri, keysAt } = kept;
  // Completion while the full parse runs in slices on the server's event loop.
  const latencies: number[] = [];
  const parsed = (): boolean => client.log.some((line) => line.includes('fully parsed'));
  while (!parsed()) {
    const t = performance.now();
    await client.request('textDocument/completion', { textDocument: { uri }, position }, 60_000);
    latencies.push(performance.now() - t);
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (performance.now() - keysAt > 300_000) throw new Error('the full parse did not finish in 5 minutes');
  }
  const fullParseMs = performance.now() - keysAt;
  await client.stop();
  log('bibliography: language server, restart with the full parse kept …');
  const warm = await start();
  await warm.client.stop();
  return {
    coldKeysMs: cold.fromSpawn,
    coldKeysAfterInitMs: cold.fromInit,
    keptKeysMs: kept.fromSpawn,
    keptKeysAfterInitMs: kept.fromInit,
    fullParseMs,
    duringP50: median(latencies),
    duringP99: quantile(latencies, 0.99),
    duringRequests: latencies.length,
    warmKeysMs: warm.fromSpawn,
    warmKeysAfterInitMs: warm.fromInit,
  };
}
