/**
 * How a LaTeX draft writes what a fix or a completion inserts: the citation command the draft
 * already uses, source words with LaTeX's special characters escaped and accents written the way the
 * draft writes them (`\'e` where it writes accents as commands), and the key typed inside `\cite{…}`.
 */
import type { CitationGroup } from './citations';
import type { DraftSyntax, TypedKey } from './draftModel';

/** Accent commands by combining mark (for drafts that write accents as commands). */
const ACCENT_COMMANDS: Readonly<Record<string, string>> = {
  '\u0301': "'", '\u0300': '`', '\u0302': '^', '\u0308': '"', '\u0303': '~', '\u0304': '=', '\u0307': '.',
  '\u0306': 'u', '\u030c': 'v', '\u030b': 'H', '\u0327': 'c', '\u0328': 'k', '\u030a': 'r', '\u0323': 'd',
};
/** Letters LaTeX writes as commands. */
const LETTER_COMMANDS: Readonly<Record<string, string>> = { ß: '\\ss{}', ø: '\\o{}', Ø: '\\O{}', æ: '\\ae{}', Æ: '\\AE{}', œ: '\\oe{}', Œ: '\\OE{}', å: '\\aa{}', Å: '\\AA{}', ł: '\\l{}', Ł: '\\L{}' };
const SPECIALS: Readonly<Record<string, string>> = { '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '%': '\\%', $: '\\$', '&': '\\&', '#': '\\#', _: '\\_', '^': '\\^{}', '~': '\\textasciitilde{}' };

const TYPED_KEY = /\\[A-Za-z]*cites?\*?(?:\s*\[[^\]\n]*\]){0,2}\s*\{([^{}\n]*)$/;
const ACCENT_WRITTEN = /\\['"`^~=.uvHckrd]\s*\{?\\?[A-Za-z]/;
const CSQUOTES = /\\usepackage\s*(?:\[[^\]]*\])?\s*\{[^}]*\bcsquotes\b|\\enquote\s*\{/;
const CITE_COMMAND = /\\(parencite|autocite|textcite|footcite|smartcite|citep|citet|cite)\*?(?=[\s[{])/g;

/** The syntax of one LaTeX draft (its citation command and accent habit are read from `text`). */
export function latexSyntax(text: string): DraftSyntax {
  const accentsAsCommands = ACCENT_WRITTEN.test(text) && !/[À-ɏ]/.test(text);
  const dashesAsLigatures = /[^-!]--[^-]/.test(text);
  return {
    citation: (key) => `\\${citationCommand(text)}{${key}}`,
    addKey: (group: CitationGroup, key: string) => ({ at: group.end - 1, text: `,${key}` }),
    escape: (words) => escapeLatex(words, accentsAsCommands, dashesAsLigatures),
    // csquotes' command where the draft loads csquotes, else TeX's own marks.
    quoteMarks: CSQUOTES.test(text) ? ['\\enquote{', '}'] : ['``', "''"],
    typedKeyAt,
  };
}

/** The parenthetical citation command the draft uses most (`\parencite`, `\citep`), else `\cite`. */
function citationCommand(text: string): string {
  const counts = new Map<string, number>();
  CITE_COMMAND.lastIndex = 0;
  for (let m = CITE_COMMAND.exec(text); m !== null; m = CITE_COMMAND.exec(text)) {
    const name = m[1] === 'textcite' ? 'parencite' : m[1] === 'citet' ? 'citep' : m[1]!;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  let best = 'cite';
  let most = 0;
  for (const [name, count] of counts) if (count > most) [best, most] = [name, count];
  return best;
}

/** Plain words written as LaTeX: special characters escaped, accents and dashes as the draft writes them. */
export function escapeLatex(words: string, accentsAsCommands: boolean, dashesAsLigatures: boolean): string {
  let out = '';
  for (const c of words) {
    const special = SPECIALS[c];
    if (special !== undefined) out += special;
    else if (dashesAsLigatures && (c === '–' || c === '—')) out += c === '–' ? '--' : '---';
    else if (accentsAsCommands && c.charCodeAt(0) > 127) out += accented(c);
    else out += c;
  }
  return out;
}

/** `é` as `\'e`, `ç` as `\c{c}`, `ß` as `\ss{}`; a character LaTeX has no command for stays itself. */
function accented(c: string): string {
  if (LETTER_COMMANDS[c] !== undefined) return LETTER_COMMANDS[c]!;
  const [base, mark, ...rest] = c.normalize('NFD');
  const command = mark === undefined ? undefined : ACCENT_COMMANDS[mark];
  if (base === undefined || command === undefined || rest.length > 0 || !/[A-Za-z]/.test(base)) return c;
  const letter = base === 'i' ? '\\i' : base;
  return /[A-Za-z]/.test(command) ? `\\${command}{${letter}}` : `\\${command}${letter.length > 1 ? `{${letter}}` : letter}`;
}

/** The key being typed inside a citation command's braces at `offset`, or undefined. */
function typedKeyAt(text: string, offset: number): TypedKey | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const found = TYPED_KEY.exec(text.slice(Math.max(0, lineStart - 200), offset));
  if (found === null) return undefined;
  const typed = /[^,\s]*$/.exec(found[1]!)![0];
  const after = /^[^,}\s]*/.exec(text.slice(offset))![0];
  return { typed, from: offset - typed.length, to: offset + after.length, insertPrefix: '' };
}
