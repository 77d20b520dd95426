import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CodeLens, CompletionList, Hover, InlayHint, Position } from 'vscode-languageserver-protocol/node';
import { PLAY_RECORDING_COMMAND, type PlayRecordingArguments } from '../../protocol/src/commands';
import { REPO } from '../helpers';
import { codesOf, LspTestClient, messageOf } from './lspClient';

// The built server over stdio with the transcripts of examples/interview/: hints, hovers, completion,
// the quick fixes of wrong-time and wrong-speaker, and the `▶ 12:31` code lenses that play the
// recording beside council.vtt (council.ogg), as an editor sees them.

const TEST = { timeout: 30_000 };
const INTERVIEW = path.join(REPO, 'examples', 'interview', 'sources');
const FILES = Object.fromEntries(fs.readdirSync(INTERVIEW).map((name) => [`sources/${name}`, fs.readFileSync(path.join(INTERVIEW, name))]));
/** The recording beside council.vtt is no source: the library has the other files. */
const SOURCES = Object.keys(FILES).filter((name) => !name.endsWith('.ogg')).length;

function positionOf(text: string, needle: string): Position {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `fixture has no "${needle}"`);
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(offset + 1);
}

describe('language server with transcripts in the library', () => {
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ copySeeds: false, files: FILES, expectSources: SOURCES });
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

describe('language server: ▶ code lenses that play a transcript quote\'s recording', () => {
  const DRAFT = [
    '"We lost a week of catch, but nobody was hurt," Ewan Dorsey said [@council, 12:31].',
    '',
    'Quint said the pier "needs at least six months of repairs" [@council].',
    '',
    '"We lost a week of catch, but nobody was hurt," Dorsey said [@council-whisper, 12:31].',
    '',
    'Dorsey said "the council will meet again on Friday" [@harbour-article].',
    '',
  ].join('\n');
  let client: LspTestClient;
  before(async () => {
    client = await LspTestClient.start({ copySeeds: false, files: FILES, expectSources: SOURCES, initializationOptions: { recordingPlayer: true } });
  });
  after(async () => {
    await client?.dispose();
  });
  const lensesOf = (uri: string): Promise<CodeLens[]> => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });

  test('quotes found in council.vtt get ▶ at their cue\'s start, with council.ogg; those of transcripts without a recording get none', TEST, async () => {
    assert.deepEqual(client.initializeResult?.capabilities.codeLensProvider, { resolveProvider: false });
    const uri = await client.open('drafts/listen.md', DRAFT);
    await client.waitForDiagnostics(uri, (ds) => ds.length > 0, { description: 'the misquote' });
    const lenses = await lensesOf(uri);
    const recording = pathToFileURL(path.join(client.workspace, 'sources', 'council.ogg')).href;
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command]),
      [
        [0, '▶ 12:31', PLAY_RECORDING_COMMAND],
        [2, '▶ 0:06', PLAY_RECORDING_COMMAND],
      ],
    );
    assert.deepEqual(lenses[0]!.command!.arguments, [{ recording, start: 751, end: 756.2, label: '12:31', key: 'council', speaker: 'Ewan Dorsey' } satisfies PlayRecordingArguments]);
    // The misquote is played too (hearing it is how a writer settles it): from its cue, 0:06.5.
    assert.deepEqual(lenses[1]!.command!.arguments, [{ recording, start: 6.5, end: 11, label: '0:06', key: 'council', speaker: 'Mara Quint' } satisfies PlayRecordingArguments]);
    // The lens covers the quote, as its diagnostics and hover do.
    const text = TextDocument.create(uri, 'markdown', 1, DRAFT);
    assert.equal(text.getText(lenses[0]!.range), '"We lost a week of catch, but nobody was hurt,"');
  });

  test('a recording added beside a transcript counts at the next request; the setting verbatim.transcripts.codeLens turns the lenses off', TEST, async () => {
    const uri = await client.open('drafts/added.md', DRAFT);
    await client.waitForDiagnostics(uri, (ds) => ds.length > 0, { description: 'the misquote' });
    const whisper = path.join(client.workspace, 'sources', 'council-whisper.wav');
    fs.copyFileSync(path.join(INTERVIEW, 'council.ogg'), whisper); // any media file: the server only looks for it
    try {
      const titles = (await lensesOf(uri)).map((lens) => `${lens.range.start.line}: ${lens.command?.title}`);
      assert.deepEqual(titles, ['0: ▶ 12:31', '2: ▶ 0:06', '4: ▶ 12:31']);
    } finally {
      fs.rmSync(whisper);
    }
    const until = async (wanted: (n: number) => boolean, what: string): Promise<void> => {
      // The server applies settings after it has pulled them: ask again until it has.
      for (let attempt = 0; attempt < 50; attempt++) {
        if (wanted((await lensesOf(uri)).length)) return;
        await delay(100);
      }
      assert.fail(`the lenses never became ${what}`);
    };
    await client.updateSettings({ transcripts: { codeLens: false } });
    await until((n) => n === 0, 'none');
    await client.updateSettings({ transcripts: { codeLens: true } });
    await until((n) => n === 2, 'back');
  });

  test('a client that does not play recordings is offered no code lenses', TEST, async () => {
    const plain = await LspTestClient.start({ copySeeds: false, files: FILES, expectSources: SOURCES });
    try {
      assert.equal(plain.initializeResult?.capabilities.codeLensProvider, undefined);
    } finally {
      await plain.dispose();
    }
  });
});
