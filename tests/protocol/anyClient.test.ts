import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Command, Hover, MarkupContent, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { APPEAL, RALLY, REPO, SEEDS } from '../helpers';
import { codesOf, LspTestClient } from './lspClient';

// SPEC section 6, "Any client": a client that declares none of LSP's optional capabilities (no
// workspace folders, no configuration pull, no dynamic registration, no showDocument, no code action
// literals, plain-text hover) still gets a loaded library, diagnostics, hovers and quick fixes, and
// the server asks it for nothing it did not declare.

const TEST = { timeout: 30_000 };
const MISQUOTE_LINE = `He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].`;
const FIXED_QUOTE = '"Russia deployed 2,000 peacekeeping troops in Karabakh"';
/** A misquote of the rally seed (14 words; the seed says "statement", not "announcement"). */
const RALLY_MISQUOTE = 'any announcement of compromise made on behalf of the people of Artsakh is rejected';

/** The server-to-client requests a bare client never declared it would answer. */
const UNDECLARED = ['client/registerCapability', 'workspace/configuration', 'window/showDocument', 'window/workDoneProgress/create', 'workspace/applyEdit', 'workspace/inlayHint/refresh'];

function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, `"${needle}" is in the text`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

describe('a client that declares nothing', () => {
  let client: LspTestClient;
  before(async () => {
    // No workspace folders, no capabilities, no initialization options: only the root URI.
    client = await LspTestClient.start({ capabilities: {}, workspaceFolders: 'none', initializationOptions: 'none' });
  });
  after(async () => {
    await client?.stop();
  });

  test('the library loads from the root URI and the server asks for nothing undeclared', TEST, () => {
    const last = client.statuses[client.statuses.length - 1];
    assert.equal(last?.sources, 2, 'the two seed copies in <root>/sources');
    assert.deepEqual(client.serverRequests.filter((method) => UNDECLARED.includes(method)), []);
    const capabilities = client.initializeResult?.capabilities;
    // CodeActionOptions are for clients with code action literals only.
    assert.equal(capabilities?.codeActionProvider, true);
  });

  test('diagnostics, a plain-text hover, and the quick fix as a command', TEST, async () => {
    const text = `# Peacekeepers\n\n${MISQUOTE_LINE}\n`;
    const uri = await client.open('draft.md', text);
    const [misquote] = await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote', { description: 'one misquote' });
    assert.ok(misquote);
    assert.equal(misquote.relatedInformation, undefined, 'related information only for clients that declared it');

    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'peacekeeping') });
    const contents = hover?.contents as MarkupContent | undefined;
    assert.equal(contents?.kind, 'plaintext');
    assert.match(contents.value, /^Misquote of @001_7824a7d0d4dc771b\n/);
    assert.match(contents.value, /source says 2,000, quote has 3,000/);
    assert.doesNotMatch(contents.value, /\*\*|~~|`|\\/, 'no Markdown marks');

    const actions = await client.request<Array<Command | CodeAction>>('textDocument/codeAction', { textDocument: { uri }, range: misquote.range, context: { diagnostics: [misquote] } });
    assert.ok(actions.length > 0);
    for (const action of actions) assert.equal(typeof (action as Command).command, 'string', `a Command, not a CodeAction: ${JSON.stringify(action)}`);
    const fix = actions.find((a) => a.title === `Use the words of @${APPEAL}`) as Command | undefined;
    assert.ok(fix, `the quick fix among ${actions.map((a) => a.title).join('; ')}`);
    // Without workspace/applyEdit the command answers with the edit for the client to apply.
    const edit = await client.request<WorkspaceEdit | null>('workspace/executeCommand', { command: fix.command, arguments: fix.arguments });
    const edits = edit?.changes?.[uri];
    assert.ok(edits, `the command's result is the edit: ${JSON.stringify(edit)}`);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
    assert.ok(fixed.includes(FIXED_QUOTE), fixed);
    const version = await client.change(uri, fixed);
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { minVersion: version, description: 'no diagnostic after the fix' });

    // "Open source": without window/showDocument the server says where the passage is instead.
    const open = actions.find((a) => (a as Command).command === 'verbatim.server.openSource') as Command | undefined;
    assert.ok(open);
    const shown = client.notifications.length;
    await client.request('workspace/executeCommand', { command: open.command, arguments: open.arguments });
    await client.waitFor('a message naming the source file', () =>
      client.notifications.slice(shown).some((n) => n.method === 'window/showMessage' && String((n.params as { message: string }).message).includes(`${APPEAL}.txt`)),
    );
    assert.deepEqual(client.serverRequests.filter((method) => UNDECLARED.includes(method)), []);
  });

  test('a client that sends no file events: the server watches the source folders itself', TEST, async () => {
    const since = client.statuses.length;
    const added = path.join(client.sourcesFolder, 'added.txt');
    fs.writeFileSync(added, '---\nid: added2024\ntitle: An Added Source\n---\n\nThe council met on Tuesday and voted to reopen the river crossing for trade.\n');
    await client.waitForStatus(since, (s) => s.sources === 3, 'the added source in the library');
    const gone = client.statuses.length;
    fs.rmSync(added);
    await client.waitForStatus(gone, (s) => s.sources === 2, 'the deleted source gone');
  });

  test('settings pushed with workspace/didChangeConfiguration apply', TEST, async () => {
    const uri = await client.open('pushed.md', `# Peacekeepers\n\n${MISQUOTE_LINE}\n`);
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote', { description: 'one misquote' });
    await client.pushSettings({ diagnostics: { enable: false } });
    await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'none once diagnostics.enable is false' });
    await client.pushSettings({ diagnostics: { enable: true } });
    await client.waitForDiagnostics(uri, (ds) => codesOf(ds).join() === 'misquote', { description: 'the misquote again' });
  });
});

