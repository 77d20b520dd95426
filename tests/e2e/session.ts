import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';
import { createProfile, installExtension, startCodeServer, type CodeServer } from './codeServer';
import { CHROMIUM, isolatedEnvironment, packagedExtension, requireFile } from './e2eTools';
import { Workbench } from './workbench';

/**
 * One VS Code session of an end-to-end suite: the packaged .vsix installed into code-server over a
 * temporary workspace, driven in Chromium. `start` in a `before` hook, `stop` in `after`, and
 * `sessionStep` for each test: a failing step leaves a screenshot, and the session then keeps its
 * folder and prints code-server's output.
 */
export class E2eSession {
  workbench!: Workbench;
  /** The workspace folder code-server opened. */
  readonly workspace: string;
  private server: CodeServer | undefined;
  private browser: Browser | undefined;
  private failed = true; // until the workbench is up: a failed start keeps its files and output

  private constructor(
    private readonly root: string,
    private readonly screenshots: string,
  ) {
    this.workspace = path.join(root, 'workspace');
  }

  /**
   * Starts code-server on a new workspace that `prepare` fills, and opens the workbench; `extensions`
   * are further .vsix files installed beside Verbatim's (a test's helper extension).
   */
  static async start(name: string, screenshots: string, prepare: (workspace: string) => void, extensions: readonly string[] = []): Promise<E2eSession> {
    const vsix = packagedExtension();
    requireFile(vsix, `no packaged extension at ${vsix}`, 'run `npm run package` first, or set VERBATIM_VSIX');
    requireFile(CHROMIUM, `no Chromium at ${CHROMIUM}`);
    // Only this suite's own pictures: another suite may keep its own in a sub-folder (screenshots/audit/).
    for (const old of fs.existsSync(screenshots) ? fs.readdirSync(screenshots) : []) if (old.endsWith('.png')) fs.rmSync(path.join(screenshots, old));
    const session = new E2eSession(fs.mkdtempSync(path.join(os.tmpdir(), `verbatim-e2e-${name}-`)), screenshots);
    fs.mkdirSync(session.workspace, { recursive: true });
    prepare(session.workspace);
    const profile = createProfile(path.join(session.root, 'profile'));
    await installExtension(vsix, profile);
    for (const extension of extensions) await installExtension(extension, profile);
    session.server = await startCodeServer(session.workspace, profile);
    session.browser = await chromium.launch({
      executablePath: CHROMIUM,
      // No sandbox (root), no GPU (headless), and no calls home: this machine has no internet.
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
      env: isolatedEnvironment(path.join(session.root, 'chromium')),
      timeout: 30_000,
    });
    session.workbench = await Workbench.open(session.browser, session.server.url, session.screenshots);
    session.failed = false;
    return session;
  }

  /** Runs one step; a failure saves a screenshot named after the step and marks the session failed. */
  async run(t: TestContext, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      this.failed = true;
      t.diagnostic(`screenshot of the failure: ${await this.workbench.screenshot(`FAILED-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60)}`)}`);
      throw error;
    }
  }

  /** Closes the browser and code-server; keeps the folder (and prints the output) after a failure. */
  async stop(): Promise<void> {
    // Bounded: a browser that hangs on close is killed with the test process (Playwright's exit handler).
    await Promise.race([this.browser?.close().catch(() => undefined), delay(10_000)]);
    const output = this.server?.output() ?? '';
    await this.server?.stop();
    if (this.failed) {
      if (output) process.stderr.write(`code-server's output:\n${output}\n`);
      process.stderr.write(`kept for inspection: ${this.root}\n`);
    } else {
      fs.rmSync(this.root, { recursive: true, force: true });
    }
  }
}

/** A test step of the session `session()` gives (started in `before`, so looked up when it runs). */
export function sessionStep(session: () => E2eSession | undefined, name: string, body: () => Promise<void>, options = { timeout: 60_000 }): void {
  test(name, options, async (t) => {
    const current = session();
    if (current === undefined) throw new Error('the VS Code session did not start');
    await current.run(t, name, body);
  });
}
