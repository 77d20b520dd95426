import type { BibCreator, BibEntry, BibProblem, BibliographyContent } from '../../core/library/bibEntry';
import type { BibtexScan, ScannedEntry } from './bibtexScan';
import { parseFileField } from './fileField';
import { latexToText } from './latexText';
import { richTextPlain } from '../../core/library/richText';

/**
 * BibTeX/BibLaTeX entries from the fast scan (`quickBibtexEntries`, own LaTeX conversion and name
 * splitting) and from the full parser (`fullBibtexEntries`, `@retorquere/bibtex-parser`, the one
 * Better BibTeX uses: every LaTeX command, von/jr name parts, crossref). Both give the same keys,
 * lines and attachments; the full parse refines titles, names and containers.
 */

/** The shape of the full parser's `parse` (injected: it is loaded lazily, only when a .bib exists). */
export type BibtexParse = (input: string, options: Record<string, unknown>) => {
  readonly entries: ReadonlyArray<{ readonly key: string; readonly type: string; readonly fields: Readonly<Record<string, unknown>> }>;
  readonly errors: ReadonlyArray<{ readonly error: string; readonly input?: string }>;
};

type BibtexParser = typeof import('./bibtexParser');
/** The full parser, loaded on first use. */
let parser: Promise<BibtexParse> | undefined;

/** Loads `@retorquere/bibtex-parser` once, from its own bundle beside the server's (see scripts/build.mjs). */
export function loadBibtexParser(): Promise<BibtexParse> {
  // A separate bundle in dist/; the TypeScript module when run from source.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= (require('./bibtexParser') as BibtexParser).importBibtexParse() as unknown as Promise<BibtexParse>;
  return parser;
}

/** Fields whose value is not LaTeX text (paths, URLs, identifiers). */
const VERBATIM_FIELDS = new Set(['url', 'doi', 'file', 'eprint', 'pdf', 'urldate']);

/** Entries from the fast scan alone: keys, lines, attachments and LaTeX-to-text metadata. */
export function quickBibtexEntries(scan: BibtexScan): BibliographyContent {
  const entries = scan.entries.map((scanned) => entryOf(scanned, (name) => fieldText(scanned, name), (name) => splitNames(scanned.fields.get(name) ?? '')));
  return { entries, problems: scan.problems };
}

/**
 * Entries from the full parser, one slice of the scan at a time (`from`..`to`), so a caller can
 * yield between slices. An entry the parser cannot read keeps its fast-scan version, and the
 * parser's complaint is reported.
 */
