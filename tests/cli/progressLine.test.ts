import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { writeSotuLibrary } from '../generatedLibrary';
import { temporaryFolder } from '../helpers';

// The CLI's progress line: on a terminal for text output only, erased before the results.

describe('verbatim check: the progress line while the library loads', () => {
  let folder: string;

  before(() => {
    folder = temporaryFolder('verbatim-progress-');
    writeSotuLibrary(path.join(folder, 'sources'), 40);
    fs.writeFileSync(path.join(folder, 'draft.md'), 'A plain draft without quotes.\n');
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  async function run(args: string[], terminal: boolean): Promise<{ out: string; err: string; code: number }> {
    let out = '';
    let err = '';
    const code = await runCli(['check', 'draft.md', '--no-cache', ...args], { cwd: folder, out: (t) => (out += t), err: (t) => (err += t), terminal });
    return { out, err, code };
  }

  test('a terminal sees "Indexing sources n / total", erased before the results', async () => {
    const { out, err, code } = await run([], true);
    assert.equal(code, 0, err);
    assert.match(err, /\r\x1b\[KIndexing sources 42 \/ 42 \(100 %\)/);
    assert.ok(err.endsWith('\r\x1b[K'), `the line is erased at the end: ${JSON.stringify(err.slice(-40))}`);
    assert.doesNotMatch(out, /Indexing/);
  });

  test('nothing when stderr is not a terminal (piped)', async () => {
    const { err } = await run([], false);
    assert.doesNotMatch(err, /Indexing/);
  });

  test('nothing with --format json, even on a terminal', async () => {
    const { out, err } = await run(['--format', 'json'], true);
    assert.doesNotMatch(err, /Indexing/);
    assert.deepEqual(JSON.parse(out), []);
  });
});
