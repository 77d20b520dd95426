import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { LibraryStatus } from '../../server/src/protocol';
import { writeSotuLibrary } from '../generatedLibrary';
import { APPEAL, RALLY, seedText } from '../helpers';
import { codesOf, describeDiagnostics, LspTestClient } from './lspClient';

// Protocol tests of the editor during indexing (issue 10): the built server over stdio, with a
// generated library and the test-only hold (VERBATIM_TEST_HOLD_INDEXING) that keeps indexing
// going until the test releases it, so "during indexing" never depends on timing.

const TEST = { timeout: 60_000 };
const HOLD_ENV = 'VERBATIM_TEST_HOLD_INDEXING';
const GENERATED = 300;
const LIBRARY_SIZE = GENERATED + 2;

const VERBATIM = 'Any statement of compromise made on behalf of the people of Artsakh is rejected';
const MISQUOTE = 'any announcement of compromise made on behalf of the people of Artsakh is rejected';
const DRAFT = `# Early draft

"${VERBATIM}," the minister said [@${RALLY}].

He also claimed that "${MISQUOTE}" [@${RALLY}].

A protester said "It was one of the biggest rallies ever held in Karabakh" [@${APPEAL}].

Someone cited [@no-such-key-2022].
`;
const EXPECTED = ['misquote', 'unknown-source'];

test('the fixture quotes are what the seed says', () => {
  assert.ok(seedText(RALLY).includes(VERBATIM));
  assert.ok(!seedText(RALLY).toLowerCase().includes('any announcement of compromise'));
  assert.ok(seedText(APPEAL).includes('It was one of the biggest rallies ever held in Karabakh'));
});

/** The index in `client.notifications` of the first library status that satisfies `predicate`, or -1. */
function statusIndex(client: LspTestClient, predicate: (status: LibraryStatus) => boolean): number {
  return client.notifications.findIndex((n) => n.method === 'verbatim/libraryStatus' && predicate(n.params as LibraryStatus));
}

/** Every publishDiagnostics of `uri`, with its index in `client.notifications`. */
function publishesOf(client: LspTestClient, uri: string): Array<{ at: number; params: PublishDiagnosticsParams }> {
  return client.notifications
    .map((n, at) => ({ at, method: n.method, params: n.params as PublishDiagnosticsParams }))
    .filter((n) => n.method === 'textDocument/publishDiagnostics' && n.params.uri === uri);
}

function lastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

describe('a draft opened while the library is indexing', () => {
  let client: LspTestClient;
  let hold: string;

  before(async () => {
    hold = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-hold-')), 'release');
    client = await LspTestClient.start({
      copySeeds: false,
      populate: (workspace) => writeSotuLibrary(path.join(workspace, 'sources'), GENERATED),
      env: { [HOLD_ENV]: hold },
    });
  });
  after(async () => {
    await client?.dispose();
    fs.rmSync(path.dirname(hold), { recursive: true, force: true });
  });

  test('gets no diagnostic before the library is loaded, then its real verdicts', TEST, async () => {
    await client.waitForStatus(0, (s) => s.indexing, 'indexing to start');
    const uri = await client.open('drafts/early.md', DRAFT);
    // Requests answered while indexing is held: the server has read the draft and had every chance
    // to check it (its check is due at once on open).
    for (let i = 0; i < 3; i++) {
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    }
    assert.deepEqual(publishesOf(client, uri), [], 'nothing may be published for the draft before the library is loaded');
    assert.equal(statusIndex(client, (s) => !s.indexing), -1, 'the library is still indexing');

    fs.writeFileSync(hold, '');
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === EXPECTED.join(), { description: EXPECTED.join(', ') });
    assert.equal(diagnostics.length, 2, describeDiagnostics(diagnostics));
    const ready = statusIndex(client, (s) => !s.indexing && s.sources === LIBRARY_SIZE);
    assert.ok(ready >= 0, 'the library reports itself loaded');
    const publishes = publishesOf(client, uri);
    assert.ok(
      publishes.every((p) => p.at > ready),
      `every diagnostic of the draft came after the library was loaded (status #${ready}; published at ${publishes.map((p) => p.at).join(', ')})`,
    );
    for (const p of publishes) assert.deepEqual(codesOf(p.params.diagnostics), EXPECTED, 'no publish was false');
  });

  test('during a reindex the old verdicts stay until the new ones are ready', TEST, async () => {
    const uri = client.uri('drafts/early.md');
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === EXPECTED.join());
    fs.rmSync(hold); // the next indexing waits again
    const mark = client.statuses.length;
    const reindexed = client.request('verbatim/reindex', null, 30_000);
    await client.waitForStatus(mark, (s) => s.indexing, 'the reindex to start');
    // An edit during the reindex: the unknown key is fixed, the misquote stays.
    const edited = DRAFT.replace('no-such-key-2022', RALLY);
    const version = await client.change(uri, edited);
    for (let i = 0; i < 3; i++) {
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    }
    const before = publishesOf(client, uri).length;
    assert.deepEqual(codesOf(client.diagnostics.get(uri)!.diagnostics), EXPECTED, 'the old verdicts stay while indexing');

    fs.writeFileSync(hold, '');
    await reindexed;
    const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote', { minVersion: version, description: 'misquote only' });
    assert.equal(diagnostics.length, 1);
    const ready = lastIndex(client.notifications, (n) => n.method === 'verbatim/libraryStatus' && !(n.params as LibraryStatus).indexing);
    const after = publishesOf(client, uri).slice(before);
    assert.ok(after.every((p) => p.at > ready), 'the new verdicts came after the reindex finished');
  });
});
