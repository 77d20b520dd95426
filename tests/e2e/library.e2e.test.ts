import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { REPO } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// The Zotero-like sample library of examples/library/ (a Better BibTeX .bib whose entries point at
// a PDF and a saved web page) in a real VS Code: a draft that names the .bib in its front matter
// completes a .bib key, shows its hover card, gets a misquote of the PDF and a wrong-page warning,
// both fixed by their quick fixes, and go to definition opens the PDF's page as a read-only
// document with the passage selected (and the web page at its line).

const SCREENSHOTS = path.join(__dirname, 'screenshots-library');
const SAMPLES = path.join(REPO, 'examples', 'library');
const PDF_KEY = 'karabakhreport2022'; // library.bib: file = {karabakh-report.pdf}
const HTML_KEY = 'nersisyan2022'; // library.bib: file = {Snapshot:artsakh-rally.html:text/html}
const MISQUOTE_LINE = `Moscow sent "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${PDF_KEY}, p. 12].`;
const WRONG_PAGE_LINE = `The paper wrote: "It was one of the biggest rallies ever held in Karabakh" [@${PDF_KEY}, p. 14].`;
const HTML_LINE = `The minister said "Any statement of compromise made on behalf of the people of Artsakh is rejected" [@${HTML_KEY}].`;
const DRAFT = ['---', 'bibliography: library.bib', '---', '', '# A Zotero library of a PDF and a web page', '', MISQUOTE_LINE, '', WRONG_PAGE_LINE, '', HTML_LINE, ''].join('\n');

