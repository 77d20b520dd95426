import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

/**
 * Child processes started in a process group of their own, so that stopping one also stops what it
 * started (code-server forks its server, which forks the extension host, which starts Verbatim's
 * language server; Neovim starts the language server too).
 */
const running = new Set<ChildProcess>();

// A test process that ends early (an uncaught error, Ctrl+C, a runner's time-out) must not leave
// editors behind: the groups are detached, so no terminal signal reaches them on its own.
const killAll = (): void => {
  for (const child of running) signalGroup(child, 'SIGKILL');
};
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal); // the listener is gone: die of the signal as before
  });
}

/** Starts `command` as the leader of a new process group; its output is piped unless told otherwise. */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Whether the process has neither exited nor been killed by a signal yet. */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Resolves with the exit code (null when a signal ended it) once the process has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (!isRunning(child)) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Stops the whole group: SIGTERM, then SIGKILL if the leader has not exited within `graceMs`. */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  signalGroup(child, 'SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
  const outcome = await Promise.race([exited(child), gaveUp]);
  clearTimeout(timer);
  // Members of the group may outlive the leader (an extension host, a language server): kill them all.
  signalGroup(child, 'SIGKILL');
  if (outcome === 'timeout') await exited(child);
  running.delete(child);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group has no process left, which is what stopping wants.
  }
}

/** Collects a child's output (stdout and stderr interleaved) and lets a caller wait for a line of it. */
export class OutputLog {
  private text = '';
  private readonly waiters = new Set<() => void>();

  constructor(child: ChildProcess) {
    const append = (chunk: Buffer): void => {
      this.text += chunk.toString('utf8');
      for (const wake of this.waiters) wake();
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
  }

  /** Everything the process has printed so far. */
  toString(): string {
    return this.text;
  }

  /** The first match of `pattern` in the output, once it is printed; rejects after `timeoutMs` or when the process exits first. */
  waitFor(pattern: RegExp, child: ChildProcess, timeoutMs: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        child.off('exit', onExit);
      };
      const check = (): void => {
        const match = this.text.match(pattern);
        if (match) {
          done();
          resolve(match);
        }
      };
      const onExit = (code: number | null): void => {
        done();
        reject(new Error(`the process exited (code ${code}) before printing ${pattern}; its output:\n${this.text}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${pattern} in the process's output after ${timeoutMs} ms; its output:\n${this.text}`));
      }, timeoutMs);
      this.waiters.add(check);
      child.once('exit', onExit);
      check();
      if (this.waiters.has(check) && !isRunning(child)) onExit(child.exitCode);
    });
  }
}
