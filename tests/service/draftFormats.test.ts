import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { createLanguageService } from '../../server/src/service/languageService';
import type { VerbatimDiagnosticData } from '../../server/src/service/diagnostics';
import { RALLY, seedLibrary } from '../helpers';

const CAFE = `---
id: cafe
title: The station café
---
The café near the station was naïve about the crowds of summer tourists, said the owner.
`;
const service = createLanguageService({ library: seedLibrary({ 'cafe.md': CAFE }) });

function document(text: string, uri: string, languageId: string): TextDocument {
  return TextDocument.create(uri, languageId, 1, text);
}

function diagnostics(doc: TextDocument): Diagnostic[] {
  return service.computeDiagnostics(doc) ?? [];
}

/** The draft after the first fix of the first diagnostic with `code`. */
function fixed(doc: TextDocument, code: string): string {
  const diagnostic = diagnostics(doc).find((d) => d.code === code);
  assert.ok(diagnostic, `no ${code} in ${JSON.stringify(diagnostics(doc).map((d) => d.code))}`);
  const fix = (diagnostic.data as VerbatimDiagnosticData).fixes[0]!;
  return TextDocument.applyEdits(doc, [{ range: fix.range, newText: fix.newText }]);
}

test('LaTeX: a verbatim quote written with accent commands and a tie is verified', () => {
  const doc = document("As \\textcite{cafe} put it, ``the caf\\'e near the station was na\\\"{\\i}ve~about the crowds'' \\parencite[4]{cafe}.\n", 'file:///d/paper.tex', 'latex');
  assert.deepEqual(diagnostics(doc).map((d) => d.code), []);
  const model = service.getQuotationModel(doc);
  assert.deepEqual(model.quotes.map((q) => [q.verdict, q.text]), [['verified', 'the café near the station was naïve\u00a0about the crowds']]);
});

test('LaTeX: a misquote fix writes the source words the way the file writes accents', () => {
  const doc = document("``The cafe near the station was na\\\"{\\i}ve about the crowds'' \\parencite{cafe}.\n", 'file:///d/paper.tex', 'latex');
  assert.equal(fixed(doc, 'misquote'), "``The caf\\'e near the station was na\\\"{\\i}ve about the crowds'' \\parencite{cafe}.\n");
  const unicode = document('“The cafe near the station was naïve about the crowds” \\cite{cafe}.\n', 'file:///d/paper.tex', 'latex');
  assert.equal(fixed(unicode, 'misquote'), '“The café near the station was naïve about the crowds” \\cite{cafe}.\n');
});

test('LaTeX: the squiggle is on the quote, an unknown key on the key, and fixes add LaTeX citations', () => {
  const text = "He said ``the people of Artsakh have the right to ask publicly'' and \\parencite[see][2]{nosuchkey}.\n";
  const doc = document(text, 'file:///d/paper.tex', 'latex');
  const found = diagnostics(doc);
  const unknown = found.find((d) => d.code === 'unknown-source')!;
  assert.equal(text.slice(doc.offsetAt(unknown.range.start), doc.offsetAt(unknown.range.end)), 'nosuchkey');
  const uncited = document("He said ``the people of Artsakh have the right to ask publicly''.\n\n\\parencite{a}\n", 'file:///d/p2.tex', 'latex');
  assert.equal(fixed(uncited, 'unattributed-quote'), `He said \`\`the people of Artsakh have the right to ask publicly'' \\parencite{${RALLY}}.\n\n\\parencite{a}\n`);
});

test('LaTeX: completion of keys inside \\cite{…}, and none after a bare @', () => {
  const text = 'See \\parencite[12]{caf';
  const doc = document(text, 'file:///d/paper.tex', 'latex');
  const items = service.getCompletionItems(doc, doc.positionAt(text.length)).items;
  assert.equal(items[0]?.label, 'cafe');
  const edit = items[0]!.textEdit as { newText: string };
  assert.equal(edit.newText, 'cafe');
  const at = document('mail me @caf', 'file:///d/paper.tex', 'latex');
  assert.deepEqual(service.getCompletionItems(at, at.positionAt(12)).items.filter((i) => i.label === 'cafe'), []);
});

