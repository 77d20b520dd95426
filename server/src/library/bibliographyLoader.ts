import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bibliographyFormatOf, creatorName, type BibEntry, type BibliographyContent, type BibProblem } from '../core/library/bibEntry';
import { fullBibtexEntriesSlice, loadBibtexParser } from '../readers/bibliography/bibtexEntries';
import { readBibliography } from '../readers/bibliography/bibliographyReader';
import { scanBibtex, type BibtexScan } from '../readers/bibliography/bibtexScan';
import type { Bibliography } from '../core/library/catalogue';
import { decodeSourceBytes, type DeclaredIdentity } from '../core/library/source';
import { keyLookups, readParsedBibliography, withKeyLookups, writeParsedBibliography } from './bibliographyCache';
import { tableKeyIndex } from '../core/library/catalogue';
import { describeFsError } from '../indexFile/files';
import { isSourcePath, ZOTERO_FULL_TEXT } from './sourceFiles';

/**
 * Reads bibliography files for the catalogue: the first reading at once (a fast key pass for
 * BibTeX, or the kept full parse when the file did not change), the full parse later in slices
 * that yield, and each entry's full text found on disk (attachments, Zotero's full-text cache).
 */

/** Bibliographies larger than this are refused (a 20,000-entry export with abstracts is ~30 MB). */
const MAX_BIBLIOGRAPHY_BYTES = 256 * 1024 * 1024;
/** Entries parsed between two yields of the full parse (about 10–40 ms of work). */
const SLICE_ENTRIES = 25;
/** A bibliography file as first read, with what the full parse needs when it is still to come. */
export interface BibliographyReading {
  readonly bibliography: Bibliography;
  /**
   * Set when a full parse would refine the entries: the file's facts, and its scan (undefined when
   * the key pass came from the cache: the full parse scans the file again first).
   */
  readonly pending?: { readonly scan?: BibtexScan; readonly size: number; readonly mtimeMs: number };
}

/** Where an entry's full text is: a file to read as a source under the entry's identity, or why there is none. */
export type FullTextLocation = { readonly file: string; readonly declared: DeclaredIdentity } | { readonly reason: string };

/**
 * Options of reading: the parsed-bibliography cache folder (none: no cache), how paths are shown,
 * and how work after the reading gives way to requests (default: the next turn of the event loop).
 */
export interface BibliographyOptions {
  readonly cacheDir?: string;
  readonly display?: (file: string) => string;
  readonly giveWay?: () => Promise<void>;
}

