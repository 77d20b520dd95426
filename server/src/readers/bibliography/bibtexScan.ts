/**
 * The fast pass over a BibTeX/BibLaTeX file: one linear scan that finds every entry, its key, its
 * line and its fields' raw values (`@string` macros expanded, `#` concatenation joined), and
 * recovers from a broken entry at the next line that starts a new one, so one unbalanced brace
 * costs one entry, not the file. It is what keys complete from within milliseconds; the full
 * parser (`bibtexEntries`) refines the text of the fields later.
 */

import { inheritCrossrefs } from './crossref';

/** One entry as the scan found it: raw field values, LaTeX still in them. */
export interface ScannedEntry {
  readonly type: string;
  readonly key: string;
  /** Field names in lower case → raw value (outer braces or quotes removed). */
  readonly fields: ReadonlyMap<string, string>;
  /** 1-based line of the `@`. */
  readonly line: number;
  /** The entry's own text, from `@` to its closing delimiter. */
  readonly start: number;
  readonly end: number;
}

/** An entry the scan could not read, with the reason and where it starts. */
export interface ScanProblem {
  readonly line: number;
  readonly key?: string;
  readonly message: string;
}

/** What the scan found in a whole file. */
export interface BibtexScan {
  readonly entries: readonly ScannedEntry[];
  /** `@string` macros, names in lower case. */
  readonly strings: Readonly<Record<string, string>>;
  readonly problems: readonly ScanProblem[];
}

const MONTHS: Readonly<Record<string, string>> = {
  jan: '1', feb: '2', mar: '3', apr: '4', may: '5', jun: '6', jul: '7', aug: '8', sep: '9', oct: '10', nov: '11', dec: '12',
};

/** A broken entry: the scan resumes at the next entry. */
class Broken extends Error {
  constructor(message: string, readonly key?: string) {
    super(message);
  }
}

