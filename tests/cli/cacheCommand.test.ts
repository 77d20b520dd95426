import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO, SEEDS, TEST_ENV } from '../helpers';

// `verbatim cache [list|clear]` and automatic pruning, on a temporary XDG_CACHE_HOME.

const BIN = path.join(REPO, 'bin', 'verbatim.js');

function verbatim(args: string[], cwd: string, cacheHome: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...TEST_ENV, XDG_CACHE_HOME: cacheHome } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('check persists an index that cache list shows and cache clear removes; long-unused indexes are pruned', () => {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'verbatim-cache-cmd-')));
  const cacheHome = path.join(work, 'cache');
  const project = path.join(work, 'project');
  fs.mkdirSync(path.join(project, 'sources'), { recursive: true });
  for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(project, 'sources', name));
  fs.writeFileSync(path.join(project, 'draft.md'), 'No quotes here.\n');
  try {
    assert.match(verbatim(['cache', 'list'], project, cacheHome).stdout, /0 index files/);

    // An index nobody used for a year, as an older Verbatim left it (no note: its file's time counts).
    const forgotten = path.join(cacheHome, 'verbatim', '0123456789abcdef');
    fs.mkdirSync(forgotten, { recursive: true });
    fs.writeFileSync(path.join(forgotten, 'index.bin'), 'old');
    const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000);
    fs.utimesSync(path.join(forgotten, 'index.bin'), yearAgo, yearAgo);

    assert.equal(verbatim(['check', 'draft.md'], project, cacheHome).status, 0);
    assert.equal(fs.existsSync(forgotten), false, 'the index unused for a year was pruned');

    const list = verbatim(['cache', 'list'], project, cacheHome);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /1 index file, /);
    assert.match(list.stdout, new RegExp(`last used \\d{4}-\\d{2}-\\d{2}  ${path.join(project, 'sources').replace(/[/\\]/g, '.')}`));
    assert.match(list.stdout, /unused for 60 days/);

    const clear = verbatim(['cache', 'clear'], project, cacheHome);
    assert.equal(clear.status, 0, clear.stderr);
    assert.match(clear.stdout, /removed 1 index file/);
    assert.match(verbatim(['cache'], project, cacheHome).stdout, /0 index files/);
    assert.equal(verbatim(['cache', 'tidy'], project, cacheHome).status, 2, 'an unknown action is a usage error');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
