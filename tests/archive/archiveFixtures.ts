/** What the archive tests share: temporary folders, the CLI, and a corpus of the benchmark's articles. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { articleText, buildArticles, buildQuotes, type SizeName } from '../../bench/corpus';
import { REPO, TEST_ENV } from '../helpers';

const BIN = path.join(REPO, 'bin', 'verbatim.js');

/** A new temporary folder. */
export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `verbatim-${name}-`));
}

/** Runs the built CLI in `cwd`. */
export function cli(args: readonly string[], cwd: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: TEST_ENV });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A corpus folder of the benchmark's generated articles (the first `addresses` addresses); at size
 * L each address comes with its nine edited copies, as the benchmark's L library has it.
 */
export function benchCorpus(addresses: number, size: SizeName = 'S') {
  const all = buildArticles(size);
  const slugs = [...new Set(all.map((a) => a.address.slug))].slice(0, addresses);
  const articles = all.filter((a) => slugs.includes(a.address.slug));
  const dir = tempDir('corpus');
  for (const article of articles) {
    fs.mkdirSync(path.join(dir, path.dirname(article.file)), { recursive: true });
    fs.writeFileSync(path.join(dir, article.file), articleText(article));
  }
  return { dir, articles, quotes: buildQuotes(size, articles, 0.3) };
}