describe('a client with neither workspace folders nor a root', () => {
  test('the library is the current directory\'s', TEST, async () => {
    const client = await LspTestClient.start({ capabilities: {}, workspaceFolders: 'none', rootUri: 'none', initializationOptions: 'none' });
    try {
      assert.equal(client.statuses[client.statuses.length - 1]?.sources, 2);
    } finally {
      await client.stop();
    }
  });
});

describe('a multi-root workspace', () => {
  test('each folder\'s settings, pulled with its scopeUri, apply to that folder: its sources, bibliography and checks', TEST, async () => {
    const client = await LspTestClient.start({
      copySeeds: false,
      populate: (workspace) => {
        for (const [folder, sources, key] of [['alpha', 'refs', RALLY], ['beta', 'papers', APPEAL]] as const) {
          fs.mkdirSync(path.join(workspace, folder, sources), { recursive: true });
          fs.copyFileSync(path.join(SEEDS, `${key}.txt`), path.join(workspace, folder, sources, `${key}.txt`));
        }
        // A decoy: alpha's sources setting does not name `papers`.
        fs.mkdirSync(path.join(workspace, 'alpha', 'papers'));
        fs.copyFileSync(path.join(SEEDS, `${APPEAL}.txt`), path.join(workspace, 'alpha', 'papers', 'decoy.txt'));
        fs.copyFileSync(path.join(REPO, 'tests', 'fixtures', 'bibliography', 'library.json'), path.join(workspace, 'beta', 'refs.json'));
      },
      workspaceFolders: ['alpha', 'beta'],
      // beta checks only quotes of 20 words or more, and has a bibliography of its own.
      folderSettings: { alpha: { sources: ['refs'] }, beta: { sources: ['papers'], bibliography: ['refs.json'], quotes: { minWords: 20 } } },
      expectSources: 2,
    });
    try {
      const scoped = client.configurationRequests.flatMap((r) => (r as { items: Array<{ scopeUri?: string }> }).items.map((i) => i.scopeUri));
      for (const folder of ['alpha', 'beta']) assert.ok(scoped.includes(pathToFileURL(path.join(client.workspace, folder)).href), `settings pulled for ${folder}: ${JSON.stringify(scoped)}`);
      const status = client.statuses[client.statuses.length - 1]!;
      assert.deepEqual([...status.folders].sort(), [path.join(client.workspace, 'alpha', 'refs'), path.join(client.workspace, 'beta', 'papers')].sort());

      // Each folder's drafts see that folder's sources: a misquote of alpha's source is one in alpha,
      // while in beta its key names no source.
      const rallyDraft = `# Rally\n\nHe claimed that "${RALLY_MISQUOTE}" [@${RALLY}].\n`;
      const rallyInAlpha = await client.open('alpha/rally.md', rallyDraft);
      await client.waitForDiagnostics(rallyInAlpha, (ds) => codesOf(ds).join() === 'misquote', { description: 'the misquote, in alpha' });
      const rallyInBeta = await client.open('beta/rally.md', rallyDraft);
      await client.waitForDiagnostics(rallyInBeta, (ds) => codesOf(ds).join() === 'unknown-source', { description: 'unknown-source, in beta' });
      // A folder's settings apply to its drafts: beta leaves a quote of 9 words unchecked (minWords 20).
      const appealDraft = `# Peacekeepers\n\n${MISQUOTE_LINE}\n`;
      const appealInBeta = await client.open('beta/appeal.md', appealDraft);
      await client.waitForDiagnostics(appealInBeta, (ds) => ds.length === 0, { description: 'nothing in beta (minWords 20)' });
      const appealInAlpha = await client.open('alpha/appeal.md', appealDraft);
      await client.waitForDiagnostics(appealInAlpha, (ds) => codesOf(ds).join() === 'unknown-source', { description: 'unknown-source in alpha (the decoy in alpha/papers is not a source)' });
      const keys = (await client.request<Array<{ key: string }>>('verbatim/citables', { uri: appealInAlpha })).map((c) => c.key);
      assert.deepEqual(keys, [RALLY], 'alpha\'s draft can cite alpha\'s source only');

      // beta's bibliography is beta's: its drafts may cite its entries, alpha's may not.
      const citing = 'A wire story said "the market fell sharply for a third day" [@doe2020].\n';
      const citingBeta = await client.open('beta/wire.md', citing);
      await client.waitForDiagnostics(citingBeta, (ds) => ds.length === 0, { description: 'no unknown-source for @doe2020 in beta' });
      const citingAlpha = await client.open('alpha/wire.md', citing);
      await client.waitForDiagnostics(citingAlpha, (ds) => codesOf(ds).join() === 'unknown-source', { description: 'unknown-source for @doe2020 in alpha' });
    } finally {
      await client.stop();
    }
  });
});
