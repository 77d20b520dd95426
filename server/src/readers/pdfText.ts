import type { SourcePages } from '../core/library/pages';
import type { PdfTextLine } from './pdfLayout';

/**
 * A PDF's text from its pages' lines: running heads and feet that repeat across pages left out,
 * bare folios dropped, ligatures expanded, spacing accents put back on their letters, line-end
 * hyphens joined (real compounds keep theirs), one paragraph per block and the start of every page
 * recorded with its printed label.
 */

/** One page's lines in reading order and its label. */
export interface PdfPageLines {
  readonly label: string;
  readonly lines: readonly PdfTextLine[];
}

/** Lines at the top and at the bottom of a page looked at as possible running heads and feet. */
const EDGE_LINES = 2;
const LIGATURES: Readonly<Record<string, string>> = { 'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st' };
/** First parts that make a compound, not a hyphenated word, when a line breaks after them. */
const COMPOUND_FIRST = new Set([
  'self', 'well', 'non', 'ex', 'all', 'half', 'cross', 'so', 'long', 'short', 'high', 'low', 'full', 'part', 'one', 'two', 'three',
  'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety',
  'vice', 'co', 'anti', 'post', 'pro', 'pre', 'mid', 'de', 'el', 'al',
]);

/** The text and page boundaries of a PDF, from its pages' lines. */
export function assemblePdfText(pages: readonly PdfPageLines[]): { text: string; pages: SourcePages } {
  const running = placeAsides(dropRunningLines(pages));
  const texts = composeAccents(running.flatMap((page) => page.lines.map((line) => expandLigatures(line.text))));
  let at = 0;
  const kept = running.map((page) => ({ label: page.label, lines: page.lines.map((line) => ({ ...line, text: texts[at++]! })) }));
  joinHyphens(kept);
  let text = '';
  const starts: number[] = [];
  for (const page of kept) {
    if (text !== '') text += '\n\n';
    starts.push(text.length);
    page.lines.forEach((line, i) => {
      if (i > 0) text += line.paragraph ? '\n\n' : '\n';
      text += line.text;
    });
  }
  return { text: `${text}\n`, pages: { starts, labels: kept.map((page) => page.label) } };
}

/** Replaces typographic ligatures with their letters. */
export function expandLigatures(text: string): string {
  return text.replace(/[\ufb00-\ufb06]/g, (ch) => LIGATURES[ch] ?? ch);
}

/** Spacing accents TeX and some word processors draw as glyphs of their own, with their combining forms. */
const SPACING_ACCENTS: Readonly<Record<string, string>> = {
  '\u00a8': '\u0308', '\u00b4': '\u0301', '\u0060': '\u0300', '\u02c6': '\u0302', '\u02dc': '\u0303', '\u00b8': '\u0327',
  '\u02c7': '\u030c', '\u02d8': '\u0306', '\u02da': '\u030a', '\u02dd': '\u030b', '\u02d9': '\u0307', '\u00af': '\u0304',
};
const SPACING_ACCENT = /(\p{L})([\u00a8\u00b4\u0060\u02c6\u02dc\u00b8\u02c7\u02d8\u02da\u02dd\u02d9\u00af])(\p{L})/gu;
/** Letters that take each accent in the languages that use it: the accent goes on one of them. */
const VOWELS = 'aeiouyıAEIOUY';
const ACCENT_BASES: Readonly<Record<string, string>> = {
  '\u0308': VOWELS, '\u0301': VOWELS, '\u0300': VOWELS, '\u0302': VOWELS, '\u0303': `${VOWELS}nN`, '\u030b': 'ouOU', '\u030a': 'auAU',
  '\u0304': VOWELS, '\u0327': 'cstgklnrCSTGKLNR', '\u030c': 'cszrendtCSZRENDT', '\u0306': 'aguAGU', '\u0307': 'zegZEGI',
};

/**
 * Puts spacing accents drawn as glyphs of their own back on their letters (`C´esar` → `César`,
 * `Aviac¸˜ao` → `Aviação`), on the letter before or after them, whichever takes that accent (`don´t`
 * stays). Where both could, the document decides: the side its unambiguous accents are on (TeX draws
 * the accent first, some word processors after), the next letter when it has none.
 */
