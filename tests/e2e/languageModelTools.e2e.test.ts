import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { APPEAL, REPO, SEEDS, temporaryFolder } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// Verbatim's language-model tools (SPEC section 8a) in a real VS Code: registered from the packaged
// .vsix and invoked through `vscode.lm.invokeTool` by a test-only extension (lmToolCaller/), as an
// agent's chat participant invokes them; no language model is needed for that. Outside a chat, VS
// Code asks for each call's confirmation in a dialog, which the test accepts.

const SCREENSHOTS = path.join(__dirname, 'screenshots', 'lmTools');
const DRAFT = ['# Peacekeepers', '', `He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].`, ''].join('\n');

/** The helper extension packed into a .vsix (vsce, offline). */
function packHelper(): string {
  const dir = temporaryFolder('verbatim-lm-caller-');
  fs.cpSync(path.join(__dirname, 'lmToolCaller'), dir, { recursive: true });
  const vsix = path.join(dir, 'caller.vsix');
  const vsce = spawnSync(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: dir, encoding: 'utf8' });
  assert.equal(vsce.status, 0, vsce.stderr + vsce.stdout);
  return vsix;
}

interface Results {
  tools: Array<{ name: string; description: string; tags: string[]; inputSchema?: { required?: string[]; properties?: Record<string, unknown> } }>;
  calls: Record<string, { text?: string; error?: string }>;
  failure?: string;
}

describe(`Verbatim's language-model tools in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  before(
    async () => {
      const helper = packHelper();
      session = await E2eSession.start(
        'lm-tools',
        SCREENSHOTS,
        (folder) => {
          fs.mkdirSync(path.join(folder, 'sources'), { recursive: true });
          for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(folder, 'sources', name));
          fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
          // A draft outside the workspace, which the tool must refuse to read.
          fs.writeFileSync(path.join(folder, '..', 'outside.md'), 'He said "SECRET-51c2 words never to be read" [@x].\n');
        },
        [helper],
      );
      workbench = session.workbench;
    },
    { timeout: 240_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('the tools are registered once the server answers, and an agent\'s invokeTool calls get the library\'s answers', async () => {
    await workbench.openFile('draft.md');
    await workbench.statusItem(/\b2 sources\b/).waitFor({ timeout: 60_000 });
    await workbench.runCommand('Verbatim Test: Invoke Language Model Tools');
    const results = path.join(session!.workspace, 'lm-results.json');
    // Each call outside a chat asks for confirmation in a dialog: accept each until the results are written.
    const dialog = workbench.page.locator('.monaco-dialog-box');
    const shown = async (): Promise<string> => (await dialog.isVisible().catch(() => false)) ? (await dialog.innerText().catch(() => '')).trim() : '';
    const titles: string[] = [];
    for (let i = 0; i < 240 && !fs.existsSync(results); i++) {
      const text = await shown();
      if (text === '') {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      titles.push((await dialog.locator('.dialog-message-text').innerText()).trim());
      await workbench.screenshot(`confirmation-${titles.length}`);
      await dialog.getByRole('button', { name: 'Yes' }).click();
      // The next call's dialog may follow at once: wait until this one is gone or replaced.
      for (let j = 0; j < 40 && (await shown()) === text; j++) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(fs.existsSync(results), 'the helper extension wrote no results');
    const got = JSON.parse(fs.readFileSync(results, 'utf8')) as Results;
    assert.equal(got.failure, undefined, got.failure);

    // Registration: both tools, with their schemas and tags, as package.json contributes them.
    assert.deepEqual(got.tools.map((t) => t.name).sort(), ['verbatim_checkQuotes', 'verbatim_findPassage']);
    const find = got.tools.find((t) => t.name === 'verbatim_findPassage')!;
    assert.deepEqual(find.inputSchema?.required, ['words']);
    assert.ok(find.tags.includes('verbatim'));
    assert.match(find.description, /before quoting/i);
    // The confirmations VS Code showed are the tools' own.
    assert.deepEqual(titles, ['Find a passage with Verbatim?', 'Check quotations with Verbatim?', 'Check quotations with Verbatim?']);

    const found = got.calls['verbatim_findPassage {"words":"Russia deployed 2000 peacekeeping troops"}']!;
    assert.equal(found.error, undefined, found.error);
    assert.match(found.text!, new RegExp(`quote: “Russia deployed 2,000 peacekeeping troops” \\[@${APPEAL}\\]`));

    const checked = got.calls['verbatim_checkQuotes {"path":"draft.md"}']!;
    assert.equal(checked.error, undefined, checked.error);
    assert.match(checked.text!, /^draft\.md: 1 quotation/);
    assert.match(checked.text!, /3:9 MISQUOTE “Russia deployed 3,000 peacekeeping troops in Karabakh”/);
    assert.match(checked.text!, /fix: .*“Russia deployed 2,000 peacekeeping troops in Karabakh”/);

    const outside = got.calls['verbatim_checkQuotes {"path":"../outside.md"}']!;
    assert.match(outside.error ?? '', /outside the workspace/);
    assert.doesNotMatch(JSON.stringify(got), /SECRET-51c2/);
  });
});
