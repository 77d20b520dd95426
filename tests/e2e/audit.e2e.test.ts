import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { APPEAL, RALLY, REPO, SEEDS } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// The quote audit in a real VS Code (code-server + Chromium, the packaged .vsix): on the sample
// draft, the marks after verified quotes, the tally in the status bar, and the Quotes view, from
// which a misquote is revealed and its source passage opened beside it.

const SCREENSHOTS = path.join(__dirname, 'screenshots', 'audit');
const SAMPLE = fs.readFileSync(path.join(REPO, 'examples', 'draft.md'), 'utf8');
/** Words of the seed article @APPEAL, written as the writer's own (unquoted reuse). */
const COPIED = 'Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial';

describe(`the quote audit in VS Code (code-server ${CODE_SERVER_VERSION}, Chromium)`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  before(
    async () => {
      session = await E2eSession.start('audit', SCREENSHOTS, (folder) => {
        fs.mkdirSync(path.join(folder, 'sources'), { recursive: true });
        for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(folder, 'sources', name));
        fs.writeFileSync(path.join(folder, 'draft.md'), SAMPLE);
        fs.writeFileSync(path.join(folder, 'reuse.md'), `# Notes\n\nIn my view, ${COPIED}, which nobody disputes.\n`);
      });
      workbench = session.workbench;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('the sample draft shows a ✓ mark after each verified quote and the tally in the status bar', async () => {
    await workbench.openFile('draft.md');
    // 5 verified; 4 warnings (2 misquotes, a wrong source, a quote not found).
    await workbench.statusItem(/2 sources · ✓ 5 · ⚠ 4/).waitFor({ timeout: 45_000 });
    // VS Code draws inlay hints as CSS generated content: read each rendered line with its hints.
    // (A string, run in the page as it is: no DOM types here, and no helpers of the test's compiler.)
    const marksByLine = async (): Promise<string[]> =>
      workbench.page.evaluate<string[]>(`[...document.querySelectorAll('.part.editor .editor-group-container.active .monaco-editor .view-lines .view-line')].map(line => {
        let text = '';
        const generated = (node, pseudo) => {
          const content = getComputedStyle(node, pseudo).content;
          return content && content !== 'none' && content !== 'normal' ? JSON.parse(content) : '';
        };
        const walk = node => {
          if (node.nodeType === 3) { text += node.textContent; return; }
          if (node.nodeType !== 1) return;
          text += generated(node, '::before');
          node.childNodes.forEach(walk);
          text += generated(node, '::after');
        };
        walk(line);
        return text;
      })`).then((lines) => lines.map((line) => line.replace(/\s+/g, ' ')));
    let marked: string[] = [];
    // The hints come after the check; ask until the five marks are drawn (bounded).
    for (let tries = 0; tries < 100; tries++) {
      marked = (await marksByLine()).filter((line) => line.includes('✓ @'));
      if (marked.length >= 5) break;
      await delay(100);
    }
    // The five verified quotes end on lines 8, 12, 13, 21 and 30: one mark on each, none elsewhere.
    assert.equal(marked.length, 5, `lines with a mark:\n${marked.join('\n')}`);
    assert.ok(marked.some((line) => line.includes(`mechanisms" ✓ @${APPEAL}`)), marked.join('\n'));
    assert.ok(marked.some((line) => line.includes(`their own destiny. ✓ @${RALLY}`)), marked.join('\n'));
    assert.ok(!marked.some((line) => line.includes('announcement')), 'no mark on the misquote');
    await workbench.screenshot('inlay-marks');
  });

  step('the Quotes view lists the draft by verdict, with counts', async () => {
    await workbench.runCommand('Focus on Quotes View');
    // Fold the file tree so that the Quotes view has room for every group.
    await workbench.page.locator('.pane-header', { hasText: 'Workspace' }).first().click();
    const pane = workbench.page.locator('.pane', { has: workbench.page.locator('.pane-header', { hasText: 'Quotes' }) });
    await pane.locator('.pane-header .description', { hasText: '✓ 5 · ⚠ 4' }).waitFor();
    const rows = pane.locator('.monaco-list-row');
    for (const title of ['Verified (5)', 'Misquote (2)', 'Wrong source (1)', 'Not found (1)', 'Unattributed (1)', 'Not checked (3)']) {
      await rows.filter({ hasText: title }).waitFor();
    }
    // Problems are open; the misquotes are listed under their group.
    await rows.filter({ hasText: 'any announcement of compromise' }).waitFor();
    await rows.filter({ hasText: 'peace should come at such a high price' }).waitFor();
    await workbench.screenshot('quotes-view');
  });

  step('selecting a misquote reveals it in the draft', async () => {
    const pane = workbench.page.locator('.pane', { has: workbench.page.locator('.pane-header', { hasText: 'Quotes' }) });
    await pane.locator('.monaco-list-row', { hasText: 'peace should come at such a high price' }).click();
    // The quote "peace should come at such a high price" is selected: line 16, quote marks included.
    const length = '"peace should come at such a high price"'.length;
    await workbench.statusItem(new RegExp(`Ln 16, Col \\d+ \\(${length} selected\\)`)).waitFor();
    await workbench.screenshot('misquote-revealed');
  });

  step('its context action opens the source passage beside the draft', async () => {
    const { page } = workbench;
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Quotes' }) });
    await pane.locator('.monaco-list-row', { hasText: 'peace should come at such a high price' }).click({ button: 'right' });
    const action = page.locator('.context-view .monaco-menu .action-item', { hasText: 'Open Source Passage Beside' });
    await action.waitFor();
    await workbench.screenshot('quote-context-menu');
    // The menu's only item, by keyboard (a click can land while the menu is still being laid out).
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: `${RALLY}.txt` }).waitFor();
    assert.equal(await page.locator('.part.editor .editor-group-container').count(), 2, 'the source opens in a second group');
    // The passage is selected in the source: "peace should not come at such a high price".
    await workbench.statusItem(new RegExp(`Ln 9, Col \\d+ \\(${'peace should not come at such a high price'.length} selected\\)`)).waitFor();
    // The view and the tally stay with the draft while its source is in front.
    await pane.locator('.monaco-list-row', { hasText: 'Misquote (2)' }).waitFor();
    await workbench.statusItem(/✓ 5 · ⚠ 4/).waitFor();
    await workbench.screenshot('source-beside');
  });

  step('a draft\'s unquoted reuse is listed after its quotations, and selecting it reveals the run', async () => {
    const { page } = workbench;
    await workbench.openFile('reuse.md');
    const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Quotes' }) });
    await pane.locator('.monaco-list-row', { hasText: 'Unquoted reuse (1)' }).waitFor({ timeout: 30_000 });
    const row = pane.locator('.monaco-list-row', { hasText: 'Karabakh leaders said last week' });
    await row.waitFor();
    // The words are shown as the draft has them: without quotation marks.
    assert.ok(!(await row.innerText()).includes('“'), await row.innerText());
    await row.click();
    await workbench.statusItem(new RegExp(`Ln 3, Col \\d+ \\(${COPIED.length} selected\\)`)).waitFor();
    await workbench.screenshot('reuse-revealed');
  });
});
