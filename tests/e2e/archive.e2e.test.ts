import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { benchCorpus, cli } from '../archive/archiveFixtures';
import { PAGE_FACTS, PAGE_FILE, PAGE_HTML, PAGE_KEY, PAGE_SENTENCE, PAGE_TITLE } from '../archive/archivedPage';
import { postgresMissing, startPostgres, type ThrowawayPostgres } from '../postgres';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// A shared PostgreSQL archive in a real VS Code: the status bar shows it (article count, then
// reconnecting while it is down, then connected again), a key typed by a word of an archived
// article's title completes, its hover card comes from the archive's metadata, and go to definition
// on an archived quote opens the article's text read-only with the passage selected.

const SCREENSHOTS = path.join(__dirname, 'screenshots', 'archive');
const LOCAL_LINE = 'The memo said "the harbour stayed open for every boat that week" [@memo].';
const ARCHIVED_LINE = `The station log says "${PAGE_SENTENCE}" [@${PAGE_KEY}].`;
const DRAFT = ['# Notes on the coast', '', LOCAL_LINE, '', ARCHIVED_LINE, ''].join('\n');
const missing = postgresMissing();

describe(`Verbatim with a PostgreSQL archive in VS Code (code-server ${CODE_SERVER_VERSION})`, { skip: missing }, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  let database: ThrowawayPostgres | undefined;
  let articles = 0;
  let corpusDir = '';
  let archivedQuote = { text: '', cited: '' };
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  before(
    async () => {
      database = await startPostgres();
      const corpus = benchCorpus(2);
      corpusDir = corpus.dir;
      fs.writeFileSync(path.join(corpus.dir, PAGE_FILE), PAGE_HTML);
      const load = cli(['archive', 'load', corpus.dir, '--db', database.url], corpus.dir);
      assert.equal(load.status, 0, load.stderr);
      articles = corpus.articles.length + 1;
      archivedQuote = corpus.quotes.find((q) => q.kind === 'verbatim')!;
      // Workspace trust is off in these sessions, so the workspace's settings may name the archive.
      const url = database.url.replace('postgres@', 'postgres:sekret@');
      session = await E2eSession.start('archive', SCREENSHOTS, (folder) => {
        fs.mkdirSync(path.join(folder, 'sources'));
        fs.writeFileSync(path.join(folder, 'sources', 'memo.md'), '---\nid: memo\ntitle: Harbour memo\n---\n\nThe weather was fine all week and the harbour stayed open for every boat that week.\n');
        fs.mkdirSync(path.join(folder, '.vscode'));
        fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'verbatim.sources': ['sources'], 'verbatim.bundledSources': 'never', 'verbatim.archive.url': url }));
        fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
      });
      workbench = session.workbench;
    },
    { timeout: 180_000 },
  );

  after(
    async () => {
      await session?.stop();
      database?.destroy();
      if (corpusDir) fs.rmSync(corpusDir, { recursive: true, force: true });
    },
    { timeout: 30_000 },
  );

  step('the status bar shows the archive and its article count; both quotes are verified', async () => {
    await workbench.openFile('draft.md');
    const status = workbench.statusItem(`${articles} archived`);
    await status.waitFor({ timeout: 45_000 });
    await workbench.statusItem('✓ 2').waitFor({ timeout: 45_000 });
    assert.equal(await workbench.editor.locator('.squiggly-warning, .squiggly-error').count(), 0);
    await status.hover();
    const tooltip = workbench.page.locator('.monaco-hover:not(.hidden)', { hasText: `connected, ${articles} articles` });
    await tooltip.waitFor();
    assert.ok(!(await tooltip.innerText()).includes('sekret'), 'no password in the tooltip');
    await workbench.screenshot('archive-in-status-bar');
    await workbench.page.mouse.move(0, 0);
  });

  step('a word of an archived title completes its key, marked as the archive\'s, with its card', async () => {
    const { page } = workbench;
    await workbench.appendParagraph('See [@Lighthou');
    const widget = page.locator('.editor-widget.suggest-widget');
    const row = widget.locator('.monaco-list-row', { hasText: PAGE_KEY });
    await row.waitFor();
    assert.match(await row.innerText(), /archive · /);
    await workbench.screenshot('archive-key-completion');
    await page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden' });
    await page.keyboard.type(']');
    await page.keyboard.press('Escape');
    await workbench.editorLine(`See [@${PAGE_KEY}]`).waitFor();
    const key = workbench.editorLine('See [@').locator('span', { hasText: PAGE_KEY }).first();
    await key.hover();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: PAGE_TITLE });
    await hover.waitFor();
    assert.ok((await hover.innerText()).includes(PAGE_FACTS), await hover.innerText());
    await workbench.screenshot('archive-hover-card');
    await page.mouse.move(0, 0);
    await page.keyboard.press('Escape');
  });

  step('go to definition on an archived quote opens the article read-only with the passage selected', async () => {
    const { page } = workbench;
    await workbench.editorLine('The station log says').locator('span', { hasText: 'keepers' }).first().click();
    await page.keyboard.press('F12');
    await page.locator('.tabs-container .tab.active', { hasText: PAGE_KEY }).waitFor();
    await workbench.editorLine('Families lived at the stations').waitFor();
    await workbench.statusItem(`(${PAGE_SENTENCE.length} selected)`).waitFor();
    await page.keyboard.type('XYZ');
    assert.equal(await workbench.editorLine('XYZ').count(), 0, 'the archived article is read-only');
    await workbench.screenshot('archive-article-document');
    await page.locator('.tabs-container .tab', { hasText: 'draft.md' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'draft.md' }).waitFor();
  });

  step('the archive lost: its quotes cannot be judged, the status bar says it is reconnecting, and all is back once it answers', async () => {
    database!.stop();
    // A quote of an article not fetched yet needs the archive: it cannot be judged meanwhile (information, not "not found").
    await workbench.appendParagraph(`They wrote "${archivedQuote.text}" [@${archivedQuote.cited}].`);
    await workbench.statusItem('archive: reconnecting').waitFor({ timeout: 30_000 });
    await workbench.editor.locator('.squiggly-info').first().waitFor({ timeout: 30_000 });
    await workbench.screenshot('archive-reconnecting');
    database!.restart();
    await workbench.statusItem(`${articles} archived`).waitFor({ timeout: 30_000 });
    // Reconnected by itself: the quote is checked and verified.
    await workbench.editor.locator('.squiggly-info').first().waitFor({ state: 'detached', timeout: 30_000 });
    await workbench.statusItem('✓ 3').waitFor({ timeout: 30_000 });
    await workbench.screenshot('archive-back');
  });
});
