import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { searchText, type BibAttachment, type BibCreator, type BibEntry, type BibliographyContent, type SearchText } from '../core/library/bibEntry';
import { defaultCacheRoot } from '../indexFile/cacheFolder';

/**
 * Parsed bibliographies kept on disk, one file per bibliography, keyed by the file's path, size
 * and modification time: a restart parses no `.bib` that did not change. The fast key pass is kept
 * as soon as it is made (the key index: keys, titles, authors, dates, attachments), and replaced by
 * the full parse when that is done, so a restart completes keys at once even when the full parse
 * never finished. A file that does not match (changed, damaged, another format version) is ignored
 * and rewritten.
 *
 * The file is read on every start before keys complete, so its form is chosen for reading: a
 * header line (checked before the rest is parsed), then the entries as columns, one array per
 * field holding indexes into one table of distinct strings (fields repeat: types, journals,
 * authors, attachment titles), each distinct author once (its entries share one object), authors
 * and attachments flattened (a count per entry), in JSON that is ASCII only (`\uXXXX` escapes), so
 * it is read as Latin-1 without a UTF-8 decode. At 20,000 entries that reads in about a third of
 * the time of an array per entry. With the full parse, what the key search reads of the entries is
 * kept lower-cased (`searchText`; lower-casing 80,000 fields was half of a restart's first key completion), after
 * the JSON and outside it: its text in Latin-1 when every character fits, else in UTF-16 (both
 * are copied, not decoded: from UTF-8 the 2.7 MB of a 20,000-entry library took 12–19 ms), then
 * where each field starts, as 32-bit little-endian integers. In the JSON, its line breaks were
 * escapes that doubled the time of the parse.
 */

/** Raised when the file's form changes, or how entries are read does (a cache keeps what an older reading gave). */
const FORMAT = 7;

/** The first line of the file: what it was made from. */
interface CacheHeader {
  readonly format: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** False for the key pass (the full parse is still to be made). */
  readonly complete: boolean;
  /** Bytes of the JSON of the entries (after the header's line break). */
  readonly body: number;
  /** The search text after it: its encoding and bytes, and the number of field starts that follow. */
  readonly search?: { readonly encoding: 'latin1' | 'utf16le'; readonly bytes: number; readonly starts: number };
}

/**
 * The rest of the file: every distinct string once (`strings`), and the entries as columns of
 * indexes into it (index `i` of each column is entry `i`), and the problems. Fields repeat a lot
 * (types, journals, authors, attachment titles and types), and numbers parse faster than strings.
 */
interface CachedColumns {
  readonly strings: string[];
  readonly key: number[];
  readonly type: number[];
  readonly title: number[];
  /** Entry index → its rich title, for the entries that have one. */
  readonly richTitle: Record<string, string>;
  /** Authors per entry, as indexes into `distinctCreators` (an author of many entries is written once). */
  readonly authorCount: number[];
  readonly creators: number[];
  /** The distinct authors: family, given and literal name of each, one after another. */
  readonly distinctCreators: number[];
  readonly issued: number[];
  readonly container: number[];
  readonly pages: number[];
  readonly doi: number[];
  readonly url: number[];
  /** Attachments per entry; their path, title and MIME type follow one another in `attachmentFields`. */
  readonly attachmentCount: number[];
  readonly attachmentFields: number[];
  readonly line: number[];
  readonly problems: BibliographyContent['problems'];
}

function packEntries(content: BibliographyContent): CachedColumns {
  const strings: string[] = [];
  const indexes = new Map<string, number>();
  const at = (text: string): number => {
    let index = indexes.get(text);
    if (index === undefined) indexes.set(text, (index = strings.push(text) - 1));
    return index;
  };
  const people = new Map<string, number>();
  const person = (a: BibCreator): number => {
    const fields = [at(a.family), at(a.given), at(a.literal)] as const;
    const name = fields.join(' ');
    let index = people.get(name);
    if (index === undefined) people.set(name, (index = columns.distinctCreators.push(...fields) / 3 - 1));
    return index;
  };
  const columns: CachedColumns = {
    strings, key: [], type: [], title: [], richTitle: {}, authorCount: [], creators: [], distinctCreators: [], issued: [], container: [], pages: [], doi: [], url: [], attachmentCount: [], attachmentFields: [], line: [],
    problems: content.problems,
  };

  content.entries.forEach((e, i) => {
    columns.key.push(at(e.key));
    columns.type.push(at(e.type));
    columns.title.push(at(e.title));
    if (e.richTitle !== undefined) columns.richTitle[i] = e.richTitle;
    columns.authorCount.push(e.authors.length);
    for (const a of e.authors) columns.creators.push(person(a));
    columns.issued.push(at(e.issued));
    columns.container.push(at(e.container));
    columns.pages.push(at(e.pages));
    columns.doi.push(at(e.doi));
    columns.url.push(at(e.url));
    columns.attachmentCount.push(e.attachments.length);
    for (const a of e.attachments) columns.attachmentFields.push(at(a.path), at(a.title), at(a.mime));
    columns.line.push(e.line);
  });
  return columns;
}

