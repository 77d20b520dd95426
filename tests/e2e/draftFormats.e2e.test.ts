import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO, SEEDS } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// Drafts as writers write them, in a real VS Code with no LaTeX or Quarto extension installed: the
// LaTeX and Quarto drafts of examples/formats/ get their misquotes, and a quick fix in each writes
// the source's words into the draft's own syntax.

const SCREENSHOTS = path.join(__dirname, 'screenshots-draft-formats');
const FORMATS = path.join(REPO, 'examples', 'formats');

describe(`LaTeX and Quarto drafts in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  before(
    async () => {
      session = await E2eSession.start('draft-formats', SCREENSHOTS, (folder) => {
        fs.cpSync(SEEDS, path.join(folder, 'sources'), { recursive: true });
        for (const name of ['paper.tex', 'notes.qmd']) fs.copyFileSync(path.join(FORMATS, name), path.join(folder, name));
      });
      workbench = session.workbench;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('a LaTeX draft: the misquote inside \\textcquote is fixed in place', async () => {
    await workbench.openFile('paper.tex');
    await workbench.statusItem(/\b2 sources\b/).waitFor({ timeout: 45_000 });
    const { page } = workbench;
    await page.keyboard.press('Control+Shift+M');
    const warning = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: 'not "procedures"' });
    await warning.waitFor();
    await workbench.editor.locator('.squiggly-warning').first().waitFor();
    await workbench.screenshot('latex-misquotes');
    await warning.click();
    await warning.locator('a.markers-panel-action-quickfix').click();
    const fix = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Use the words of @001_7824a7d0d4dc771b' });
    await fix.waitFor();
    await fix.hover();
    await page.keyboard.press('Enter');
    await workbench.editorLine('mechanisms}.').waitFor();
    await warning.waitFor({ state: 'detached' });
    await workbench.screenshot('latex-quick-fix-applied');
  });

  step('a Quarto draft: cross-references are not keys, and the misquote is fixed', async () => {
    await workbench.openFile('notes.qmd');
    const { page } = workbench;
    const warning = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: 'not "safety"' });
    await warning.waitFor();
    await workbench.screenshot('quarto-misquote');
    await warning.click();
    await warning.locator('a.markers-panel-action-quickfix').click();
    const fix = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Use the words of @001_7824a7d0d4dc771b' });
    await fix.waitFor();
    await fix.hover();
    await page.keyboard.press('Enter');
    await workbench.editorLine('ensure the security of the people').waitFor();
    await warning.waitFor({ state: 'detached' });
    await page.locator('.markers-panel .monaco-list-row[aria-label^="Error"]').first().waitFor({ state: 'detached', timeout: 1_000 }).catch(() => {
      throw new Error('a Quarto cross-reference was read as a citation key');
    });
    await workbench.screenshot('quarto-quick-fix-applied');
  });
});
