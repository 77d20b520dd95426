import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { SEEDS, temporaryFolder } from '../helpers';
import { verbatim as run, type CliRun } from './runVerbatim';

// `verbatim cache [list|clear]` and automatic pruning, on a temporary XDG_CACHE_HOME.

function verbatim(args: string[], cwd: string, cacheHome: string): Promise<CliRun> {
  return run(args, cwd, { XDG_CACHE_HOME: cacheHome });
}

test('check persists an index that cache list shows and cache clear removes; long-unused indexes are pruned', async () => {
  const work = fs.realpathSync(temporaryFolder('verbatim-cache-cmd-'));
  const cacheHome = path.join(work, 'cache');
  const project = path.join(work, 'project');
  fs.mkdirSync(path.join(project, 'sources'), { recursive: true });
  for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(project, 'sources', name));
  fs.writeFileSync(path.join(project, 'draft.md'), 'No quotes here.\n');
  try {
    assert.match((await verbatim(['cache', 'list'], project, cacheHome)).stdout, /0 index files/);

    // An index nobody used for a year, as an older Verbatim left it (no note: its file's time counts).
    const forgotten = path.join(cacheHome, 'verbatim', '0123456789abcdef');
    fs.mkdirSync(forgotten, { recursive: true });
    fs.writeFileSync(path.join(forgotten, 'index.bin'), 'old');
    const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000);
    fs.utimesSync(path.join(forgotten, 'index.bin'), yearAgo, yearAgo);

    assert.equal((await verbatim(['check', 'draft.md'], project, cacheHome)).status, 0);
    assert.equal(fs.existsSync(forgotten), false, 'the index unused for a year was pruned');

    const list = await verbatim(['cache', 'list'], project, cacheHome);
    assert.equal(list.status, 0, list.stderr);
    assert.match(list.stdout, /1 index file, /);
    assert.match(list.stdout, new RegExp(`last used \\d{4}-\\d{2}-\\d{2}  ${path.join(project, 'sources').replace(/[/\\]/g, '.')}`));
    assert.match(list.stdout, /unused for 60 days/);

    const clear = await verbatim(['cache', 'clear'], project, cacheHome);
    assert.equal(clear.status, 0, clear.stderr);
    assert.match(clear.stdout, /removed 1 index file/);
    assert.match((await verbatim(['cache'], project, cacheHome)).stdout, /0 index files/);
    assert.equal((await verbatim(['cache', 'tidy'], project, cacheHome)).status, 2, 'an unknown action is a usage error');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