export function composeAccents(lines: readonly string[]): string[] {
  if (!lines.some((line) => ACCENT.test(line))) return [...lines];
  let after = 0;
  let before = 0;
  for (const line of lines) {
    if (!ACCENT.test(line)) continue;
    for (const [, previous, accent, next] of line.matchAll(SPACING_ACCENT)) {
      const onNext = accentOn(next!, accent!) !== undefined;
      const onPrevious = accentOn(previous!, accent!) !== undefined;
      if (onNext && !onPrevious) after++;
      if (onPrevious && !onNext) before++;
    }
  }
  const preferNext = after >= before;
  return lines.map((line) => {
    if (!ACCENT.test(line)) return line;
    // Again while it changes: a letter an accent went on may be next to another one (`Dvoˇr´ak`).
    for (let pass = 0; pass < 4; pass++) {
      const composed = composeOnce(line, preferNext);
      if (composed === line) break;
      line = composed;
    }
    return line;
  });
}

const ACCENT = /[\u00a8\u00b4\u0060\u02c6\u02dc\u00b8\u02c7\u02d8\u02da\u02dd\u02d9\u00af]/;

/** `letter` with the spacing `accent` on it, when that is one character that takes it. */
function accentOn(letter: string, accent: string): string | undefined {
  const mark = SPACING_ACCENTS[accent]!;
  if (!ACCENT_BASES[mark]!.includes(letter)) return undefined;
  const composed = `${letter === 'ı' ? 'i' : letter}${mark}`.normalize('NFC');
  return composed.length === 1 ? composed : undefined;
}

function composeOnce(text: string, preferNext: boolean): string {
  return text.replace(SPACING_ACCENT, (all, previous: string, accent: string, next: string) => {
    const onNext = accentOn(next, accent);
    const onPrevious = accentOn(previous, accent);
    if (onNext !== undefined && (preferNext || onPrevious === undefined)) return `${previous}${onNext}`;
    return onPrevious !== undefined ? `${onPrevious}${next}` : all;
  });
}

