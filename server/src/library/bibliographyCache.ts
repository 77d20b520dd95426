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
 * header line of JSON (checked before the rest is read), then the entries as columns of 32-bit
 * integers, one per field, holding indexes of distinct strings (fields repeat: types, journals,
 * authors, attachment titles), each distinct author once (its entries share one object), authors
 * and attachments flattened (a count per entry). The strings are two texts cut at their offsets,
 * those of one-byte characters in Latin-1 (indexes from 0 up) and the others in UTF-16 (from -1
 * down): both are copied, not decoded, and a string cut from a text is made without copying its
 * characters. At 20,000
 * entries, the JSON this replaced took 24–35 ms to parse at load 3. With the full parse, what the
 * key search reads of the entries is kept lower-cased too (`searchText`; lower-casing 80,000 fields
 * was half of a restart's first key completion). The integers are in this machine's byte order, and
 * a machine of the other order keeps no file; what little remains (rich titles, problems) is
 * ASCII-only JSON.
 */

/** Raised when the file's form changes, or how entries are read does (a cache keeps what an older reading gave). */
const FORMAT = 9;

/** The integer columns, in the order the file holds them. */
const INT_COLUMNS = ['key', 'type', 'title', 'authorCount', 'creators', 'distinctCreators', 'issued', 'container', 'pages', 'doi', 'url', 'attachmentCount', 'attachmentFields', 'line'] as const;
type IntColumn = (typeof INT_COLUMNS)[number];
/** A string of one-byte characters only (kept in the Latin-1 text). */
const ONE_BYTE = /^[\u0000-\u00ff]*$/;

/** The first line of the file: what it was made from, and how long each part after it is. */
interface CacheHeader {
  readonly format: number;
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** False for the key pass (the full parse is still to be made). */
  readonly complete: boolean;
  /** Bytes of the JSON after the header's line break (rich titles and problems). */
  readonly body: number;
  /** Length of each integer column, in `INT_COLUMNS` order (they follow the JSON). */
  readonly columns: readonly number[];
  /** The strings (after the columns): how many are in Latin-1 and in UTF-16, and the bytes of each text (after their offsets). */
  readonly strings: { readonly latin1: number; readonly latin1Bytes: number; readonly utf16le: number; readonly utf16leBytes: number };
  /** The search text after them: its encoding and bytes, and the number of field starts that follow. */
  readonly search?: { readonly encoding: 'latin1' | 'utf16le'; readonly bytes: number; readonly starts: number };
}

/**
 * The entries as columns (index `i` of each per-entry column is entry `i`) of indexes of strings,
 * every distinct string once: `k` is `oneByte[k]`, `-k - 1` is `twoByte[k]`; with the rich titles
 * and the problems.
 */
type CachedColumns = { readonly [K in IntColumn]: ArrayLike<number> } & {
  readonly oneByte: readonly string[];
  readonly twoByte: readonly string[];
  /** Entry index → its rich title, for the entries that have one. */
  readonly richTitle: Record<string, string>;
  readonly problems: BibliographyContent['problems'];
};

/** Columns as they are made, before they are written. */
type PackedColumns = { [K in IntColumn]: number[] } & Pick<CachedColumns, 'oneByte' | 'twoByte' | 'richTitle' | 'problems'>;

function packEntries(content: BibliographyContent): PackedColumns {
  const oneByte: string[] = [];
  const twoByte: string[] = [];
  const indexes = new Map<string, number>();
  const at = (text: string): number => {
    let index = indexes.get(text);
    if (index === undefined) indexes.set(text, (index = ONE_BYTE.test(text) ? oneByte.push(text) - 1 : -twoByte.push(text)));
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
  const columns: PackedColumns = {
    oneByte, twoByte, key: [], type: [], title: [], richTitle: {}, authorCount: [], creators: [], distinctCreators: [], issued: [], container: [], pages: [], doi: [], url: [], attachmentCount: [], attachmentFields: [], line: [],
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
  if (columns.some((column) => column.length !== n) || typeof c.richTitle !== 'object' || c.richTitle === null) return undefined;
  const { oneByte, twoByte } = c;
  const text = (index: number | undefined): string => {
    const found = index! >= 0 ? oneByte[index!] : twoByte[-index! - 1];
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
  if (search === undefined || search.starts !== entries * 4 + 1 || at + search.bytes + search.starts * 4 !== bytes.length) return undefined;
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
    if (!fresh || os.endianness() !== 'LE') return undefined;
    let at = headerEnd + 1;
    /** The next `length` bytes' offset; a file cut short is damaged. */
    const take = (length: number): number => {
      const from = at;
      at += length;
      if (!(length >= 0 && at <= bytes.length)) throw new Error('damaged');
      return from;
    };
    const bodyAt = take(header.body);
    const rest = JSON.parse(bytes.toString('latin1', bodyAt, at)) as Pick<CachedColumns, 'richTitle' | 'problems'>;
    const counts = header.columns;
    if (!Array.isArray(counts) || counts.length !== INT_COLUMNS.length || !Array.isArray(rest.problems)) return undefined;
    const ints = int32At(bytes, take(4 * counts.reduce((sum, count) => sum + count, 0)), counts.reduce((sum, count) => sum + count, 0));
    const columns = {} as Record<IntColumn, Int32Array>;
    let next = 0;
    INT_COLUMNS.forEach((name, c) => {
      columns[name] = ints.subarray(next, (next += counts[c]!));
    });
    const { latin1, latin1Bytes, utf16le, utf16leBytes } = header.strings;
    const offsets = int32At(bytes, take(4 * (latin1 + utf16le + 2)), latin1 + utf16le + 2);
    const oneAt = take(latin1Bytes);
    const twoAt = take(utf16leBytes);
    const oneByte = cut(bytes.toString('latin1', oneAt, oneAt + latin1Bytes), offsets.subarray(0, latin1 + 1));
    const twoByte = cut(bytes.toString('utf16le', twoAt, twoAt + utf16leBytes), offsets.subarray(latin1 + 1));
    const entries = unpackEntries({ ...columns, oneByte, twoByte, richTitle: rest.richTitle, problems: rest.problems });
    if (entries === undefined) return undefined;
    const kept = { content: { entries, problems: rest.problems }, complete: header.complete === true };
    const search = searchTextAt(bytes, at, header.search, entries.length);
    return search === undefined ? kept : { ...kept, searchText: search };
  } catch {
    return undefined; // none yet, unreadable or damaged: the bibliography is parsed again
  }
}

/** `count` 32-bit integers at `from` in `bytes` (a copy: they must be aligned, and the file's buffer is let go). */
function int32At(bytes: Buffer, from: number, count: number): Int32Array {
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset + from, bytes.byteOffset + from + count * 4));
}

/** The strings of `text` between its `offsets` (a cut is made without copying characters); damaged offsets throw. */
function cut(text: string, offsets: Int32Array): string[] {
  const strings = new Array<string>(offsets.length - 1);
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== text.length) throw new Error('damaged');
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (offsets[i + 1]! < offsets[i]!) throw new Error('damaged');
    strings[i] = text.slice(offsets[i], offsets[i + 1]);
  }
  return strings;
}

