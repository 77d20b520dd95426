import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LibraryHost } from '../../server/src/host/libraryHost';
import { temporaryFolder } from '../helpers';

// File events give what a cold start gives (issue 27); the property over random operations is in
// tests/fuzz/fileEvents.test.ts, these are the cases the issue names.

async function setUp(): Promise<{ root: string; sources: string; host: LibraryHost; logs: string[] }> {
  const root = temporaryFolder('verbatim-file-events-');
  const sources = path.join(root, 'sources');
  fs.mkdirSync(sources);
  fs.writeFileSync(path.join(sources, 'harbour.md'), '---\nid: harbour\n---\nThe harbour master counted forty-two ships on the first of May.\n');
  const logs: string[] = [];
  const host = new LibraryHost((line) => logs.push(line), { cacheDir: null, workers: false, seedsFolder: path.join(root, 'no-seeds') });
  host.configure([root], ['sources'], 'never');
  await host.reload();
  return { root, sources, host, logs };
}

const event = (file: string, kind: 'created' | 'changed' | 'deleted') => [pathToFileURL(file).href, kind] as const;

test('a folder moved into a source folder (one "created" event for it) is read, its subfolders too', async () => {
  const { root, sources, host } = await setUp();
  const outside = path.join(root, 'downloads', 'interviews');
  fs.mkdirSync(path.join(outside, '2022'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'mayor.md'), '---\nid: mayor\n---\nThe mayor said the bridge would reopen in spring.\n');
  fs.writeFileSync(path.join(outside, '2022', 'clerk.txt'), 'The clerk kept every ledger since the flood of 1998.\n');
  fs.renameSync(outside, path.join(sources, 'interviews'));
  assert.equal(host.onFileEvents([event(path.join(sources, 'interviews'), 'created')]), true);
  assert.deepEqual(host.library.sources().map((e) => e.source.key).sort(), ['clerk', 'harbour', 'mayor']);
  // Moved out again: one "deleted" for the folder.
  fs.renameSync(path.join(sources, 'interviews'), path.join(root, 'downloads', 'interviews'));
  assert.equal(host.onFileEvents([event(path.join(sources, 'interviews'), 'deleted')]), true);
  assert.deepEqual(host.library.sources().map((e) => e.source.key), ['harbour']);
});

test('a symbolic link loop named *.md created while running loads nothing twice and is logged once', async () => {
  const { sources, host, logs } = await setUp();
  const loop = path.join(sources, 'loop.md');
  fs.symlinkSync(sources, loop);
  host.onFileEvents([event(loop, 'created')]);
  host.onFileEvents([event(loop, 'changed')]);
  assert.deepEqual(host.library.uris(), [pathToFileURL(path.join(sources, 'harbour.md')).href]);
  assert.deepEqual(logs.filter((line) => line.includes('loop.md')), [`cannot read ${loop}: symbolic link loop (folder already read)`]);
});

test('each file skipped through events is logged once, with its reason', async () => {
  const { sources, host, logs } = await setUp();
  const binary = path.join(sources, 'scan.txt');
  fs.writeFileSync(binary, new Uint8Array([0x41, 0x00, 0x42]));
  host.onFileEvents([event(binary, 'created')]);
  fs.writeFileSync(binary, new Uint8Array([0x41, 0x00, 0x43]));
  host.onFileEvents([event(binary, 'changed')]);
  const empty = path.join(sources, 'empty.md');
  fs.writeFileSync(empty, '');
  host.onFileEvents([event(empty, 'created')]);
  assert.deepEqual(
    logs.filter((line) => line.startsWith('skipped source')),
    [`skipped source ${path.relative(process.cwd(), binary)}: binary file (contains NUL bytes)`, `skipped source ${path.relative(process.cwd(), empty)}: empty file`],
  );
});
