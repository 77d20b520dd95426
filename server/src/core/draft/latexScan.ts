/**
 * One pass over a LaTeX draft: its prose as plain text of the same length (so every offset of the
 * plain text is an offset of the draft), what holds no prose (preamble, comments, math, verbatim,
 * citation commands), the citation commands of biblatex and natbib, the quotations of csquotes, the
 * quotation environments, where paragraphs break, and the bibliographies and files it names.
 *
 * Markup turned into text keeps its length: `\'e` is `é` and two word joiners (format characters,
 * which words keep inside and folding drops), `\emph{` is blanks, `~` a no-break space, `--` an en
 * dash and a blank, ``` `` ``` a blank and `“`. Pure and linear; never throws.
 */
import type { CitationGroup } from './citations';
import type { DraftInclude } from './draftModel';
import type { MarkedQuote } from './quotations';
import { commandNameEnd, groupEnd, readLatexCitation, skipBlanks } from './latexCitations';
import {
  ACCENTS,
  SYMBOLS,
  ESCAPED,
  DROPPED,
  SECTIONING,
  HEADINGS,
  VERBATIM,
  MATH,
  QUOTE_ENVIRONMENTS,
  ENVIRONMENT_ARGUMENTS,
  CITE_COMMANDS,
  MULTI_CITE_COMMANDS,
  INLINE_QUOTES,
  BLOCK_QUOTES,
  KEYED_QUOTES,
} from './latexCommands';

/** A quotation environment (`displayquote`, `quote`, `quotation`): its body, and a citation given with it. */
export interface LatexQuoteEnvironment {
  readonly start: number;
  readonly end: number;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly citation: CitationGroup | undefined;
}

/** What a scan of a LaTeX draft found; offsets are draft offsets. */
export interface LatexScan {
  /** The draft as text, same length: markup blanked or turned into the characters it prints. */
  readonly plain: string;
  /** 1 where the draft holds no prose (preamble, comments, math, verbatim, citation commands). */
  readonly hidden: Uint8Array;
  readonly citations: readonly CitationGroup[];
  readonly quotes: readonly MarkedQuote[];
  readonly environments: readonly LatexQuoteEnvironment[];
  /** Offsets where a paragraph ends besides blank lines (sectioning, `\item`, environments, `\par`). */
  readonly breaks: readonly number[];
  /** Headings (`\section{…}` and the like, from the command to its argument's `}`), each a paragraph of its own. */
  readonly headings: ReadonlyArray<readonly [number, number]>;
  /** Bibliography files as named (`\addbibresource{refs.bib}`, `\bibliography{refs}` without `.bib`). */
  readonly bibliographies: readonly string[];
  /** Files `\input`, `\include` or `\subfile`d, as named, with the offset of the command. */
  readonly inputs: readonly DraftInclude[];
  /** Ranges of markup written as one unit (`\'e`, `\emph{`): an edit must not cut one. */
  readonly atoms: ReadonlyArray<readonly [number, number]>;
}

const WORD_JOINER = '\u2060';

/** The import package's commands: a folder, then a file in it. */
const IMPORTS = new Set(['import', 'subimport', 'inputfrom', 'subinputfrom', 'includefrom', 'subincludefrom']);

