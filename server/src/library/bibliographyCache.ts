import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BibEntry, BibliographyContent } from '../core/library/bibEntry';
import { defaultCacheRoot } from '../indexFile/cacheFolder';

/**
 * Parsed bibliographies kept on disk, one JSON file per bibliography, keyed by the file's path,
 * size and modification time: a restart parses no `.bib` that did not change. The fast key pass is
 * kept as soon as it is made (the key index: keys, titles, authors, dates, attachments), and
 * replaced by the full parse when that is done, so a restart completes keys at once even when the
 * full parse never finished. A file that does not match (changed, damaged, another format version)
 * is ignored and rewritten.
 */

const FORMAT = 3;

interface CachedBibliography {
  readonly format: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** False for the key pass (the full parse is still to be made). */
  readonly complete: boolean;
  /** Entries as arrays (see `packEntry`): without field names the file is a third smaller and reads about a fifth faster. */
  readonly entries: readonly PackedEntry[];
  readonly problems: BibliographyContent['problems'];
}

/** A `BibEntry` as an array: key, type, title, authors (family, given, literal), issued, container, pages, DOI, URL, attachments (path, title, MIME), line, and the rich title when there is one. */
type PackedEntry = [string, string, string, string[][], string, string, string, string, string, string[][], number, string?];

function packEntry(e: BibEntry): PackedEntry {
  const packed: PackedEntry = [e.key, e.type, e.title, e.authors.map((a) => [a.family, a.given, a.literal]), e.issued, e.container, e.pages, e.doi, e.url, e.attachments.map((a) => [a.path, a.title, a.mime]), e.line];
  if (e.richTitle !== undefined) packed.push(e.richTitle);
  return packed;
}

function unpackEntry(p: PackedEntry): BibEntry {
  const [key, type, title, authors, issued, container, pages, doi, url, attachments, line, richTitle] = p;
  return {
    key,
    type,
    title,
    ...(richTitle !== undefined ? { richTitle } : {}),
    authors: authors.map(([family = '', given = '', literal = '']) => ({ family, given, literal })),
    issued,
    container,
    pages,
    doi,
    url,
    attachments: attachments.map(([path = '', title = '', mime = '']) => ({ path, title, mime })),
    line,
  };
}

/** A kept reading: the full parse, or the key pass (`complete` false). */
export interface KeptBibliography {
  readonly content: BibliographyContent;
  readonly complete: boolean;
}

/** The folder of parsed bibliographies under a cache root (`~/.cache/verbatim` by default). */
export function bibliographyCacheDir(root?: string): string {
  return path.join(root ?? defaultCacheRoot(), 'bibliographies');
}

function cacheFile(dir: string, file: string): string {
  return path.join(dir, `${crypto.createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 24)}.json`);
}

/** The reading of `file` kept for its current size and time (full parse or key pass); undefined otherwise. */
export function readParsedBibliography(dir: string, file: string, facts: { size: number; mtimeMs: number }): KeptBibliography | undefined {
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile(dir, file), 'utf8')) as CachedBibliography;
    const fresh = cached.format === FORMAT && cached.path === path.resolve(file) && cached.size === facts.size && cached.mtimeMs === facts.mtimeMs;
    if (!fresh || !Array.isArray(cached.entries) || !Array.isArray(cached.problems)) return undefined;
    return { content: { entries: cached.entries.map(unpackEntry), problems: cached.problems }, complete: cached.complete === true };
  } catch {
    return undefined; // none yet, unreadable or damaged: the bibliography is parsed again
  }
}

/** Keeps the full parse (or, `complete` false, the key pass) of `file`: written to a temporary name, then renamed (atomic). */
export function writeParsedBibliography(dir: string, file: string, facts: { size: number; mtimeMs: number }, content: BibliographyContent, complete = true): void {
  const target = cacheFile(dir, file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const record: CachedBibliography = {
      format: FORMAT,
      path: path.resolve(file),
      size: facts.size,
      mtimeMs: facts.mtimeMs,
      complete,
      entries: content.entries.map(packEntry),
      problems: content.problems,
    };
    fs.writeFileSync(temporary, JSON.stringify(record));
    fs.renameSync(temporary, target);
  } catch {
    // A cache that cannot be written costs a parse at the next start, nothing else.
    fs.rmSync(temporary, { force: true });
  }
}