test('LaTeX: hover on a key shows its source', () => {
  const text = 'See \\parencite{cafe}.';
  const doc = document(text, 'file:///d/paper.tex', 'latex');
  const hover = service.getHover(doc, doc.positionAt(text.indexOf('cafe') + 1));
  assert.match(JSON.stringify(hover?.contents ?? ''), /station café/);
});

test('Quarto: cross-references are not unknown keys; a chunk is not a quotation', () => {
  const text = '---\ntitle: x\n---\n\nAs @fig-map shows, "the café near the station was naïve" [@cafe; @sec-intro].\n\n```{python}\nprint("the people of Artsakh have the right")\n```\n';
  const doc = document(text, 'file:///d/a.qmd', 'quarto');
  assert.deepEqual(diagnostics(doc).map((d) => d.code), []);
  assert.deepEqual(service.getQuotationModel(doc).quotes.map((q) => q.verdict), ['verified']);
  // The same text as plain Markdown: @fig-map and @sec-intro are keys no source has.
  const md = document(text, 'file:///d/a.md', 'markdown');
  assert.deepEqual(diagnostics(md).map((d) => d.code), ['unknown-source', 'unknown-source']);
});

test('Typst: a reference with a supplement, a quote call, and a label of the draft that is no key', () => {
  const text = '= Notes <notes>\n\nAs @notes shows, "the café near the station was naïve" @cafe[p. 1].\n\n#quote(attribution: <cafe>)[the cafe near the station was naïve]\n';
  const doc = document(text, 'file:///d/a.typ', 'typst');
  const found = diagnostics(doc);
  assert.deepEqual(found.map((d) => d.code), ['misquote']);
  assert.equal(fixed(doc, 'misquote'), text.replace('the cafe near', 'the café near'));
  assert.deepEqual(service.getQuotationModel(doc).quotes.map((q) => [q.verdict, q.locator ?? '']), [['verified', 'p. 1'], ['misquote', '']]);
});

test('Quarto: image attributes are not text (Pandoc reads them as attributes)', () => {
  const text = '![Map](map.png){#fig-map fig-alt="A map of @nosuchkey with words in quotes here"}\n\n"the café near the station was naïve" [@cafe]\n';
  const doc = document(text, 'file:///d/a.qmd', 'quarto');
  assert.deepEqual(diagnostics(doc).map((d) => d.code), []);
  assert.deepEqual(service.getQuotationModel(doc).quotes.map((q) => q.verdict), ['verified']);
});

test('Quarto grid table: a quote over two lines of a cell is checked with the cell\'s words; its fix keeps the other cells', () => {
  const table = (first: string, second: string): string =>
    ['+--------+--------------------------+', '| Who    | Said                     |', '+========+==========================+', `| Owner  | ${first.padEnd(24)} |`, `| (cafe) | ${second.padEnd(24)} |`, '+--------+--------------------------+', ''].join('\n');
  const verified = document(table('"The café near the', 'station was naïve" @cafe'), 'file:///d/notes.qmd', 'quarto');
  assert.deepEqual(diagnostics(verified).map((d) => d.code), []);
  const doc = document(table('"The café near the', 'harbour was naïve" @cafe'), 'file:///d/notes.qmd', 'quarto');
  assert.match(diagnostics(doc).find((d) => d.code === 'misquote')!.message as string, /source says "station", not "harbour"/);
  assert.equal(fixed(doc, 'misquote'), table('"The café near the', 'station was naïve" @cafe'));
  // A difference over the line break would rewrite the other cell: the finding stays, with no fix.
  const across = diagnostics(document(table('"The café near a', 'harbour was naïve" @cafe'), 'file:///d/notes.qmd', 'quarto')).find((d) => d.code === 'misquote')!;
  assert.match(across.message as string, /source says "the station", not "a harbour"/);
  assert.deepEqual((across.data as VerbatimDiagnosticData).fixes, []);
});
