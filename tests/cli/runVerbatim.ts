import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { runCli } from '../../server/src/cli/main';
import { REPO, TEST_ENV } from '../helpers';

/**
 * Two ways to run `verbatim` in the CLI tests: in this process (`verbatim`), which is what most
 * tests want, the CLI's behaviour without a Node start each; and as the built command
 * (`verbatimProcess`), for what only the process shows (the launcher, the bundle, exit statuses).
 */

/** What a run printed and its exit status. */
export interface CliRun {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built command's launcher. */
export const BIN = path.join(REPO, 'bin', 'verbatim.js');

// In-process runs keep their index files in the tests' temporary cache, as TEST_ENV's processes do.
process.env['XDG_CACHE_HOME'] = TEST_ENV['XDG_CACHE_HOME'];

/** Runs `verbatim ARGS` in this process from `cwd`, with `env` set for the run; never throws. */
export async function verbatim(args: readonly string[], cwd = REPO, env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
  Object.assign(process.env, env);
  try {
    const status = await runCli(args, { cwd, out: (text) => (stdout += text), err: (text) => (stderr += text), terminal: false });
    return { status, stdout, stderr };
  } catch (error) {
    // As bin/verbatim.js reports an error that escapes the CLI.
    return { status: 2, stdout, stderr: `${stderr}verbatim: internal error: ${(error as Error).stack ?? String(error)}\n` };
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Runs the built `verbatim` command (`node bin/verbatim.js ARGS`) from `cwd`. */
export function verbatimProcess(args: readonly string[], cwd = REPO): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: TEST_ENV });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
