import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LibraryHost } from '../../server/src/host/libraryHost';
import { clearCaches, listCaches, MAX_AGE_DAYS, pruneCaches, recordCacheUse } from '../../server/src/indexFile/cacheFolder';
import { temporaryFolder } from '../helpers';

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-12-01T08:00:00Z');

/** A cache root with index folders of `bytes` bytes last used `daysAgo` days before NOW. */
function root(indexes: Record<string, { bytes: number; daysAgo: number }>): string {
  const dir = temporaryFolder('verbatim-housekeeping-');
  for (const [name, { bytes, daysAgo }] of Object.entries(indexes)) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, 'index.bin'), Buffer.alloc(bytes));
    recordCacheUse(path.join(dir, name), [`/work/${name}/sources`], new Date(NOW.getTime() - daysAgo * DAY));
  }
  return dir;
}

function names(dir: string): string[] {
  return listCaches(dir).indexes.map((i) => path.basename(i.dir));
}

test('list: every index with its folders, size and last use, most recent first; other files are not indexes', () => {
  const dir = root({ old: { bytes: 10, daysAgo: 5 }, recent: { bytes: 20, daysAgo: 1 } });
  fs.mkdirSync(path.join(dir, 'unrelated'));
  fs.writeFileSync(path.join(dir, 'unrelated', 'notes.txt'), 'mine');
  fs.mkdirSync(path.join(dir, 'bibliographies'));
  fs.writeFileSync(path.join(dir, 'bibliographies', 'a.json'), '{}');
  const contents = listCaches(dir);
  assert.deepEqual(names(dir), ['recent', 'old']);
  assert.deepEqual(contents.indexes[0]!.folders, ['/work/recent/sources']);
  assert.ok(contents.indexes[0]!.bytes >= 20);
  assert.deepEqual(contents.bibliographies, { files: 1, bytes: 2 });
  assert.deepEqual(listCaches(path.join(dir, 'missing')).indexes, []);
});

test(`prune: indexes unused for more than ${MAX_AGE_DAYS} days go, the one in use stays whatever its age`, () => {
  const dir = root({ fresh: { bytes: 10, daysAgo: 3 }, stale: { bytes: 10, daysAgo: MAX_AGE_DAYS + 1 }, current: { bytes: 10, daysAgo: 400 } });
  const removed = pruneCaches(dir, { now: NOW, keep: path.join(dir, 'current') });
  assert.deepEqual(removed.map((r) => path.basename(r.dir)), ['stale']);
  assert.deepEqual(names(dir).sort(), ['current', 'fresh']);
});

test('prune: beyond the size cap the least recently used go first', () => {
  const dir = root({ a: { bytes: 400, daysAgo: 1 }, b: { bytes: 400, daysAgo: 2 }, c: { bytes: 400, daysAgo: 3 } });
  const removed = pruneCaches(dir, { now: NOW, maxTotalBytes: 1000 });
  assert.deepEqual(removed.map((r) => path.basename(r.dir)), ['c']);
  assert.deepEqual(names(dir), ['a', 'b']);
});

test('clear: removes every index and the parsed bibliographies, nothing else', () => {
  const dir = root({ a: { bytes: 5, daysAgo: 1 }, b: { bytes: 5, daysAgo: 1 } });
  fs.mkdirSync(path.join(dir, 'bibliographies'));
  fs.writeFileSync(path.join(dir, 'bibliographies', 'x.json'), '{}');
  fs.writeFileSync(path.join(dir, 'README'), 'not ours');
  assert.equal(clearCaches(dir).indexes, 2);
  assert.deepEqual(fs.readdirSync(dir), ['README']);
});

test('the language server host notes its index and prunes the stale ones of its cache folder at the first load', async () => {
  const storage = root({ stale: { bytes: 10, daysAgo: MAX_AGE_DAYS + 30 } });
  const workspace = temporaryFolder('verbatim-housekeeping-ws-');
  fs.mkdirSync(path.join(workspace, 'sources'));
  fs.writeFileSync(path.join(workspace, 'sources', 'a.txt'), 'An article with a few words in it.');
  const logs: string[] = [];
  const host = new LibraryHost((m) => logs.push(m), { cacheDir: storage, seedsFolder: path.join(workspace, 'no-seeds') });
  host.configure([workspace], ['sources'], 'never');
  await host.reload();
  const indexes = listCaches(storage).indexes;
  assert.deepEqual(indexes.map((i) => i.folders), [[path.join(workspace, 'sources')]]);
  assert.ok(logs.some((line) => /removed the index file .*stale/.test(line)), logs.join('\n'));
  fs.rmSync(workspace, { recursive: true, force: true });
});
