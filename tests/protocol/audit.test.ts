import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { InlayHint, MarkupContent } from 'vscode-languageserver-protocol/node';
import type { QuoteList } from '../../protocol/src/messages';
import { APPEAL, RALLY, seedText } from '../helpers';
import { codesOf, LspTestClient } from './lspClient';

// The quote audit over the protocol: inlay hints after verified quotes and the `verbatim/quotes`
// request behind the Quotes view, from the built server as an editor drives it.

const TEST = { timeout: 20_000 };
const VERIFIED = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';
const MISQUOTE = 'any announcement of compromise made on behalf of the people of Artsakh is rejected';
const BIGGEST = 'It was one of the biggest rallies ever held in Karabakh';
const DRAFT = [
  '# Audit',
  '',
  `"${VERIFIED}," the minister said [@${RALLY}].`,
  '',
  `He also claimed that "${MISQUOTE}" [@${RALLY}].`,
  '',
  `"${BIGGEST}" [@${APPEAL}], and it was "very big" [@${APPEAL}].`,
  '',
  'Code: `"not a quote at all here"`.',
  '',
].join('\n');

function endOf(text: string, needle: string): { line: number; character: number } {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `fixture has no ${needle}`);
  return TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(at + needle.length);
}

function wholeDocument(text: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
  return { start: { line: 0, character: 0 }, end: TextDocument.create('file:///x.md', 'markdown', 1, text).positionAt(text.length) };
}

describe('quote audit over the protocol', () => {
  let client: LspTestClient;
  let uri = '';

  before(async () => {
    client = await LspTestClient.start();
    uri = await client.open('drafts/audit.md', DRAFT);
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).includes('misquote'), { description: 'the misquote' });
  });
  after(async () => {
    await client?.dispose();
  });

  test('the server declares inlay hints', TEST, () => {
    assert.ok(client.initializeResult?.capabilities.inlayHintProvider, 'inlayHintProvider');
    assert.ok(seedText(RALLY).includes(VERIFIED) && seedText(APPEAL).includes(BIGGEST), 'the fixture quotes are in the seeds');
  });

  test('a mark follows each verified quote, with its key; none on the misquote or the unchecked quotes', TEST, async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument(DRAFT) });
    assert.deepEqual(
      hints.map((h) => [h.position, h.label]),
      [
        [endOf(DRAFT, `${VERIFIED},"`), `✓ @${RALLY}`],
        [endOf(DRAFT, `${BIGGEST}"`), `✓ @${APPEAL}`],
      ],
    );
    const tooltip = hints[1]!.tooltip as MarkupContent;
    assert.match(tooltip.value, /Karabakh Armenians Appeal to Russia/);
    assert.match(tooltip.value, new RegExp(`sources/${APPEAL}\\.txt`));
    assert.ok(hints.every((h) => h.paddingLeft === true));
  });

  test('hints are limited to the requested range', TEST, async () => {
    const firstLines = { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } };
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: firstLines });
    assert.deepEqual(hints.map((h) => h.label), [`✓ @${RALLY}`]);
  });

  test('verbatim/quotes lists every quotation with its verdict, grouped and counted', TEST, async () => {
    const list = await client.request<QuoteList | null>('verbatim/quotes', { uri });
    assert.ok(list, 'a quote list for the open draft');
    assert.equal(list.uri, uri);
    assert.equal(list.title, 'Audit');
    assert.deepEqual(
      list.quotes.map((q) => [q.index, q.verdict, q.reason ?? '']),
      [
        [1, 'verified', ''],
        [2, 'misquote', ''],
        [3, 'verified', ''],
        [4, 'not-checked', 'too-short'],
        [5, 'not-checked', 'in-code'],
      ],
    );
    const counts = Object.fromEntries(list.groups.map((g) => [g.verdict, g.count]));
    assert.deepEqual(counts, {
      verified: 2,
      misquote: 1,
      'wrong-source': 0,
      'wrong-page': 0,
      'wrong-time': 0,
      'wrong-speaker': 0,
      'not-a-quotation': 0,
      'not-found': 0,
      unattributed: 0,
      'no-full-text': 0,
      'archive-unavailable': 0,
      'not-checked': 2,
    });
    assert.equal(list.groups.find((g) => g.verdict === 'misquote')?.title, 'Misquote');
    assert.equal(list.tally, '✓ 2 · ⚠ 1');
    const misquote = list.quotes[1]!;
    assert.equal(misquote.text, MISQUOTE);
    assert.equal(misquote.range.start.line, 4);
    assert.match(misquote.explanation, /source says "statement", not "announcement"/);
    assert.equal(misquote.passage?.uri, pathToFileURL(path.join(client.sourcesFolder, `${RALLY}.txt`)).href);
    assert.equal(misquote.passage?.text, VERIFIED);
    assert.equal(misquote.passage?.range.start.line, TextDocument.create('file:///s', 'text', 1, seedText(RALLY)).positionAt(seedText(RALLY).indexOf(VERIFIED)).line);
  });

  test('verbatim/quotes for a document the server does not have is null', TEST, async () => {
    assert.equal(await client.request('verbatim/quotes', { uri: client.uri('drafts/never-opened.md') }), null);
  });

  test('an edit that fixes the misquote moves it to the verified quotes', TEST, async () => {
    const fixed = DRAFT.replace('any announcement', 'any statement');
    const version = await client.change(uri, fixed);
    await client.waitForDiagnostics(uri, (ds) => !codesOf(ds).includes('misquote'), { minVersion: version, description: 'no misquote' });
    const list = await client.request<QuoteList>('verbatim/quotes', { uri });
    assert.equal(list.version, version);
    assert.equal(list.tally, '✓ 3 · ⚠ 0');
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument(fixed) });
    assert.equal(hints.length, 3);
  });

  test('the setting verbatim.inlayHints.enable turns the marks off and on', TEST, async () => {
    const ask = (): Promise<InlayHint[]> =>
      client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: wholeDocument(DRAFT) });
    const until = async (wanted: (n: number) => boolean, what: string): Promise<void> => {
      // The server applies settings after it has pulled them: ask again until it has.
      for (let attempt = 0; attempt < 50; attempt++) {
        if (wanted((await ask()).length)) return;
        await delay(100);
      }
      assert.fail(`the hints never became ${what}`);
    };
    await client.updateSettings({ inlayHints: { enable: false } });
    await until((n) => n === 0, 'none');
    await client.updateSettings({ inlayHints: { enable: true } });
    await until((n) => n > 0, 'back');
  });
});