const SPECIAL = /[%\\${}~\-`'\n]/g;

/** Scans a LaTeX draft; never throws. */
export function scanLatex(text: string): LatexScan {
  return new Scanner(text).run();
}

class Scanner {
  private readonly n: number;
  private readonly plain: string[];
  private readonly hidden: Uint8Array;
  private readonly citations: CitationGroup[] = [];
  private readonly quotes: MarkedQuote[] = [];
  private readonly environments: LatexQuoteEnvironment[] = [];
  private readonly openEnvironments: Array<{ name: string; start: number; bodyStart: number; citation: CitationGroup | undefined }> = [];
  private readonly breaks: number[] = [];
  private readonly headings: Array<[number, number]> = [];
  private readonly bibliographies: string[] = [];
  private readonly inputs: DraftInclude[] = [];
  private readonly atoms: Array<[number, number]> = [];
  /** Groups (`{`) opened by a csquotes command, by the offset of their `{`. */
  private readonly quoteGroups = new Map<number, { kind: 'inline' | 'block'; start: number; citation: CitationGroup | undefined }>();
  private readonly braceStack: number[] = [];

  constructor(private readonly text: string) {
    this.n = text.length;
    this.plain = text.split('');
    this.hidden = new Uint8Array(this.n);
  }

  run(): LatexScan {
    const text = this.text;
    const body = /\\begin\s*\{document\}/.exec(text);
    let i = 0;
    while (i < this.n) {
      SPECIAL.lastIndex = i;
      const next = SPECIAL.exec(text);
      if (next === null) break;
      i = next.index;
      const c = text[i]!;
      if (c === '%') i = this.comment(i);
      else if (c === '\\') i = this.command(i);
      else if (c === '$') i = this.dollarMath(i);
      else if (c === '{') i = this.openBrace(i);
      else if (c === '}') i = this.closeBrace(i);
      else if (c === '~') {
        this.plain[i] = '\u00a0';
        i++;
      } else if (c === '-') i = this.dashes(i);
      else if (c === '`') i = this.openingQuote(i);
      else if (c === "'") i = this.closingQuote(i);
      else i++;
    }
    if (body !== null) {
      this.hide(0, body.index + body[0].length);
      const end = /\\end\s*\{document\}/.exec(text.slice(body.index));
      if (end !== null) this.hide(body.index + end.index, this.n);
    }
    return {
      plain: this.plain.join(''),
      hidden: this.hidden,
      citations: this.citations.sort((a, b) => a.start - b.start),
      quotes: this.quotes.sort((a, b) => a.start - b.start),
      environments: this.environments.sort((a, b) => a.start - b.start),
      breaks: this.breaks.sort((a, b) => a - b),
      headings: this.headings,
      bibliographies: this.bibliographies,
      inputs: this.inputs,
      atoms: this.atoms.sort((a, b) => a[0] - b[0]),
    };
  }

  /** Blanks `[from, to)` (line breaks kept) and marks it as no prose. */
  private hide(from: number, to: number): void {
    for (let k = from; k < to; k++) {
      this.hidden[k] = 1;
      if (this.text[k] !== '\n' && this.text[k] !== '\r') this.plain[k] = ' ';
    }
  }

  /** Writes `printed` over the markup `[from, to)`, padded to its length, as one atom. */
  private put(from: number, to: number, printed: string): void {
    const letter = /^[\p{L}\p{N}]/u.test(printed);
    const pad = letter || (this.wordBefore(from) && this.wordAfter(to)) ? WORD_JOINER : ' ';
    const chars = printed.length <= to - from ? printed : printed.slice(0, to - from);
    for (let k = from; k < to; k++) {
      const c = chars[k - from];
      if (this.text[k] === '\n' && c === undefined) continue;
      this.plain[k] = c ?? pad;
    }
    if (to - from > 1) this.atoms.push([from, to]);
  }

  private wordBefore(at: number): boolean {
    const c = this.plain[at - 1];
    return c !== undefined && (c === WORD_JOINER || /[\p{L}\p{N}\p{M}]/u.test(c));
  }

  /** Whether prose goes on with a word character after `at` (over braces). */
  private wordAfter(at: number): boolean {
    let k = at;
    while (this.text[k] === '{' || this.text[k] === '}') k++;
    const c = this.text[k];
    return c !== undefined && /[\p{L}\p{N}\\]/u.test(c);
  }

  private comment(at: number): number {
    let end = this.text.indexOf('\n', at);
    if (end < 0) end = this.n;
    if (this.text[end - 1] === '\r') end--;
    this.hide(at, end);
    return end;
  }

  private dollarMath(at: number): number {
    const display = this.text[at + 1] === '$';
    const close = display ? '$$' : '$';
    let k = at + close.length;
    while (k < this.n) {
      const c = this.text[k]!;
      if (c === '\\') k += 2;
      else if (this.text.startsWith(close, k)) break;
      else if (c === '\n' && /^\n[ \t\r]*\n/.test(this.text.slice(k, k + 64)) && !display) return this.literal(at);
      else k++;
    }
    if (k >= this.n) return this.literal(at);
    this.hide(at, k + close.length);
    return k + close.length;
  }

  /** A character read as itself (a `$` without its partner). */
  private literal(at: number): number {
    this.hide(at, at + 1);
    return at + 1;
  }

  private dashes(at: number): number {
    const count = this.text.startsWith('---', at) ? 3 : this.text.startsWith('--', at) ? 2 : 1;
    if (count > 1) this.put(at, at + count, count === 3 ? '—' : '–');
    return at + count;
  }

  private openingQuote(at: number): number {
    if (this.text[at + 1] === '`') {
      this.plain[at] = ' ';
      this.plain[at + 1] = '“';
      this.atoms.push([at, at + 2]);
      return at + 2;
    }
    this.plain[at] = '‘';
    return at + 1;
  }

  private closingQuote(at: number): number {
    if (this.text[at + 1] === "'") {
      this.plain[at] = '”';
      this.plain[at + 1] = ' ';
      this.atoms.push([at, at + 2]);
      return at + 2;
    }
    this.plain[at] = '’';
    return at + 1;
  }

  private openBrace(at: number): number {
    this.braceStack.push(at);
    this.put(at, at + 1, '');
    return at + 1;
  }

  private closeBrace(at: number): number {
    const open = this.braceStack.pop();
    const quote = open === undefined ? undefined : this.quoteGroups.get(open);
    if (quote !== undefined && open !== undefined) {
      this.quoteGroups.delete(open);
      this.hide(at, at + 1);
      this.quotes.push({ kind: quote.kind, start: quote.start, end: at + 1, textStart: open + 1, textEnd: at, citation: quote.citation });
      if (quote.kind === 'block') this.breaks.push(quote.start, open + 1, at, at + 1);
      return at + 1;
    }
    this.put(at, at + 1, '');
    return at + 1;
  }

  private command(at: number): number {
    const text = this.text;
    const next = text[at + 1];
    if (next === undefined) return this.literal(at);
    if (!/[A-Za-z]/.test(next)) return this.symbolCommand(at, next);
    let end = at + 1;
    while (end < this.n && /[A-Za-z]/.test(text[end]!)) end++;
    const name = text.slice(at + 1, end);
    const starred = text[end] === '*';
    const after = starred ? end + 1 : end;
    if (name === 'begin' || name === 'end') return this.environment(at, end, name === 'begin');
    if (name === 'verb' || name === 'lstinline') return this.inlineVerbatim(at, after);
    if (CITE_COMMANDS.has(name)) return this.citation(at, after, false) ?? this.genericCommand(at, end);
    if (MULTI_CITE_COMMANDS.has(name)) return this.citation(at, after, true) ?? this.genericCommand(at, end);
    if (INLINE_QUOTES[name] !== undefined) return this.quoteCommand(at, after, 'inline', INLINE_QUOTES[name]!.languageArgument, INLINE_QUOTES[name]!.cite);
    if (BLOCK_QUOTES[name] !== undefined) return this.quoteCommand(at, after, 'block', BLOCK_QUOTES[name]!.languageArgument, true);
    if (KEYED_QUOTES[name] !== undefined) return this.keyedQuote(at, after, KEYED_QUOTES[name]!, name.startsWith('foreign'));
    if (name.length === 1 && ACCENTS[name] !== undefined) return this.accent(at, skipBlanks(text, end), ACCENTS[name]!);
    if (SYMBOLS[name] !== undefined) {
      let stop = end;
      while (text[stop] === ' ' || text[stop] === '\t') stop++;
      if (text.startsWith('{}', stop)) stop += 2;
      else if (stop > end && /[\p{L}]/u.test(SYMBOLS[name]!)) stop = end + 1; // `\o rsted`: the space ends the name
      else stop = end;
      this.put(at, stop, SYMBOLS[name]!);
      return stop;
    }
    if (DROPPED[name] !== undefined) return this.dropped(at, after, name, DROPPED[name]!);
    if (SECTIONING.has(name)) {
      this.breaks.push(at);
      const stop = this.options(after);
      this.put(at, stop, '');
      if (HEADINGS.has(name)) {
        // The title is read as text (quotes and citations in it count) but ends where its group does.
        const open = skipBlanks(text, stop);
        const close = text[open] === '{' ? groupEnd(text, open, '{', '}') : -1;
        if (close > 0) {
          this.headings.push([at, close]);
          this.breaks.push(close);
        }
      }
      return stop;
    }
    return this.genericCommand(at, after);
  }

  /** `\x` for a non-letter `x`: an accent, an escaped character, a line break, math. */
  private symbolCommand(at: number, next: string): number {
    const text = this.text;
    if (next === '\\') {
      let stop = at + 2;
      if (text[stop] === '*') stop++;
      stop = this.options(stop);
      this.put(at, stop, ' ');
      return stop;
    }
    if (next === '(' || next === '[') {
      const close = next === '(' ? '\\)' : '\\]';
      const end = text.indexOf(close, at + 2);
      const stop = end < 0 ? at + 2 : end + 2;
      this.hide(at, stop);
      return stop;
    }
    if (ACCENTS[next] !== undefined) return this.accent(at, at + 2, ACCENTS[next]!);
    const printed = ESCAPED[next];
    this.put(at, at + 2, printed ?? '');
    return at + 2;
  }

  /** An accent on the next letter (bare, braced, or `\i`). */
  private accent(at: number, from: number, mark: string): number {
    const text = this.text;
    let k = from;
    const braced = text[k] === '{';
    if (braced) k++;
    let letter = '';
    if (text[k] === '\\' && (text[k + 1] === 'i' || text[k + 1] === 'j') && !/[A-Za-z]/.test(text[k + 2] ?? '')) {
      letter = text[k + 1]!;
      k += 2;
    } else if (text[k] !== undefined && /[A-Za-z]/.test(text[k]!)) {
      letter = text[k]!;
      k++;
    } else {
      this.put(at, from, '');
      return from;
    }
    if (braced) {
      if (text[k] !== '}') {
        this.put(at, from, '');
        return from;
      }
      k++;
    }
    this.put(at, k, `${letter}${mark}`.normalize('NFC'));
    return k;
  }

  /** Skips optional arguments `[…]` (blanks between them allowed); returns where they end. */
  private options(from: number): number {
    let k = from;
    for (;;) {
      const at = skipBlanks(this.text, k);
      if (this.text[at] !== '[') return k;
      const close = groupEnd(this.text, at, '[', ']');
      if (close < 0) return k;
      k = close;
    }
  }

  /** A command with no meaning here: its name and options are blanked, its `{…}` arguments read as prose. */
  private genericCommand(at: number, after: number): number {
    const stop = this.text[after] === '[' ? this.options(after) : after;
    this.put(at, stop, '');
    return stop;
  }

  private dropped(at: number, after: number, name: string, count: number): number {
    let k = this.options(after);
    // TeX's own form, `\input chapter1`: the file name runs to the next blank.
    if (name === 'input' && /[ \t]/.test(this.text[after] ?? '')) {
      const bare = /^[ \t]+([^\s{}%\\]+)/.exec(this.text.slice(after, after + 300));
      if (bare) {
        this.inputs.push({ name: bare[1]!, at, written: `\\input ${bare[1]!}` });
        this.hide(at, after + bare[0].length);
        return after + bare[0].length;
      }
    }
    const folders: string[] = [];
    for (let a = 0; a < count; a++) {
      const open = skipBlanks(this.text, k);
      if (this.text[open] !== '{' && !(name.endsWith('command') && this.text[open] === '\\')) break;
      const close = this.text[open] === '{' ? groupEnd(this.text, open, '{', '}') : commandNameEnd(this.text, open);
      if (close < 0) break;
      const argument = this.text.slice(open + 1, close - 1).trim();
      if (name === 'addbibresource' || name === 'bibliography') {
        for (const file of argument.split(',')) if (file.trim() !== '') this.bibliographies.push(file.trim());
      } else if (name === 'input' || name === 'include' || name === 'subfile') {
        if (argument !== '') this.inputs.push({ name: argument, at, written: `\\${name}{${argument}}` });
      } else if (IMPORTS.has(name)) {
        // The import package: `\import{dir/}{file}` from the main file's folder, `\subimport` from this file's.
        folders.push(argument);
        if (a === 1 && argument !== '') {
          const joined = `${folders[0]!.replace(/\/?$/, '/')}${argument}`.replace(/^\.\//, '');
          this.inputs.push({ name: joined, at, written: `\\${name}{${folders[0]!}}{${argument}}`, ...(name.startsWith('sub') ? { fromIncluding: true as const } : {}) });
        }
      }
      k = this.options(close);
    }
    this.hide(at, k);
    return k;
  }

  private inlineVerbatim(at: number, after: number): number {
    const text = this.text;
    let open = this.options(after);
    const delimiter = text[open];
    if (delimiter === undefined) return this.literal(at);
    const close = delimiter === '{' ? groupEnd(text, open, '{', '}') : text.indexOf(delimiter, open + 1) + 1;
    const stop = close <= 0 ? open + 1 : close;
    this.hide(at, stop);
    open = stop;
    return open;
  }

  private environment(at: number, nameEnd: number, begin: boolean): number {
    const text = this.text;
    const open = skipBlanks(text, nameEnd);
    if (text[open] !== '{') return this.genericCommand(at, nameEnd);
    const close = text.indexOf('}', open);
    if (close < 0) return this.genericCommand(at, nameEnd);
    const name = text.slice(open + 1, close).trim();
    let stop = close + 1;
    this.breaks.push(at);
    if (!begin) {
      this.hide(at, stop);
      this.breaks.push(stop);
      if (QUOTE_ENVIRONMENTS.has(name)) {
        const k = this.openEnvironments.map((e) => e.name).lastIndexOf(name);
        if (k >= 0) {
          const env = this.openEnvironments[k]!;
          this.openEnvironments.length = k;
          this.environments.push({ start: env.start, end: stop, bodyStart: env.bodyStart, bodyEnd: at, citation: env.citation });
        }
      }
      return stop;
    }
    if (name === 'document') {
      this.hide(at, stop);
      return stop;
    }
    if (VERBATIM.has(name) || MATH.has(name)) {
      const end = new RegExp(String.raw`\\end\s*\{${name.replace(/\*/g, '\\*')}\}`, 'g');
      end.lastIndex = stop;
      const found = end.exec(text);
      const to = found === null ? this.n : found.index + found[0].length;
      this.hide(at, to);
      this.breaks.push(to);
      return to;
    }
    if (QUOTE_ENVIRONMENTS.has(name)) {
      // displayquote[cite][punct]: the citation given with the quote.
      const citeFrom = skipBlanks(text, stop);
      let citeTo = citeFrom;
      let citation: CitationGroup | undefined;
      if (name === 'displayquote' && text[citeFrom] === '[') {
        const end = groupEnd(text, citeFrom, '[', ']');
        if (end > 0) {
          citation = this.citationsIn(citeFrom, end);
          citeTo = this.hideOptionalAfter(end);
        }
      }
      this.hide(at, stop);
      this.breaks.push(citeTo > citeFrom ? citeTo : stop);
      stop = Math.max(stop, citeTo);
      this.openEnvironments.push({ name, start: at, bodyStart: citeTo > citeFrom ? citeTo : stop, citation });
      return stop;
    }
    // Options are not prose, but a theorem's title may cite (`\begin{thm}[after \cite{k}]`).
    const optionsEnd = this.options(stop);
    if (optionsEnd > stop) this.citationsIn(skipBlanks(text, stop), optionsEnd);
    stop = optionsEnd;
    for (let a = 0; a < (ENVIRONMENT_ARGUMENTS[name] ?? 0); a++) {
      const o = skipBlanks(text, stop);
      if (text[o] !== '{') break;
      const e = groupEnd(text, o, '{', '}');
      if (e < 0) break;
      stop = e;
    }
    this.hide(at, stop);
    this.breaks.push(stop);
    return stop;
  }

  /** Hides a `[punct]` right after `at` (csquotes' punctuation argument). */
  private hideOptionalAfter(at: number): number {
    if (this.text[at] !== '[') return at;
    const end = groupEnd(this.text, at, '[', ']');
    if (end < 0) return at;
    this.hide(at, end);
    return end;
  }

  /** `\enquote{…}`, `\textquote[cite][punct]{…}`, `\blockquote[cite][punct]{…}`, `\foreignquote{lang}{…}`. */
  private quoteCommand(at: number, after: number, kind: 'inline' | 'block', languageArgument: boolean, cite: boolean): number {
    const text = this.text;
    let k = after;
    if (languageArgument) {
      const o = skipBlanks(text, k);
      if (text[o] !== '{') return this.genericCommand(at, after);
      const e = groupEnd(text, o, '{', '}');
      if (e < 0) return this.genericCommand(at, after);
      k = e;
    }
    const o = skipBlanks(text, k);
    if (cite && text[o] === '[') {
      const e = groupEnd(text, o, '[', ']');
      if (e > 0) return this.quoteBody(at, e, kind, this.citationsIn(o, e), [o + 1, e - 1]);
    }
    return this.quoteBody(at, k, kind, undefined);
  }

  /** The citation commands inside `[from, to)` (a csquotes `[cite]` argument), hidden with it; the first group. */
  private citationsIn(from: number, to: number): CitationGroup | undefined {
    const text = this.text;
    let first: CitationGroup | undefined;
    const command = /\\([A-Za-z]+)\*?/g;
    command.lastIndex = from;
    for (let m = command.exec(text); m !== null && m.index < to; m = command.exec(text)) {
      const name = m[1]!;
      if (!CITE_COMMANDS.has(name) && !MULTI_CITE_COMMANDS.has(name)) continue;
      const group = readLatexCitation(this.text, m.index, m.index + m[0].length, MULTI_CITE_COMMANDS.has(name));
      if (group === undefined || group.end > to) continue;
      this.citations.push(group);
      first ??= group;
      command.lastIndex = group.end;
    }
    this.hidden.fill(1, from, to);
    return first;
  }

  /** Opens the quoted group `{…}` that starts after `from` (blanks and a `[punct]` skipped). */
  private quoteBody(start: number, from: number, kind: 'inline' | 'block', citation: CitationGroup | undefined, keep?: readonly [number, number]): number {
    const text = this.text;
    let k = skipBlanks(text, from);
    if (text[k] === '[') k = skipBlanks(text, this.hideOptionalAfter(k));
    const hideAround = (to: number): void => {
      if (keep === undefined) return this.hide(start, to);
      this.hide(start, keep[0]);
      this.hide(keep[1], to);
    };
    if (text[k] !== '{') {
      hideAround(from);
      return from;
    }
    hideAround(k + 1);
    this.braceStack.push(k);
    this.quoteGroups.set(k, { kind, start, citation });
    return k + 1;
  }

  /** `\textcquote[pre][post]{key}[punct]{text}`: a quote with its citation. */
  private keyedQuote(at: number, after: number, kind: 'inline' | 'block', foreign: boolean): number {
    let k = after;
    if (foreign) {
      const o = skipBlanks(this.text, k);
      const e = this.text[o] === '{' ? groupEnd(this.text, o, '{', '}') : -1;
      if (e < 0) return this.genericCommand(at, after);
      k = e;
    }
    const group = readLatexCitation(this.text, at, k, false);
    if (group === undefined) return this.genericCommand(at, after);
    this.citations.push(group);
    this.hidden.fill(1, at, group.end);
    return this.quoteBody(at, group.end, kind, group, [at, group.end]);
  }

  /** A citation command at `at` whose name ends before `after`; undefined when it has no keys. */
  private citation(at: number, after: number, multi: boolean): number | undefined {
    const group = readLatexCitation(this.text, at, after, multi);
    if (group === undefined) return undefined;
    this.citations.push(group);
    this.hidden.fill(1, at, group.end);
    return group.end;
  }
}
