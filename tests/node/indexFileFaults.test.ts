import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { removeLeftoverTemporaries } from '../../server/src/indexFile/cacheFolder';
import { openIndexFile, saveIndexFile } from '../../server/src/indexFile/indexFile';
import { loadLibrary } from '../../server/src/library/libraryOpener';
import type { IndexTextsFaults } from '../../server/src/indexFile/indexTexts';
import { packLibrary, unpackLibrary } from '../../server/src/workers/libraryTransfer';
import { REPO, SEEDS, temporaryFolder } from '../helpers';

/** A folder of sources (the seeds, a Markdown article with front matter, a non-ASCII one) and a cache folder beside it. */
function workspace(): { sources: string; cache: string; index: string } {
  const root = temporaryFolder('verbatim-index-faults-');
  const sources = path.join(root, 'sources');
  fs.mkdirSync(sources);
  for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(sources, name));
  fs.writeFileSync(path.join(sources, 'extra.md'), '---\nid: extra\ntitle: Extra\n---\nThe harbour master counted forty-two ships on the first of May.\n');
  fs.writeFileSync(path.join(sources, 'accents.md'), '---\nid: accents\n---\nL’été à Zürich — “naïve” café, 東京 and 😀 emoji.\n');
  const cache = path.join(root, 'cache');
  return { sources, cache, index: path.join(cache, 'index.bin') };
}

/** What a library's owner is told, recorded. */
function recorder(): IndexTextsFaults & { lines: string[]; rereads: string[] } {
  const lines: string[] = [];
  const rereads: string[] = [];
  return { lines, rereads, log: (line) => lines.push(line), reread: (uri) => rereads.push(uri) };
}

/** A library restored from the index file, no text read yet. */
async function restored(sources: string, cache: string, faults: IndexTextsFaults): Promise<SourceLibrary> {
  await loadLibrary([sources], { cacheDir: cache });
  const again = await loadLibrary([sources], { cacheDir: cache, faults });
  assert.equal(again.read, 0, 'every source from the index file');
  return again.library;
}

function assertTextsAreTheFiles(library: SourceLibrary): void {
  assert.ok(library.size >= 4);
  for (const { source } of library.sources()) {
    assert.equal(source.text, fs.readFileSync(new URL(source.uri), 'utf8').replace(/^\uFEFF/, ''), source.path);
  }
}

const damages: Array<[string, (index: string) => void | Promise<void>]> = [
  ['truncated to half', (index) => fs.truncateSync(index, Math.floor(fs.statSync(index).size / 2))],
  ['truncated to nothing', (index) => fs.truncateSync(index, 0)],
  [
    'overwritten in place, same size',
    (index) => {
      const size = fs.statSync(index).size;
      fs.writeFileSync(index, Buffer.alloc(size, 0x61)); // opens with O_TRUNC: the same file, new bytes
    },
  ],
  [
    'replaced in place by another library\'s index',
    async (index) => {
      const other = temporaryFolder('verbatim-other-');
      fs.writeFileSync(path.join(other, 'a.md'), 'Another library altogether, with other words in another order than before.\n'.repeat(200));
      const cache = path.join(other, 'cache');
      await loadLibrary([other], { cacheDir: cache });
      fs.copyFileSync(path.join(cache, 'index.bin'), index); // the same file (O_TRUNC), another index's bytes
    },
  ],
];

for (const [name, damage] of damages) {
  test(`an index file ${name} while in use: every text is read right from the source files, the fault told once`, async () => {
    const { sources, cache, index } = workspace();
    const faults = recorder();
    const library = await restored(sources, cache, faults);
    await damage(index);
    assertTextsAreTheFiles(library);
    assert.equal(faults.lines.filter((line) => line.startsWith('index file')).length, 1, faults.lines.join('\n'));
    assert.match(faults.lines[0]!, /source texts are read from their files again/);
    assert.deepEqual(faults.rereads, [], 'the files did not change: nothing to read anew');
  });
}

test('after the index file was truncated, the next save does not throw and writes an index the next start reuses', async () => {
  const { sources, cache, index } = workspace();
  const library = await restored(sources, cache, recorder());
  fs.truncateSync(index, 100);
  assert.equal(saveIndexFile(library, cache), undefined);
  const next = await loadLibrary([sources], { cacheDir: cache });
  assert.deepEqual([next.read, next.cacheProblem], [0, undefined]);
  assertTextsAreTheFiles(next.library);
});