/** Scans a BibTeX or BibLaTeX file; never throws. */
export function scanBibtex(text: string): BibtexScan {
  return new Scanner(text).run();
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** Letters, digits, `_` and `-`: what an entry type is made of. */
function isTypeChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** White space, `,`, braces, parentheses, `"` and `=` end a key. */
function isKeyEnd(c: number): boolean {
  return isSpace(c) || c === 44 || c === 123 || c === 125 || c === 40 || c === 41 || c === 34 || c === 61;
}

/** Field and macro names: anything but white space and `"#%'(),={}@`. */
function isIdentifierChar(c: number): boolean {
  return !(isSpace(c) || c === 34 || c === 35 || c === 37 || c === 39 || c === 40 || c === 41 || c === 44 || c === 61 || c === 123 || c === 125 || c === 64);
}

class Scanner {
  private i = 0;
  private line = 1;
  /** Offset up to which `line` has been counted. */
  private counted = 0;
  private readonly entries: ScannedEntry[] = [];
  private readonly strings: Record<string, string> = { ...MONTHS };
  private readonly problems: ScanProblem[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly text: string) {}

  run(): BibtexScan {
    const text = this.text;
    for (;;) {
      const at = text.indexOf('@', this.i);
      if (at === -1) break;
      this.i = at;
      const line = this.lineOf(at);
      try {
        this.entry(at, line);
      } catch (error) {
        if (!(error instanceof Broken)) throw error;
        this.problems.push({ line, ...(error.key !== undefined ? { key: error.key } : {}), message: error.message });
        this.i = this.nextEntryStart(at + 1);
      }
    }
    const strings: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.strings)) if (MONTHS[name] !== value) strings[name] = value;
    return { entries: inheritCrossrefs(this.entries), strings, problems: this.problems };
  }

  /** Counts lines forward to `offset` (offsets only grow between calls, except after recovery). */
  private lineOf(offset: number): number {
    if (offset < this.counted) {
      this.line = 1;
      this.counted = 0;
    }
    const text = this.text;
    for (let k = text.indexOf('\n', this.counted); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) this.line++;
    this.counted = offset;
    return this.line;
  }

  private entry(at: number, line: number): void {
    const text = this.text;
    let i = at + 1;
    const typeStart = i;
    while (i < text.length && isTypeChar(text.charCodeAt(i))) i++;
    const type = text.slice(typeStart, i).toLowerCase();
    if (type === '') {
      this.i = at + 1; // a stray `@` outside any entry is comment text, as BibTeX has it
      return;
    }
    i = this.skipSpace(i);
    const open = text[i];
    if (open !== '{' && open !== '(') {
      // Outside entries everything is comment text (`name@example.com`, `@comment` alone), as in BibTeX.
      this.i = i;
      return;
    }
    const close = open === '{' ? '}' : ')';
    i++;
    if (type === 'comment' || type === 'preamble') {
      this.i = this.balanced(i, close);
      return;
    }
    if (type === 'string') {
      i = this.skipSpace(i);
      const name = this.identifier(i);
      if (name === '') throw new Broken('@string without a name');
      i = this.skipSpace(i + name.length);
      if (text[i] !== '=') throw new Broken(`@string ${name} has no "="`);
      const value = this.value(i + 1, close);
      this.strings[name.toLowerCase()] = value.text;
      i = this.skipSpace(value.end);
      if (text[i] !== close) throw new Broken(`@string ${name} is not closed`);
      this.i = i + 1;
      return;
    }
    i = this.skipSpace(i);
    const keyStart = i;
    while (i < text.length && !isKeyEnd(text.charCodeAt(i))) i++;
    const key = text.slice(keyStart, i);
    if (key === '') throw new Broken(`an @${type} entry without a key`);
    i = this.skipSpace(i);
    const fields = new Map<string, string>();
    if (text[i] !== ',' && text[i] !== close) throw new Broken(`${key}: expected "," after the key`, key);
    for (;;) {
      while (i < text.length && (text.charCodeAt(i) === 44 || isSpace(text.charCodeAt(i)))) i++;
      if (i >= text.length) throw new Broken(`${key}: not closed (the file ends inside the entry)`, key);
      if (text[i] === close) {
        i++;
        break;
      }
      if (text[i] === '@' && this.startsEntryLine(i)) throw new Broken(`${key}: not closed before the next entry`, key);
      const name = this.identifier(i);
      if (name === '') throw new Broken(`${key}: unexpected "${text[i]}"`, key);
      i = this.skipSpace(i + name.length);
      if (text[i] !== '=') throw new Broken(`${key}: field "${name}" has no "="`, key);
      const value = this.value(i + 1, close, key);
      // BibTeX keeps the first of a repeated field; so does Verbatim.
      if (!fields.has(name.toLowerCase())) fields.set(name.toLowerCase(), value.text);
      i = this.skipSpace(value.end);
      if (text[i] !== ',' && text[i] !== close) throw new Broken(`${key}: expected "," or the end of the entry after field "${name}"`, key);
    }
    this.i = i;
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.problems.push({ line, key, message: `duplicate key ${key} (first at line ${first}); this entry is ignored` });
      return;
    }
    this.seen.set(key, line);
    this.entries.push({ type, key, fields, line, start: at, end: i });
  }

  /** A field value: pieces joined by `#`, each `{…}`, `"…"`, a number or a macro name. */
  private value(from: number, close: string, key?: string): { text: string; end: number } {
    const text = this.text;
    const parts: string[] = [];
    let i = from;
    for (;;) {
      i = this.skipSpace(i);
      const c = text[i];
      if (c === '{') {
        const end = this.balanced(i + 1, '}', key);
        parts.push(text.slice(i + 1, end - 1));
        i = end;
      } else if (c === '"') {
        const end = this.quoted(i + 1, key);
        parts.push(text.slice(i + 1, end - 1));
        i = end;
      } else if (c !== undefined && c >= '0' && c <= '9') {
        const start = i;
        while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
        parts.push(text.slice(start, i));
      } else {
        const name = this.identifier(i);
        if (name === '') {
          throw new Broken(c === close || c === ',' ? `${key ? `${key}: ` : ''}a field has no value` : `${key ? `${key}: ` : ''}unexpected "${c ?? 'end of file'}" in a field value`, key);
        }
        const macro = this.strings[name.toLowerCase()];
        // An undefined macro is kept as its name, as BibTeX warns and goes on.
        parts.push(macro ?? name);
        i += name.length;
      }
      i = this.skipSpace(i);
      if (text[i] !== '#') return { text: parts.join(''), end: i };
      i++;
    }
  }

  /** The offset after the group that closes with `close` at depth 0, from inside it. */
  private balanced(from: number, close: string, key?: string): number {
    const text = this.text;
    const parens = close === ')';
    const closeCode = close.charCodeAt(0);
    let depth = 0;
    // Character codes, not strings: this loop reads every byte of a large file.
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c > 125 || (c !== 92 && c !== 123 && c !== 125 && c !== 40 && c !== 41 && c !== 64)) continue;
      if (c === 92) {
        i++;
      } else if (c === 123 || (parens && c === 40)) {
        depth++;
      } else if (c === 125 || (parens && c === 41)) {
        if (depth === 0 && c === closeCode) return i + 1;
        if (c === 125 || parens) depth--;
        if (depth < 0) throw new Broken(`${key ? `${key}: ` : ''}unbalanced "}"`, key);
      } else if (c === 64 && this.startsEntryLine(i)) {
        throw new Broken(`${key ? `${key}: ` : ''}unbalanced braces (the entry runs into the next one at line ${this.lineOfForward(i)})`, key);
      }
    }
    throw new Broken(`${key ? `${key}: ` : ''}unbalanced braces (the file ends inside the entry)`, key);
  }

  /** The offset after a `"…"` value (quotes inside braces do not end it). */
  private quoted(from: number, key?: string): number {
    const text = this.text;
    let depth = 0;
    for (let i = from; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth <= 0) return i + 1;
      else if (c === '@' && this.startsEntryLine(i)) throw new Broken(`${key ? `${key}: ` : ''}unclosed quote (the entry runs into the next one)`, key);
    }
    throw new Broken(`${key ? `${key}: ` : ''}unclosed quote (the file ends inside the entry)`, key);
  }

  /** Whether an `@` at `i` begins a line and a new entry (`@type{`): where a broken entry ends. */
  private startsEntryLine(i: number): boolean {
    const text = this.text;
    let k = i - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    if (k >= 0 && text[k] !== '\n' && text[k] !== '\r') return false;
    return /^@[A-Za-z]+\s*[{(]/.test(text.slice(i, i + 40));
  }

  private nextEntryStart(from: number): number {
    const text = this.text;
    for (let at = text.indexOf('@', from); at !== -1; at = text.indexOf('@', at + 1)) {
      if (this.startsEntryLine(at)) return at;
    }
    return text.length;
  }

  private lineOfForward(offset: number): number {
    let line = this.line;
    const text = this.text;
    for (let k = text.indexOf('\n', this.counted); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) line++;
    return line;
  }

  private identifier(at: number): string {
    const text = this.text;
    let i = at;
    while (i < text.length && isIdentifierChar(text.charCodeAt(i))) i++;
    return text.slice(at, i);
  }

  private skipSpace(at: number): number {
    const text = this.text;
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    return i;
  }
}
