import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionList, Hover, Location, MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import type { LibraryStatus } from '../../protocol/src/messages';
import { writeSotuLibrary } from '../generatedLibrary';
import { APPEAL, RALLY, seedText, temporaryFolder } from '../helpers';
import { codesOf, describeDiagnostics, frame, LspTestClient, rawSession } from './lspClient';

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

/** The position in DRAFT of `needle` (plus `delta` characters). */
function at(needle: string, delta = 0): { line: number; character: number } {
  const offset = DRAFT.indexOf(needle) + delta;
  const before = DRAFT.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - before.lastIndexOf('\n') - 1 };
}

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

interface ProgressValue {
  readonly kind: 'begin' | 'report' | 'end';
  readonly message?: string;
  readonly percentage?: number;
  readonly cancellable?: boolean;
}

/** The `$/progress` values of one token, in order. */
function progressValues(client: LspTestClient, token: string | number): ProgressValue[] {
  return client.notifications
    .filter((n) => n.method === '$/progress' && (n.params as { token: unknown }).token === token)
    .map((n) => (n.params as { value: ProgressValue }).value);
}

function markdown(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover');
  return (hover.contents as MarkupContent).value;
}

function lastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i]!)) return i;
  return -1;
}

describe('a draft opened while the library is indexing', () => {
  let client: LspTestClient;
  let hold: string;

  before(async () => {
    hold = path.join(temporaryFolder('verbatim-hold-'), 'release');
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

  test('gets no diagnostic before the library is loaded, answers from the front matter meanwhile, then its real verdicts', TEST, async () => {
    // The source heads (front matter of every source) are read while the index build is held. They
    // and the build's list of files come from two workers, in either order: wait for both.
    await client.waitForStatus(
      0,
      (s) => s.indexing && s.sources === LIBRARY_SIZE && s.progress?.total === LIBRARY_SIZE,
      'the source heads of every source and the list of files to index, during indexing',
    );
    const uri = await client.open('drafts/early.md', DRAFT);

    // Citation completion and key hovers answer from the front matter.
    const completion = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at('@no-such-key', 1) });
    const labels = completion.items.map((i) => i.label);
    assert.ok(labels.includes('sotu-0') && labels.includes(RALLY), `keys from the source heads: ${labels.slice(0, 8).join(', ')}`);
    const keyHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(APPEAL, 2) });
    assert.match(markdown(keyHover), /Karabakh Armenians Appeal to Russia/);
    assert.match(markdown(keyHover), /still indexing/);
    const definition = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: at(RALLY, 2) });
    assert.equal(definition[0]?.uri, client.uri(`sources/${RALLY}.txt`));
    // Quote features say why they have nothing yet.
    const quoteHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(MISQUOTE, 5) });
    assert.match(markdown(quoteHover), /still indexing the sources/);
    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at(MISQUOTE, 5), end: at(MISQUOTE, 5) },
      context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);

    // The check of the draft was due at once on open; requests answered since prove it had its turn.
    for (let i = 0; i < 3; i++) {
      await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    }
    assert.deepEqual(publishesOf(client, uri), [], 'nothing may be published for the draft before the library is loaded');
    assert.equal(statusIndex(client, (s) => !s.indexing), -1, 'the library is still indexing');
    const indexing = client.statuses.at(-1)!;
    assert.deepEqual(indexing.progress, { done: 0, total: LIBRARY_SIZE }, 'the status tells how far indexing is');

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

    // Indexing showed as work done progress: begin, reports, end, in order, before the library was ready.
    const token = client.progressTokens[0];
    assert.ok(token !== undefined, 'the server created a work done progress');
    const values = progressValues(client, token);
    assert.equal(values[0]?.kind, 'begin', JSON.stringify(values));
    assert.equal(values.at(-1)?.kind, 'end', JSON.stringify(values));
    const reports = values.slice(1, -1);
    assert.ok(reports.length >= 1 && reports.every((v) => v.kind === 'report'), JSON.stringify(values));
    assert.ok(reports.some((v) => v.message === `Indexing sources 0 / ${LIBRARY_SIZE}`), JSON.stringify(reports));
    const percentages = reports.map((v) => v.percentage ?? 0);
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'progress never goes back');
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

  test('a reindex can be cancelled from its progress: the library read before stays in use', TEST, async () => {
    const uri = client.uri('drafts/early.md');
    fs.rmSync(hold);
    const tokens = client.progressTokens.length;
    const mark = client.statuses.length;
    const reindexed = client.request<LibraryStatus>('verbatim/reindex', null, 30_000);
    await client.waitFor('the progress of the reindex', () => client.progressTokens.length > tokens && progressValues(client, client.progressTokens.at(-1)!).length > 0);
    const token = client.progressTokens.at(-1)!;
    assert.equal(progressValues(client, token)[0]?.cancellable, true, 'a reindex may be cancelled: the previous library stays');
    const version = await client.change(uri, DRAFT.replace(MISQUOTE, VERBATIM.toLowerCase()));
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token });
    const status = await reindexed;
    assert.equal(status.indexing, false);
    assert.equal(status.sources, LIBRARY_SIZE);
    await client.waitForStatus(mark, (s) => !s.indexing, 'the end of indexing');
    await client.waitFor('the end of the progress', () => progressValues(client, token).at(-1)?.kind === 'end');
    // The edit made during the cancelled reindex is checked against the library kept.
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'unknown-source', { minVersion: version, description: 'the misquote fixed' });
    fs.writeFileSync(hold, '');
  });
});

