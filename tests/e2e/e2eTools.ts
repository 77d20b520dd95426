import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from '../helpers';

// Where scripts/install-e2e-deps.sh puts the editors and tools the end-to-end suites drive. They
// stay out of the project's dependencies: code-server alone is a few hundred megabytes.

const INSTALL_HINT = 'run scripts/install-e2e-deps.sh first';

/** The code-server version the suite runs (the install script's default; both read CODE_SERVER_VERSION). */
export const CODE_SERVER_VERSION = process.env['CODE_SERVER_VERSION'] ?? '4.100.3';

/** The cached code-server install for this Node (native modules are built for its ABI). */
export const CODE_SERVER_HOME = path.join(REPO, '.cache', 'e2e', `code-server-${CODE_SERVER_VERSION}-node${process.versions.modules}`);

/** Debian's Chromium, which Playwright drives (it cannot download a browser here). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Debian's Neovim. */
export const NVIM = process.env['NVIM_PATH'] ?? '/usr/bin/nvim';

/** Debian's Emacs (emacs-nox), with Eglot from elpa-eglot. */
export const EMACS = process.env['EMACS_PATH'] ?? '/usr/bin/emacs';

/** The `verbatim` launcher the Neovim and Emacs suites start as their language server (VERBATIM_BIN points a run at another build). */
export const VERBATIM_BIN = process.env['VERBATIM_BIN'] ?? path.join(REPO, 'bin', 'verbatim.js');

/** The packaged extension: VERBATIM_VSIX, else `verbatim-<version>.vsix` as `npm run package` writes it. */
export function packagedExtension(): string {
  const fromEnvironment = process.env['VERBATIM_VSIX'];
  if (fromEnvironment) return path.resolve(fromEnvironment);
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
  return path.join(REPO, `verbatim-${version}.vsix`);
}

/** The code-server launcher of the cached install; throws with the fix when it is missing. */
export function codeServerBin(): string {
  const bin = path.join(CODE_SERVER_HOME, 'node_modules', '.bin', 'code-server');
  requireFile(path.join(CODE_SERVER_HOME, '.complete'), `code-server ${CODE_SERVER_VERSION} is not installed in ${CODE_SERVER_HOME}`);
  return bin;
}

/** Throws `message` and how to fix it (by default: the install script) when `file` does not exist. */
export function requireFile(file: string, message: string, fix = INSTALL_HINT): void {
  if (!fs.existsSync(file)) throw new Error(`${message}: ${fix}`);
}

/**
 * The environment with the XDG folders (config, data, cache, state) under `root`: code-server keeps
 * logs in XDG_DATA_HOME, Chromium its crash database in XDG_CONFIG_HOME, Neovim and Verbatim's
 * server their caches in XDG_CACHE_HOME. A run neither reads nor leaves anything in the home folder.
 */
export function isolatedEnvironment(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const dirs = { XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache', XDG_STATE_HOME: 'state' };
  const environment: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const [variable, name] of Object.entries(dirs)) {
    environment[variable] = path.join(root, name);
    fs.mkdirSync(path.join(root, name), { recursive: true });
  }
  return environment;
}
