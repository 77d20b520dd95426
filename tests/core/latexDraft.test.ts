import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeDraft, draftFormatOf } from '../../server/src/core/draft/draftAnalysis';
import { escapeLatex } from '../../server/src/core/draft/latexSyntax';
import { tokenize } from '../../server/src/core/text/tokenizer';

const latex = (text: string) => analyzeDraft(text, 'latex');

/** Citations as `key|prefix|locator`, in order. */
function cited(text: string): string[] {
  return latex(text).citations.flatMap((g) => g.citations.map((c) => `${c.key}|${c.prefix}|${c.locator}`));
}

/** Quotes as `words → keys` (words folded, as the matcher reads them). */
function quotes(text: string): string[] {
  const analysis = latex(text);
  return analysis.quotations.map((q) => {
    const words = tokenize(analysis.text, q.textStart, q.textEnd)
      .filter((t) => !q.excluded.some(([a, b]) => t.start >= a && t.end <= b))
      .map((t) => t.norm)
      .join(' ');
    return `${words} → ${q.citation?.citations.map((c) => c.key).join(',') ?? '-'}`;
  });
}

const citationCases: Array<[string, string, string[]]> = [
  ['a postnote alone is the locator', String.raw`Text \parencite[12]{key}.`, ['key||12']],
  ['prenote and postnote', String.raw`Text \parencite[see][12--13]{key}.`, ['key|see|12--13']],
  ['a tie in the postnote reads as a space', String.raw`Text \citep[p.~4]{a}.`, ['a||p. 4']],
  ['several keys share the notes', String.raw`Text \autocite[4]{a, b}.`, ['a||4', 'b||4']],
  ['starred and capitalised forms', String.raw`\Textcite*{a} and \citet*{b} and \Parencite{c}.`, ['a||', 'b||', 'c||']],
  ['multi-cite commands give each key its notes', String.raw`\parencites(all)()[see][1]{a}[2]{b} more`, ['a|see|1', 'b||2']],
  ['an empty prenote', String.raw`\cite[see][]{k}`, ['k|see|']],
  ['citations in comments are not citations', 'Text % \\cite{hidden}\n\\cite{shown}', ['shown||']],
  ['titles and full citations are not citations (as Pandoc reads them)', String.raw`\citetitle{a} \fullcite{b} \cite{c}`, ['c||']],
  ['verbatim is not text', '\\begin{verbatim}\n\\cite{no}\n\\end{verbatim}\n\\cite{yes}', ['yes||']],
  ['a theorem title may cite; figure options are not text', '\\begin{thm}[after \\cite{k}]\nText.\n\\end{thm}\n\\begin{figure}[htbp]\n\\end{figure}', ['k||']],
];
for (const [name, text, expected] of citationCases) {
  test(`LaTeX citations: ${name}`, () => assert.deepEqual(cited(text), expected));
}

test('LaTeX citations: key ranges are the keys in the draft', () => {
  const text = String.raw`See \parencite[see][12]{ alpha ,beta}.`;
  const keys = latex(text).citations.flatMap((g) => g.citations);
  assert.deepEqual(keys.map((c) => text.slice(c.keyStart, c.keyEnd)), ['alpha', 'beta']);
  assert.equal(text.slice(keys[0]!.locatorStart, keys[0]!.locatorStart + 2), '12');
  const group = latex(text).citations[0]!;
  assert.equal(text.slice(group.start, group.end), String.raw`\parencite[see][12]{ alpha ,beta}`);
});