/** The entries of `columns`; undefined when the columns do not agree (a damaged file). */
function unpackEntries(c: CachedColumns): BibEntry[] | undefined {
  const n = c.key.length;
  const columns = [c.type, c.title, c.authorCount, c.issued, c.container, c.pages, c.doi, c.url, c.attachmentCount, c.line];
  if (!Array.isArray(c.strings) || !Array.isArray(c.creators) || !Array.isArray(c.distinctCreators) || !Array.isArray(c.attachmentFields) || columns.some((column) => !Array.isArray(column) || column.length !== n)) return undefined;
  const strings = c.strings;
  const text = (index: number | undefined): string => {
    const found = strings[index!];
    if (typeof found !== 'string') throw new Error('damaged'); // read as no cache
    return found;
  };
  // One object per distinct author, shared by its entries (they are read-only): fewer objects to make and collect.
  const people: BibCreator[] = [];
  for (let p = 0; p + 2 < c.distinctCreators.length; p += 3) people.push({ family: text(c.distinctCreators[p]), given: text(c.distinctCreators[p + 1]), literal: text(c.distinctCreators[p + 2]) });
  if (people.length * 3 !== c.distinctCreators.length) return undefined;
  const entries: BibEntry[] = new Array<BibEntry>(n);
  let creator = 0;
  let attachment = 0;
  for (let i = 0; i < n; i++) {
    const authors: BibCreator[] = [];
    for (let k = c.authorCount[i]!; k > 0; k--, creator++) {
      const found = people[c.creators[creator]!];
      if (found === undefined) return undefined;
      authors.push(found);
    }
    const attachments: BibAttachment[] = [];
    for (let k = c.attachmentCount[i]!; k > 0; k--, attachment += 3) {
      attachments.push({ path: text(c.attachmentFields[attachment]), title: text(c.attachmentFields[attachment + 1]), mime: text(c.attachmentFields[attachment + 2]) });
    }
    const entry = { key: text(c.key[i]), type: text(c.type[i]), title: text(c.title[i]), authors, issued: text(c.issued[i]), container: text(c.container[i]), pages: text(c.pages[i]), doi: text(c.doi[i]), url: text(c.url[i]), attachments, line: c.line[i]! };
    const richTitle = c.richTitle[i];
    entries[i] = richTitle === undefined ? entry : { ...entry, richTitle };
  }
  if (creator !== c.creators.length || attachment !== c.attachmentFields.length) return undefined;
  return entries;
}

/** The search text kept at `at` in `bytes`, when it is whole and agrees with the entries; undefined otherwise. */
function searchTextAt(bytes: Buffer, at: number, search: CacheHeader['search'], entries: number): SearchText | undefined {
  if (search === undefined || search.starts !== entries * 4 + 1 || at + search.bytes + search.starts * 4 !== bytes.length || os.endianness() !== 'LE') return undefined;
  if (search.encoding !== 'latin1' && search.encoding !== 'utf16le') return undefined;
  const text = bytes.toString(search.encoding, at, at + search.bytes);
  // A copy: the integers must be aligned, and the file's buffer is let go.
  const from = bytes.byteOffset + at + search.bytes;
  const starts = new Int32Array(bytes.buffer.slice(from, from + search.starts * 4));
  if (starts[0] !== 0 || starts[search.starts - 1] !== text.length) return undefined;
  return { text, starts };
}

/** `json` with every character beyond ASCII written as a `\uXXXX` escape (still the same JSON). */
function asciiJson(json: string): string {
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A kept reading: the full parse, or the key pass (`complete` false). */
export interface KeptBibliography {
  readonly content: BibliographyContent;
  readonly complete: boolean;
  /** The entries' `searchText`, when it was kept. */
  readonly searchText?: SearchText;
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
    const bytes = fs.readFileSync(cacheFile(dir, file));
    const headerEnd = bytes.indexOf(10);
    if (headerEnd < 0) return undefined;
    // ASCII only (see above): Latin-1 reads it without decoding.
    const header = JSON.parse(bytes.toString('latin1', 0, headerEnd)) as CacheHeader;
    const fresh = header.format === FORMAT && header.path === path.resolve(file) && header.size === facts.size && header.mtimeMs === facts.mtimeMs;
    const bodyEnd = headerEnd + 1 + header.body;
    if (!fresh || !(bodyEnd <= bytes.length)) return undefined;
    const columns = JSON.parse(bytes.toString('latin1', headerEnd + 1, bodyEnd)) as CachedColumns;
    const entries = Array.isArray(columns.key) && Array.isArray(columns.problems) ? unpackEntries(columns) : undefined;
    if (entries === undefined) return undefined;
    const kept = { content: { entries, problems: columns.problems }, complete: header.complete === true };
    const search = searchTextAt(bytes, bodyEnd, header.search, entries.length);
    return search === undefined ? kept : { ...kept, searchText: search };
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
    const body = Buffer.from(asciiJson(JSON.stringify(packEntries(content))), 'latin1');
    // The search text only with the full parse: the key pass is kept during a cold start, before its
    // keys are answered, and making the text (30 ms at 20,000 entries) would delay them. The starts
    // are written in this machine's byte order; a machine of the other order keeps none.
    const search = complete && os.endianness() === 'LE' ? searchText(content.entries) : undefined;
    const encoding = search && /[^\u0000-\u00ff]/.test(search.text) ? 'utf16le' : 'latin1';
    const searchBytes = search ? Buffer.from(search.text, encoding) : Buffer.alloc(0);
    const starts = search ? Buffer.from(search.starts.buffer, search.starts.byteOffset, search.starts.byteLength) : Buffer.alloc(0);
    const header: CacheHeader = {
      format: FORMAT, path: path.resolve(file), size: facts.size, mtimeMs: facts.mtimeMs, complete, body: body.length,
      ...(search ? { search: { encoding, bytes: searchBytes.length, starts: search.starts.length } } : {}),
    };
    fs.writeFileSync(temporary, Buffer.concat([Buffer.from(`${asciiJson(JSON.stringify(header))}\n`, 'latin1'), body, searchBytes, starts]));
    fs.renameSync(temporary, target);
  } catch {
    // A cache that cannot be written costs a parse at the next start, nothing else.
    fs.rmSync(temporary, { force: true });
  }
}
