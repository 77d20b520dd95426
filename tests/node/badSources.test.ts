import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { SourceLibrary } from '../../server/src/core/library/sourceLibrary';
import { loadSourceFile } from '../../server/src/library/sourceFiles';
import { REPO, SEEDS, temporaryFolder } from '../helpers';

/** A sources folder with the seeds and every kind of bad file next to them. */
function badLibrary(): string {
  const dir = temporaryFolder('verbatim-bad-');
  const sources = path.join(dir, 'sources');
  fs.mkdirSync(sources);
  for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(sources, name));
  fs.writeFileSync(path.join(sources, 'binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
  fs.writeFileSync(path.join(sources, 'nul.txt'), 'Some words\u0000and more words');
  fs.writeFileSync(path.join(sources, 'latin1.txt'), Buffer.from('Caf\xe9 society gossip, in Latin-1.', 'latin1'));
  fs.writeFileSync(path.join(sources, 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('The committee met on Tuesday in the old town hall.', 'utf16le')]));
  fs.writeFileSync(path.join(sources, 'empty.md'), '');
  fs.writeFileSync(path.join(sources, 'blank.md'), '\n \n\t\n');
  const huge = fs.openSync(path.join(sources, 'huge.txt'), 'w');
  fs.ftruncateSync(huge, 200 * 1024 * 1024); // sparse: 200 MB that take no disk
  fs.closeSync(huge);
  fs.symlinkSync('loop-b.txt', path.join(sources, 'loop-a.txt'));
  fs.symlinkSync('loop-a.txt', path.join(sources, 'loop-b.txt'));
  fs.symlinkSync('.', path.join(sources, 'self'));
  fs.mkdirSync(path.join(sources, 'folder.txt'));
  execFileSync('mkfifo', [path.join(sources, 'pipe.txt')]);
  fs.writeFileSync(path.join(sources, 'dup-a.md'), '---\nid: 000_473b4c7a88a0911c\n---\nA second source claiming the first seed key.\n');
  return dir;
}

function snapshot(dir: string): Array<[string, string, number]> {
  const out: Array<[string, string, number]> = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file);
    const content = stat.isFile() && stat.size < 1024 * 1024 ? fs.readFileSync(file).toString('base64') : `${stat.mode}:${stat.size}`;
    out.push([name, content, stat.mtimeMs]);
  }
  return out;
}

test('every bad source is skipped with one clear reason; the others keep working; nothing is written', () => {
  const dir = badLibrary();
  const sources = path.join(dir, 'sources');
  const before = snapshot(sources);
  const run = spawnSync(process.execPath, [path.join(REPO, 'bin', 'verbatim.js'), 'sources', '--format', 'json', '--no-cache'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { sources: Array<{ key: string; title: string }>; skipped: Array<{ file: string; reason: string }>; clashes: Array<{ key: string }> };
  const reasons = Object.fromEntries(report.skipped.map((s) => [path.basename(s.file), s.reason]));
  assert.match(reasons['binary.txt'] ?? '', /not UTF-8|binary/);
  assert.match(reasons['nul.txt'] ?? '', /binary file \(contains NUL bytes\)/);
  assert.match(reasons['latin1.txt'] ?? '', /not UTF-8 text \(invalid byte sequence near byte 4\)/);
  assert.match(reasons['empty.md'] ?? '', /^empty file$/);
  assert.match(reasons['blank.md'] ?? '', /empty file \(only white space\)/);
  assert.match(reasons['huge.txt'] ?? '', /too large \(200\.0 MB; the limit is 32 MB\)/);
  assert.match(reasons['loop-a.txt'] ?? '', /symbolic link loop/);
  assert.match(reasons['pipe.txt'] ?? '', /not a regular file/);
  assert.match(reasons['self'] ?? '', /symbolic link loop \(folder already read\)/);
  assert.deepEqual(report.clashes.map((c) => c.key), ['000_473b4c7a88a0911c']);
  const keys = report.sources.map((s) => s.key).sort();
  assert.deepEqual(keys, ['000_473b4c7a88a0911c', '001_7824a7d0d4dc771b', 'utf16']);

  const draft = path.join(dir, 'draft.md');
  fs.writeFileSync(draft, '"The committee met on Tuesday in the old town hall" [@utf16]\n"It did not specify those mechanisms" [@001_7824a7d0d4dc771b]\n');
  const check = spawnSync(process.execPath, [path.join(REPO, 'bin', 'verbatim.js'), 'check', 'draft.md', '--no-cache'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.deepEqual(snapshot(sources), before, 'sources are never written');
});

test('a file deleted or truncated while it is being indexed is handled', () => {
  const dir = temporaryFolder('verbatim-race-');
  const file = path.join(dir, 'gone.txt');
  const library = new SourceLibrary();
  loadSourceFile(library, file, 'gone.txt');
  assert.deepEqual(library.skipped().map((s) => s.reason), ['no such file or folder']);
  fs.writeFileSync(file, 'The first version has many words in it.');
  loadSourceFile(library, file, 'gone.txt');
  assert.equal(library.size, 1);
  fs.truncateSync(file, 9);
  loadSourceFile(library, file, 'gone.txt');
  assert.equal(library.getByUri(pathToFileURL(file).href)?.source.text, 'The first');
  fs.truncateSync(file, 0);
  loadSourceFile(library, file, 'gone.txt');
  assert.equal(library.size, 0);
  assert.deepEqual(library.skipped().map((s) => s.reason), ['empty file']);
});
