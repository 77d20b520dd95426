import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, CompletionList, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol/node';
import { REPO } from '../helpers';
import { codesOf, describeDiagnostics, LspTestClient, messageOf } from './lspClient';

// Drafts as writers write them, through the built server: the drafts of examples/formats/ in the
// language ids editors give them (or none: a .qmd opened as plain text is still Quarto).

const TEST = { timeout: 30_000 };
const FORMATS = path.join(REPO, 'examples', 'formats');
const APPEAL = '001_7824a7d0d4dc771b';

function example(name: string): string {
  return fs.readFileSync(path.join(FORMATS, name), 'utf8');
}

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  assert.ok(result, 'expected completion items');
  return Array.isArray(result) ? result : result.items;
}

describe('draft formats over the protocol', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('LaTeX: two misquotes, a fix in LaTeX, key completion inside \\parencite{…}, hover on a key', TEST, async () => {
    const text = example('paper.tex');
    const uri = await client.open('paper.tex', text, 'latex');
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 2, { description: 'two misquotes' });
    assert.deepEqual(codesOf(diagnostics), ['misquote', 'misquote'], describeDiagnostics(diagnostics));
    assert.match(messageOf(diagnostics[0]!), /source says "mechanisms", not "procedures"/);
    const doc = TextDocument.create(uri, 'latex', 1, text);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[1]!.range, context: { diagnostics: [diagnostics[1]] } });
    const edit = actions.find((a) => a.title === `Use the words of @${APPEAL}`)!.edit!.changes![uri]![0]!;
    assert.match(TextDocument.applyEdits(doc, [edit]), /``2,000 peacekeeping troops in Karabakh'' \\parencite/);
    const cite = text.indexOf(`\\parencite{${APPEAL}}`) + '\\parencite{'.length + 3;
    const items = itemsOf(await client.request('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(cite) }));
    const item = items.find((i) => i.label === APPEAL);
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal((item.textEdit as TextEdit).newText, APPEAL);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(cite) });
    assert.match((hover?.contents as MarkupContent).value, /Karabakh Armenians Appeal to Russia/);
  });

  test('Quarto opened as plain text: cross-references are no keys, chunks no quotes', TEST, async () => {
    const uri = await client.open('notes.qmd', example('notes.qmd'), 'plaintext');
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 1, { description: 'one misquote' });
    assert.deepEqual(codesOf(diagnostics), ['misquote'], describeDiagnostics(diagnostics));
    assert.match(messageOf(diagnostics[0]!), /source says "security", not "safety"/);
  });

  test('R Markdown: bookdown references are no keys', TEST, async () => {
    const uri = await client.open('report.Rmd', example('report.Rmd'), 'rmd');
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 1, { description: 'one misquote' });
    assert.match(messageOf(diagnostics[0]!), /source says "integrity", not "sovereignty"/);
  });

  test('Typst: the block quote attributed by its label is a misquote; @rallies is the draft’s own heading', TEST, async () => {
    const uri = await client.open('draft.typ', example('draft.typ'), 'typst');
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 1, { description: 'one misquote' });
    assert.deepEqual(codesOf(diagnostics), ['misquote'], describeDiagnostics(diagnostics));
    assert.match(messageOf(diagnostics[0]!), /source says "unanimously", not "narrowly"/);
  });
});

describe('a LaTeX chapter opened alone', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({
      copySeeds: false,
      files: {
        'thesis/main.tex': '\\documentclass{book}\n\\addbibresource{refs.bib}\n\\begin{document}\n\\include{chapters/one}\n\\end{document}\n',
        'thesis/refs.bib': '@report{minutes, title = {Minutes of the harbour committee}, year = {2024}, file = {minutes.txt}}\n',
        'thesis/minutes.txt': 'The committee approved the plan on Monday after a long debate about the harbour and its future.\n',
      },
    });
  });
  after(async () => {
    await client?.dispose();
  });

  test('is checked against the main file\'s bibliography and its attachments, and completes its keys', TEST, async () => {
    const text = "\\chapter{One}\n``The committee rejected the plan on Monday'' \\parencite{minutes}.\n";
    const uri = await client.open('thesis/chapters/one.tex', text, 'latex');
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 1, { description: 'one misquote' });
    assert.deepEqual(codesOf(diagnostics), ['misquote'], describeDiagnostics(diagnostics));
    assert.match(messageOf(diagnostics[0]!), /misquote of @minutes: source says "approved", not "rejected"/);
    assert.equal(diagnostics[0]!.range.start.line, 1);
    const doc = TextDocument.create(uri, 'latex', 1, text);
    const items = itemsOf(await client.request('textDocument/completion', { textDocument: { uri }, position: doc.positionAt(text.indexOf('{minutes}') + 4) }));
    assert.ok(items.some((i) => i.label === 'minutes'), items.map((i) => i.label).join(', '));
  });
});
