/**
 * A Typst draft as the draft model, read by Typst's own markup grammar (typst-syntax's lexer):
 * references `@key` with a supplement `@key[p. 12]`, `#cite(<key>, supplement: [p. 12])`,
 * `#quote(attribution: …)[…]`, `#bibliography("refs.bib")`, smart quotes `"…"`. An `@name` that
 * names a label of the document itself (`<name>`) is a cross-reference, not a citation. Comments,
 * raw text, math and code are not text; content blocks of function calls are. Ranges are the draft's
 * own; the text the matcher reads has the same length (shorthands and escapes turned into the
 * characters they print). Never throws.
 */
import type { Citation, CitationGroup } from './citations';
import type { DraftAnalysis, DraftInclude, DraftSyntax, TypedKey } from './draftModel';
import type { TextBlock } from './markdownBlocks';
import { markedBlockQuotations, markupInlineQuotations, type MarkedQuote } from './quotations';

const WORD_JOINER = '\u2060';
// typst-syntax: identifiers continue with XID_Continue, `_` and `-`; labels and references also take `:` and `.`.
const ID_START = /[\p{ID_Start}_]/u;
const LABEL_CHAR = /[\p{ID_Continue}_\-:.]/u;
const STATEMENTS = new Set(['let', 'set', 'show', 'import', 'include', 'if', 'for', 'while', 'context', 'return', 'break', 'continue']);

interface PendingReference {
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly keyStart: number;
  readonly supplement: readonly [number, number] | undefined;
}

/** Parses a Typst draft into the draft model; never throws. */
export function analyzeTypstDraft(text: string): DraftAnalysis {
  const scan = new TypstScanner(text).run();
  const labels = scan.labels;
  // References to the document's own labels are cross-references.
  const refs = scan.references.filter((r) => !labels.has(r.key));
  // A cross-reference prints a number, not its label's words.
  for (const r of scan.references) if (labels.has(r.key)) scan.hidden.fill(1, r.start, r.keyStart + r.key.length);
  const groups: CitationGroup[] = [];
  for (const ref of refs) {
    const locator = ref.supplement ? text.slice(ref.supplement[0], ref.supplement[1]) : '';
    const lead = locator.length - locator.trimStart().length;
    const citation: Citation = {
      key: ref.key,
      keyStart: ref.keyStart,
      keyEnd: ref.keyStart + ref.key.length,
      start: ref.keyStart - 1,
      end: ref.keyStart + ref.key.length,
      suppressAuthor: false,
      prefix: '',
      locator: locator.trim(),
      locatorStart: ref.supplement ? ref.supplement[0] + lead : ref.end,
    };
    const last = groups[groups.length - 1];
    // Adjacent references are one citation, as Typst groups them.
    if (last !== undefined && !last.bracketed && /^[ \t]*$/.test(text.slice(last.end, ref.start))) {
      groups[groups.length - 1] = { ...last, end: ref.end, citations: [...last.citations, citation] };
    } else {
      groups.push({ start: ref.start, end: ref.end, bracketed: false, citations: [citation] });
    }
  }
  for (const call of scan.cites) groups.push(call);
  groups.sort((a, b) => a.start - b.start);
  for (const q of scan.quoteCalls) for (const g of q.groups) if (!groups.includes(g)) groups.push(g);
  groups.sort((a, b) => a.start - b.start);
  for (const g of groups) scan.hidden.fill(1, g.start, g.end);

  const blocks = paragraphs(text, scan.plain, scan.hidden, scan.breaks, groups, scan.headings);
  const blockCitations = blocks.map((b) => groups.filter((g) => g.start >= b.start && g.start < b.end));
  const quotes: MarkedQuote[] = scan.quoteCalls.map((q) => ({ ...q, citation: q.groups[0] }));
  const marked = quotes.filter((q) => q.kind === 'block').map((q) => ({ start: q.start, end: q.end, bodyStart: q.textStart, bodyEnd: q.textEnd, citation: q.citation }));
  const { blockQuotes, quotations, owner } = markedBlockQuotations(blocks, blockCitations, marked, scan.plain);
  const structureBlocks: TextBlock[] = blocks.map((block, i) => ({ ...block, blockQuote: owner.get(i) }));
  const open = markupInlineQuotations(structureBlocks, blockCitations, quotes, quotations);
  quotations.sort((a, b) => a.start - b.start);
  return {
    format: 'typst',
    text: scan.plain,
    structure: { blocks: structureBlocks, blockQuotes },
    citations: groups,
    quotations,
    openQuotations: open,
    bibliographies: scan.bibliographies,
    includes: scan.includes,
    syntax: TYPST_SYNTAX,
  };
}