/** Keeps the full parse (or, `complete` false, the key pass) of `file`: written to a temporary name, then renamed (atomic). */
export function writeParsedBibliography(dir: string, file: string, facts: { size: number; mtimeMs: number }, content: BibliographyContent, complete = true): void {
  // The integers are written in this machine's byte order: a machine of the other order keeps none.
  if (os.endianness() !== 'LE') return;
  const target = cacheFile(dir, file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const columns = packEntries(content);
    // The strings of one-byte characters (one text in Latin-1), then the others (one in UTF-16).
    const { oneByte, twoByte } = columns;
    const offsets = new Int32Array(oneByte.length + twoByte.length + 2);
    let k = 0;
    for (const group of [oneByte, twoByte]) {
      let length = 0;
      offsets[k++] = 0;
      for (const text of group) offsets[k++] = length += text.length;
    }
    const counts = INT_COLUMNS.map((name) => columns[name].length);
    const ints = new Int32Array(counts.reduce((sum, count) => sum + count, 0));
    let next = 0;
    for (const name of INT_COLUMNS) {
      ints.set(columns[name], next);
      next += columns[name].length;
    }
    const body = Buffer.from(asciiJson(JSON.stringify({ richTitle: columns.richTitle, problems: columns.problems })), 'latin1');
    const one = Buffer.from(oneByte.join(''), 'latin1');
    const two = Buffer.from(twoByte.join(''), 'utf16le');
    // The search text only with the full parse: the key pass is kept during a cold start, before its
    // keys are answered, and making the text (30 ms at 20,000 entries) would delay them.
    const search = complete ? searchText(content.entries) : undefined;
    const encoding = search && /[^\u0000-\u00ff]/.test(search.text) ? 'utf16le' : 'latin1';
    const searchBytes = search ? Buffer.from(search.text, encoding) : Buffer.alloc(0);
    const header: CacheHeader = {
      format: FORMAT, path: path.resolve(file), size: facts.size, mtimeMs: facts.mtimeMs, complete, body: body.length, columns: counts,
      strings: { latin1: oneByte.length, latin1Bytes: one.length, utf16le: twoByte.length, utf16leBytes: two.length },
      ...(search ? { search: { encoding, bytes: searchBytes.length, starts: search.starts.length } } : {}),
    };
    const bytesOf = (array: Int32Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    const parts = [Buffer.from(`${asciiJson(JSON.stringify(header))}\n`, 'latin1'), body, bytesOf(ints), bytesOf(offsets), one, two, searchBytes, ...(search ? [bytesOf(search.starts)] : [])];
    fs.writeFileSync(temporary, Buffer.concat(parts));
    fs.renameSync(temporary, target);
  } catch {
    // A cache that cannot be written costs a parse at the next start, nothing else.
    fs.rmSync(temporary, { force: true });
  }
}
