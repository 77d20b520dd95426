import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, CompletionList, Hover, MarkupContent, Position, TextEdit } from 'vscode-languageserver-protocol/node';
import { WORLD } from '../helpers';
import { codesOf, describeDiagnostics, LspTestClient, messageOf } from './lspClient';

// The quote styles of SPEC section 3 through the built server: diagnostics, quick fixes, quote
// completion and hovers on drafts written in French, German, Japanese and Chinese.

const TEST = { timeout: 30_000 };
const SOURCES = path.join(WORLD, 'sources');

function draft(name: string): string {
  return fs.readFileSync(path.join(WORLD, name), 'utf8');
}

/** `text` without its `|` cursor marker, and the marker's position. */
function marked(text: string): { text: string; position: Position } {
  const offset = text.indexOf('|');
  const clean = text.slice(0, offset) + text.slice(offset + 1);
  return { text: clean, position: TextDocument.create('file:///x.md', 'markdown', 1, clean).positionAt(offset) };
}

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  assert.ok(result, 'expected completion items');
  return Array.isArray(result) ? result : result.items;
}

describe('quote styles of every language over the protocol', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start({ copySeeds: false });
    fs.mkdirSync(client.sourcesFolder, { recursive: true });
    for (const name of fs.readdirSync(SOURCES)) fs.copyFileSync(path.join(SOURCES, name), path.join(client.sourcesFolder, name));
    await client.updateSettings({ sources: [client.sourcesFolder] });
    await client.waitForStatus(0, (s) => !s.indexing && s.sources === 7, 'the seven world sources to be indexed');
  });
  after(async () => {
    await client?.dispose();
  });

  test('a French draft: every misquote in « » found, and nothing else', TEST, async () => {
    const uri = await client.open('drafts/fr.md', draft('draft-fr.md'));
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 3, { description: 'three misquotes' });
    assert.deepEqual(codesOf(diagnostics), ['misquote', 'misquote', 'misquote'], describeDiagnostics(diagnostics));
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line + 1, messageOf(d)]),
      [
        [11, 'misquote of @lyon-eau: source says "personne ne", not "tout le monde"'],
        [12, 'misquote of @lyon-eau: quote leaves out "ne" without an ellipsis (and 1 more change)'],
        [14, 'misquote of @lyon-eau: source says "rien n’a", not "tout a"'],
      ],
    );
  });

  test('the quick fix keeps the writer’s guillemets and no-break spaces', TEST, async () => {
    const text = 'Elle a dit\u00a0: «\u202fon nous a déjà promis une baisse en 2022, et tout a changé\u202f» [@lyon-eau].\n';
    const uri = await client.open('drafts/fr-fix.md', text);
    const [misquote] = await client.waitForDiagnostics(uri, (ds) => ds.length === 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: misquote!.range, context: { diagnostics: [misquote] } });
    const edits = actions.find((a) => a.kind === 'quickfix')?.edit?.changes?.[uri] as TextEdit[] | undefined;
    assert.ok(edits, JSON.stringify(actions));
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
    assert.equal(fixed, 'Elle a dit\u00a0: «\u202fon nous a déjà promis une baisse en 2022, et rien n’a changé\u202f» [@lyon-eau].\n');
    const version = await client.change(uri, fixed);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { minVersion: version, description: 'fixed' });
  });

  test('quote completion inside « closes with », spaced as the writer opened it', TEST, async () => {
    const { text, position } = marked('Claire Dumont a dit\u00a0: «\u00a0Nous ne baisserons pas le|\n');
    const uri = await client.open('drafts/fr-complete.md', text);
    const items = itemsOf(await client.request('textDocument/completion', { textDocument: { uri }, position }));
    const edit = items[0]?.textEdit as TextEdit | undefined;
    assert.ok(edit, JSON.stringify(items));
    assert.equal(edit.newText, 'le prix de l’eau l’an prochain, parce que les réseaux ont besoin de 2 000 kilomètres de canalisations neuves\u00a0» [@lyon-eau]');
  });

  test('quote completion inside „ closes with “ and inside 「 with 」', TEST, async () => {
    const german = marked('Becker sagte: „Wir werden die Strecke nicht|\n');
    const de = await client.open('drafts/de-complete.md', german.text);
    const deItems = itemsOf(await client.request('textDocument/completion', { textDocument: { uri: de }, position: german.position }));
    assert.match((deItems[0]?.textEdit as TextEdit).newText, /^nicht vor dem 15\. März wieder freigeben können“ \[@rheintal-bahn\]$/);

    const japanese = marked('佐藤さんは「安全が確認できるまで|\n');
    const ja = await client.open('drafts/ja-complete.md', japanese.text);
    const jaItems = itemsOf(await client.request('textDocument/completion', { textDocument: { uri: ja }, position: japanese.position }));
    assert.equal((jaItems[0]?.textEdit as TextEdit).newText, 'で、運転を再開することはできない」 [@sendai-shinkansen]');
  });

  test('a Chinese draft: a dropped 不 and a changed character, with hovers', TEST, async () => {
    const text = draft('draft-zh.md');
    const uri = await client.open('drafts/zh.md', text);
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => ds.length === 2, { description: 'two misquotes' });
    assert.deepEqual(diagnostics.map(messageOf), [
      'misquote of @shenzhen-metro: quote leaves out "不" without an ellipsis',
      'misquote of @shenzhen-metro: source says "两", not "三"',
    ]);
    const at = TextDocument.create(uri, 'markdown', 1, text).positionAt(text.indexOf('开通后'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: at });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*Verbatim\*\* ✓ word for word in `@shenzhen-metro`/);
    const short = TextDocument.create(uri, 'markdown', 1, text).positionAt(text.indexOf('非常拥挤'));
    const shortHover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: short });
    assert.equal((shortHover?.contents as MarkupContent).value, 'Verbatim: not checked (fewer than 4 words).');
  });
});
