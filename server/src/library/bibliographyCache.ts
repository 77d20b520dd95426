import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { searchText, type BibAttachment, type BibCreator, type BibEntry, type BibliographyContent, type SearchText } from '../core/library/bibEntry';
import { defaultCacheRoot } from '../indexFile/cacheFolder';
import { keyTable, tableKeyIndex, type Bibliography, type KeyIndex, type KeyTable } from '../core/library/catalogue';

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
 * down): both are copied, not decoded. Nothing more is made while the file is read: each entry is a
 * small object that cuts its strings from the texts when they are first asked for (`KeptEntry`),
 * so a restart's first completion makes the strings of the keys and of the few entries it shows.
 * The key search's text is kept too, lower-cased (`searchText`; lower-casing 80,000 fields was half
 * of a restart's first key completion), with the key pass as with the full parse. The integers are
 * in this machine's byte order, and a machine of the other order keeps no file; what little remains
 * (rich titles, problems) is ASCII-only JSON. A file cut short or whose parts do not agree is no
 * kept reading; an index damaged inside a column reads as an empty string, never as an error.
 */

/** Raised when the file's form changes, or how entries are read does (a cache keeps what an older reading gave). */
const FORMAT = 10;

/** The integer columns, in the order the file holds them. */
const INT_COLUMNS = ['key', 'type', 'title', 'authorCount', 'creators', 'distinctCreators', 'issued', 'container', 'pages', 'doi', 'url', 'attachmentCount', 'attachmentFields', 'line', 'keyTable', 'repeatedKeys'] as const;
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
type PackedColumns = { [K in Exclude<IntColumn, KeyColumn>]: number[] } & { [K in KeyColumn]: Int32Array } & Pick<CachedColumns, 'oneByte' | 'twoByte' | 'richTitle' | 'problems'>;
/** The columns of the key table (`keyTable`), made whole rather than entry by entry. */
type KeyColumn = 'keyTable' | 'repeatedKeys';

function packEntries(content: BibliographyContent, keys: KeyTable): PackedColumns {
  type EntryColumns = Omit<PackedColumns, KeyColumn>;
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
  const columns: EntryColumns = {
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
  return { ...columns, keyTable: keys.table, repeatedKeys: keys.repeated };
}

/**
 * The kept columns as they are read: nothing is decoded until it is asked for. A string is cut from
 * its text the first time an entry asks for it (and kept for the entries that share it), an author
 * made once and shared by its entries, an entry's lists made once. An index out of range (a file
 * damaged inside its columns) reads as an empty string or no author: never an error.
 */
class KeptColumns {
  private readonly oneByteCut: Array<string | undefined>;
  private readonly twoByteCut: Array<string | undefined>;
  private readonly people: Array<BibCreator | undefined>;
  /** Each entry's authors and attachments, once asked for. */
  readonly authors: Array<readonly BibCreator[] | undefined>;
  readonly attachments: Array<readonly BibAttachment[] | undefined>;
  /** Where each entry's creators and attachments start in their columns (one more than the entries: the ends). */
  private readonly creatorStarts: Int32Array;
  private readonly attachmentStarts: Int32Array;

  constructor(
    readonly c: { readonly [K in IntColumn]: Int32Array },
    private readonly oneByte: string,
    private readonly oneByteOffsets: Int32Array,
    private readonly twoByte: string,
    private readonly twoByteOffsets: Int32Array,
    /** Entry index → its rich title, for the entries that have one. */
    readonly richTitle: Readonly<Record<string, string>>,
  ) {
    const n = c.key.length;
    this.oneByteCut = new Array<string | undefined>(oneByteOffsets.length - 1);
    this.twoByteCut = new Array<string | undefined>(twoByteOffsets.length - 1);
    this.people = new Array<BibCreator | undefined>(Math.floor(c.distinctCreators.length / 3));
    this.authors = new Array<readonly BibCreator[] | undefined>(n);
    this.attachments = new Array<readonly BibAttachment[] | undefined>(n);
    this.creatorStarts = new Int32Array(n + 1);
    this.attachmentStarts = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      this.creatorStarts[i + 1] = this.creatorStarts[i]! + Math.max(0, c.authorCount[i]!);
      this.attachmentStarts[i + 1] = this.attachmentStarts[i]! + Math.max(0, c.attachmentCount[i]!);
    }
  }

  /** Whether the columns agree with each other (the checks that cost nothing per entry: a damaged file is read around). */
  agree(): boolean {
    const { c } = this;
    const n = c.key.length;
    const perEntry = [c.type, c.title, c.authorCount, c.issued, c.container, c.pages, c.doi, c.url, c.attachmentCount, c.line];
    return (
      perEntry.every((column) => column.length === n) &&
      this.creatorStarts[n] === c.creators.length &&
      this.attachmentStarts[n]! * 3 === c.attachmentFields.length &&
      c.distinctCreators.length % 3 === 0 &&
      this.oneByteOffsets[0] === 0 &&
      this.oneByteOffsets[this.oneByteOffsets.length - 1] === this.oneByte.length &&
      this.twoByteOffsets[0] === 0 &&
      this.twoByteOffsets[this.twoByteOffsets.length - 1] === this.twoByte.length
    );
  }

  /** The string at `index` (`k`: the `k`th one-byte string, `-k - 1`: the `k`th other); empty when there is none. */
  text(index: number): string {
    if (index >= 0) {
      if (!(index < this.oneByteCut.length)) return '';
      return (this.oneByteCut[index] ??= this.oneByte.slice(this.oneByteOffsets[index], this.oneByteOffsets[index + 1]));
    }
    const k = -index - 1;
    if (!(k < this.twoByteCut.length)) return '';
    return (this.twoByteCut[k] ??= this.twoByte.slice(this.twoByteOffsets[k], this.twoByteOffsets[k + 1]));
  }

  /** Entry `i`'s authors. */
  authorsOf(i: number): readonly BibCreator[] {
    const { c, people } = this;
    const authors: BibCreator[] = [];
    for (let k = this.creatorStarts[i]!; k < this.creatorStarts[i + 1]! && k < c.creators.length; k++) {
      const p = c.creators[k]!;
      if (!(p >= 0 && p < people.length)) continue;
      authors.push((people[p] ??= { family: this.text(c.distinctCreators[p * 3]!), given: this.text(c.distinctCreators[p * 3 + 1]!), literal: this.text(c.distinctCreators[p * 3 + 2]!) }));
    }
    return authors;
  }

  /** Entry `i`'s attachments. */
  attachmentsOf(i: number): readonly BibAttachment[] {
    const fields = this.c.attachmentFields;
    const attachments: BibAttachment[] = [];
    for (let k = this.attachmentStarts[i]!; k < this.attachmentStarts[i + 1]! && k * 3 + 2 < fields.length; k++) {
      attachments.push({ path: this.text(fields[k * 3]!), title: this.text(fields[k * 3 + 1]!), mime: this.text(fields[k * 3 + 2]!) });
    }
    return attachments;
  }
}

