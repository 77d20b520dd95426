import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FileChangeType } from 'vscode-languageserver-protocol/node';
import type { SourceSummary } from '../../protocol/src/messages';
import { codesOf, LspTestClient } from './lspClient';

// Issue 27, file events give what a cold start gives, through the built server: a folder moved
// into a source folder (one "created" event for the folder, as editors report a move) is read,
// and a symbolic link loop created there loads nothing twice and is logged once.

const TEST = { timeout: 60_000 };
const MAYOR = 'The mayor said the old bridge over the river would reopen to traffic in the spring';

test('a folder moved into a source folder, told by one "created" event, is read with its subfolders', TEST, async (t) => {
  const client = await LspTestClient.start();
  t.after(() => client.dispose());
  const outside = path.join(client.workspace, 'downloads', 'interviews');
  fs.mkdirSync(path.join(outside, '2022'), { recursive: true });
  fs.writeFileSync(path.join(outside, '2022', 'mayor.md'), `---\nid: mayor2022\ntitle: The mayor on the bridge\n---\n${MAYOR}, after two years of repairs.\n`);
  const uri = await client.open('bridge.md', `"${MAYOR}" [@mayor2022].\n`);
  await client.waitForDiagnostics(uri, (ds) => codesOf(ds).includes('unknown-source'), { description: 'unknown-source before the move' });
  const moved = path.join(client.sourcesFolder, 'interviews');
  fs.renameSync(outside, moved);
  const mark = client.statuses.length;
  await client.fileEvents([{ uri: pathToFileURL(moved).href, type: FileChangeType.Created }]);
  await client.waitForStatus(mark, (s) => !s.indexing && s.sources === 3, 'the library to hold the moved folder\'s source');
  await client.waitForDiagnostics(uri, (ds) => ds.length === 0, { description: 'verbatim in the moved source' });
  const sources = await client.request<SourceSummary[]>('verbatim/listSources', null);
  assert.ok(sources.some((s) => s.key === 'mayor2022' && s.uri === pathToFileURL(path.join(moved, '2022', 'mayor.md')).href), JSON.stringify(sources.map((s) => s.uri)));
});

test('a symbolic link loop named *.md created in a source folder loads nothing twice and is logged once', TEST, async (t) => {
  const client = await LspTestClient.start();
  t.after(() => client.dispose());
  const before = await client.request<SourceSummary[]>('verbatim/listSources', null);
  const loop = path.join(client.sourcesFolder, 'loop.md');
  fs.symlinkSync(client.sourcesFolder, loop);
  await client.fileEvents([{ uri: pathToFileURL(loop).href, type: FileChangeType.Created }]);
  await client.fileEvents([{ uri: pathToFileURL(loop).href, type: FileChangeType.Changed }]);
  const told = (): string[] => client.log.filter((line) => line.includes('loop.md') && /symbolic link loop/.test(line));
  await client.waitFor('the loop logged', () => told().length > 0, () => client.log.join('\n'));
  // A request answered after both events: they were handled.
  const after = await client.request<SourceSummary[]>('verbatim/listSources', null);
  assert.deepEqual(after.map((s) => s.uri).sort(), before.map((s) => s.uri).sort());
  assert.equal(told().length, 1, told().join('\n'));
});
