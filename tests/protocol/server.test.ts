import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentLink,
  type Hover,
  type Location,
  type MarkupContent,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceSymbol,
} from 'vscode-languageserver-protocol/node';
import type { SourceSummary } from '../../protocol/src/messages';
import { APPEAL, RALLY, REPO, markedDocument, seedText } from '../helpers';
import { codesOf, describeDiagnostics, LspTestClient, messageOf } from './lspClient';

// Protocol tests: the built server (bin/verbatim.js → dist/cli.js) over stdio, driven as an editor
// drives it. Feature details are tested at the service level; these check the wiring.

const TEST = { timeout: 20_000 };

/** The text without its `|` cursor marker, and the marker's position. */
function marked(text: string): { text: string; position: Position } {
  const { document, offset } = markedDocument(text);
  assert.ok(offset >= 0, 'fixture needs a | cursor marker');
  return { text: document.getText(), position: document.positionAt(offset) };
}

/** The position of the first `needle` in `text`, plus `delta` characters. */
function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture has no "${needle}"`);
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(offset + delta);
}

/** The text a range covers. */
function textAt(text: string, range: Range): string {
  const document = TextDocument.create('file:///x.md', 'markdown', 1, text);
  return document.getText(range);
}

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

function itemsOf(result: CompletionList | CompletionItem[] | null): CompletionItem[] {
  assert.ok(result, 'expected completion items, got null');
  return Array.isArray(result) ? result : result.items;
}

function editOf(item: CompletionItem): TextEdit {
  assert.ok(item.textEdit && 'range' in item.textEdit, `item ${item.label} has no plain textEdit`);
  return item.textEdit;
}

function completion(client: LspTestClient, uri: string, position: Position): Promise<CompletionList | CompletionItem[] | null> {
  return client.request('textDocument/completion', { textDocument: { uri }, position });
}

function hover(client: LspTestClient, uri: string, position: Position): Promise<Hover | null> {
  return client.request('textDocument/hover', { textDocument: { uri }, position });
}

/** A seed's URI in the test workspace (the server must read the copies, not the bundled seeds). */
function sourceUri(client: LspTestClient, key: string): string {
  return pathToFileURL(path.join(client.sourcesFolder, `${key}.txt`)).href;
}

let draftCount = 0;
/** A fresh draft name, so that tests sharing a server never see each other's documents. */
function draftName(label: string): string {
  return `drafts/${label}-${++draftCount}.md`;
}

// The fixture quotes, checked against the seed texts so the expectations below stay honest.
const VERBATIM = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';
const MISQUOTE = 'any announcement of compromise made on behalf of the people of Artsakh is rejected';
const OTHER_SEED = 'continue its commitment to ensure the security of the people of Artsakh';
const NOWHERE = 'We will never accept a deal that surrenders our homeland';
const UNCITED = 'our only intention is to help these countries achieve for themselves an end to the violence';
const BIGGEST = 'It was one of the biggest rallies ever held in Karabakh';
const APPEAL_TITLE = 'Karabakh Armenians Appeal to Russia';

const DRAFT = `---
title: Protocol test draft
---

# Rally in Stepanakert

"${VERBATIM}," the minister said [@${RALLY}].

He also claimed that "${MISQUOTE}" [@${RALLY}].

The parliament asked Russia to "${OTHER_SEED}" [@${RALLY}].

"${NOWHERE}" [@${APPEAL}], one protester said.

A spokesman said "${UNCITED}".

