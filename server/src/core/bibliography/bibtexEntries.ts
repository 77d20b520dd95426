import type { BibCreator, BibEntry, BibProblem, BibliographyContent } from './bibEntry';
import type { BibtexScan, ScannedEntry } from './bibtexScan';
import { parseFileField } from './fileField';
import { latexToText } from './latexText';

/**
 * BibTeX/BibLaTeX entries from the fast scan (`quickBibtexEntries`, own LaTeX conversion and name
 * splitting) and from the full parser (`fullBibtexEntries`, `@retorquere/bibtex-parser`, the one
 * Better BibTeX uses: every LaTeX command, von/jr name parts, crossref). Both give the same keys,
 * lines and attachments; the full parse refines titles, names and containers.
 */

/** The shape of the full parser's `parse` (injected: it is loaded lazily, only when a .bib exists). */
export type BibtexParse = (input: string, options: Record<string, unknown>) => {
  readonly entries: ReadonlyArray<{ readonly key: string; readonly type: string; readonly fields: Readonly<Record<string, unknown>> }>;
  readonly errors: ReadonlyArray<{ readonly error: string }>;
};

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
  text: string,
  scan: BibtexScan,
  parse: BibtexParse,
  from: number,
  to: number,
): { entries: BibEntry[]; problems: BibProblem[] } {
  const entries: BibEntry[] = [];
  const problems: BibProblem[] = [];
  const options = { sentenceCase: false, english: false, caseProtection: false, unsupported: 'ignore', strings: { ...scan.strings }, verbatimFields: [...VERBATIM_FIELDS] };
  for (const scanned of scan.entries.slice(from, to)) {
    let parsed: ReturnType<BibtexParse> | undefined;
    try {
      parsed = parse(text.slice(scanned.start, scanned.end), options);
    } catch (error) {
      problems.push({ line: scanned.line, key: scanned.key, message: `${scanned.key}: ${(error as Error).message.split('\n')[0]}; using a simpler reading` });
    }
    const result = parsed?.entries[0];
    if (parsed && parsed.errors.length > 0) {
      problems.push({ line: scanned.line, key: scanned.key, message: `${scanned.key}: ${parsed.errors[0]!.error.split('\n')[0]}; using a simpler reading` });
    }
    if (result === undefined || parsed!.errors.length > 0) {
      entries.push(entryOf(scanned, (name) => fieldText(scanned, name), (name) => splitNames(scanned.fields.get(name) ?? '')));
      continue;
    }
    const fields = result.fields;
    const textOf = (name: string): string => {
      const value = fields[name];
      // The parser leaves some accents as combining marks: NFC, as the fast scan gives them.
      if (typeof value === 'string') return VERBATIM_FIELDS.has(name) ? value.trim() : value.replace(/\s+/g, ' ').trim().normalize('NFC');
      if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ').normalize('NFC');
      return '';
    };
    const names = (name: string): BibCreator[] => {
      const value = fields[name];
      if (!Array.isArray(value)) return [];
      return value.map((creator: { name?: string; lastName?: string; firstName?: string; prefix?: string; suffix?: string }) => ({
        family: ([creator.prefix, creator.lastName].filter((p) => p).join(' ') + (creator.suffix ? `, ${creator.suffix}` : '')).normalize('NFC'),
        given: (creator.firstName ?? '').normalize('NFC'),
        literal: (creator.name ?? '').normalize('NFC'),
      }));
    };
    entries.push(entryOf(scanned, textOf, names));
  }
  return { entries, problems };
}

function entryOf(scanned: ScannedEntry, text: (name: string) => string, names: (name: string) => BibCreator[]): BibEntry {
  const title = text('title');
  const subtitle = text('subtitle');
  const authors = names('author');
  return {
    key: scanned.key,
    type: scanned.type,
    title: subtitle && title ? `${title}: ${subtitle}` : title,
    authors: authors.length > 0 ? authors : names('editor'),
    issued: issuedOf(text('date'), text('year'), text('month')),
    container: firstOf(text, ['journaltitle', 'journal', 'booktitle', 'maintitle', 'howpublished', 'organization', 'institution', 'school', 'publisher']),
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

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** BibLaTeX `date` (`2022-11-01`, `2022-11/2023`) or BibTeX `year` + `month`, as `YYYY[-MM[-DD]]`. */
export function issuedOf(date: string, year: string, month: string): string {
  if (date !== '') return date.split('/')[0]!.trim();
  if (year === '') return '';
  const m = /^\d{1,2}$/.test(month.trim()) ? Number(month) : MONTH_NAMES.indexOf(month.trim().slice(0, 3).toLowerCase()) + 1;
  return m >= 1 && m <= 12 ? `${year.trim()}-${String(m).padStart(2, '0')}` : year.trim();
}

/**
 * BibTeX names (`Last, First and {Org Name} and First von Last`) split without a full name
 * grammar: good enough for a card and a search until the full parse arrives.
 */
export function splitNames(raw: string): BibCreator[] {
  const names: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && /\s/.test(c!) && /^\s+and\s/i.test(raw.slice(i, i + 6))) {
      names.push(raw.slice(start, i));
      i += /^\s+and/i.exec(raw.slice(i))![0].length;
      start = i;
    }
  }
  names.push(raw.slice(start));
  return names.map((name) => name.trim()).filter((name) => name !== '' && name !== 'others').map(nameOf);
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
