import * as fs from 'node:fs';
import * as path from 'node:path';
import { codeServerBin, isolatedEnvironment } from './e2eTools';
import { exited, OutputLog, spawnGroup, stopGroup } from './processGroup';

/** The folders one code-server instance keeps its state in, all inside a test's temporary folder. */
export interface CodeServerProfile {
  /** Settings, state and logs (`User/settings.json` holds the user settings). */
  userDataDir: string;
  /** Where `--install-extension` puts extensions and the server loads them from. */
  extensionsDir: string;
  /** code-server's own config file (it writes a default one there instead of in ~/.config). */
  configFile: string;
  /** The XDG folders (config, data, cache, state) of code-server and of every process it starts. */
  xdgDir: string;
}

/** A running code-server. */
export interface CodeServer {
  /** The workbench's address, with the folder to open. */
  readonly url: string;
  /** Everything code-server printed so far. */
  output(): string;
  /** Stops code-server and every process it started. */
  stop(): Promise<void>;
}

/** Creates the profile folders under `root`, with the user settings of a quiet, offline workbench. */
export function createProfile(root: string, settings: Record<string, unknown> = {}): CodeServerProfile {
  const profile = {
    userDataDir: path.join(root, 'user-data'),
    extensionsDir: path.join(root, 'extensions'),
    configFile: path.join(root, 'code-server.yaml'),
    xdgDir: path.join(root, 'xdg'),
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  const quiet = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'files.autoSave': 'off',
  };
  fs.writeFileSync(path.join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify({ ...quiet, ...settings }, null, 2));
  fs.writeFileSync(profile.configFile, 'auth: none\n');
  return profile;
}

/** Installs a .vsix into the profile the way a user would (`code-server --install-extension`). */
export async function installExtension(vsix: string, profile: CodeServerProfile, timeoutMs = 60_000): Promise<void> {
  const child = spawnGroup(codeServerBin(), [...profileArguments(profile), '--install-extension', vsix], { env: environment(profile) });
  const log = new OutputLog(child);
  const timer = setTimeout(() => void stopGroup(child), timeoutMs);
  const code = await exited(child);
  clearTimeout(timer);
  if (code !== 0 || !/successfully installed/i.test(log.toString())) {
    throw new Error(`code-server --install-extension ${vsix} failed (exit ${code}):\n${log.toString()}`);
  }
}

/** Starts code-server on a free loopback port for `folder` and resolves once it listens. */
export async function startCodeServer(folder: string, profile: CodeServerProfile, timeoutMs = 60_000): Promise<CodeServer> {
  const args = [
    ...profileArguments(profile),
    '--bind-addr', '127.0.0.1:0', // the system picks a free port; code-server prints it
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    folder,
  ];
  const child = spawnGroup(codeServerBin(), args, { env: environment(profile) });
  const log = new OutputLog(child);
  try {
    const [, address] = await log.waitFor(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//, child, timeoutMs);
    return {
      url: `${address}/?folder=${encodeURIComponent(folder)}`,
      output: () => log.toString(),
      stop: () => stopGroup(child),
    };
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
}

function environment(profile: CodeServerProfile): NodeJS.ProcessEnv {
  return isolatedEnvironment(profile.xdgDir);
}

function profileArguments(profile: CodeServerProfile): string[] {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}