Someone said "${BIGGEST}" [@nowhere2022].
`;

test('the fixture quotes are what the seed articles say (or do not say)', () => {
  const rally = seedText(RALLY);
  const appeal = seedText(APPEAL);
  assert.ok(rally.includes(VERBATIM));
  assert.ok(!rally.toLowerCase().includes('any announcement of compromise'));
  assert.ok(appeal.includes(OTHER_SEED) && !rally.includes(OTHER_SEED));
  assert.ok(!rally.includes('surrenders') && !appeal.includes('surrenders'));
  assert.ok(appeal.includes(`Our only intention${UNCITED.slice('our only intention'.length)}`));
  assert.ok(appeal.includes(BIGGEST));
  assert.ok(appeal.includes(APPEAL_TITLE));
});

describe('language server with the seeds in the workspace', () => {
  let client: LspTestClient;

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client?.dispose();
  });

  test('initialize declares the capabilities and the server registers its watchers', TEST, async () => {
    const capabilities = client.initializeResult?.capabilities;
    assert.ok(capabilities, 'no initialize result');
    assert.equal(client.initializeResult?.serverInfo?.name, 'verbatim');
    assert.equal(capabilities.textDocumentSync, 2, 'incremental sync');
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['@', ' ']);
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.referencesProvider, true);
    assert.ok(capabilities.documentLinkProvider);
    assert.equal(capabilities.workspaceSymbolProvider, true);
    assert.ok(capabilities.codeActionProvider);
    assert.deepEqual(capabilities.executeCommandProvider?.commands, ['verbatim.server.openSource', 'verbatim.server.applyEdit']);

    await client.waitFor(
      'the dynamic registrations',
      () => client.registrations.length >= 2,
      () => JSON.stringify(client.registrations),
    );
    const methods = client.registrations.map((r) => r.method).sort();
    assert.deepEqual(methods, ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
    const watchers = (client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')?.registerOptions as {
      watchers: { globPattern: string }[];
    }).watchers;
    assert.ok(watchers.some((w) => w.globPattern.includes('txt')), `watchers: ${JSON.stringify(watchers)}`);
    assert.ok(client.configurationRequests.length >= 1, 'the server should pull the verbatim settings');
    const last = client.statuses.at(-1);
    assert.deepEqual(last && { sources: last.sources, skipped: last.skipped, indexing: last.indexing }, { sources: 2, skipped: 0, indexing: false });
    assert.deepEqual(last?.folders, [client.sourcesFolder]);
  });

  test('an opened draft gets a diagnostic of every kind, each from "verbatim"', TEST, async () => {
    const uri = await client.open(draftName('findings'), DRAFT);
    const expected = ['misquote', 'wrong-source', 'quote-not-found', 'unattributed-quote', 'unknown-source'];
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === expected.join(), {
      description: expected.join(', '),
    });
    const line = (needle: string): number => positionOf(DRAFT, needle).line;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
      [
        ['misquote', line(MISQUOTE), DiagnosticSeverity.Warning],
        ['wrong-source', line(OTHER_SEED), DiagnosticSeverity.Warning],
        ['quote-not-found', line(NOWHERE), DiagnosticSeverity.Warning],
        ['unattributed-quote', line(UNCITED), DiagnosticSeverity.Information],
        ['unknown-source', line('nowhere2022'), DiagnosticSeverity.Error],
      ],
    );
    for (const d of diagnostics) assert.equal(d.source, 'verbatim', `${String(d.code)} has source ${String(d.source)}`);

    const byCode = (code: string): Diagnostic => diagnostics.find((d) => d.code === code)!;
    const misquote = byCode('misquote');
    assert.match(messageOf(misquote), /statement/);
    assert.match(messageOf(misquote), /announcement/);
    assert.equal(textAt(DRAFT, misquote.range), `"${MISQUOTE}"`);
    assert.equal(textAt(DRAFT, byCode('unknown-source').range), 'nowhere2022');
    assert.match(messageOf(byCode('wrong-source')), new RegExp(APPEAL));
    assert.match(messageOf(byCode('unattributed-quote')), new RegExp(APPEAL));

    // The related passage is in the workspace's copy of the seed, at the source's words.
    const related = misquote.relatedInformation?.[0];
    assert.ok(related, 'a misquote carries related information');
    assert.equal(related.location.uri, sourceUri(client, RALLY));
    assert.equal(textAt(seedText(RALLY), related.location.range), VERBATIM);
    assert.equal(byCode('wrong-source').relatedInformation?.[0]?.location.uri, sourceUri(client, APPEAL));
    assert.equal(byCode('unattributed-quote').relatedInformation?.[0]?.location.uri, sourceUri(client, APPEAL));
  });

  test('completion right after "[@" lists both seeds with their titles', TEST, async () => {
    const { text, position } = marked('The rally drew thousands [@|');
    const uri = await client.open(draftName('complete-key'), text);
    const items = itemsOf(await completion(client, uri, position));
    assert.deepEqual(items.map((i) => i.label).sort(), [RALLY, APPEAL]);
    const appeal = items.find((i) => i.label === APPEAL)!;
    assert.equal(appeal.detail, APPEAL_TITLE);
    assert.equal(appeal.documentation, undefined, 'the card comes on resolve');
    const resolved = await client.request<CompletionItem>('completionItem/resolve', appeal);
    assert.match((resolved.documentation as MarkupContent).value, /Azatutyun/);
    assert.deepEqual(editOf(appeal), { range: { start: position, end: position }, newText: APPEAL });
    const rally = items.find((i) => i.label === RALLY)!;
    assert.ok(rally.detail?.startsWith('The people of Artsakh rejected'), `detail: ${String(rally.detail)}`);
  });

  test('completion inside "[" inserts "@" and the key', TEST, async () => {
    const { text, position } = marked('The rally drew thousands [|');
    const uri = await client.open(draftName('complete-bracket'), text);
    const items = itemsOf(await completion(client, uri, position));
    assert.equal(items.length, 2);
    assert.equal(editOf(items.find((i) => i.label === APPEAL)!).newText, `@${APPEAL}`);
  });

  test('completion after "@Karab" ranks the Karabakh article first', TEST, async () => {
    const { text, position } = marked('As @Karab| reported');
    const uri = await client.open(draftName('complete-fuzzy'), text);
    const items = itemsOf(await completion(client, uri, position));
    assert.equal(items[0]?.label, APPEAL, `labels: ${items.map((i) => i.label).join(', ')}`);
    assert.equal(items[0]?.detail, APPEAL_TITLE);
    // The typed words are replaced by the key.
    assert.equal(textAt(text, editOf(items[0]!).range), 'Karab');
  });

  test('completion ranks sources already cited in the draft first', TEST, async () => {
    const { text, position } = marked(`"${BIGGEST}" [@${APPEAL}].\n\nMore [@|`);
    const uri = await client.open(draftName('complete-cited'), text);
    const items = itemsOf(await completion(client, uri, position));
    assert.deepEqual(
      items.map((i) => i.label),
      [APPEAL, RALLY],
    );
  });

  test('hover on a key shows the source card', TEST, async () => {
    const text = `See [@${APPEAL}] for the appeal.`;
    const uri = await client.open(draftName('hover-key'), text);
    const result = await hover(client, uri, positionOf(text, APPEAL, 3));
    const value = markdownOf(result);
    assert.match(value, new RegExp(`\\*\\*${APPEAL_TITLE}\\*\\*`));
    assert.match(value, /Azatutyun · 2022-11-01/);
    assert.match(value, /Tens of thousands/);
    assert.ok(result?.range && textAt(text, result.range).endsWith(APPEAL), 'hover range covers the key');
  });

  test('hover on a misquote shows the verdict and the source words', TEST, async () => {
    const text = `He claimed that "${MISQUOTE}" [@${RALLY}].\n\nAnd "${VERBATIM}" [@${RALLY}].`;
    const uri = await client.open(draftName('hover-quote'), text);
    const value = markdownOf(await hover(client, uri, positionOf(text, 'announcement')));
    assert.match(value, /Misquote/);
    assert.match(value, /source says \*\*statement\*\*, quote has ~~announcement~~/);
    assert.ok(value.includes(VERBATIM), `the hover should quote the source passage:\n${value}`);
    const verbatim = markdownOf(await hover(client, uri, positionOf(text, VERBATIM, 5)));
    assert.match(verbatim, /^\*\*Verbatim\*\* ✓/);
  });

  test('go to definition on a key opens the workspace copy of the source; on a quote, the passage', TEST, async () => {
    const text = `"${VERBATIM}" [@${RALLY}], and see [@${APPEAL}].`;
    const uri = await client.open(draftName('definition'), text);
    const onKey = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, APPEAL, 2) });
    assert.equal(onKey.length, 1);
    assert.equal(onKey[0]?.uri, sourceUri(client, APPEAL));
    assert.ok(fs.existsSync(new URL(onKey[0]!.uri)), 'the definition is a file on disk');

    const onQuote = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'compromise') });
    assert.equal(onQuote.length, 1);
    assert.equal(onQuote[0]?.uri, sourceUri(client, RALLY));
    assert.equal(textAt(seedText(RALLY), onQuote[0]!.range), VERBATIM);
  });

  test('the misquote quick fix, applied and sent back, clears the misquote', TEST, async () => {
    const text = `He claimed that "${MISQUOTE}" [@${RALLY}].\n\nSomeone said "${BIGGEST}" [@nowhere2022].\n`;
    const uri = await client.open(draftName('quick-fix'), text);
    const before = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote,unknown-source', {
      description: 'misquote, unknown-source',
    });
    const misquote = before[0]!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: misquote.range,
      context: { diagnostics: [misquote], only: undefined },
    });
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.ok(fix, `no quick fix among: ${actions.map((a) => a.title).join('; ')}`);
    assert.equal(fix.title, `Use the words of @${RALLY}`);
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics?.map((d) => d.code), ['misquote']);
    const edits = fix.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, `the fix edits the draft: ${JSON.stringify(fix.edit)}`);

    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
    assert.ok(fixed.includes(`"any statement of compromise made on behalf of the people of Artsakh is rejected" [@${RALLY}]`), fixed);
    const version = await client.change(uri, fixed);
    const after = await client.waitForDiagnostics(uri, (ds) => !codesOf(ds).includes('misquote'), {
      minVersion: version,
      description: 'no misquote after the fix',
    });
    assert.deepEqual(codesOf(after), ['unknown-source'], 'the other finding stays');

    // "Open source" runs the server command, which asks the editor to show the passage.
    const open = actions.find((a) => a.command?.command === 'verbatim.server.openSource');
    assert.ok(open?.command, `no Open source action among: ${actions.map((a) => a.title).join('; ')}`);
    const shown = client.shownDocuments.length;
    await client.request('workspace/executeCommand', { command: open.command.command, arguments: open.command.arguments });
    await client.waitFor('window/showDocument', () => client.shownDocuments.length > shown);
    const request = client.shownDocuments[shown]!;
    assert.equal(request.uri, sourceUri(client, RALLY));
    assert.ok(request.selection, 'the passage is selected');
    assert.equal(textAt(seedText(RALLY), request.selection), VERBATIM);
  });

  test('quote completion offers the rest of the sentence, the closing quote and the citation', TEST, async () => {
    const { text, position } = marked('He said "The children living in |');
    const uri = await client.open(draftName('complete-quote'), text);
    const items = itemsOf(await completion(client, uri, position));
    const item = items.find((i) => editOf(i).newText.startsWith('Artsakh are in deprivation and suffering'));
    assert.ok(item, `items: ${JSON.stringify(items.map((i) => editOf(i).newText))}`);
    const edit = editOf(item);
    assert.match(edit.newText, new RegExp(`^Artsakh are in deprivation and suffering,?" \\[@${RALLY}\\]$`));
    assert.match(String(item.detail), new RegExp(`@${RALLY}`));
    assert.deepEqual(edit.range, { start: position, end: position });

    // Accepting the item gives a quote the checker finds verbatim.
    const accepted = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), [edit]);
    const version = await client.change(uri, accepted);
    const diagnostics = await client.waitForDiagnostics(uri, () => true, { minVersion: version });
    assert.deepEqual(diagnostics, [], `accepted text ${accepted} → ${describeDiagnostics(diagnostics)}`);
  });

  test('quote completion keeps curly quotes curly and completes a partly typed word', TEST, async () => {
    const { text, position } = marked('“Tens of thousands of people ral|');
    const uri = await client.open(draftName('complete-curly'), text);
    const items = itemsOf(await completion(client, uri, position));
    const edit = items.map(editOf).find((e) => e.newText.startsWith('rallied in Stepanakert'));
    assert.ok(edit, `items: ${JSON.stringify(items.map((i) => editOf(i).newText))}`);
    assert.ok(edit.newText.endsWith(`” [@${APPEAL}]`), edit.newText);
    assert.equal(textAt(text, edit.range), 'ral', 'the partial word is replaced');
  });

  test('no quote completion before three words are typed', TEST, async () => {
    const { text, position } = marked('He said "The children |');
    const uri = await client.open(draftName('complete-short'), text);
    assert.deepEqual(itemsOf(await completion(client, uri, position)), []);
  });

  test('document links on known keys, and references across open drafts', TEST, async () => {
    const text = `"${VERBATIM}" [@${RALLY}]; [@${APPEAL}; @nowhere2022]. Again @${RALLY}.`;
    const uri = await client.open(draftName('links'), text);
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri } });
    assert.deepEqual(
      links.map((l) => [textAt(text, l.range), l.target?.replace(/#L\d+$/, '')]),
      [
        [RALLY, sourceUri(client, RALLY)],
        [APPEAL, sourceUri(client, APPEAL)],
        [RALLY, sourceUri(client, RALLY)],
      ],
    );
    assert.match(links[1]!.tooltip ?? '', new RegExp(APPEAL_TITLE));

    const other = await client.open(draftName('links-other'), `Elsewhere [@${RALLY}].`);
    const references = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(text, RALLY, 1),
      context: { includeDeclaration: true },
    });
    const fromThese = references.filter((r) => r.uri === uri || r.uri === other);
    assert.deepEqual(
      fromThese.map((r) => r.uri === uri),
      [true, true, false],
      `references: ${JSON.stringify(references)}`,
    );
  });

  test('workspace symbols list the sources by key and title', TEST, async () => {
    const all = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: '' });
    assert.deepEqual(all.map((s) => s.name).sort(), [`@${RALLY}`, `@${APPEAL}`]);
    for (const symbol of all) assert.ok('range' in symbol.location && symbol.location.uri.startsWith(pathToFileURL(client.sourcesFolder).href));
    const found = await client.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'Karabakh Armenians' });
    assert.equal(found[0]?.name, `@${APPEAL}`);
    assert.equal(found[0]?.containerName, APPEAL_TITLE);
  });

  test('verbatim/listSources returns the two seeds with their metadata', TEST, async () => {
    const sources = await client.request<SourceSummary[]>('verbatim/listSources', null);
    assert.equal(sources.length, 2);
    assert.deepEqual(sources.map((s) => s.key).sort(), [RALLY, APPEAL]);
    const appeal = sources.find((s) => s.key === APPEAL)!;
    assert.deepEqual([appeal.title, appeal.outlet, appeal.date, appeal.uri], [APPEAL_TITLE, 'Azatutyun', '2022-11-01', sourceUri(client, APPEAL)]);
    for (const s of sources) assert.ok(s.words > 300, `${s.key} has ${s.words} words`);
  });

  test('requests about a document that is not open return nothing and the server keeps serving', TEST, async () => {
    const uri = client.uri('drafts/never-opened.md');
    const textDocument = { uri };
    const position = { line: 0, character: 3 };
    assert.equal(await client.request('textDocument/hover', { textDocument, position }), null);
    assert.equal(await client.request('textDocument/completion', { textDocument, position }), null);
    assert.deepEqual(await client.request('textDocument/definition', { textDocument, position }), []);
    assert.deepEqual(await client.request('textDocument/references', { textDocument, position, context: { includeDeclaration: true } }), []);
    assert.deepEqual(await client.request('textDocument/documentLink', { textDocument }), []);
    const range = { start: position, end: position };
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }), []);
    // A change to a document that was never opened is ignored, not fatal.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'x' }] });
    assert.equal((await client.request<SourceSummary[]>('verbatim/listSources', null)).length, 2);
    assert.ok(client.running);
  });

  test('an unknown method gets MethodNotFound and bad parameters an error; the server keeps serving', TEST, async () => {
    await assert.rejects(client.request('verbatim/noSuchMethod', { x: 1 }), (error: unknown) => {
      assert.ok(error instanceof ResponseError, String(error));
      assert.equal(error.code, ErrorCodes.MethodNotFound);
      return true;
    });
    const text = `See [@${APPEAL}].`;
    const uri = await client.open(draftName('after-errors'), text);
    // A hover without a position is a client bug: the server must answer with an error, not die.
    await assert.rejects(client.request('textDocument/hover', { textDocument: { uri } }), ResponseError);
    assert.match(markdownOf(await hover(client, uri, positionOf(text, APPEAL, 1))), new RegExp(APPEAL_TITLE));
    assert.ok(client.running);
  });

  test(
    'a changed last word is named, and the quick fix restores the source word',
    TEST,
    async () => {
      const quote = 'the Russian foreign ministry strongly called on Azerbaijan to lift the siege';
      assert.ok(seedText(RALLY).includes(quote.replace('siege', 'blockade')));
      const text = `"${quote}" [@${RALLY}]\n`;
      const uri = await client.open(draftName('last-word'), text);
      const [misquote] = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote', { description: 'misquote' });
      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: misquote!.range,
        context: { diagnostics: [misquote] },
      });
      const edits = actions.find((a) => a.kind === 'quickfix')?.edit?.changes?.[uri] ?? [];
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
      assert.equal(fixed, text.replace('siege', 'blockade'), `message: ${messageOf(misquote!)}`);
      assert.match(messageOf(misquote!), /source says "blockade", not "siege"/);
    },
  );
});

