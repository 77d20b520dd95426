/**
 * The LaTeX commands and environments a draft scan knows (LaTeX's own, biblatex, natbib, csquotes):
 * what each prints, which arguments are not prose, which cite and which quote.
 */
/** Combining marks of the accent commands. */
export const ACCENTS: Readonly<Record<string, string>> = {
  '"': '\u0308', "'": '\u0301', '`': '\u0300', '^': '\u0302', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030c', H: '\u030b', c: '\u0327', k: '\u0328', r: '\u030a', d: '\u0323', b: '\u0331',
};

/** Commands that print a letter or a symbol. */
export const SYMBOLS: Readonly<Record<string, string>> = {
  ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł', i: 'ı', j: 'ȷ',
  dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textendash: '–', textemdash: '—', textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“',
  textquotedblright: '”', guillemotleft: '«', guillemotright: '»', guillemetleft: '«', guillemetright: '»',
  ldots: '…', dots: '…', textellipsis: '…', textasciitilde: '~', textbackslash: '\\', textunderscore: '_',
  S: '§', P: '¶', copyright: '©', pounds: '£', euro: '€', textdegree: '°', LaTeX: 'LaTeX', TeX: 'TeX',
  slash: '/', dash: '–', textpercent: '%',
};

/** Escaped characters: `\&` prints `&`; `\,`, `\ `, `\@`, `\/`, `\-` print (nearly) nothing. */
export const ESCAPED: Readonly<Record<string, string>> = {
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ' ': ' ', ',': ' ', ';': ' ', ':': ' ',
  '!': ' ', '/': '', '-': '', '@': '',
};

/**
 * Commands whose arguments are not prose, with how many mandatory arguments they take (optional
 * `[…]` arguments before and between them go too).
 */
export const DROPPED: Readonly<Record<string, number>> = {
  label: 1, ref: 1, eqref: 1, pageref: 1, cref: 1, Cref: 1, autoref: 1, nameref: 1, vref: 1, url: 1, nolinkurl: 1,
  includegraphics: 1, input: 1, include: 1, subfile: 1, includeonly: 1, import: 2, subimport: 2, inputfrom: 2, subinputfrom: 2,
  includefrom: 2, subincludefrom: 2, addbibresource: 1, bibliography: 1, bibliographystyle: 1,
  printbibliography: 0, index: 1, vspace: 1, hspace: 1, nocite: 1, setlength: 2, addtocounter: 2, setcounter: 2,
  usepackage: 1, RequirePackage: 1, documentclass: 1, newcommand: 2, renewcommand: 2, providecommand: 2,
  newenvironment: 3, renewenvironment: 3, thispagestyle: 1, pagestyle: 1, maketitle: 0, tableofcontents: 0,
  bibitem: 1, hypersetup: 1, graphicspath: 1, selectlanguage: 1, color: 1, href: 1, foreignlanguage: 1,
  textcolor: 1, hyperref: 0, footnotemark: 0, noindent: 0, centering: 0, clearpage: 0, newpage: 0,
  ExecuteBibliographyOptions: 1, citetitle: 1, Citetitle: 1, citedate: 1, citeurl: 1, fullcite: 1, footfullcite: 1, citenum: 1,
  citename: 2, citelist: 2, citefield: 2, citereset: 0, DeclareFieldFormat: 2, addcontentsline: 3, lstinputlisting: 1, verbatiminput: 1,
};

/** Commands that start a new paragraph-like block around their (prose) title. */
export const SECTIONING = new Set(['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'caption', 'title', 'item', 'par']);

/** The sectioning commands whose `{…}` argument is a heading (a title, not prose). */
export const HEADINGS = new Set(['part', 'chapter', 'section', 'subsection', 'subsubsection', 'paragraph', 'subparagraph', 'title']);

/** Environments whose content is not prose. */
export const VERBATIM = new Set(['verbatim', 'verbatim*', 'Verbatim', 'lstlisting', 'minted', 'comment', 'alltt', 'thebibliography', 'filecontents', 'filecontents*', 'tikzpicture', 'tabbing']);
export const MATH = new Set([
  'equation', 'equation*', 'align', 'align*', 'alignat', 'alignat*', 'gather', 'gather*', 'multline', 'multline*',
  'eqnarray', 'eqnarray*', 'math', 'displaymath', 'flalign', 'flalign*', 'split',
]);
export const QUOTE_ENVIRONMENTS = new Set(['displayquote', 'quote', 'quotation']);
/** Mandatory arguments of environments that are options, not prose. */
export const ENVIRONMENT_ARGUMENTS: Readonly<Record<string, number>> = { tabular: 1, 'tabular*': 2, tabularx: 2, minipage: 1, array: 1, multicols: 1, wrapfigure: 2 };

/** biblatex and natbib citation commands (capitalised and starred forms too). */
export const CITE_COMMANDS = new Set([
  'cite', 'parencite', 'textcite', 'autocite', 'footcite', 'footcitetext', 'smartcite', 'supercite', 'citeauthor', 'citeyear',
  'citep', 'citet', 'citealp', 'citealt', 'citeyearpar',
  'Cite', 'Parencite', 'Textcite', 'Autocite', 'Footcite', 'Footcitetext', 'Smartcite', 'Supercite', 'Citeauthor', 'Citeyear',
  'Citeyearpar', 'Citep', 'Citet', 'Citealp', 'Citealt',
]);
export const MULTI_CITE_COMMANDS = new Set([
  'cites', 'parencites', 'textcites', 'autocites', 'footcites', 'footcitetexts', 'smartcites', 'supercites',
  'Cites', 'Parencites', 'Textcites', 'Autocites', 'Footcites', 'Footcitetexts', 'Supercites',
]);

/** csquotes: inline quotes (`[cite]` first when `cite`), keyed quotes (`\textcquote[pre][post]{key}`), block quotes. */
export const INLINE_QUOTES: Readonly<Record<string, { languageArgument: boolean; cite: boolean }>> = {
  enquote: { languageArgument: false, cite: false },
  mkbibquote: { languageArgument: false, cite: false },
  textquote: { languageArgument: false, cite: true },
  foreignquote: { languageArgument: true, cite: false },
  hyphenquote: { languageArgument: true, cite: false },
  foreigntextquote: { languageArgument: true, cite: true },
  hyphentextquote: { languageArgument: true, cite: true },
};
export const BLOCK_QUOTES: Readonly<Record<string, { languageArgument: boolean }>> = {
  blockquote: { languageArgument: false },
  foreignblockquote: { languageArgument: true },
  hyphenblockquote: { languageArgument: true },
  hybridblockquote: { languageArgument: true },
};
export const KEYED_QUOTES: Readonly<Record<string, 'inline' | 'block'>> = { textcquote: 'inline', blockcquote: 'block', foreigntextcquote: 'inline', foreignblockcquote: 'block' };