test('a save that cannot write says why and throws nothing', async () => {
  const { sources, cache } = workspace();
  const library = (await loadLibrary([sources])).library;
  const blocked = path.join(cache, 'blocked');
  fs.mkdirSync(path.dirname(blocked), { recursive: true });
  fs.writeFileSync(blocked, 'a file where the cache folder should be');
  assert.match(saveIndexFile(library, blocked) ?? '', /could not be written/);
});

test('a source whose file changed since it was indexed, with the index gone: its current text, and it is named to be read anew', async () => {
  const { sources, cache, index } = workspace();
  const faults = recorder();
  const library = await restored(sources, cache, faults);
  const extra = path.join(sources, 'extra.md');
  fs.writeFileSync(extra, '---\nid: extra\ntitle: Extra\n---\nThe harbour master counted ninety ships.\n');
  fs.truncateSync(index, 0);
  assert.match(library.get('extra')!.source.text, /ninety ships/);
  assert.deepEqual(faults.rereads, [pathToFileURL(extra).href]);
});

test('texts of a library handed over by a worker are read right after the index file was truncated', async () => {
  const { sources, cache, index } = workspace();
  await loadLibrary([sources], { cacheDir: cache });
  const fd = openIndexFile(cache)!;
  const result = await loadLibrary([sources], { cacheDir: cache, indexFd: fd, onIndexRead: () => undefined });
  const { packed } = packLibrary(result.library, result.restored);
  const faults = recorder();
  const library = unpackLibrary(packed, result.restored?.told, faults);
  fs.truncateSync(index, 0);
  assertTextsAreTheFiles(library);
  assert.equal(faults.lines.length, 1, faults.lines.join('\n'));
});

test('temporary files an interrupted write left are removed; a running writer\'s are kept', async () => {
  const { sources, cache } = workspace();
  fs.mkdirSync(cache, { recursive: true });
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const deadPid = Number(gone.stdout);
  const names = {
    dead: `index.bin.${deadPid}.tmp`,
    deadThread: `index.bin.${deadPid}-0-3.tmp`,
    mineFresh: `index.bin.${process.pid}-0-99.tmp`,
    mineOld: `index.bin.${process.pid}-0-98.tmp`,
    other: 'notes.txt',
  };
  for (const name of Object.values(names)) fs.writeFileSync(path.join(cache, name), 'partial');
  const hoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
  fs.utimesSync(path.join(cache, names.mineOld), hoursAgo, hoursAgo);
  await loadLibrary([sources], { cacheDir: cache });
  const left = fs.readdirSync(cache).sort();
  assert.deepEqual(left, ['index.bin', names.mineFresh, names.other].sort());
  assert.deepEqual(removeLeftoverTemporaries(cache), []);
});

test('two processes saving into one cache folder at once never leave a damaged index', async () => {
  const { sources, cache } = workspace();
  await loadLibrary([sources], { cacheDir: cache });
  const script = `
    const { loadLibrary } = require(${JSON.stringify(path.join(REPO, 'server/src/library/libraryOpener.ts'))});
    const { saveIndexFile } = require(${JSON.stringify(path.join(REPO, 'server/src/indexFile/indexFile.ts'))});
    (async () => {
      const { library } = await loadLibrary([${JSON.stringify(sources)}]);
      for (let i = 0; i < 15; i++) { const problem = saveIndexFile(library, ${JSON.stringify(cache)}); if (problem) throw new Error(problem); }
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const { spawn } = await import('node:child_process');
  const run = (): Promise<number> =>
    new Promise((resolve) => spawn(process.execPath, ['--import', 'tsx', '-e', script], { cwd: REPO, stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)));
  // A reader in this process meanwhile: each load finds a whole index, the old one or a new one.
  let reading = true;
  const reads: Array<string | undefined> = [];
  const reader = (async () => {
    while (reading) reads.push((await loadLibrary([sources], { cacheDir: path.join(cache) })).cacheProblem);
  })();
  const codes = await Promise.all([run(), run()]);
  reading = false;
  await reader;
  assert.deepEqual(codes, [0, 0]);
  assert.ok(reads.length > 0);
  assert.deepEqual(reads.filter((problem) => problem !== undefined), []);
  const last = await loadLibrary([sources], { cacheDir: cache });
  assert.deepEqual([last.read, last.cacheProblem], [0, undefined]);
  assert.deepEqual(fs.readdirSync(cache).filter((name) => name.endsWith('.tmp')), []);
});