describe(`Verbatim with a Zotero library of a PDF and a web page in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  let workspace = '';
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  /** Runs the menu item: focus it by hovering, then Enter (a click can land while the menu re-renders). */
  async function choose(item: ReturnType<Workbench['page']['locator']>): Promise<void> {
    await item.hover();
    await workbench.page.locator('.context-view .monaco-menu .action-item.focused').filter({ hasText: (await item.innerText()).trim() }).waitFor();
    await workbench.page.keyboard.press('Enter');
    await item.waitFor({ state: 'detached' });
  }

  /** Opens the quick fixes of the Problems row that has `row` and runs the one titled `title`. */
  async function quickFix(row: string, title: string, screenshot?: string): Promise<void> {
    const { page } = workbench;
    const problem = page.locator('.markers-panel .monaco-list-row[aria-label^="Warning"]', { hasText: row });
    await problem.click();
    await problem.locator('a.markers-panel-action-quickfix').click();
    const fix = page.locator('.context-view .monaco-menu .action-item', { hasText: title });
    await fix.waitFor();
    if (screenshot) await workbench.screenshot(screenshot);
    await choose(fix);
  }

  before(
    async () => {
      session = await E2eSession.start('library', SCREENSHOTS, (folder) => {
        // The sample library as it is (the .bib, its attachments, Zotero's storage), but not its draft.
        fs.cpSync(SAMPLES, folder, { recursive: true, filter: (from) => !/(draft\.md|makeSamples\.ts)$/.test(from) });
        fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
      });
      workbench = session.workbench;
      workspace = session.workspace;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('the .bib\'s PDF and web page are read and the draft gets a misquote and a wrong-page warning', async () => {
    await workbench.openFile('draft.md');
    await workbench.editor.locator('.squiggly-warning').nth(1).waitFor({ timeout: 45_000 });
    const { page } = workbench;
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    const warnings = markers.locator('.monaco-list-row[aria-label^="Warning"]');
    await warnings.nth(1).waitFor();
    const labels = await Promise.all((await warnings.all()).map((row) => row.getAttribute('aria-label')));
    assert.equal(labels.length, 2, labels.join(' | '));
    assert.ok(labels[0]?.includes(`misquote of @${PDF_KEY}: source says "2,000", not "3,000"`), labels[0] ?? '');
    assert.ok(labels[1]?.includes(`wrong page for @${PDF_KEY}: the quote is on p. 12, not p. 14`), labels[1] ?? '');
    await markers.locator('.marker-code', { hasText: 'wrong-page' }).waitFor();
    await workbench.editor.locator('.squiggly-warning').nth(1).waitFor();
    await workbench.screenshot('pdf-misquote-and-wrong-page');
  });

  step('the wrong-page quick fix "Cite p. 12" rewrites the locator and its warning goes away', async () => {
    const markers = workbench.page.locator('.markers-panel');
    await quickFix('wrong page', 'Cite p. 12', 'wrong-page-quick-fix-menu');
    // The locator now reads p. 12 (inlay hints may sit between the quote and its citation).
    await workbench.editorLine(', p. 14]').waitFor({ state: 'detached' });
    await workbench.editorLine('The paper wrote').waitFor();
    await markers.locator('.monaco-list-row', { hasText: 'wrong page' }).waitFor({ state: 'detached' });
    const left = await markers.locator('.monaco-list-row[aria-label^="Warning"]').count();
    assert.equal(left, 1, 'the misquote stays');
    await workbench.screenshot('wrong-page-fixed');
  });

  step('the misquote quick fix restores the PDF\'s words', async () => {
    await quickFix('misquote', `Use the words of @${PDF_KEY}`);
    await workbench.page.locator('.markers-panel').getByText('No problems have been detected in the workspace.').waitFor();
    await workbench.editorLine('Russia deployed 2,000 peacekeeping troops').waitFor();
    await workbench.screenshot('misquote-fixed');
  });

  step('typing [@karab completes the .bib key of the PDF, and hovering it shows its card', async () => {
    const { page } = workbench;
    await workbench.appendParagraph('See [@karab');
    const widget = page.locator('.editor-widget.suggest-widget');
    await widget.locator('.monaco-list-row', { hasText: PDF_KEY }).waitFor();
    await workbench.screenshot('bib-key-completion');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await workbench.editorLine(`See [@${PDF_KEY}`).waitFor();
    await page.keyboard.type(']');
    await page.keyboard.press('Escape');
    const key = workbench.editorLine('See [@').locator('span', { hasText: PDF_KEY }).first();
    await key.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Voices from Stepanakert' });
    await hover.waitFor();
    await workbench.screenshot('bib-hover-card');
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  step('go to definition on a PDF quote opens its page read-only with the passage selected', async () => {
    const { page } = workbench;
    await workbench.editorLine('biggest rallies').locator('span', { hasText: 'biggest' }).first().click();
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: 'karabakh-report.pdf, p. 12' }).waitFor();
    await workbench.editorLine('Karabakh Armenians Appeal to Russia').waitFor();
    // The passage is selected: the status bar counts its characters.
    await workbench.editor.locator('.selected-text').first().waitFor();
    await workbench.statusItem(`(${'It was one of the biggest rallies ever held in Karabakh'.length} selected)`).waitFor();
    // Read-only: typing changes nothing.
    await page.keyboard.type('XYZ');
    assert.equal(await workbench.editorLine('XYZ').count(), 0, 'the page document is read-only');
    await workbench.screenshot('pdf-page-document');
    // The page document offers the PDF itself in the system viewer.
    await page.keyboard.press('F1');
    await workbench.quickInput.locator('input').waitFor();
    await page.keyboard.type('Open PDF in System Viewer');
    await workbench.quickInput.locator('.monaco-list-row', { hasText: 'Verbatim: Open PDF in System Viewer' }).waitFor();
    await workbench.screenshot('open-pdf-command');
    await page.keyboard.press('Escape');
  });

  step('go to definition on a quote of the HTML page opens the HTML file at the paragraph', async () => {
    const { page } = workbench;
    await page.locator('.tabs-container .tab', { hasText: 'draft.md' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'draft.md' }).waitFor();
    await workbench.editorLine('Any statement of compromise').locator('span', { hasText: 'compromise' }).first().click();
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: 'artsakh-rally.html' }).waitFor();
    // The cursor is on the paragraph's line of the HTML file (line numbers count from 1).
    const html = fs.readFileSync(path.join(SAMPLES, 'artsakh-rally.html'), 'utf8').split('\n');
    const line = html.findIndex((l) => l.includes('&ldquo;Any statement of compromise')) + 1;
    await workbench.statusItem(new RegExp(`^Ln ${line}, Col `)).waitFor();
    await workbench.editorLine('&ldquo;Any statement of compromise').waitFor();
    await workbench.screenshot('html-definition');
  });

  step('saving writes both fixes into the draft; the .bib, the PDF and the page are untouched', async () => {
    const { page } = workbench;
    await page.locator('.tabs-container .tab', { hasText: 'draft.md' }).click();
    await workbench.save();
    const saved = fs.readFileSync(path.join(workspace, 'draft.md'), 'utf8').split('\n');
    for (const line of [MISQUOTE_LINE.replace('3,000', '2,000'), WRONG_PAGE_LINE.replace('p. 14', 'p. 12')]) {
      assert.ok(saved.includes(line), `the saved draft has: ${line}\n${saved.join('\n')}`);
    }
    for (const name of ['library.bib', 'karabakh-report.pdf', 'artsakh-rally.html']) {
      assert.ok(fs.readFileSync(path.join(workspace, name)).equals(fs.readFileSync(path.join(SAMPLES, name))), `${name} unchanged`);
    }
  });
});