const quoteCases: Array<[string, string, string[]]> = [
  ['TeX quotes with the citation after', "He said ``the people of Artsakh'' \\parencite{k}.", ['the people of artsakh → k']],
  ['straight and curly quotes', 'He said "a b c" and “d e f” \\cite{k}.', ['a b c → k', 'd e f → k']],
  ['accents, ties, dashes and emphasis are text', "``caf\\'e na\\\"{\\i}ve~and \\emph{very} well--known'' \\cite{k}", ['café naïve and very well known → k']],
  ['escaped characters', "``a 50\\% share \\& more'' \\cite{k}", ['a 50 share more → k']],
  ['the citation before, when none follows', "As \\textcite{k} wrote, ``a b c''.", ['a b c → k']],
  ['enquote', 'He said \\enquote{a b c} \\cite{k}.', ['a b c → k']],
  ['textquote takes its citation argument', 'Then \\textquote[\\parencite[4]{k}]{a b c} and \\cite{j}.', ['a b c → k']],
  ['textcquote cites its key', 'Then \\textcquote[7]{k}{a b c} and \\cite{j}.', ['a b c → k']],
  ['displayquote with a citation argument', '\\begin{displayquote}[\\cite[22]{k}]\nA b c\nd e.\n\\end{displayquote}\n', ['a b c d e → k']],
  ['quote environment cited right after', '\\begin{quote}\nA b c.\n\\end{quote}\n\\cite{k} said so.\n', ['a b c → k']],
  ['blockquote command', 'x\n\n\\blockquote[\\parencite{k}]{A b c d.}\n', ['a b c d → k']],
  ['comments are not text', "``a b % c d\ne f'' \\cite{k}", ['a b e f → k']],
  ['math is not text', "``a $x = \"y\"$ b'' \\cite{k}", ['a b → k']],
  ['the preamble is not text', '\\title{``Not a quote here today\'\'}\n\\begin{document}\n``a b c\'\' \\cite{k}\n\\end{document}', ['a b c → k']],
  ['not across paragraphs', "``a b\n\nc d'' \\cite{k}", []],
];
for (const [name, text, expected] of quoteCases) {
  test(`LaTeX quotations: ${name}`, () => assert.deepEqual(quotes(text), expected));
}

test('LaTeX text keeps every offset: the matcher reads the draft offset for offset', () => {
  const text = "\\section{Intro}\n``caf\\'e'' -- na\\\"{\\i}ve~\\emph{x}\\% \\ss{} \\cite[p.~3]{k} % c\n$m$ \\verb|v|\n";
  const analysis = latex(text);
  assert.equal(analysis.text.length, text.length);
  const words = tokenize(analysis.text).map((t) => `${t.norm}@${text.slice(t.start, t.end)}`);
  assert.ok(words.includes("café@caf\\'e"), words.join(' '));
  assert.ok(words.includes('naïve@na\\"{\\i}ve'), words.join(' '));
  assert.ok(words.includes('ß@\\ss{}'), words.join(' '));
});

test('LaTeX bibliographies and included files', () => {
  const text = '\\addbibresource{refs.bib}\n\\bibliography{a,b}\n\\begin{document}\n\\input{chapter1}\n\\include{ch2}\n\\subfile{parts/three}\n\\input four.tex\nText.\n\\end{document}';
  const analysis = latex(text);
  assert.deepEqual(analysis.bibliographies, ['refs.bib', 'a', 'b']);
  assert.deepEqual(
    analysis.includes.map((i) => [i.name, text.slice(i.at, i.at + 6)]),
    [['chapter1', '\\input'], ['ch2', '\\inclu'], ['parts/three', '\\subfi'], ['four.tex', '\\input']],
  );
  // The file names are not prose.
  assert.equal(analysis.text.replace(/\s+/g, ' ').trim(), 'Text.');
});

test('LaTeX syntax: citations in the command the draft uses, keys added inside the braces', () => {
  assert.equal(latex('\\citep{a} and \\citep{b}').syntax.citation('k'), '\\citep{k}');
  assert.equal(latex('\\parencite{a}').syntax.citation('k'), '\\parencite{k}');
  assert.equal(latex('no citations').syntax.citation('k'), '\\cite{k}');
  const text = 'x \\parencite[4]{a} y';
  const analysis = latex(text);
  const added = analysis.syntax.addKey(analysis.citations[0]!, 'b');
  assert.equal(text.slice(0, added.at) + added.text + text.slice(added.at), 'x \\parencite[4]{a,b} y');
});