/**
 * An entry of a kept reading, read from its columns when a field is asked for: a restart makes one
 * small object per entry instead of the entry with its strings, authors and attachments (at 20,000
 * entries, making and collecting those was most of the reading). Read-only, as every `BibEntry`.
 */
class KeptEntry implements BibEntry {
  constructor(
    private readonly columns: KeptColumns,
    private readonly i: number,
  ) {}

  get key(): string {
    return this.field('key');
  }
  get type(): string {
    return this.field('type');
  }
  get title(): string {
    return this.field('title');
  }
  get richTitle(): string | undefined {
    return this.columns.richTitle[this.i];
  }
  get authors(): readonly BibCreator[] {
    return (this.columns.authors[this.i] ??= this.columns.authorsOf(this.i));
  }
  get issued(): string {
    return this.field('issued');
  }
  get container(): string {
    return this.field('container');
  }
  get pages(): string {
    return this.field('pages');
  }
  get doi(): string {
    return this.field('doi');
  }
  get url(): string {
    return this.field('url');
  }
  get attachments(): readonly BibAttachment[] {
    return (this.columns.attachments[this.i] ??= this.columns.attachmentsOf(this.i));
  }
  get line(): number {
    return this.columns.c.line[this.i]!;
  }

  /** The entry as a plain object (what `JSON.stringify` writes of it). */
  toJSON(): BibEntry {
    return plainEntry(this);
  }

  /** The string of this entry in `column`. */
  private field(column: IntColumn): string {
    return this.columns.text(this.columns.c[column][this.i]!);
  }
}

/** An entry as a plain object with its own fields (a kept entry reads them from its columns). */
export function plainEntry(e: BibEntry): BibEntry {
  const entry = { key: e.key, type: e.type, title: e.title, authors: e.authors, issued: e.issued, container: e.container, pages: e.pages, doi: e.doi, url: e.url, attachments: e.attachments, line: e.line };
  return e.richTitle === undefined ? entry : { ...entry, richTitle: e.richTitle };
}

