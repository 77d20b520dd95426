import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// The interview of examples/interview/ (a meeting as WebVTT, SubRip, Whisper JSON and an Otter
// export) in a real VS Code: a quote cited at the wrong time and given to the wrong speaker gets
// both warnings, and their quick fixes rewrite only the time and the name.

const SCREENSHOTS = path.join(__dirname, 'screenshots-transcripts');
const INTERVIEW = path.join(REPO, 'examples', 'interview', 'sources');
const LINE = '"We lost a week of catch, but nobody was hurt," Mara Quint said [@council, 10:00].';
const DRAFT = ['# The harbour reopens', '', LINE, ''].join('\n');

describe(`Verbatim with transcripts in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  /** Opens the quick fixes of the Problems row that has `row` and runs the one titled `title`. */
  async function quickFix(row: string, title: string): Promise<void> {
    const { page } = workbench;
    const problem = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: row });
    await problem.click();
    await problem.locator('a.markers-panel-action-quickfix').click();
    const fix = page.locator('.context-view .monaco-menu .action-item', { hasText: title });
    await fix.waitFor();
    await fix.hover();
    await page.locator('.context-view .monaco-menu .action-item.focused').filter({ hasText: title }).waitFor();
    await page.keyboard.press('Enter');
    await fix.waitFor({ state: 'detached' });
  }

  before(
    async () => {
      session = await E2eSession.start('transcripts', SCREENSHOTS, (folder) => {
        fs.cpSync(INTERVIEW, path.join(folder, 'sources'), { recursive: true });
        fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
      });
      workbench = session.workbench;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('a quote at the wrong time, given to the wrong speaker, gets wrong-time and wrong-speaker', async () => {
    await workbench.openFile('draft.md');
    await workbench.editor.locator('.squiggly-warning').first().waitFor({ timeout: 45_000 });
    const { page } = workbench;
    await page.keyboard.press('Control+Shift+M');
    const warnings = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]');
    await warnings.nth(1).waitFor();
    const labels = (await Promise.all((await warnings.all()).map((row) => row.getAttribute('aria-label')))).join(' | ');
    assert.ok(labels.includes('wrong time for @council: the quote is spoken at 12:31, not 10:00'), labels);
    assert.ok(labels.includes('wrong speaker: @council gives these words to Ewan Dorsey, not Mara Quint'), labels);
    await workbench.screenshot('wrong-time-and-wrong-speaker');
  });

  step('the quick fixes cite 12:31 and name Ewan Dorsey, and the warnings go away', async () => {
    await quickFix('wrong time', 'Cite 12:31');
    await workbench.editorLine(', 10:00]').waitFor({ state: 'detached' });
    await quickFix('wrong speaker', 'Name Ewan Dorsey');
    await workbench.page.locator('.markers-panel').getByText('No problems have been detected in the workspace.').waitFor();
    await workbench.editorLine('Ewan Dorsey said').waitFor();
    await workbench.screenshot('fixed');
  });
});