test('LaTeX syntax: source words written as the draft writes accents, special characters escaped', () => {
  assert.equal(latex("caf\\'e").syntax.escape('naïve café 50% & ç'), "na\\\"{\\i}ve caf\\'e 50\\% \\& \\c{c}");
  assert.equal(latex('café').syntax.escape('naïve 50%'), 'naïve 50\\%');
  assert.equal(escapeLatex('a–b — c', false, true), 'a--b --- c');
});

test('LaTeX syntax: the key typed inside a citation command', () => {
  const text = 'See \\parencite[see][12]{alpha,be} and \\cite{';
  const syntax = latex(text).syntax;
  const inside = text.indexOf('be}') + 2;
  assert.deepEqual(syntax.typedKeyAt!(text, inside), { typed: 'be', from: inside - 2, to: inside, insertPrefix: '' });
  assert.deepEqual(syntax.typedKeyAt!(text, text.length), { typed: '', from: text.length, to: text.length, insertPrefix: '' });
  assert.equal(syntax.typedKeyAt!(text, 3), undefined);
});

test('draft formats by language id, then extension', () => {
  assert.equal(draftFormatOf('latex', 'file:///a.md'), 'latex');
  assert.equal(draftFormatOf(undefined, 'file:///a/Paper.TEX'), 'latex');
  assert.equal(draftFormatOf('quarto', 'untitled:1'), 'quarto');
  assert.equal(draftFormatOf(undefined, '/x/report.Rmd'), 'rmarkdown');
  assert.equal(draftFormatOf(undefined, '/x/notes.Rmarkdown'), 'rmarkdown');
  assert.equal(draftFormatOf(undefined, '/x/a.typ'), 'typst');
  assert.equal(draftFormatOf('plaintext', '/x/a.txt'), 'markdown');
});

test('Quarto cross-references are not citations; R Markdown reads bookdown references as text', () => {
  const keys = (text: string, format: 'quarto' | 'rmarkdown') => analyzeDraft(text, format).citations.flatMap((g) => g.citations.map((c) => c.key));
  assert.deepEqual(keys('See @fig-map, [@tbl-a; @knuth, p. 3], @sec-intro and @eq-1 [@doe].', 'quarto'), ['knuth', 'doe']);
  assert.deepEqual(keys('Figure \\@ref(fig:plot) and @xie2015 [@R-base].', 'rmarkdown'), ['xie2015', 'R-base']);
  const chunk = '```{r}\nx <- "a quoted string here" # @notakey\n```\n\nInline `r "code quote here"` and "real words here" [@k].\n';
  const analysis = analyzeDraft(chunk, 'quarto');
  assert.deepEqual(analysis.citations.flatMap((g) => g.citations.map((c) => c.key)), ['k']);
  assert.deepEqual(analysis.quotations.map((q) => chunk.slice(q.textStart, q.textEnd)), ['real words here']);
});

test('LaTeX scan never throws and keeps the length, on any mix of its special characters', () => {
  const pieces = ['\\', '{', '}', '[', ']', '%', '$', '~', '-', '`', "'", '"', '\n', ' ', 'a', 'é', '\\cite', '\\begin{quote}', '\\end{quote}', '\\enquote', '\\textquote[', '\\verb|', '\\\'', '\\"{', '\\parencites('];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let run = 0; run < 2000; run++) {
    let text = '';
    const length = Math.floor(random() * 40);
    for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
    const analysis = latex(text);
    assert.equal(analysis.text.length, text.length, JSON.stringify(text));
    for (const q of analysis.quotations) assert.ok(q.start <= q.textStart && q.textStart <= q.textEnd && q.textEnd <= q.end && q.end <= text.length, JSON.stringify(text));
  }
});