/** How Typst writes citations and text. */
/** How Typst writes citations and source words. */
export const TYPST_SYNTAX: DraftSyntax = {
  citation: (key) => (/^[\p{ID_Start}_][\p{ID_Continue}_\-:.]*$/u.test(key) && !/[.:]$/.test(key) ? `@${key}` : `#cite(label("${key.replace(/["\\]/g, '\\$&')}"))`),
  addKey: (group, key) => ({ at: group.end, text: ` @${key}` }),
  escape: (words) => words.replace(/[\\#@*_$<`]/g, '\\$&'),
  quoteMarks: ['"', '"'],
  typedKeyAt,
};

const TYPED_REFERENCE = /(?:^|[^\\\p{L}\p{N}])@([\p{ID_Continue}_\-:.]*)$|#cite\(\s*<([\p{ID_Continue}_\-:.]*)$/u;

function typedKeyAt(text: string, offset: number): TypedKey | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const found = TYPED_REFERENCE.exec(text.slice(lineStart, offset));
  if (found === null) return undefined;
  const typed = found[1] ?? found[2] ?? '';
  const after = /^[\p{ID_Continue}_\-:.]*/u.exec(text.slice(offset))![0];
  return { typed, from: offset - typed.length, to: offset + after.length, insertPrefix: '' };
}

class TypstScanner {
  private readonly n: number;
  private readonly plainChars: string[];
  readonly hidden: Uint8Array;
  readonly labels = new Set<string>();
  readonly references: PendingReference[] = [];
  readonly cites: CitationGroup[] = [];
  readonly quoteCalls: Array<{ kind: 'inline' | 'block'; start: number; end: number; textStart: number; textEnd: number; groups: CitationGroup[] }> = [];
  readonly breaks: number[] = [];
  /** Headings (`= Title` to its line's end, `#heading[…]`): a title, not prose. */
  readonly headings: Array<[number, number]> = [];
  readonly bibliographies: string[] = [];
  readonly includes: DraftInclude[] = [];
  plain = '';

  constructor(private readonly text: string) {
    this.n = text.length;
    this.plainChars = text.split('');
    this.hidden = new Uint8Array(this.n);
  }

  run(): this {
    this.markup(0, this.n);
    this.plain = this.plainChars.join('');
    return this;
  }

  private hide(from: number, to: number): void {
    for (let k = from; k < to && k < this.n; k++) {
      this.hidden[k] = 1;
      if (this.text[k] !== '\n' && this.text[k] !== '\r') this.plainChars[k] = ' ';
    }
  }

  private put(from: number, to: number, printed: string): void {
    const letter = /^[\p{L}\p{N}]/u.test(printed);
    for (let k = from; k < to; k++) this.plainChars[k] = printed[k - from] ?? (letter ? WORD_JOINER : ' ');
  }

  /** Reads markup in `[from, to)`. */
  private markup(from: number, to: number): void {
    const text = this.text;
    let i = from;
    let lineStart = true;
    while (i < to) {
      const c = text[i]!;
      if (lineStart) {
        const rest = text.slice(i, Math.min(to, i + 8));
        const indent = /^[ \t]*/.exec(rest)![0].length;
        if (/^[ \t]*(?:=+|-|\+|\/|\d+\.)(?:[ \t]|$)/.test(rest)) this.breaks.push(i + indent);
        if (text[i + indent] === '=' && /^[ \t]*=+(?:[ \t]|$)/.test(rest)) this.headings.push([i + indent, lineEnd(text, i, to)]);
        lineStart = false;
      }
      if (c === '\n') {
        lineStart = true;
        i++;
      } else if (c === '/' && text[i + 1] === '/') {
        const end = lineEnd(text, i, to);
        this.hide(i, end);
        i = end;
      } else if (c === '/' && text[i + 1] === '*') {
        const end = blockCommentEnd(text, i, to);
        this.hide(i, end);
        i = end;
      } else if (c === '\\') {
        i = this.escape(i, to);
      } else if (c === '`') {
        i = this.raw(i, to);
      } else if (c === '$') {
        const end = text.indexOf('$', i + 1);
        const stop = end < 0 || end >= to ? i + 1 : end + 1;
        this.hide(i, stop);
        i = stop;
      } else if (c === '<' && LABEL_CHAR.test(text[i + 1] ?? '')) {
        i = this.label(i, to);
      } else if (c === '@') {
        i = this.reference(i, to);
      } else if (c === '#') {
        i = this.embedded(i, to);
      } else if (c === '~') {
        this.plainChars[i] = '\u00a0';
        i++;
      } else if (c === '-' && text.startsWith('---', i)) {
        this.put(i, i + 3, '—');
        i += 3;
      } else if (c === '-' && text.startsWith('--', i)) {
        this.put(i, i + 2, '–');
        i += 2;
      } else if (c === '-' && text[i + 1] === '?') {
        this.put(i, i + 2, '');
        i += 2;
      } else if (c === '.' && text.startsWith('...', i)) {
        this.put(i, i + 3, '…');
        i += 3;
      } else if (c === 'h' && /^https?:\/\//.test(text.slice(i, i + 8)) && !/[\p{L}\p{N}]/u.test(text[i - 1] ?? '')) {
        let end = i;
        while (end < to && !/[\s<>"\]]/.test(text[end]!)) end++;
        this.hide(i, end);
        i = end;
      } else {
        i++;
      }
    }
  }

  private escape(at: number, to: number): number {
    const text = this.text;
    if (text.startsWith('u{', at + 1)) {
      const close = text.indexOf('}', at);
      if (close > 0 && close < to) {
        const code = Number.parseInt(text.slice(at + 3, close), 16);
        const printed = Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : '';
        this.put(at, close + 1, printed.length <= close + 1 - at ? printed : '');
        return close + 1;
      }
    }
    const next = text[at + 1];
    if (next === undefined || /\s/.test(next)) {
      this.put(at, at + 1, ' ');
      return at + 1;
    }
    this.put(at, at + 2, next.length === 1 && next !== '\n' ? next : '');
    // An escaped character prints as itself: its pad comes before it, so it touches what follows.
    this.plainChars[at] = /[\p{L}\p{N}]/u.test(next) ? WORD_JOINER : ' ';
    this.plainChars[at + 1] = next;
    return at + 2;
  }

  private raw(at: number, to: number): number {
    const text = this.text;
    let ticks = 1;
    while (text[at + ticks] === '`') ticks++;
    if (ticks === 2) {
      this.hide(at, at + 2);
      return at + 2;
    }
    const close = text.indexOf('`'.repeat(ticks), at + ticks);
    const end = close < 0 || close >= to ? to : close + ticks;
    this.hide(at, end);
    if (ticks >= 3) this.breaks.push(at, end);
    return end;
  }

  private label(at: number, to: number): number {
    let k = at + 1;
    while (k < to && LABEL_CHAR.test(this.text[k]!)) k++;
    if (this.text[k] !== '>') return at + 1;
    this.labels.add(this.text.slice(at + 1, k));
    this.hide(at, k + 1);
    return k + 1;
  }

  private reference(at: number, to: number): number {
    const text = this.text;
    let k = at + 1;
    while (k < to && LABEL_CHAR.test(text[k]!)) k++;
    while (k > at + 1 && (text[k - 1] === '.' || text[k - 1] === ':')) k--;
    if (k === at + 1) return at + 1;
    let end = k;
    let supplement: [number, number] | undefined;
    if (text[k] === '[') {
      const close = bracketEnd(text, k, to);
      if (close > 0) {
        supplement = [k + 1, close - 1];
        end = close;
      }
    }
    this.references.push({ key: text.slice(at + 1, k), start: at, end, keyStart: at + 1, supplement });
    return end;
  }

  /** `#…`: code embedded in markup. Content blocks of a call stay markup; the rest is hidden. */
  private embedded(at: number, to: number): number {
    const text = this.text;
    let k = at + 1;
    if (text[k] === '{' || text[k] === '(') {
      const end = groupEnd(text, k, to);
      this.hide(at, end);
      return end;
    }
    if (!ID_START.test(text[k] ?? '')) return at + 1;
    while (k < to && /[\p{ID_Continue}_\-.]/u.test(text[k]!)) k++;
    while (text[k - 1] === '.' || text[k - 1] === '-') k--;
    const name = text.slice(at + 1, k);
    if (STATEMENTS.has(name)) {
      const end = statementEnd(text, k, to);
      this.hide(at, end);
      if (name === 'include') {
        const file = /"([^"]+)"/.exec(text.slice(k, end));
        if (file) this.includes.push({ name: file[1]!, at, written: `#include "${file[1]!}"` });
      }
      this.breaks.push(at, end);
      return end;
    }
    // Arguments `(…)` and content blocks `[…]`, any number, right after one another.
    const args: Array<[number, number]> = [];
    const contents: Array<[number, number]> = [];
    let end = k;
    for (;;) {
      if (text[end] === '(') {
        const close = groupEnd(text, end, to);
        args.push([end, close]);
        end = close;
      } else if (text[end] === '[') {
        const close = bracketEnd(text, end, to);
        if (close < 0) break;
        contents.push([end + 1, close - 1]);
        end = close;
      } else {
        break;
      }
    }
    const argText = args.map(([a, b]) => text.slice(a, b)).join(' ');
    this.hide(at, k);
    for (const [a, b] of args) this.hide(a, b);
    for (const [a, b] of contents) {
      this.hide(a - 1, a);
      this.hide(b, b + 1);
    }
    if (name === 'cite') this.cite(at, end, args);
    else if (name === 'bibliography') {
      // The first argument: a path, or an array of paths.
      const first = /^\(\s*(\([^)]*\)|"[^"]*")/.exec(argText);
      for (const m of (first?.[1] ?? '').matchAll(/"([^"]+)"/g)) this.bibliographies.push(m[1]!);
    }
    else if (name === 'quote') this.quote(at, end, args, contents);
    else if (name === 'footnote' || name === 'figure' || name === 'block') this.breaks.push(at, end);
    else if (name === 'heading') {
      this.breaks.push(at, end);
      this.headings.push([at, end]);
    }
    for (const [a, b] of contents) this.markup(a, b);
    return end;
  }

  private cite(at: number, end: number, args: ReadonlyArray<readonly [number, number]>): void {
    const text = this.text;
    const first = args[0];
    if (!first) return;
    const inner = text.slice(first[0], first[1]);
    const key = /^\(\s*(?:<([\p{ID_Continue}_\-:.]+)>|label\(\s*"([^"]*)"\s*\))/u.exec(inner);
    if (!key) return;
    const name = key[1] ?? key[2]!;
    const keyStart = first[0] + inner.indexOf(name, key[0].indexOf(key[1] !== undefined ? '<' : '"'));
    const supplement = /supplement\s*:\s*\[/.exec(inner);
    let locator = '';
    let locatorStart = end;
    if (supplement) {
      const open = first[0] + supplement.index + supplement[0].length - 1;
      const close = bracketEnd(text, open, first[1]);
      if (close > 0) {
        const raw = text.slice(open + 1, close - 1);
        locator = raw.trim();
        locatorStart = open + 1 + (raw.length - raw.trimStart().length);
      }
    }
    const citation: Citation = { key: name, keyStart, keyEnd: keyStart + name.length, start: keyStart, end: keyStart + name.length, suppressAuthor: false, prefix: '', locator, locatorStart };
    this.cites.push({ start: at, end, bracketed: true, citations: [citation] });
  }

  private quote(at: number, end: number, args: ReadonlyArray<readonly [number, number]>, contents: ReadonlyArray<readonly [number, number]>): void {
    const text = this.text;
    const body = contents[contents.length - 1];
    if (!body) return;
    const argText = args.map(([a, b]) => text.slice(a, b)).join(' ');
    const block = /\bblock\s*:\s*true\b/.test(argText);
    const groups: CitationGroup[] = [];
    for (const [a, b] of args) {
      const attribution = /attribution\s*:\s*<([\p{ID_Continue}_\-:.]+)>/u.exec(text.slice(a, b));
      if (!attribution) continue;
      const keyStart = a + attribution.index + attribution[0].length - attribution[1]!.length - 1;
      const name = attribution[1]!;
      groups.push({
        start: keyStart - 1,
        end: keyStart + name.length + 1,
        bracketed: true,
        citations: [{ key: name, keyStart, keyEnd: keyStart + name.length, start: keyStart, end: keyStart + name.length, suppressAuthor: false, prefix: '', locator: '', locatorStart: keyStart + name.length + 1 }],
      });
    }
    if (block) this.breaks.push(at, body[0], body[1], end);
    this.quoteCalls.push({ kind: block ? 'block' : 'inline', start: at, end, textStart: body[0], textEnd: body[1], groups });
  }
}

/** Paragraphs of the prose: between blank lines and the scan's breaks, hidden parts blank. */
function paragraphs(
  text: string,
  plain: string,
  hidden: Uint8Array,
  breaks: readonly number[],
  groups: readonly CitationGroup[],
  headings: ReadonlyArray<readonly [number, number]>,
): TextBlock[] {
  const cuts = new Set<number>([0, text.length, ...breaks]);
  const blankLine = /\n[ \t\r]*\n/g;
  for (let m = blankLine.exec(text); m !== null; m = blankLine.exec(text)) {
    cuts.add(m.index + 1);
    blankLine.lastIndex = m.index + m[0].length - 1;
  }
  // A heading is one line.
  for (const b of breaks) if (text[b] === '=') cuts.add(lineEnd(text, b, text.length));
  const sorted = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
  const blocks: TextBlock[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) {
    const from = sorted[k]!;
    const to = sorted[k + 1]!;
    let masked = '';
    for (let i = from; i < to; i++) {
      const c = plain[i]!;
      masked += hidden[i] === 1 && c !== '\n' && c !== '\r' ? ' ' : c;
    }
    const hasCitation = groups.some((g) => g.start >= from && g.start < to);
    if (!/[\p{L}\p{N}]/u.test(masked) && !hasCitation) continue;
    let start = from;
    let end = to;
    while (start < end && /\s/.test(masked[start - from]!) && !groups.some((g) => g.start === start)) start++;
    while (end > start && /\s/.test(masked[end - 1 - from]!) && !groups.some((g) => g.end === end)) end--;
    const block: TextBlock = { start, end, masked: masked.slice(start - from, end - from), blockQuote: undefined };
    blocks.push(headings.some(([a, b]) => a <= start && start < b) ? { ...block, heading: true } : block);
  }
  return blocks;
}

function lineEnd(text: string, at: number, to: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 || end > to ? to : end;
}

function blockCommentEnd(text: string, at: number, to: number): number {
  let depth = 0;
  for (let k = at; k < to - 1; k++) {
    if (text[k] === '/' && text[k + 1] === '*') {
      depth++;
      k++;
    } else if (text[k] === '*' && text[k + 1] === '/') {
      k++;
      if (--depth === 0) return k + 1;
    }
  }
  return to;
}

/** After the balanced `(…)` or `{…}` opening at `at` (strings and content blocks inside skipped), or `to`. */
function groupEnd(text: string, at: number, to: number): number {
  const stack: string[] = [];
  for (let k = at; k < to; k++) {
    const c = text[k]!;
    if (c === '"') {
      k++;
      while (k < to && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '{' || c === '[') {
      stack.push(c === '(' ? ')' : c === '{' ? '}' : ']');
    } else if (c === ')' || c === '}' || c === ']') {
      if (stack.pop() !== c) return k + 1;
      if (stack.length === 0) return k + 1;
    }
  }
  return to;
}

/** After the content block `[…]` opening at `at` (nested brackets, escapes, raw), or -1 when it is not closed. */
function bracketEnd(text: string, at: number, to: number): number {
  let depth = 0;
  for (let k = at; k < to; k++) {
    const c = text[k]!;
    if (c === '\\') k++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return k + 1;
  }
  return -1;
}

/** The end of a `#let`/`#set`/`#show` statement: its line, with brackets open across lines. */
function statementEnd(text: string, at: number, to: number): number {
  let depth = 0;
  for (let k = at; k < to; k++) {
    const c = text[k]!;
    if (c === '"') {
      k++;
      while (k < to && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth = Math.max(0, depth - 1);
    else if (c === '\n' && depth === 0) return k;
  }
  return to;
}
