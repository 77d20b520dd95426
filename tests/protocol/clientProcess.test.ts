import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { watchClientProcess } from '../../server/src/lsp/clientProcess';
import { REPO, TEST_ENV } from '../helpers';
import { frame, SERVER_BIN } from './lspClient';

// The parent-process check (issue 27): the server ends when its client's process is gone and
// says why; a client process of another user (EPERM) runs, so the server goes on.

const TEST = { timeout: 60_000 };

function failure(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('the client process watch', () => {
  test('EPERM is a running process of another user: said once, never the end; ESRCH ends the server, saying why', TEST, async () => {
    const lines: string[] = [];
    let answers = ['EPERM', 'EPERM', 'EPERM', 'ESRCH'];
    const alive = setInterval(() => undefined, 1_000); // the watch's own timer does not hold the process
    const exited = await new Promise<number>((resolve) => {
      watchClientProcess({
        pid: 4242,
        everyMs: 1,
        log: (line) => lines.push(line),
        exit: resolve,
        probe: () => {
          const answer = answers[0]!;
          answers = answers.slice(1);
          throw failure(answer);
        },
      });
    });
    clearInterval(alive);
    assert.equal(exited, 1);
    assert.deepEqual(lines, [
      "the client's process 4242 runs as another user (signalling it is not permitted): it is taken as running",
      "the client's process 4242 is gone (no such process): ending the server",
    ]);
  });

  /** Starts the built server (as `uid` when given), initializes it with `processId`, and collects its messages. */
  function session(processId: number, uid?: number) {
    const child = spawn(process.execPath, [SERVER_BIN, 'lsp', '--stdio'], {
      cwd: REPO,
      env: { ...TEST_ENV, VERBATIM_TEST_CLIENT_CHECK_MS: '50' },
      ...(uid !== undefined ? { uid, gid: uid } : {}),
    });
    const messages: Array<Record<string, unknown>> = [];
    let buffer = Buffer.alloc(0);
    child.stdout.on('data', (data: Buffer) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const header = /^Content-Length: (\d+)\r\n\r\n/.exec(buffer.toString('latin1', 0, Math.min(buffer.length, 64)));
        if (!header || buffer.length < header[0].length + Number(header[1])) break;
        messages.push(JSON.parse(buffer.toString('utf8', header[0].length, header[0].length + Number(header[1]))) as Record<string, unknown>);
        buffer = buffer.subarray(header[0].length + Number(header[1]));
      }
    });
    const send = (body: object): boolean => child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', ...body })));
    send({ id: 1, method: 'initialize', params: { processId, rootUri: null, capabilities: {} } });
    send({ method: 'initialized', params: {} });
    const logged = (pattern: RegExp): boolean => messages.some((m) => m['method'] === 'window/logMessage' && pattern.test((m['params'] as { message: string }).message));
    const until = (what: string, condition: () => boolean): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}: ${JSON.stringify(messages.slice(-5))}`)), 20_000);
        const check = (): void => {
          if (condition()) {
            clearTimeout(timer);
            resolve();
          } else setTimeout(check, 20);
        };
        check();
      });
    return { child, messages, send, logged, until };
  }

  test('a client process that is gone ends the server, with the reason in its log', TEST, async () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const server = session(Number(gone.stdout));
    const exit = new Promise<number | null>((resolve) => server.child.on('exit', resolve));
    try {
      await server.until('the reason', () => server.logged(new RegExp(`client's process ${gone.stdout} is gone`)));
      assert.equal(await exit, 1);
    } finally {
      server.child.kill();
    }
  });

  test('a client process of another user (EPERM) leaves the server running', { ...TEST, skip: process.getuid?.() !== 0 && 'needs root, to start the server as another user' }, async () => {
    const server = session(process.pid, 65534); // the server runs as nobody, the client (this process) as root
    try {
      await server.until('the note', () => server.logged(/runs as another user/));
      server.send({ id: 2, method: 'workspace/symbol', params: { query: '' } });
      await server.until('an answer after several checks', () => server.messages.some((m) => m['id'] === 2));
      assert.equal(server.child.exitCode, null, 'still running');
    } finally {
      server.child.kill();
    }
  });
});
