/**
 * LaTeX as bibliographies write it, turned into plain text: accents (`M{\"u}ller`, `{\'e}`, `\'{e}`),
 * special letters (`\ss`, `\o`), escaped characters (`\&`, `\%`), dashes (`--`, `---`), TeX quotes,
 * ties, font commands (`\emph{…}`) and grouping braces. Unknown commands keep their argument.
 * Pure and linear; never throws.
 */

/** Combining marks of the one-character accent commands. */
const ACCENTS: Readonly<Record<string, string>> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331', t: '\u0361',
};

/** Commands that stand for a letter or a symbol. */
const SYMBOLS: Readonly<Record<string, string>> = {
  ss: 'ß', SS: 'SS', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“',
  textquotedblright: '”', guillemotleft: '«', guillemotright: '»', ldots: '…', dots: '…', textellipsis: '…',
  textasciitilde: '~', textbackslash: '\\', textunderscore: '_', textbar: '|', textless: '<', textgreater: '>',
  S: '§', P: '¶', copyright: '©', textregistered: '®', texttrademark: '™', pounds: '£', euro: '€', textdegree: '°',
  LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX', slash: '/', space: ' ', quad: ' ', qquad: ' ',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π', sigma: 'σ', omega: 'ω',
  times: '×', pm: '±', leq: '≤', geq: '≥', neq: '≠', infty: '∞', cdot: '·', ast: '*', circ: '∘',
};

/** Escaped characters: `\&` is `&`. */
const ESCAPED = new Set(['&', '%', '$', '#', '_', '{', '}', ' ', ',', ';', ':', '!', '/', '-', '@']);

/** Commands whose argument is dropped (it is not text). */
const DROPPED = new Set(['label', 'cite', 'ref', 'index', 'footnote', 'vspace', 'hspace', 'newblock', 'noopsort', 'sortkey']);

const SPECIAL = /[\\{}~$`'-]/g;

/** Plain text of a LaTeX field value, white space collapsed. */
export function latexToText(latex: string): string {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(latex)) return collapse(latex);
  const out: string[] = [];
  const n = latex.length;
  let i = 0;
  while (i < n) {
    // Runs of plain text are copied whole: most of a title is letters.
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(latex);
    const at = next === null ? n : next.index;
    if (at > i) out.push(latex.slice(i, at));
    if (at >= n) break;
    i = at;
    const c = latex[i]!;
    if (c === '\\') {
      i = command(latex, i, out);
    } else if (c === '{' || c === '}' || c === '$') {
      i++;
    } else if (c === '~') {
      out.push(' ');
      i++;
    } else if (c === '-') {
      const dashes = latex[i + 1] === '-' ? (latex[i + 2] === '-' ? 3 : 2) : 1;
      out.push(dashes === 3 ? '—' : dashes === 2 ? '–' : '-');
      i += dashes;
    } else if (c === '`') {
      const double = latex[i + 1] === '`';
      out.push(double ? '“' : '‘');
      i += double ? 2 : 1;
    } else {
      const double = latex[i + 1] === "'";
      out.push(double ? '”' : "'");
      i += double ? 2 : 1;
    }
  }
  return collapse(out.join('').normalize('NFC'));
}

function collapse(text: string): string {
  return /\s\s|^\s|\s$|[\t\n\r]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** Reads the command at `latex[at] === '\\'`, appends its text, returns where reading goes on. */
function command(latex: string, at: number, out: string[]): number {
  const next = latex[at + 1];
  if (next === undefined) return at + 1;
  if (next === '\\') {
    out.push(' '); // a forced line break
    return at + 2;
  }
  if (ACCENTS[next] !== undefined && !/[a-zA-Z]/.test(next)) return accent(latex, at + 2, ACCENTS[next]!, out);
  if (ESCAPED.has(next)) {
    if (next !== '-' && next !== '/') out.push(next === ' ' ? ' ' : next);
    return at + 2;
  }
  if (!/[a-zA-Z]/.test(next)) return at + 2; // an unknown one-character command: dropped
  let end = at + 1;
  while (end < latex.length && /[a-zA-Z]/.test(latex[end]!)) end++;
  const name = latex.slice(at + 1, end);
  // A letter accent command (`\c c`, `\v{s}`) takes one argument like `\'`.
  if (name.length === 1 && ACCENTS[name] !== undefined) return accent(latex, skipSpaces(latex, end), ACCENTS[name]!, out);
  if (SYMBOLS[name] !== undefined) {
    out.push(SYMBOLS[name]!);
    // A control word eats the spaces after it, and `{}` after it ends it: `\ss{}e`, `\o rsted`.
    let after = skipSpaces(latex, end);
    if (latex.startsWith('{}', after)) after += 2;
    return after;
  }
  if (DROPPED.has(name)) {
    const argument = skipSpaces(latex, end);
    return latex[argument] === '{' ? groupEnd(latex, argument) : argument;
  }
  // Any other command (\emph, \textit, \url, \mkbibquote, \foreignlanguage{x}…): keep its text.
  return skipSpaces(latex, end);
}

/** Applies an accent to the next letter (bare, braced, or `\i`), appending the accented letter. */
function accent(latex: string, at: number, mark: string, out: string[]): number {
  let i = at;
  let braced = false;
  if (latex[i] === '{') {
    braced = true;
    i++;
  }
  let letter: string;
  if (latex[i] === '\\' && (latex[i + 1] === 'i' || latex[i + 1] === 'j') && !/[a-zA-Z]/.test(latex[i + 2] ?? '')) {
    letter = latex[i + 1]!;
    i += 2;
    while (latex[i] === ' ') i++;
  } else {
    letter = latex[i] ?? '';
    i += letter === '' ? 0 : 1;
  }
  if (braced && latex[i] === '}') i++;
  out.push(letter === '' ? '' : `${letter}${mark}`);
  return i;
}

function skipSpaces(latex: string, at: number): number {
  let i = at;
  while (latex[i] === ' ' || latex[i] === '\t' || latex[i] === '\n' || latex[i] === '\r') i++;
  return i;
}

/** The offset after the group that opens at `latex[at] === '{'` (or the end of the text). */
function groupEnd(latex: string, at: number): number {
  let depth = 0;
  for (let i = at; i < latex.length; i++) {
    const c = latex[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return latex.length;
}
