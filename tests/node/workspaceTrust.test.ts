import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LibraryHost } from '../../server/src/host/libraryHost';
import { REPO, temporaryFolder } from '../helpers';

/** A workspace with one source inside, and an "outside" folder it links to in several ways. */
function setup(): { workspace: string; outside: string } {
  const top = temporaryFolder('verbatim-trust-');
  const workspace = path.join(top, 'workspace');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(path.join(workspace, 'sources'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(workspace, 'sources', 'inside.txt'), 'An article inside the workspace.');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'A private file outside the workspace.');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(workspace, 'sources', 'linked.txt'));
  fs.symlinkSync(outside, path.join(workspace, 'sources', 'linked-folder'));
  fs.symlinkSync(outside, path.join(workspace, 'escape'));
  return { workspace, outside };
}

async function keysOf(host: LibraryHost): Promise<string[]> {
  await host.reload();
  return host.library.sources().map((e) => e.source.key).sort();
}

test('untrusted: workspace settings cannot reach outside the workspace', async () => {
  const { workspace, outside } = setup();
  const logs: string[] = [];
  const host = new LibraryHost((m) => logs.push(m), { cacheDir: null, seedsFolder: path.join(workspace, 'no-seeds') });
  host.configure([workspace], ['sources', outside, '../outside', 'escape', '../*/secret.txt'], 'never', { trusted: false, userEntries: [] });
  assert.deepEqual(await keysOf(host), ['inside']);
  assert.ok(logs.some((l) => l.includes(`ignored source folder "${outside}"`)), logs.join('\n'));
  assert.ok(logs.some((l) => l.includes('ignored source folder "../outside"')));
  assert.ok(logs.some((l) => l.includes('ignored source folder "escape"')));
  assert.ok(logs.some((l) => /linked\.txt: a link to a file outside the workspace/.test(l)), logs.join('\n'));
  assert.ok(logs.some((l) => /linked-folder: outside the workspace/.test(l)), logs.join('\n'));
  assert.equal(host.isSourceFile(path.join(workspace, 'sources', 'linked.txt')), false, 'file events through the link are ignored too');
});

test("untrusted: the user's own settings may name an outside folder", async () => {
  const { workspace, outside } = setup();
  const host = new LibraryHost(() => undefined, { cacheDir: null, seedsFolder: path.join(workspace, 'no-seeds') });
  host.configure([workspace], ['sources', outside], 'never', { trusted: false, userEntries: [outside] });
  assert.deepEqual(await keysOf(host), ['inside', 'secret']);
});

test('trusted: settings are followed, links included', async () => {
  const { workspace, outside } = setup();
  const host = new LibraryHost(() => undefined, { cacheDir: null, seedsFolder: path.join(workspace, 'no-seeds') });
  host.configure([workspace], ['sources', outside], 'never');
  assert.deepEqual(await keysOf(host), ['inside', 'linked', 'secret']);
});

test('CLI: default folders may not lead outside the current folder; --sources may', () => {
  const { workspace, outside } = setup();
  fs.rmSync(path.join(workspace, 'sources'), { recursive: true });
  fs.symlinkSync(outside, path.join(workspace, 'sources'));
  const run = (args: string[]) => spawnSync(process.execPath, [path.join(REPO, 'bin', 'verbatim.js'), ...args, '--no-cache'], { cwd: workspace, encoding: 'utf8' });
  const defaults = run(['sources']);
  assert.match(defaults.stdout, /skipped sources: outside the workspace/);
  assert.doesNotMatch(defaults.stdout, /@secret/);
  const explicit = run(['sources', '--sources', 'sources']);
  assert.match(explicit.stdout, /^@secret /m);
});
