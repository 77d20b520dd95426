import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { APPEAL, RALLY, SEEDS, seedLibrary } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// End to end in a real VS Code: the packaged .vsix installed into code-server (VS Code for the
// browser, from the npm registry), driven in Debian's Chromium by Playwright. Each step waits on
// what the workbench shows and saves a screenshot in tests/e2e/screenshots/.

const SCREENSHOTS = path.join(__dirname, 'screenshots');
const APPEAL_TITLE = 'Karabakh Armenians Appeal to Russia';
const RALLY_TITLE = seedLibrary().get(RALLY)?.source.meta.title ?? '';
const MISQUOTE_LINE = `He said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].`;
const FIXED_QUOTE = 'Russia deployed 2,000 peacekeeping troops in Karabakh';
const DRAFT = ['# Peacekeepers', '', MISQUOTE_LINE, '', `The parliament "did not specify those mechanisms" [@${APPEAL}].`, ''].join('\n');

describe(`Verbatim in VS Code (code-server ${CODE_SERVER_VERSION}, Chromium)`, () => {
  let session: E2eSession | undefined;
  let workspace = '';
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  before(
    async () => {
      assert.ok(RALLY_TITLE !== '', `the seed library has no ${RALLY}`);
      session = await E2eSession.start('vscode', SCREENSHOTS, (folder) => {
        fs.mkdirSync(path.join(folder, 'sources'), { recursive: true });
        for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(folder, 'sources', name));
        fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
      });
      workbench = session.workbench;
      workspace = session.workspace;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('opening the draft starts the extension, indexes the workspace sources and underlines the misquote', async () => {
    await workbench.openFile('draft.md');
    await workbench.statusItem(/\b2 sources\b/).waitFor({ timeout: 45_000 });
    await workbench.editor.locator('.squiggly-warning').first().waitFor();
    await workbench.screenshot('draft-opened');
  });

  step('typing [@ suggests both seed articles, with their titles', async () => {
    const { page } = workbench;
    await workbench.appendParagraph('See [@');
    const widget = page.locator('.editor-widget.suggest-widget');
    for (const key of [APPEAL, RALLY]) await widget.locator('.monaco-list-row', { hasText: key }).waitFor();
    assert.equal(await widget.locator('.monaco-list-row').count(), 2, 'one suggestion per source');

    // The list shows keys (and outlet, date); the title is the item's detail, shown in the details pane.
    await page.keyboard.press('Control+Space');
    const details = page.locator('.suggest-details-container .suggest-details');
    await details.waitFor();
    for (const [key, title] of [
      [APPEAL, APPEAL_TITLE],
      [RALLY, RALLY_TITLE],
    ] as const) {
      const row = widget.locator('.monaco-list-row', { hasText: key });
      for (let moves = 0; moves < 2 && !(await row.getAttribute('class'))?.includes('focused'); moves++) await page.keyboard.press('ArrowDown');
      await widget.locator('.monaco-list-row.focused', { hasText: key }).waitFor();
      await details.locator('.header', { hasText: title }).waitFor();
      await details.locator('.docs', { hasText: `@${key}` }).waitFor();
      await workbench.screenshot(`completion-${key}`);
    }

    // Accepting the focused suggestion inserts its key.
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await workbench.editorLine(`See [@${RALLY}`).waitFor();
  });

  step('hovering a key shows the source card of the workspace copy', async () => {
    const { page } = workbench;
    await page.keyboard.press('Escape');
    const key = workbench.editorLine('peacekeeping').locator('span span', { hasText: APPEAL }).first();
    await key.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: APPEAL_TITLE });
    await hover.waitFor();
    const card = (await hover.innerText()).replace(/\s+/g, ' ');
    // The file is the workspace's copy (sources/), not the seed bundled in the extension (seeds/).
    for (const part of [APPEAL, 'Azatutyun', '2022-11-01', '504 words', `sources/${APPEAL}.txt`, 'Tens of thousands gathered in Stepanakert']) {
      assert.ok(card.includes(part), `the source card has "${part}":\n${card}`);
    }
    await workbench.screenshot('hover-source-card');
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  step('the Problems panel lists the misquote, with the source passage', async () => {
    const { page } = workbench;
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    const warning = markers.locator('.monaco-list-row[aria-label^="Warning"]');
    await warning.first().waitFor();
    assert.equal(await warning.count(), 1, 'exactly one problem in the draft');
    const label = (await warning.getAttribute('aria-label')) ?? '';
    assert.ok(label.includes(`misquote of @${APPEAL}: source says "2,000", not "3,000"`), label);
    assert.match(label, /at line 3 and character 9/);
    assert.match(label, /generated by verbatim/);
    await warning.locator('.marker-code', { hasText: 'misquote' }).waitFor();
    await markers.locator('.monaco-list-row', { hasText: `the passage in @${APPEAL}: "${FIXED_QUOTE}"` }).waitFor();
    await workbench.screenshot('problems-misquote');
  });

  step('its quick fix "Use the words of @…" restores the source wording and the warning goes away', async () => {
    const { page } = workbench;
    const markers = page.locator('.markers-panel');
    const warning = markers.locator('.monaco-list-row[aria-label^="Warning"]');
    await warning.click();
    // The light bulb appears on the row once VS Code has the problem's code actions.
    await warning.locator('a.markers-panel-action-quickfix').click();
    const fix = page.locator('.context-view .monaco-menu .action-item', { hasText: `Use the words of @${APPEAL}` });
    await fix.waitFor();
    await workbench.screenshot('quick-fix-menu');
    await workbench.chooseMenuItem(fix);
    await markers.getByText('No problems have been detected in the workspace.').waitFor();
    await workbench.editorLine(FIXED_QUOTE).waitFor();
    await workbench.editor.locator('.squiggly-warning').waitFor({ state: 'detached' });
    await workbench.screenshot('quick-fix-applied');
  });

  step('"Verbatim: Insert Citation" picks a source by its title and inserts [@key]', async () => {
    const { page, quickInput } = workbench;
    await workbench.appendParagraph('Tens of thousands rallied in Stepanakert ');
    await workbench.runCommand('Verbatim: Insert Citation');
    const rows = quickInput.locator('.monaco-list-row');
    for (const key of [APPEAL, RALLY]) await rows.filter({ hasText: `@${key}` }).waitFor();
    const labels = await Promise.all((await rows.all()).map((row) => row.getAttribute('aria-label')));
    assert.ok(labels.some((label) => label?.startsWith(`@${APPEAL}, ${APPEAL_TITLE}`)), `a pick for ${APPEAL}: ${labels.join(' | ')}`);
    assert.ok(labels.some((label) => label?.startsWith(`@${RALLY}, ${RALLY_TITLE}`)), `a pick for ${RALLY}: ${labels.join(' | ')}`);
    await workbench.screenshot('insert-citation-picker');

    await page.keyboard.type('Karabakh Armenians');
    await rows.filter({ hasText: `@${RALLY}` }).waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    await workbench.editorLine(`Tens of thousands rallied in Stepanakert [@${APPEAL}]`).waitFor();
    await workbench.screenshot('citation-inserted');
  });

  step('saving writes the edited draft; the sources are untouched', async () => {
    await workbench.save();
    const saved = fs.readFileSync(path.join(workspace, 'draft.md'), 'utf8').split('\n');
    for (const line of [MISQUOTE_LINE.replace('3,000', '2,000'), `Tens of thousands rallied in Stepanakert [@${APPEAL}]`]) {
      assert.ok(saved.includes(line), `the saved draft has the line ${line}:\n${saved.join('\n')}`);
    }
    assert.ok(!saved.includes(MISQUOTE_LINE), 'the misquote is gone from the saved draft');
    for (const name of fs.readdirSync(SEEDS)) {
      assert.equal(fs.readFileSync(path.join(workspace, 'sources', name), 'utf8'), fs.readFileSync(path.join(SEEDS, name), 'utf8'), name);
    }
  });
});