describe('settings and file events', () => {
  test('diagnostics follow quotes.minWords and diagnostics.enable changes', TEST, async (t) => {
    const client = await LspTestClient.start({ settings: { quotes: { minWords: 4 } } });
    t.after(() => client.dispose());
    const text = `He claimed that "${MISQUOTE}" [@${RALLY}].\n\nSomeone said "${BIGGEST}" [@nowhere2022].\n`;
    const uri = await client.open('settings.md', text);
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote,unknown-source', { description: 'misquote, unknown-source' });

    const pulls = client.configurationRequests.length;
    await client.updateSettings({ quotes: { minWords: 50 } });
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'unknown-source', {
      description: 'quotes under 50 words not checked, the unknown key still reported',
    });
    assert.ok(client.configurationRequests.length > pulls, 'the server pulled the settings again');
    const value = markdownOf(await hover(client, uri, positionOf(text, 'announcement')));
    assert.match(value, /not checked \(fewer than 50 words\)/);

    await client.updateSettings({ quotes: { minWords: 4 }, diagnostics: { enable: false } });
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'none while diagnostics are disabled' });

    await client.updateSettings({ diagnostics: { enable: true } });
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote,unknown-source', { description: 'misquote back' });

    await client.stop();
    assert.equal(client.code, 0, 'the server exits with 0 after shutdown and exit');
  });

  test('a source file created, changed and deleted on disk updates the checks', TEST, async (t) => {
    const client = await LspTestClient.start();
    t.after(() => client.dispose());
    const key = 'protest2022';
    const file = path.join(client.sourcesFolder, `${key}.txt`);
    const fileUri = pathToFileURL(file).href;
    const text = `"${NOWHERE}" [@${APPEAL}; @${key}], one protester said.\n`;
    const uri = await client.open('watched.md', text);
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'quote-not-found,unknown-source', {
      description: 'quote-not-found, unknown-source before the source exists',
    });

    fs.writeFileSync(file, `Protesters vow to resist\n\n"${NOWHERE}," a protester told the crowd in Stepanakert on Sunday.\n`);
    let mark = client.statuses.length;
    await client.fileEvents([{ uri: fileUri, type: FileChangeType.Created }]);
    await client.waitForStatus(mark, (s) => s.sources === 3, 'the library to hold 3 sources');
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim in the new source: no diagnostic' });
    assert.ok((await client.request<SourceSummary[]>('verbatim/listSources', null)).some((s) => s.key === key && s.uri === fileUri));

    fs.writeFileSync(file, `Protesters vow to resist\n\n"We will never accept a deal that surrenders our country," a protester said.\n`);
    await client.fileEvents([{ uri: fileUri, type: FileChangeType.Changed }]);
    const changed = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote', { description: 'misquote of the changed source' });
    assert.match(messageOf(changed[0]!), new RegExp(`@${key}: .*homeland`));

    fs.rmSync(file);
    mark = client.statuses.length;
    await client.fileEvents([{ uri: fileUri, type: FileChangeType.Deleted }]);
    await client.waitForStatus(mark, (s) => s.sources === 2, 'the library to be back to 2 sources');
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'quote-not-found,unknown-source', {
      description: 'quote-not-found again after the delete',
    });
  });

  test('the sources setting re-indexes: bundled seeds stand in for an empty folder, unless disabled', TEST, async (t) => {
    const client = await LspTestClient.start({ settings: { sources: ['sources'] } });
    t.after(() => client.dispose());
    const uri = await client.open('library.md', `"${BIGGEST}" [@${APPEAL}].\n`);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim' });

    let mark = client.statuses.length;
    await client.updateSettings({ sources: ['no-such-folder'] });
    await client.waitForStatus(mark, (s) => !s.indexing && s.sources === 2 && s.folders.some((f) => f.includes('bundled')), 'the bundled seeds');
    const bundled = await client.request<SourceSummary[]>('verbatim/listSources', null);
    const seedsFolder = pathToFileURL(path.join(REPO, 'seeds')).href;
    assert.ok(bundled.every((s) => s.uri.startsWith(`${seedsFolder}/`)), `uris: ${bundled.map((s) => s.uri).join(', ')}`);

    mark = client.statuses.length;
    await client.updateSettings({ bundledSources: 'never' });
    await client.waitForStatus(mark, (s) => !s.indexing && s.sources === 0, 'an empty library');
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'unknown-source', { description: 'the key is unknown now' });

    mark = client.statuses.length;
    await client.updateSettings({ sources: ['sources'], bundledSources: 'auto' });
    await client.waitForStatus(mark, (s) => !s.indexing && s.sources === 2, 'the workspace sources again');
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim again' });
  });
});
