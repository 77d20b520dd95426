import type { Message, MessageStrategy, RequestMessage } from 'vscode-languageserver/node';

type Handled = ReturnType<MessageStrategy['handleMessage']>;

/**
 * The client's process, watched: the server ends when that process is gone, as LSP asks, and says
 * why in its log. vscode-languageserver's own check ends the server silently on any error of
 * `process.kill(pid, 0)`, also EPERM, which means the process runs but as another user (a client
 * started by another user than the server's): that ended such servers after 3 s with nothing logged.
 * So the library is given no process id to watch: `--clientProcessId` leaves `process.argv` when
 * this module loads (before the library does: `lsp/main.ts` and the CLI's `lsp` command import
 * this first) and `initialize`'s `processId` is taken out by `CLIENT_PROCESS_STRATEGY`.
 */

/** How often the client's process is looked for; a test may shorten it. */
const CHECK_EVERY_MS = Number(process.env['VERBATIM_TEST_CLIENT_CHECK_MS']) || 3_000;

const ARGUMENT = '--clientProcessId';

/** The process id the command line named, taken out of it. */
const fromArguments = takeArgument(process.argv);

let named: number | undefined = fromArguments;
let onNamed: ((pid: number) => void) | undefined;

function takeArgument(argv: string[]): number | undefined {
  let pid: number | undefined;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === ARGUMENT ? argv[i + 1] : arg.startsWith(`${ARGUMENT}=`) ? arg.slice(ARGUMENT.length + 1) : undefined;
    if (value === undefined) continue;
    argv.splice(i, arg === ARGUMENT ? 2 : 1);
    i--;
    const parsed = Number.parseInt(value, 10);
    if (Number.isInteger(parsed) && parsed > 0) pid = parsed;
  }
  return pid;
}

/** Takes `initialize`'s `processId` for this module's watch (the library then watches nothing). */
export const CLIENT_PROCESS_STRATEGY: MessageStrategy = {
  handleMessage(message: Message, next: (message: Message) => Handled): Handled {
    const request = message as RequestMessage;
    const params = request.method === 'initialize' ? (request.params as { processId?: unknown } | null | undefined) : undefined;
    if (params && typeof params.processId === 'number') {
      if (named === undefined) {
        named = params.processId;
        onNamed?.(named);
      }
      return next({ ...request, params: { ...params, processId: null } } as Message);
    }
    return next(message);
  },
};

/** What the watch does; tests give their own. */
export interface ClientProcessWatch {
  log(message: string): void;
  /** Ends the server (after the log line is out). */
  exit(code: number): void;
  /** `process.kill(pid, 0)`. */
  probe?(pid: number): void;
  /** The process to watch; default: the one the command line or `initialize` names. */
  readonly pid?: number;
  /** How often to look (default 3 s, or `VERBATIM_TEST_CLIENT_CHECK_MS`). */
  readonly everyMs?: number;
}

/**
 * Watches the client's process (from the command line, or `initialize` once it comes) and ends the
 * server when it is gone (ESRCH), logging why; a process that cannot be signalled (EPERM: another
 * user's) runs, and that is said once. Returns a function that stops the watch.
 */
export function watchClientProcess(watch: ClientProcessWatch): () => void {
  let timer: NodeJS.Timeout | undefined;
  const start = (pid: number): void => {
    const told = new Set<string>();
    const probe = watch.probe ?? ((id: number) => void process.kill(id, 0));
    timer = setInterval(() => {
      const state = processState(pid, probe);
      if (state === 'gone') {
        clearInterval(timer);
        watch.log(`the client's process ${pid} is gone (no such process): ending the server`);
        watch.exit(1);
      } else if (state !== 'running' && !told.has(state)) {
        told.add(state);
        watch.log(`the client's process ${pid} ${state}: it is taken as running`);
      }
    }, watch.everyMs ?? CHECK_EVERY_MS);
    timer.unref();
  };
  const pid = watch.pid ?? named;
  if (pid !== undefined) start(pid);
  else onNamed = start;
  return () => {
    onNamed = undefined;
    if (timer) clearInterval(timer);
  };
}

/** `running`, `gone` (ESRCH), or why the process is taken as running though it cannot be signalled. */
function processState(pid: number, probe: (pid: number) => void): string {
  try {
    probe(pid);
    return 'running';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return 'gone';
    // EPERM: it runs, as another user. Anything else says nothing of it being gone either.
    return code === 'EPERM' ? 'runs as another user (signalling it is not permitted)' : `cannot be looked for (${code ?? (error as Error).message})`;
  }
}