describe('a restart with the index file', () => {
  test('completes keys from the index while it loads, then checks quotes with the texts it left on disk', TEST, async () => {
    const root = temporaryFolder('verbatim-restart-');
    const sources = path.join(root, 'sources');
    writeSotuLibrary(sources, GENERATED);
    const hold = path.join(root, 'release');
    const start = (env: NodeJS.ProcessEnv = {}): Promise<LspTestClient> =>
      LspTestClient.start({ copySeeds: false, settings: { sources: [sources], bundledSources: 'never' }, initializationOptions: { cacheDir: path.join(root, 'cache') }, env });
    try {
      const first = await start();
      await first.waitForStatus(0, (s) => !s.indexing && s.sources === LIBRARY_SIZE, 'the first build');
      await first.stop();

      const client = await start({ [HOLD_ENV]: hold });
      try {
        // The load is held after the index is read: its sources answer key features meanwhile.
        await client.waitForStatus(0, (s) => s.indexing && s.sources === LIBRARY_SIZE, 'the sources of the index file while it loads');
        const uri = await client.open('drafts/early.md', DRAFT);
        const completion = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: at('@no-such-key', 1) });
        const labels = completion.items.map((i) => i.label);
        assert.ok(labels.includes('sotu-0') && labels.includes(RALLY), `keys from the index: ${labels.slice(0, 8).join(', ')}`);
        const keyHover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: at(APPEAL, 2) });
        assert.match(markdown(keyHover), /Karabakh Armenians Appeal to Russia/);
        assert.match(markdown(keyHover), /still indexing/);
        assert.ok(!client.log.some((line) => /^indexed \d+ sources/.test(line)), 'still loading');

        fs.writeFileSync(hold, '');
        // The misquote's message quotes the source: its text is read from the index file after the hand-over.
        const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === EXPECTED.join());
        assert.match(describeDiagnostics(diagnostics), /source says "statement", not "announcement"/);
        assert.ok(client.log.some((line) => line.includes(`; ${LIBRARY_SIZE} from the index file`)), client.log.join('\n'));
      } finally {
        await client.dispose();
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('requests', () => {
  test('a request cancelled while it waits in the queue is dropped, not run', TEST, async () => {
    const message = (body: object): string => frame(JSON.stringify({ jsonrpc: '2.0', ...body }));
    const position = { line: 0, character: 1 };
    // One write: the cancellation arrives while the completion still waits behind the others.
    const messages = await rawSession(
      [
        [
          message({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }),
          message({ method: 'initialized', params: {} }),
          message({ method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///tmp/cancel.md', languageId: 'markdown', version: 1, text: '[@' } } }),
          message({ id: 2, method: 'textDocument/completion', params: { textDocument: { uri: 'file:///tmp/cancel.md' }, position } }),
          message({ method: '$/cancelRequest', params: { id: 2 } }),
          message({ id: 3, method: 'textDocument/completion', params: { textDocument: { uri: 'file:///tmp/cancel.md' }, position } }),
        ].join(''),
      ],
      3,
    );
    const cancelled = messages.find((m) => m['id'] === 2) as { error?: { code: number } } | undefined;
    assert.equal(cancelled?.error?.code, -32800, `the cancelled request is answered RequestCancelled: ${JSON.stringify(cancelled)}`);
    const answered = messages.find((m) => m['id'] === 3) as { result?: unknown } | undefined;
    assert.ok(answered && 'result' in answered, `the next request is answered: ${JSON.stringify(answered)}`);
  });
});

describe('an indexing worker that fails', () => {
  for (const fault of ['throw', 'exit']) {
    test(`(${fault}) leaves the server serving: it says why and indexes on the main thread`, TEST, async () => {
      const client = await LspTestClient.start({ env: { VERBATIM_TEST_WORKER_FAULT: fault } });
      try {
        const warning = client.notifications.find((n) => n.method === 'window/showMessage');
        assert.ok(warning, `a window message explains the fault; log: ${client.log.join(' | ')}`);
        assert.match((warning.params as { message: string }).message, fault === 'throw' ? /indexing worker failed: test fault/ : /indexing worker stopped \(exit code 3\)/);
        assert.ok(client.log.some((line) => /on the main thread instead/.test(line)), client.log.join(' | '));
        const uri = await client.open('drafts/fault.md', DRAFT);
        const diagnostics = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === EXPECTED.join(), { description: EXPECTED.join(', ') });
        assert.equal(diagnostics.length, 2);
      } finally {
        await client.dispose();
      }
    });
  }
});