/** The entries of the columns, each read when it is asked for; undefined when the columns do not agree (a damaged file). */
function keptEntries(
  c: { readonly [K in IntColumn]: Int32Array },
  oneByte: string,
  oneByteOffsets: Int32Array,
  twoByte: string,
  twoByteOffsets: Int32Array,
  richTitle: Readonly<Record<string, string>>,
): BibEntry[] | undefined {
  if (typeof richTitle !== 'object' || richTitle === null || oneByteOffsets.length === 0 || twoByteOffsets.length === 0) return undefined;
  const columns = new KeptColumns(c, oneByte, oneByteOffsets, twoByte, twoByteOffsets, richTitle);
  if (!columns.agree()) return undefined;
  const n = c.key.length;
  const entries = new Array<BibEntry>(n);
  for (let i = 0; i < n; i++) entries[i] = new KeptEntry(columns, i);
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

/**
 * What finds entries by the key being typed, made once for entries that will be kept: the key
 * search's text and the table of keys. A fresh reading puts them to use at once (`withKeyLookups`)
 * and the cache keeps them, so a cold start makes them once, not once for its first completion and
 * again for the file.
 */
export interface KeyLookups {
  readonly searchText: SearchText;
  readonly keyTable: KeyTable;
}

/** The entries' `KeyLookups`. */
export function keyLookups(entries: readonly BibEntry[]): KeyLookups {
  return { searchText: searchText(entries), keyTable: keyTable(entries) };
}

/** The bibliography fields that put `lookups` (made of `entries`) to use. */
export function withKeyLookups(entries: readonly BibEntry[], lookups: { readonly searchText?: SearchText; readonly keyIndex: KeyIndex }): Pick<Bibliography, 'searchFields' | 'keyIndex'> {
  return lookups.searchText === undefined ? { keyIndex: lookups.keyIndex } : { searchFields: { entries, ...lookups.searchText }, keyIndex: lookups.keyIndex };
}

/** A kept reading: the full parse, or the key pass (`complete` false). */
export interface KeptBibliography {
  readonly content: BibliographyContent;
  readonly complete: boolean;
  /** The entries' `searchText`, when it was kept. */
  readonly searchText?: SearchText;
  /** The entries' key index, read from the file's table of keys. */
  readonly keyIndex: KeyIndex;
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
    const oneByte = bytes.toString('latin1', oneAt, oneAt + latin1Bytes);
    const twoByte = bytes.toString('utf16le', twoAt, twoAt + utf16leBytes);
    const entries = keptEntries(columns, oneByte, offsets.subarray(0, latin1 + 1), twoByte, offsets.subarray(latin1 + 1), rest.richTitle);
    if (entries === undefined) return undefined;
    // A table of keys that cannot be this one's (its size, or an entry out of range) is a damaged file.
    const { keyTable: table, repeatedKeys: repeated } = columns;
    if (table.length < entries.length * 2 || (table.length & (table.length - 1)) !== 0 || repeated.some((r, k) => !(r > (k > 0 ? repeated[k - 1]! : 0) && r < entries.length))) return undefined;
    const keyIndex = tableKeyIndex(entries, { table, repeated });
    const kept = { content: { entries, problems: rest.problems }, complete: header.complete === true, keyIndex };
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

/** Keeps the full parse (or, `complete` false, the key pass) of `file`: written to a temporary name, then renamed (atomic). */
export function writeParsedBibliography(
  dir: string,
  file: string,
  facts: { size: number; mtimeMs: number },
  content: BibliographyContent,
  complete = true,
  lookups: KeyLookups = keyLookups(content.entries),
): void {
  // The integers are written in this machine's byte order: a machine of the other order keeps none.
  if (os.endianness() !== 'LE') return;
  const target = cacheFile(dir, file);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const columns = packEntries(content, lookups.keyTable);
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
    // The search text with the key pass too: a restart before the full parse lower-cases no field.
    const search = lookups.searchText;
    const encoding = /[^\u0000-\u00ff]/.test(search.text) ? 'utf16le' : 'latin1';
    const searchBytes = Buffer.from(search.text, encoding);
    const header: CacheHeader = {
      format: FORMAT, path: path.resolve(file), size: facts.size, mtimeMs: facts.mtimeMs, complete, body: body.length, columns: counts,
      strings: { latin1: oneByte.length, latin1Bytes: one.length, utf16le: twoByte.length, utf16leBytes: two.length },
      search: { encoding, bytes: searchBytes.length, starts: search.starts.length },
    };
    const bytesOf = (array: Int32Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    const parts = [Buffer.from(`${asciiJson(JSON.stringify(header))}\n`, 'latin1'), body, bytesOf(ints), bytesOf(offsets), one, two, searchBytes, bytesOf(search.starts)];
    fs.writeFileSync(temporary, Buffer.concat(parts));
    fs.renameSync(temporary, target);
  } catch {
    // A cache that cannot be written costs a parse at the next start, nothing else.
    fs.rmSync(temporary, { force: true });
  }
}
