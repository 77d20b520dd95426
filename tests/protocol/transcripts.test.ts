import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Hover, InlayHint, Position } from 'vscode-languageserver-protocol/node';
import { REPO } from '../helpers';
import { codesOf, LspTestClient, messageOf } from './lspClient';

// The built server over stdio with the transcripts of examples/interview/: hints, hovers, completion
// and the quick fixes of wrong-time and wrong-speaker, as an editor sees them.

const TEST = { timeout: 30_000 };
const INTERVIEW = path.join(REPO, 'examples', 'interview', 'sources');
const FILES = Object.fromEntries(fs.readdirSync(INTERVIEW).map((name) => [`sources/${name}`, fs.readFileSync(path.join(INTERVIEW, name))]));

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture has no "${needle}"`);
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(offset + 1);
}

describe('language server with transcripts in the library', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ copySeeds: false, files: FILES, expectSources: Object.keys(FILES).length });
  });
  after(async () => {
    await client?.dispose();
  });

  test('a verified transcript quote: an inlay hint with time and speaker, a hover with the cue text', TEST, async () => {
    const text = '"We lost a week of catch, but nobody was hurt," Ewan Dorsey said [@council, 12:31].\n';
    const uri = await client.open('drafts/hint.md', text);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'no diagnostics' });
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } } });
    assert.deepEqual(hints.map((h) => h.label), ['✓ @council, 12:31 · Ewan Dorsey']);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'week of') });
    const value = JSON.stringify(hover.contents);
    assert.match(value, /12:31 · Ewan Dorsey/);
    assert.match(value, /nobody was hurt/);
  });

  test('wrong-time and wrong-speaker with quick fixes that rewrite only the time and the name', TEST, async () => {
    const text = '"We lost a week of catch, but nobody was hurt," Mara Quint said [@council, 10:00].\n';
    const uri = await client.open('drafts/fix.md', text);
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).sort().join() === 'wrong-speaker,wrong-time', { description: 'wrong-speaker, wrong-time' });
    const byCode = Object.fromEntries(diagnostics.map((d) => [String(d.code), d]));
    assert.equal(messageOf(byCode['wrong-time']!), 'wrong time for @council: the quote is spoken at 12:31, not 10:00');
    assert.equal(messageOf(byCode['wrong-speaker']!), 'wrong speaker: @council gives these words to Ewan Dorsey, not Mara Quint');
    let fixed = TextDocument.create(uri, 'markdown', 1, text);
    for (const [code, title] of [['wrong-time', 'Cite 12:31'], ['wrong-speaker', 'Name Ewan Dorsey']] as const) {
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: byCode[code]!.range, context: { diagnostics: [byCode[code]] } });
      const fix = actions.find((a) => a.kind === 'quickfix' && a.title === title);
      assert.ok(fix?.edit?.changes?.[uri], `no "${title}" among: ${actions.map((a) => a.title).join('; ')}`);
      fixed = TextDocument.create(uri, 'markdown', 1, TextDocument.applyEdits(fixed, fix.edit.changes[uri]));
    }
    assert.equal(fixed.getText(), '"We lost a week of catch, but nobody was hurt," Ewan Dorsey said [@council, 12:31].\n');
    const version = await client.change(uri, fixed.getText());
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { minVersion: version, description: 'no diagnostics after the fixes' });
  });

  test('quote completion in a transcript inserts the rest of the sentence and the time locator', TEST, async () => {
    const text = 'Dorsey said "We lost a week of ';
    const uri = await client.open('drafts/complete.md', text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length } });
    const inserted = list.items.map((item) => (item.textEdit && 'newText' in item.textEdit ? item.textEdit.newText : ''));
    assert.ok(inserted.some((t) => /^catch, but nobody was hurt\." \[@council[\w-]*, 12:31\]$/.test(t)), JSON.stringify(inserted));
  });
});