/** Reads a bibliography file at once (never throws): a problem with line 0 when the file cannot be used. */
export function readBibliographyFile(file: string, options: BibliographyOptions = {}): BibliographyReading {
  const shown = options.display?.(file) ?? file;
  const uri = pathToFileURL(path.resolve(file)).href;
  const format = bibliographyFormatOf(file) ?? 'bibtex';
  const unusable = (message: string): BibliographyReading => ({
    bibliography: { uri, path: shown, format, entries: [], problems: [{ line: 0, message }], complete: true, noText: {} },
  });
  let stat: fs.Stats;
  let bytes: Buffer;
  try {
    stat = fs.statSync(file);
    if (!stat.isFile()) return unusable('not a regular file');
    if (stat.size > MAX_BIBLIOGRAPHY_BYTES) return unusable(`too large (${(stat.size / 1024 / 1024).toFixed(0)} MB; the limit is ${MAX_BIBLIOGRAPHY_BYTES / 1024 / 1024} MB)`);
    const kept = options.cacheDir ? readParsedBibliography(options.cacheDir, file, stat) : undefined;
    if (kept) {
      const bibliography: Bibliography = { uri, path: shown, format, ...kept.content, complete: kept.complete, noText: {}, ...withKeyLookups(kept.content.entries, kept) };
      return kept.complete ? { bibliography } : { bibliography, pending: { size: stat.size, mtimeMs: stat.mtimeMs } };
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    return unusable(describeFsError(error));
  }
  const decoded = decodeSourceBytes(bytes, { maxBytes: MAX_BIBLIOGRAPHY_BYTES });
  if ('reason' in decoded) return unusable(decoded.reason);
  const reading = readBibliography(decoded.text, format);
  const { entries } = reading.content;
  const problems = reading.content.problems.length === 0 && entries.length === 0
    ? [{ line: 0, message: `no entries (is it a ${format === 'bibtex' ? 'BibTeX' : format.toUpperCase()} file?)` }]
    : reading.content.problems;
  // Entries to be kept get their key lookups now: the first completion uses them, and the cache keeps them.
  const lookups = options.cacheDir && entries.length > 0 ? keyLookups(entries) : undefined;
  const put = lookups && withKeyLookups(entries, { searchText: lookups.searchText, keyIndex: tableKeyIndex(entries, lookups.keyTable) });
  const bibliography: Bibliography = { uri, path: shown, format, entries, problems, complete: reading.complete, noText: {}, ...put };
  if (reading.complete || reading.scan === undefined) {
    if (options.cacheDir && lookups) writeParsedBibliography(options.cacheDir, file, stat, reading.content, true, lookups);
    return { bibliography };
  }
  // The key pass is kept at once (in the next turn: the entries are put to use first), so a restart
  // before the full parse is done scans no .bib again, even after an editor that quit right after its
  // first completion. Written after that completion instead, it was lost that way (the bench's
  // restart with the key pass kept read the .bib again). The full parse, written later, wins.
  const cacheDir = options.cacheDir;
  if (cacheDir && lookups) {
    setImmediate(() => {
      if (!fullyParsed.has(keptName(file, stat))) writeParsedBibliography(cacheDir, file, stat, reading.content, false, lookups);
    });
  }
  return { bibliography, pending: { scan: reading.scan, size: stat.size, mtimeMs: stat.mtimeMs } };
}

/** Files (with their size and time) fully parsed by this process: their key pass is not kept over the parse. */
const fullyParsed = new Set<string>();

function keptName(file: string, facts: { size: number; mtimeMs: number }): string {
  return `${path.resolve(file)}\n${facts.size}\n${facts.mtimeMs}`;
}

/**
 * Parses a BibTeX reading fully, yielding to the event loop between slices so requests are served
 * meanwhile, and keeps the result in the cache. `isStale` stops it when the result is no longer wanted;
 * `giveWay` resolves when the next slice may run (default: the next turn of the event loop).
 */
export async function completeBibliography(
  reading: BibliographyReading,
  file: string,
  options: BibliographyOptions & { readonly isStale?: () => boolean } = {},
): Promise<Bibliography | undefined> {
  const pending = reading.pending;
  if (pending === undefined) return reading.bibliography;
  const giveWay = (): Promise<void> => options.giveWay?.() ?? new Promise((resolve) => setImmediate(resolve));
  const parse = await loadBibtexParser();
  // A kept key pass has no scan: the file is scanned again (a few hundred milliseconds at 20,000
  // entries, at once), after the requests that came in meanwhile (a restart's first completion).
  if (pending.scan === undefined) await giveWay();
  if (options.isStale?.()) return undefined;
  const scan = pending.scan ?? scanAgain(file, pending);
  if (scan === undefined) return undefined; // changed or gone since: its file event reads it again
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [...scan.problems];
  for (let from = 0; from < scan.entries.length; from += SLICE_ENTRIES) {
    if (options.isStale?.()) return undefined;
    const slice = fullBibtexEntriesSlice(scan, parse, from, from + SLICE_ENTRIES);
    entries.push(...slice.entries);
    problems.push(...slice.problems);
    await giveWay();
  }
  const content: BibliographyContent = { entries, problems: problems.sort((a, b) => a.line - b.line) };
  fullyParsed.add(keptName(file, pending));
  if (!options.cacheDir) return { ...reading.bibliography, ...content, complete: true };
  // The full parse's lookups: made once, for the next completions and for the cache.
  const lookups = keyLookups(entries);
  writeParsedBibliography(options.cacheDir, file, pending, content, true, lookups);
  return { ...reading.bibliography, ...content, complete: true, ...withKeyLookups(entries, { searchText: lookups.searchText, keyIndex: tableKeyIndex(entries, lookups.keyTable) }) };
}

/** The key pass of a file whose kept key pass was read, for its full parse; undefined when the file changed meanwhile. */
function scanAgain(file: string, facts: { size: number; mtimeMs: number }): BibtexScan | undefined {
  try {
    const stat = fs.statSync(file);
    if (stat.size !== facts.size || stat.mtimeMs !== facts.mtimeMs) return undefined;
    const decoded = decodeSourceBytes(fs.readFileSync(file), { maxBytes: MAX_BIBLIOGRAPHY_BYTES });
    return 'reason' in decoded ? undefined : scanBibtex(decoded.text);
  } catch {
    return undefined; // unreadable now: the entries of the key pass stay in use
  }
}

/** Parses a BibTeX reading fully at once (the CLI, which has nothing else to serve meanwhile). */
export async function completeBibliographyNow(reading: BibliographyReading, file: string, options: BibliographyOptions = {}): Promise<Bibliography> {
  return (await completeBibliography(reading, file, options)) ?? reading.bibliography;
}

/** The identity a full text takes from its entry: the entry's key, title, authors, container, date and link. */
export function identityOf(entry: BibEntry): DeclaredIdentity {
  return {
    key: entry.key,
    fields: {
      title: entry.title,
      author: entry.authors.map(creatorName).join(', '),
      outlet: entry.container,
      date: entry.issued,
      url: entry.url || (entry.doi ? `https://doi.org/${entry.doi}` : ''),
    },
  };
}

/**
 * Where an entry's full text is, first that exists: an attachment (HTML and PDF before other
 * files), else Zotero's `.zotero-ft-cache` beside one. Paths are absolute or relative to the
 * bibliography's folder; a Windows path from another machine is also tried by its last parts
 * (`storage/KEY/file.pdf`) below that folder, where a copied Zotero storage folder keeps it.
 */
export function fullTextOf(entry: BibEntry, bibliographyFile: string, folders: FolderCache = new FolderCache()): FullTextLocation {
  if (entry.attachments.length === 0) return { reason: 'it has no attachment (no "file" field)' };
  const folder = path.dirname(path.resolve(bibliographyFile));
  const ordered = [...entry.attachments].sort((a, b) => Number(preferred(b)) - Number(preferred(a)));
  const reasons: string[] = [];
  for (const attachment of ordered) {
    const places = candidates(attachment.path, folder);
    const found = places.find((file) => folders.isFile(file));
    const cache = (found ? [found] : places).map((c) => path.join(path.dirname(c), ZOTERO_FULL_TEXT)).find((file) => folders.isFile(file));
    if (found && isSourcePath(found)) return { file: found, declared: identityOf(entry) };
    if (cache) return { file: cache, declared: identityOf(entry) };
    reasons.push(found ? `${attachment.path}: no reader for ${path.extname(found) || 'this file'} and no Zotero full-text cache beside it` : `${attachment.path} is missing`);
  }
  return { reason: reasons.length === 1 ? `attachment ${reasons[0]}` : `none of its ${reasons.length} attachments can be read (${reasons.join('; ')})` };
}

/**
 * What folders hold, each folder listed once: a library of thousands of entries whose attachments
 * live on another machine costs a few folder listings, not several failed look-ups per entry.
 */
export class FolderCache {
  private readonly listings = new Map<string, ReadonlySet<string> | null>();
  private readonly files = new Map<string, boolean>();

  /** Whether `file` is a file (each folder listed once, each file looked at once). */
  isFile(file: string): boolean {
    const names = this.listing(path.dirname(file));
    if (names === null || !names.has(path.basename(file))) return false;
    let known = this.files.get(file);
    if (known === undefined) {
      known = isFile(file);
      this.files.set(file, known);
    }
    return known;
  }

  /** The names in a folder; null when it does not exist (known from its parent's listing when it can be). */
  private listing(dir: string): ReadonlySet<string> | null {
    const cached = this.listings.get(dir);
    if (cached !== undefined) return cached;
    const parent = path.dirname(dir);
    let names: ReadonlySet<string> | null = null;
    if (parent === dir || this.listing(parent)?.has(path.basename(dir))) {
      try {
        names = new Set(fs.readdirSync(dir));
      } catch {
        names = null; // not a folder, or unreadable: nothing below it can be read
      }
    }
    this.listings.set(dir, names);
    return names;
  }
}

function preferred(attachment: { path: string; mime: string }): boolean {
  return /^(text\/html|application\/pdf|application\/xhtml)/i.test(attachment.mime) || /\.(html?|xhtml|pdf)$/i.test(attachment.path);
}

/** Where an attachment path may be on this machine, most likely first. */
function candidates(written: string, folder: string): string[] {
  const windows = /^[A-Za-z]:[\\/]|^\\\\/.test(written);
  const absolute = windows || path.isAbsolute(written);
  if (!absolute) return [path.resolve(folder, written.replace(/\\/g, '/'))];
  const list = windows && process.platform !== 'win32' ? [] : [written];
  const parts = written.split(/[\\/]+/).filter((p) => p !== '');
  for (const tail of [3, 2, 1]) if (parts.length > tail) list.push(path.join(folder, ...parts.slice(-tail)));
  return list;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false; // missing or unreadable: the next candidate is tried
  }
}

/**
 * Records, for each entry of `bibliography` that still has no full text in `library`, why not: its
 * reason in `reasons`, else `otherwise`.
 */
export function withNoTextReasons(bibliography: Bibliography, library: { get(key: string): unknown }, reasons: ReadonlyMap<string, string>, otherwise = 'no full text found'): Bibliography {
  const noText: Record<string, string> = {};
  for (const entry of bibliography.entries) {
    if (library.get(entry.key) !== undefined) continue;
    noText[entry.key] = reasons.get(entry.key) ?? otherwise;
  }
  const { noTextOtherwise: _, ...rest } = bibliography;
  return { ...rest, noText };
}
