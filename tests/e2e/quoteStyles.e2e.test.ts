import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { WORLD } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// Quote styles of other languages in a real VS Code: a French draft quoting with « » (no-break
// spaces inside), its misquotes, a fix that keeps the guillemets, quote completion closing with »,
// and a Japanese draft quoting with 「」. The sources are those of examples/world/.

const SCREENSHOTS = path.join(__dirname, 'screenshots-quote-styles');

describe(`Quote styles of every language in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  before(
    async () => {
      session = await E2eSession.start('quote-styles', SCREENSHOTS, (folder) => {
        fs.cpSync(path.join(WORLD, 'sources'), path.join(folder, 'sources'), { recursive: true });
        for (const name of ['draft-fr.md', 'draft-ja.md']) fs.copyFileSync(path.join(WORLD, name), path.join(folder, name));
      });
      workbench = session.workbench;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('a French draft quoting with « »: its three misquotes and nothing else', async () => {
    await workbench.openFile('draft-fr.md');
    await workbench.statusItem(/\b7 sources\b/).waitFor({ timeout: 45_000 });
    const { page } = workbench;
    await page.keyboard.press('Control+Shift+M');
    const warnings = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]');
    await warnings.nth(2).waitFor();
    const labels = await Promise.all((await warnings.all()).map((row) => row.getAttribute('aria-label')));
    assert.equal(labels.length, 3, labels.join(' | '));
    assert.ok(labels[0]?.includes('misquote of @lyon-eau: source says "personne ne", not "tout le monde"'), labels[0] ?? '');
    assert.ok(labels[1]?.includes('misquote of @lyon-eau: quote leaves out "ne" without an ellipsis'), labels[1] ?? '');
    assert.ok(labels[2]?.includes('misquote of @lyon-eau: source says "rien n’a", not "tout a"'), labels[2] ?? '');
    await workbench.editor.locator('.squiggly-warning').nth(2).waitFor();
    await workbench.screenshot('french-draft-misquotes');
  });

  step('the quick fix restores the source’s words inside the writer’s « »', async () => {
    const { page } = workbench;
    const warning = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: 'rien n’a' });
    await warning.click();
    await warning.locator('a.markers-panel-action-quickfix').click();
    const fix = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Use the words of @lyon-eau' });
    await fix.waitFor();
    await fix.hover();
    await page.keyboard.press('Enter');
    await workbench.editorLine('« on nous a déjà promis une baisse en 2022, et rien n’a changé » [@lyon-eau]').waitFor();
    await page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: 'not "tout a"' }).waitFor({ state: 'detached' });
    assert.equal(await page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]').count(), 2);
    await workbench.screenshot('french-quick-fix-applied');
  });

  step('quote completion inside « offers the rest of the sentence and closes with »', async () => {
    const { page } = workbench;
    await workbench.appendParagraph('Elle a répété : « Nous ne baisserons pas le');
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.editor-widget.suggest-widget');
    const row = widget.locator('.monaco-list-row', { hasText: 'prix de l’eau' }).first();
    await row.waitFor();
    await workbench.screenshot('french-quote-completion');
    await page.keyboard.press('Enter');
    await workbench.editorLine('canalisations neuves » [@lyon-eau]').waitFor();
    await workbench.screenshot('french-quote-completed');
  });

  step('a Japanese draft quoting with 「」: a changed character and a dropped negation', async () => {
    await workbench.openFile('draft-ja.md');
    const { page } = workbench;
    const japanese = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: 'sendai-shinkansen' });
    await japanese.nth(1).waitFor();
    const labels = await Promise.all((await japanese.all()).map((row) => row.getAttribute('aria-label')));
    assert.equal(labels.length, 2, labels.join(' | '));
    assert.ok(labels[0]?.includes('source says "五", not "三"'), labels[0] ?? '');
    assert.ok(labels[1]?.includes('source says "ない", not "る"'), labels[1] ?? '');
    await workbench.editor.locator('.squiggly-warning').nth(1).waitFor();
    await workbench.screenshot('japanese-draft-misquotes');
  });
});
