import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import type { QuoteCheck, QuoteList } from '../../protocol/src/messages';
import { APPEAL } from '../helpers';
import { codesOf, LspTestClient } from './lspClient';

// Unquoted reuse over the protocol: the built server publishes it as the writer types, offers its
// quick fix and "Show passage", and follows the verbatim.reuse settings.

const TEST = { timeout: 20_000 };
const COPIED = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';
const DRAFT = `# Reuse\n\nIn my view, ${COPIED}, which nobody disputes.\n`;

describe('unquoted reuse over the protocol', () => {
  let client: LspTestClient;
  let uri = '';
  let reuse: Diagnostic | undefined;

  before(async () => {
    client = await LspTestClient.start();
    uri = await client.open('drafts/reuse.md', DRAFT);
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).includes('unquoted-reuse'), { description: 'unquoted reuse' });
    reuse = diagnostics.find((d) => d.code === 'unquoted-reuse');
  });
  after(async () => {
    await client?.dispose();
  });

  test('a copied run is one Information diagnostic on the run, naming the source, with the passage related', TEST, () => {
    assert.ok(reuse);
    const document = TextDocument.create(uri, 'markdown', 1, DRAFT);
    assert.equal(document.getText(reuse.range), COPIED);
    assert.equal(reuse.severity, 3);
    assert.equal(reuse.source, 'verbatim');
    assert.match(String(reuse.message), new RegExp(`^15 words from @${APPEAL} `));
    assert.ok(reuse.relatedInformation?.[0]?.location.uri.endsWith(`${APPEAL}.txt`));
  });

  test('its code actions: "Quote and cite" (an edit) and "Show passage" (a command)', TEST, async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: reuse!.range,
      context: { diagnostics: [reuse] },
    });
    const quote = actions.find((a) => a.title === `Quote and cite @${APPEAL}`);
    assert.deepEqual(quote?.edit?.changes?.[uri]?.[0]?.newText, `“${COPIED}” [@${APPEAL}]`);
    const show = actions.find((a) => a.title === `Show passage in @${APPEAL}`);
    assert.ok(show?.command, actions.map((a) => a.title).join(' | '));
  });

  test('verbatim/quotes lists the reuse beside the quotations, with its passage (the Quotes view)', TEST, async () => {
    const list = await client.request<QuoteList>('verbatim/quotes', { uri });
    assert.deepEqual(list.quotes, []);
    assert.equal(list.reuse.length, 1);
    const item = list.reuse[0]!;
    assert.equal(item.text, COPIED);
    assert.equal(item.key, APPEAL);
    assert.deepEqual(item.range, reuse!.range);
    assert.equal(item.explanation, reuse!.message);
    assert.equal(item.passage?.text, COPIED);
    assert.ok(item.passage?.uri.endsWith(`${APPEAL}.txt`));
  });

  test('verbatim/checkQuotes (the language-model tool) reports the reuse with its passage and fix', TEST, async () => {
    const answer = await client.request<{ check: QuoteCheck; text: string }>('verbatim/checkQuotes', { uri, text: DRAFT });
    assert.equal(answer.check.reuse.length, 1);
    const run = answer.check.reuse[0]!;
    assert.deepEqual([run.line, run.column, run.key, run.text, run.severity], [3, 13, APPEAL, COPIED, 'information']);
    assert.equal(run.passage?.text, COPIED);
    assert.equal(run.fix?.replacement, `“${COPIED}” [@${APPEAL}]`);
    assert.deepEqual(answer.check.otherProblems, []);
    assert.match(answer.text, /1 run copied without quotation marks/);
    assert.match(answer.text, new RegExp(`3:13 information unquoted-reuse: 15 words from @${APPEAL}`));
    assert.match(answer.text, /fix: Quote and cite/);
  });

  test('an edit that quotes the run clears it; verbatim.reuse.enable turns the check off', TEST, async () => {
    const quoted = DRAFT.replace(COPIED, `“${COPIED}” [@${APPEAL}]`);
    const version = await client.change(uri, quoted);
    await client.waitForDiagnostics(uri, (ds) => !codesOf(ds).includes('unquoted-reuse'), { minVersion: version, description: 'no reuse once quoted' });
    const again = await client.change(uri, DRAFT);
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).includes('unquoted-reuse'), { minVersion: again, description: 'reuse back' });
    await client.updateSettings({ reuse: { enable: false } });
    await client.waitForDiagnostics(uri, (ds) => !codesOf(ds).includes('unquoted-reuse'), { description: 'reuse off' });
    // The run has 15 words: verbatim.reuse.minWords 15 finds it, 16 does not.
    await client.updateSettings({ reuse: { enable: true, minWords: 15 } });
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).includes('unquoted-reuse'), { description: 'reuse with minWords 15' });
    await client.updateSettings({ reuse: { enable: true, minWords: 16 } });
    await client.waitForDiagnostics(uri, (ds) => !codesOf(ds).includes('unquoted-reuse'), { description: 'no reuse with minWords 16' });
  });
});
