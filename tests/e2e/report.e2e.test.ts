import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { setTimeout as delay } from 'node:timers/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO, TEST_ENV, temporaryFolder } from '../helpers';
import { CHROMIUM, isolatedEnvironment, requireFile } from './e2eTools';

// The fact-check report of the sample draft, written by the built `verbatim report` and rendered in
// Debian's Chromium: it must read as a fact-check sheet with no network and no scripts.

const SCREENSHOTS = path.join(__dirname, 'screenshots', 'report');
const BIN = path.join(REPO, 'bin', 'verbatim.js');

describe('verbatim report in Chromium', () => {
  let root = '';
  let report = '';
  let browser: Browser | undefined;
  let page: Page;
  const requests: string[] = [];

  before(
    async () => {
      requireFile(CHROMIUM, `no Chromium at ${CHROMIUM}`);
      root = temporaryFolder('verbatim-report-');
      report = path.join(root, 'out', 'report.html');
      const run = spawnSync(process.execPath, [BIN, 'report', 'examples/draft.md', '-o', report], { cwd: REPO, encoding: 'utf8', env: TEST_ENV });
      assert.equal(run.status, 0, run.stderr);
      fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
        env: isolatedEnvironment(path.join(root, 'chromium')),
        timeout: 30_000,
      });
      page = await browser.newPage({ viewport: { width: 1200, height: 1400 }, javaScriptEnabled: false });
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pathToFileURL(report).href);
    },
    { timeout: 60_000 },
  );

  after(
    async () => {
      await Promise.race([browser?.close().catch(() => undefined), delay(10_000)]);
      if (root) fs.rmSync(root, { recursive: true, force: true });
    },
    { timeout: 20_000 },
  );

  test('the sheet has the draft title and a summary table with every verdict of the draft', async () => {
    assert.equal(await page.locator('h1').innerText(), 'Karabakh rallies — a sample draft');
    const rows = await page.locator('table.summary tbody tr').allInnerTexts();
    assert.deepEqual(
      rows.map((r) => r.replace(/\s+/g, ' ').trim()),
      ['✓ VERIFIED 5', '✗ MISQUOTE 2', '⚠ WRONG SOURCE 1', '? NOT FOUND 1', 'ℹ UNATTRIBUTED 1', '○ NOT CHECKED 3', 'All quotations 13'],
    );
    const file = await page.screenshot({ path: path.join(SCREENSHOTS, '01-summary.png') });
    assert.ok(file.length > 0);
  });

  test('each quotation, in order, shows its verdict, citation and the source passage with the differences marked', async () => {
    const quotes = page.locator('article.quote');
    assert.equal(await quotes.count(), 13);
    const misquote = page.locator('article.quote.v-misquote').first();
    assert.match(await misquote.locator('header').innerText(), /#4\s+✗ MISQUOTE\s+lines? 15.*\[@000_473b4c7a88a0911c\]/s);
    assert.equal(await misquote.locator('.draft del.diff').innerText(), 'announcement');
    assert.equal(await misquote.locator('.source ins.diff').innerText(), 'statement');
    // A word the quote leaves out is marked where it belongs.
    const omission = page.locator('article.quote#q5');
    assert.equal(await omission.locator('.draft .gap').getAttribute('title'), 'left out: not');
    assert.equal(await omission.locator('.source ins.diff').innerText(), 'not');
    // The link goes to the source file, relative to the report.
    const href = await misquote.locator('.source-link a').getAttribute('href');
    assert.ok(href && fs.existsSync(path.resolve(path.dirname(report), href)), `the source link ${href} leads to the file`);
    assert.match(await misquote.locator('.source-link a').innerText(), /seeds\/000_473b4c7a88a0911c\.txt, line 3/);
    // Quotes that were not checked say why.
    assert.match(await page.locator('article.quote#q13').innerText(), /NOT CHECKED[\s\S]*in code, not a quotation/);
    assert.match(await page.locator('article.quote#q10').innerText(), /fewer than 4 words/);
    await misquote.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, '02-misquote.png') });
    await page.screenshot({ path: path.join(SCREENSHOTS, '03-full-page.png'), fullPage: true });
  });

  test('it is self-contained: no script, no request but the file itself; and it prints', async () => {
    assert.deepEqual(requests, [pathToFileURL(report).href]);
    const html = fs.readFileSync(report, 'utf8');
    assert.doesNotMatch(html, /<script|<link|<img|@import|url\(/i);
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(SCREENSHOTS, '04-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
    assert.ok(pages >= 2 && pages <= 12, `the report prints on ${pages} A4 pages`);
  });
});