export function fullBibtexEntriesSlice(
  scan: BibtexScan,
  parse: BibtexParse,
  from: number,
  to: number,
): { entries: BibEntry[]; problems: BibProblem[] } {
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [];
  const options = { sentenceCase: false, english: false, caseProtection: false, unsupported: 'ignore', verbatimFields: [...VERBATIM_FIELDS] };
  const slice = scan.entries.slice(from, to);
  // Entries in plain LaTeX read the same from the fast pass (see `needsFullParser`): only the others
  // go to the parser, one call per slice (its cost is mostly per call: about 4x less per entry in batches).
  const hard = slice.filter(needsFullParser);
  let parsed: ReturnType<BibtexParse> | undefined;
  let failure: string | undefined;
  if (hard.length > 0) {
    try {
      parsed = parse(hard.map((scanned, index) => parserInput(scanned, index)).join('\n'), options);
    } catch (error) {
      failure = (error as Error).message.split('\n')[0];
    }
  }
  // The parser is given each entry under its index (`parserInput`), so a key it would read otherwise
  // (`TitleMath$ell_1$`, keys written twice) cannot take another entry's fields.
  const byIndex = new Map(parsed?.entries.map((e) => [e.key, e]) ?? []);
  const failed = new Map<string, string>();
  for (const error of parsed?.errors ?? []) {
    const key = /^@\w+\{(\d+),/.exec((error as { input?: string }).input ?? '')?.[1];
    if (key !== undefined) failed.set(key, error.error.split('\n')[0]!);
  }
  const hardIndex = new Map(hard.map((scanned, index) => [scanned, String(index)]));
  for (const scanned of slice) {
    if (!needsFullParser(scanned)) {
      entries.push(entryOf(scanned, (name) => fieldText(scanned, name), (name) => splitNames(scanned.fields.get(name) ?? '')));
      continue;
    }
    const index = hardIndex.get(scanned)!;
    const result = byIndex.get(index);
    const why = failure ?? failed.get(index) ?? (result === undefined ? 'the full parser skipped it' : undefined);
    if (why !== undefined || result === undefined) {
      problems.push({ line: scanned.line, key: scanned.key, message: `${scanned.key}: ${why}; using a simpler reading` });
      entries.push(entryOf(scanned, (name) => fieldText(scanned, name), (name) => splitNames(scanned.fields.get(name) ?? '')));
      continue;
    }
    entries.push(entryOf(scanned, fullText(result.fields, scanned), fullNames(result.fields)));
  }
  return { entries, problems };
}

/**
 * A field's text from the full parser (NFC: it leaves some accents as combining marks). Its text
 * fields are rich text (`<i>`, `<sup>`: see `richText`). It reads `<` and `>` as the OT1 font
 * draws them (`¡`, `¿`); Pandoc, and a writer, mean the signs.
 */
function fullText(fields: Readonly<Record<string, unknown>>, scanned: ScannedEntry): (name: string) => string {
  return (name) => {
    const value = fields[name];
    if (typeof value === 'string') {
      if (VERBATIM_FIELDS.has(name)) return value.trim();
      const raw = scanned.fields.get(name) ?? '';
      let text = value;
      if (raw.includes('<') && !raw.includes('¡')) text = text.replaceAll('¡', '&lt;');
      if (raw.includes('>') && !raw.includes('¿')) text = text.replaceAll('¿', '&gt;');
      return withoutBreakHints(text.replace(/\s+/g, ' ').trim().normalize('NFC'));
    }
    if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ').normalize('NFC');
    return '';
  };
}

/** A name list from the full parser, von parts and suffixes kept with the family name. */
function fullNames(fields: Readonly<Record<string, unknown>>): (name: string) => BibCreator[] {
  return (name) => {
    const value = fields[name];
    if (!Array.isArray(value)) return [];
    return value.map((creator: { name?: string; lastName?: string; firstName?: string; prefix?: string; suffix?: string }) => ({
      family: withoutBreakHints([creator.prefix, creator.lastName].filter((p) => p).join(' ') + (creator.suffix ? `, ${creator.suffix}` : '')).normalize('NFC'),
      given: withoutBreakHints(creator.firstName ?? '').normalize('NFC'),
      literal: withoutBreakHints(creator.name ?? '').normalize('NFC'),
    }));
  };
}

/** Text without the zero-width spaces the parser writes for `\hspace{0pt}` (a place to break a line, not a character: `de’\hspace{0pt}`). */
function withoutBreakHints(text: string): string {
  return text.includes('\u200b') ? text.replaceAll('\u200b', '') : text;
}

/** Fields the catalogue uses; the parser is given only these (an abstract costs it more than all the rest). */
const CATALOGUE_FIELDS = [
  'title', 'subtitle', 'titleaddon', 'maintitle', 'mainsubtitle', 'maintitleaddon', 'author', 'editor', 'date', 'year', 'month',
  'journaltitle', 'journal', 'booktitle', 'howpublished', 'organization', 'institution', 'school', 'publisher', 'pages', 'doi', 'url',
];

/** Text fields the catalogue reads (names aside). */
const TEXT_FIELDS = CATALOGUE_FIELDS.filter((name) => !['author', 'editor', 'doi', 'url'].includes(name));
// LaTeX the fast pass reads as the parser does: text, accents (`{\"u}`, `\v{s}`) and escaped
// characters; no other command, no math, no superscript or subscript.
const PLAIN_LATEX = /^(?:[^\\$^_%]|\\[&%$#_{}]|\\["'`^~=.]\{?[a-zA-Z]\}?|\\[uvHckrdbt]\{[a-zA-Z]\})*$/;
const PLAIN_NAMES = /^(?:[^\\$^_%=]|\\["'`^~=.]\{?[a-zA-Z]\}?)*$/;

/**
 * Whether an entry needs the full parser: LaTeX beyond `PLAIN_LATEX` in a text field, or a name the
 * fast pass's splitting may read otherwise (`First von Last`, `von Last, Jr, First`, Biber's
 * `family=…` form). On 4,829 entries of Better BibTeX's test exports 91% need not, and the fast
 * pass reads 99.9% of those exactly as the parser (the rest: the parser splits a publisher at `and`).
 */
export function needsFullParser(scanned: ScannedEntry): boolean {
  for (const name of TEXT_FIELDS) {
    const value = scanned.fields.get(name);
    if (value !== undefined && !PLAIN_LATEX.test(value)) return true;
  }
  for (const field of ['author', 'editor']) {
    const value = scanned.fields.get(field);
    if (value === undefined) continue;
    if (!PLAIN_NAMES.test(value)) return true;
    for (const name of value.split(/\s+and\s+/)) {
      const commas = name.split(',').length - 1;
      if (commas > 1 || (commas === 0 && /(?:^|\s)[a-z]/.test(name.replace(/\{[^{}]*\}/g, 'X')))) return true;
    }
  }
  return false;
}

/**
 * The entry rewritten for the parser with the scanned values of the catalogue's fields only (macros
 * already expanded), under `index` instead of its key.
 */
function parserInput(scanned: ScannedEntry, index: number): string {
  const lines = [`@${scanned.type}{${index},`];
  for (const name of CATALOGUE_FIELDS) {
    const value = scanned.fields.get(name);
    if (value !== undefined) lines.push(`  ${name} = {${value}},`);
  }
  lines.push('}');
  return lines.join('\n');
}

/** Entry types whose `maintitle` is their book's, not their own title (Pandoc's "chapter-like" types). */
const PARTS_OF_BOOKS = new Set(['inbook', 'incollection', 'inproceedings', 'inreference', 'bookinbook']);

function entryOf(scanned: ScannedEntry, text: (name: string) => string, names: (name: string) => BibCreator[]): BibEntry {
  // As Pandoc's citeproc composes a BibLaTeX title: `title: subtitle. titleaddon`; a volume of a
  // multi-volume work (`maintitle`) is known by the work's title, each part falling back to its own.
  const main = !PARTS_OF_BOOKS.has(scanned.type) && text('maintitle') !== '';
  const part = (name: string): string => (main ? text(`main${name}`) || text(name) : text(name));
  const rich = joinTitle(joinTitle(part('title'), part('subtitle'), ':'), part('titleaddon'), '.');
  const title = richTextPlain(rich);
  const authors = names('author');
  return {
    key: scanned.key,
    type: scanned.type,
    title,
    ...(rich !== title ? { richTitle: rich } : {}),
    authors: authors.length > 0 ? authors : names('editor'),
    issued: issuedOf(text('date'), text('year'), text('month')),
    // A chapter of a volume of a multi-volume work appears in the work (Pandoc's container title).
    container: richTextPlain(
      (PARTS_OF_BOOKS.has(scanned.type) && text('maintitle') !== '' ? joinTitle(joinTitle(text('maintitle'), text('mainsubtitle'), ':'), text('maintitleaddon'), '.') : '') ||
        firstOf(text, ['journaltitle', 'journal', 'booktitle', 'maintitle', 'howpublished', 'organization', 'institution', 'school', 'publisher']),
    ),
    pages: text('pages'),
    doi: text('doi').replace(/^https?:\/\/(dx\.)?doi\.org\//i, ''),
    url: text('url'),
    attachments: parseFileField(scanned.fields.get('file') ?? ''),
    line: scanned.line,
  };
}

function fieldText(scanned: ScannedEntry, name: string): string {
  const raw = scanned.fields.get(name) ?? '';
  return VERBATIM_FIELDS.has(name) ? raw.trim() : latexToText(raw);
}

function firstOf(text: (name: string) => string, names: readonly string[]): string {
  for (const name of names) {
    const value = text(name);
    if (value !== '') return value;
  }
  return '';
}

/** `first` and `second` joined by `separator` and a space, or by a space alone after punctuation (`What?`): Pandoc's `concatWith`. */
function joinTitle(first: string, second: string, separator: string): string {
  if (second === '') return first;
  if (first === '') return second;
  return /[!?.,:;]$/.test(richTextPlain(first)) ? `${first} ${second}` : `${first}${separator} ${second}`;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * BibLaTeX `date` (`2022-11-01`, `2022-11/2023`, `-0333`, `199X`) or BibTeX `year` + `month`, as
 * `BibEntry.issued` has dates: `YYYY[-MM[-DD]]`, years BC negative as CSL counts them (BibLaTeX's
 * `-0333`, ISO's astronomical year, is 334 BC: `-334`), a range as `start/end`, an unspecified digit
 * (`199X`, `19uu`) as the range it spans. Anything else is kept as written.
 */
export function issuedOf(date: string, year: string, month: string): string {
  const written = date.trim() !== '' ? date.trim() : year.trim();
  if (written === '') return '';
  const range = edtfRange(written);
  if (range === undefined) return written;
  if (date.trim() === '' && range.length === 1 && !range[0]!.includes('-', 1)) {
    const m = /^\d{1,2}$/.test(month.trim()) ? Number(month) : MONTH_NAMES.indexOf(month.trim().slice(0, 3).toLowerCase()) + 1;
    if (m >= 1 && m <= 12) return `${range[0]}-${String(m).padStart(2, '0')}`;
  }
  return range.join('/');
}

/** The dates of an EDTF/BibLaTeX date or range (one or two, CSL's years), or undefined when it is not one. */
function edtfRange(written: string): string[] | undefined {
  const parts = written.split('/').map((part) => part.trim());
  if (parts.length > 2) return undefined;
  const dates: string[] = [];
  for (const part of parts) {
    // An open end (`2020/`, `/2020`, `..`) adds nothing.
    if (part === '' || part === '..') continue;
    const m = /^(y?)(-?)(\d{4,}|\d{2,3}[uUX]{1,2})(?:-(\d{2}))?(?:-(\d{2}))?(?:T[\d:.]+Z?)?[?~%]?$/.exec(part);
    if (m === null) return undefined;
    const digits = m[3]!;
    const unspecified = /[uUX]/.test(digits);
    const years = unspecified ? [digits.replace(/[uUX]/g, '0'), digits.replace(/[uUX]/g, '9')] : [digits];
    for (const y of years) {
      const astronomical = Number(`${m[2]}${y}`);
      // As Pandoc reads it: a negative year one less (no year 0 in CSL), `0000` as 0.
      const cslYear = astronomical < 0 ? astronomical - 1 : astronomical;
      const monthNumber = m[4] !== undefined && !unspecified ? Number(m[4]) : 0;
      let out = cslYear < 0 ? String(cslYear) : String(cslYear).padStart(4, '0');
      if (monthNumber >= 1 && monthNumber <= 12) out += `-${m[4]}${m[5] !== undefined ? `-${m[5]}` : ''}`;
      dates.push(out);
    }
  }
  if (dates.length === 0) return undefined;
  return dates.length === 2 && dates[0] === dates[1] ? [dates[0]!] : dates.slice(0, 2);
}

/**
 * BibTeX names (`Last, First and {Org Name} and First von Last`) split without a full name
 * grammar: good enough for a card and a search until the full parse arrives.
 */
export function splitNames(raw: string): BibCreator[] {
  const names: string[] = [];
  const separator = /\s+and\s+/gi;
  let start = 0;
  for (let m = separator.exec(raw); m !== null; m = separator.exec(raw)) {
    // An "and" inside braces (`{Smith and Sons}`) is part of a name.
    if (braceDepth(raw, start, m.index) !== 0) continue;
    names.push(raw.slice(start, m.index));
    start = m.index + m[0].length;
  }
  names.push(raw.slice(start));
  return names.map((name) => name.trim()).filter((name) => name !== '' && name !== 'others').map(nameOf);
}

function braceDepth(text: string, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) depth--;
  }
  return depth;
}

function nameOf(raw: string): BibCreator {
  if (/^\{[^{}]*(\{[^{}]*\}[^{}]*)*\}$/.test(raw)) return { family: '', given: '', literal: latexToText(raw) };
  const parts = splitTopLevel(raw, ',');
  if (parts.length >= 2) {
    const given = latexToText(parts[parts.length - 1]!);
    const family = latexToText(parts[0]!) + (parts.length === 3 ? `, ${latexToText(parts[1]!)}` : '');
    return { family, given, literal: '' };
  }
  const words = splitTopLevel(raw, ' ').filter((w) => w !== '');
  if (words.length === 1) return { family: latexToText(words[0]!), given: '', literal: '' };
  // "First von Last": the family name starts at the first lower-case word after the first word.
  let split = words.length - 1;
  for (let k = 1; k < words.length - 1; k++) {
    if (/^[a-z]/.test(words[k]!)) {
      split = k;
      break;
    }
  }
  return { family: latexToText(words.slice(split).join(' ')), given: latexToText(words.slice(0, split).join(' ')), literal: '' };
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && c === separator) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(text.slice(start).trim());
  return parts;
}