/** A line's shape for comparing running heads across pages: numbers and folios made alike. */
function runningKey(text: string): string {
  return text.toLowerCase().replace(/\b[ivxlcdm]+\b/g, '#').replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/** Whether a line is only a page number ("12", "- 12 -", "Page 12", "xii"). */
function isFolio(text: string): boolean {
  return /^[\s\-–—|.]*(?:page\s+|p\.\s*)?(?:\d{1,5}|[ivxlcdm]{1,8})(?:\s+of\s+\d+)?[\s\-–—|.]*$/i.test(text);
}

/** The pages without lines at their top or bottom that repeat on most pages, nor bare folios there. */
function dropRunningLines(pages: readonly PdfPageLines[]): PdfPageLines[] {
  // The highest and lowest lines on the page, wherever reading order put them (a folio under the
  // left column of a two-column page is read with that column).
  const edges = (lines: readonly PdfTextLine[]): number[] => {
    const byHeight = lines.map((line, i) => ({ y: line.y, i })).sort((a, b) => b.y - a.y);
    const indexes = new Set<number>();
    for (let k = 0; k < Math.min(EDGE_LINES, byHeight.length); k++) {
      indexes.add(byHeight[k]!.i);
      indexes.add(byHeight[byHeight.length - 1 - k]!.i);
    }
    return [...indexes];
  };
  // Each page's edge lines and their shapes, once.
  const pageEdges = pages.map((page) => edges(page.lines).map((i) => ({ i, key: runningKey(page.lines[i]!.text) })));
  const pagesWith = new Map<string, number>();
  // A book's running heads alternate: the left pages' (its title), the right pages' (the chapter's).
  const sides = [new Map<string, number>(), new Map<string, number>()];
  pageEdges.forEach((found, p) => {
    for (const key of new Set(found.map((edge) => edge.key))) {
      pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
      sides[p % 2]!.set(key, (sides[p % 2]!.get(key) ?? 0) + 1);
    }
  });
  const repeated = (key: string, p: number): boolean =>
    pages.length >= 2 &&
    ((pagesWith.get(key) ?? 0) >= Math.max(2, Math.ceil(pages.length / 2)) ||
      (pages.length >= 8 && (sides[p % 2]!.get(key) ?? 0) >= Math.max(3, Math.ceil(pages.length / 4))));
  return pages.map((page, p) => {
    const drop = new Set(pageEdges[p]!.filter(({ i, key }) => isFolio(page.lines[i]!.text) || repeated(key, p)).map(({ i }) => i));
    const lines = page.lines.filter((_, i) => !drop.has(i));
    if (lines[0]) lines[0] = { ...lines[0], paragraph: true };
    return { label: page.label, lines };
  });
}

/** A line that ends a sentence (or a heading's colon), closing quotes and brackets after it. */
const SENTENCE_END = /[.!?:;…]["'”’»)\]]*$/u;
/** A sentence's end inside a line: a word, its stop, and a capital after a space. */
const SENTENCE_BREAK = /(\p{L}+|\d)[.!?…]["'”’»)\]]*\s+(?=["“‘«(]?\p{Lu})/gu;
/** Abbreviations whose stop ends no sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'no', 'vol', 'fig', 'jr', 'sr', 'inc', 'co', 'ltd', 'vs', 'al', 'cf', 'pp', 'ed', 'eds', 'prof', 'gen', 'rev', 'sec', 'art', 'ch', 'eq']);

/**
 * The pages with their asides (footnotes, text set sideways) read where they break no sentence:
 * after the running text, unless that text runs on to the next page; then before the page's last
 * paragraph, or, when that paragraph began on an earlier page, after the last sentence that ends on
 * the page (at a line's end or inside one), so a sentence that crosses the page break reads whole,
 * and each aside stays on its own page.
 */
function placeAsides(pages: readonly PdfPageLines[]): PdfPageLines[] {
  return pages.map((page, p) => {
    if (!page.lines.some((line) => line.aside)) return page;
    const body = page.lines.filter((line) => !line.aside);
    const asides = page.lines.filter((line) => line.aside);
    const last = body[body.length - 1];
    const next = pages[p + 1]?.lines.find((line) => !line.aside);
    if (last === undefined || next === undefined || SENTENCE_END.test(last.text)) return { label: page.label, lines: [...body, ...asides] };
    const before = (i: number): PdfPageLines => ({ label: page.label, lines: [...body.slice(0, i), ...asides, { ...body[i]!, paragraph: true }, ...body.slice(i + 1)] });
    // Before the last paragraph that starts on the page (after a sentence's end: a new column's
    // first block may go on with the sentence before it), so a quote of several of its sentences
    // across the break reads whole too.
    for (let i = body.length - 1; i > 0; i--) {
      if (body[i]!.paragraph && SENTENCE_END.test(body[i - 1]!.text)) return before(i);
    }
    // Else after the last sentence that ends on the page, at a line's end or inside a line.
    for (let i = body.length - 1; i >= 0; i--) {
      const line = body[i]!;
      const split = lastSentenceBreak(line.text);
      if (split > 0) {
        const head = { ...line, text: line.text.slice(0, split).trimEnd() };
        const tail = { ...line, text: line.text.slice(split), paragraph: true };
        return { label: page.label, lines: [...body.slice(0, i), head, ...asides, tail, ...body.slice(i + 1)] };
      }
      if (i > 0 && SENTENCE_END.test(body[i - 1]!.text)) return before(i);
    }
    // One sentence from the top of the page to its foot: nowhere to put them but after it.
    return { label: page.label, lines: [...body, ...asides] };
  });
}

/** Where the last sentence that ends inside `text` (not at its end) is over, or -1. */
function lastSentenceBreak(text: string): number {
  let at = -1;
  for (const match of text.matchAll(SENTENCE_BREAK)) {
    if (!ABBREVIATIONS.has(match[1]!.toLowerCase()) && !/^\p{Lu}$/u.test(match[1]!)) at = match.index + match[0].length;
  }
  return at;
}

/**
 * Joins words broken at line ends ("extrac-" + "tion" → "extraction"), across pages too. The
 * document's own spelling decides first: a hyphen stays when the document writes the compound with
 * it elsewhere, and goes when it writes the joined word elsewhere (`JavaScript`); else it stays in a
 * likely compound (the next part capitalised, Nagorno-Karabakh, or a first part that forms compounds:
 * self-, well-, forty-) and goes otherwise.
 */
function joinHyphens(pages: Array<{ label: string; lines: PdfTextLine[] }>): void {
  const lines: Array<{ page: number; index: number }> = [];
  pages.forEach((page, p) => page.lines.forEach((_, index) => lines.push({ page: p, index })));
  // The document's words are gathered only when a line ends with a hyphen at all.
  const broken = (text: string): boolean => text.endsWith('-') || text.endsWith('\u00ad');
  if (!lines.some(({ page, index }) => broken(pages[page]!.lines[index]!.text))) return;
  const { words, compounds } = documentWords(pages.flatMap((page) => page.lines.map((line) => line.text)).join('\n'));
  for (let k = 0; k + 1 < lines.length; k++) {
    const a = lines[k]!;
    const b = lines[k + 1]!;
    const first = pages[a.page]!.lines[a.index]!;
    const second = pages[b.page]!.lines[b.index]!;
    if (!broken(first.text)) continue;
    const end = /(\p{L}+)[-\u00ad]$/u.exec(first.text.slice(-64));
    const next = /^(\p{L}+)(\S*)\s*/u.exec(second.text);
    if (!end || !next) continue;
    const left = end[1]!;
    const right = next[1]!;
    // A new block (column, page) continues a broken word only in lower case.
    if (second.paragraph && /^\p{Lu}/u.test(right)) continue;
    const soft = first.text.endsWith('\u00ad');
    // The document's own spelling decides first: with its hyphen elsewhere, kept; joined elsewhere
    // (`JavaScript` after `Java-` `Script`), joined, even before a capital.
    const joinedElsewhere = words.has(`${left}${right}`.toLowerCase());
    const keep =
      !soft &&
      (compounds.has(`${left}-${right}`.toLowerCase()) ||
        (!joinedElsewhere && (/^\p{Lu}/u.test(right) || COMPOUND_FIRST.has(left.toLowerCase()))));
    const joined = `${first.text.slice(0, -1)}${keep ? '-' : ''}${right}${next[2]}`;
    pages[a.page]!.lines[a.index] = { ...first, text: joined };
    const rest = second.text.slice(next[0].length);
    pages[b.page]!.lines[b.index] = { ...second, text: rest, paragraph: false };
  }
  for (const page of pages) {
    const kept = page.lines.filter((line) => line.text !== '');
    page.lines.splice(0, page.lines.length, ...kept);
  }
}

const LETTER = /\p{L}/u;

/**
 * The document's words (lower case) and its hyphenated pairs (`well-known`, and `b-c` of `a-b-c`),
 * in one pass over its text: the regular expressions it replaces cost a tenth of a long book's reading.
 */
function documentWords(text: string): { words: Set<string>; compounds: Set<string> } {
  const lower = text.toLowerCase();
  const words = new Set<string>();
  const compounds = new Set<string>();
  let start = -1;
  let before: string | undefined;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    const wide = c >= 0xd800 && c <= 0xdbff;
    const letter = c < 0x80 ? c >= 0x61 && c <= 0x7a : i < lower.length && LETTER.test(wide ? lower.slice(i, i + 2) : lower[i]!);
    if (letter) {
      if (start < 0) start = i;
      if (wide) i++;
      continue;
    }
    if (start < 0) {
      before = undefined;
      continue;
    }
    const word = lower.slice(start, i);
    words.add(word);
    if (before !== undefined) compounds.add(`${before}-${word}`);
    before = c === 0x2d ? word : undefined;
    start = -1;
  }
  return { words, compounds };
}
