import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BibliographyContent } from '../core/bibliography/bibEntry';
import { defaultCacheRoot } from './cacheHousekeeping';

/**
 * Fully parsed bibliographies kept on disk, one JSON file per bibliography, keyed by the file's
 * path, size and modification time: a restart parses no `.bib` that did not change. A file that
 * does not match (changed, damaged, another format version) is ignored and rewritten.
 */

const FORMAT = 1;

interface CachedBibliography {
  readonly format: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly content: BibliographyContent;
}

/** The folder of parsed bibliographies under a cache root (`~/.cache/verbatim` by default). */
export function bibliographyCacheDir(root?: string): string {
  return path.join(root ?? defaultCacheRoot(), 'bibliographies');
}

function cacheFile(dir: string, file: string): string {
  return path.join(dir, `${crypto.createHash('sha256').update(path.resolve(file)).digest('hex').slice(0, 24)}.json`);
}

/** The full parse of `file` when one was kept for its current size and time; undefined otherwise. */
export function readParsedBibliography(dir: string, file: string, facts: { size: number; mtimeMs: number }): BibliographyContent | undefined {
  try {
    const cached = JSON.parse(fs.readFileSync(cacheFile(dir, file), 'utf8')) as CachedBibliography;
    const fresh = cached.format === FORMAT && cached.path === path.resolve(file) && cached.size === facts.size && cached.mtimeMs === facts.mtimeMs;
    return fresh && Array.isArray(cached.content?.entries) && Array.isArray(cached.content.problems) ? cached.content : undefined;
  } catch {
    return undefined; // none yet, unreadable or damaged: the bibliography is parsed again
  }
}

/** Keeps the full parse of `file` (written to a temporary name, then renamed: atomic). */
export function writeParsedBibliography(dir: string, file: string, facts: { size: number; mtimeMs: number }, content: BibliographyContent): void {
  const target = cacheFile(dir, file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const record: CachedBibliography = { format: FORMAT, path: path.resolve(file), size: facts.size, mtimeMs: facts.mtimeMs, content };
    fs.writeFileSync(temporary, JSON.stringify(record));
    fs.renameSync(temporary, target);
  } catch {
    // A cache that cannot be written costs a parse at the next start, nothing else.
    fs.rmSync(temporary, { force: true });
  }
}
