import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { articleText, buildArticles, type Article } from '../../bench/corpus';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// A draft opened over the benchmark's L library (34,990 articles, 110 MB, generated here as
// `npm run bench` generates it) in a real VS Code (issue 10). The extension starts with the draft,
// so the first, cold build of the index runs while the draft is open: the status bar shows its
// progress, and nothing the library decides (an unknown key, a quote not found, a misquote) is shown
// until the build is done; then the real verdicts arrive. No test-only hold: the library is large
// enough that indexing takes many seconds, and every observation below checks, before and after it,
// that indexing was still running. Screenshots in `screenshots/indexing/`.

const SCREENSHOTS = path.join(__dirname, 'screenshots', 'indexing');
const SIZE = 'L';

// Words of two articles of the generated library (checked against its text in `before`).
const LINCOLN = 'lincoln1863-4';
const ROOSEVELT = 'roosevelt1941-2';
const TREASURY = 'the operations of the Treasury during the last year have been successfully conducted';
const DEFENSE = 'armed defense of democratic existence is now being gallantly waged in four continents';
const PEACE = "no realistic American can expect from a dictator's peace international generosity";
const MISQUOTED = PEACE.replace('generosity', 'kindness');
const UNKNOWN = 'treasury-ledger-1863';
const DRAFT = [
  '# Two wartime messages',
  '',
  `Lincoln reported that "${TREASURY}" [@${LINCOLN}].`,
  '',
  `Roosevelt warned that "${DEFENSE}" [@${ROOSEVELT}].`,
  '',
  `He added that "${MISQUOTED}" [@${ROOSEVELT}].`,
  '',
  `The figures come from a ledger [@${UNKNOWN}].`,
  '',
].join('\n');

/** The client's status bar item while indexing: `Verbatim: indexing 12,345 / 34,990`, or `Verbatim: indexing…` while the files are listed (case matters: VS Code's progress item says "Indexing sources"). */
const INDEXING = /Verbatim: indexing(?: ([\d,]+) \/ ([\d,]+)|…)/;

describe(`a draft opened while the L library is indexing, in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  let articles: Article[] = [];
  const timeline: string[] = [];
  let started = 0;
  const mark = (what: string): void => {
    timeline.push(`${((Date.now() - started) / 1000).toFixed(1)} s: ${what}`);
  };
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body, { timeout: 240_000 });

  before(
    async () => {
      articles = buildArticles(SIZE);
      const texts = new Map(articles.map((article) => [article.key, articleText(article)]));
      // The draft's quotes are what the articles say, and the misquote is not.
      assert.ok(texts.get(LINCOLN)?.includes(TREASURY.replace(/^t/, 'T')), `${LINCOLN} says "${TREASURY}"`);
      assert.ok(texts.get(ROOSEVELT)?.includes(DEFENSE.replace(/^a/, 'A')), `${ROOSEVELT} says "${DEFENSE}"`);
      assert.ok(texts.get(ROOSEVELT)?.includes(PEACE.replace(/^n/, 'N')), `${ROOSEVELT} says "${PEACE}"`);
      assert.ok(![...texts.values()].some((text) => text.includes(MISQUOTED.slice(1))), 'no article has the misquote');
      assert.ok(!texts.has(UNKNOWN));
      session = await E2eSession.start('indexing', SCREENSHOTS, (folder) => {
        // The default library folder, `sources/`, with the L corpus as the benchmark lays it out.
        const sources = path.join(folder, 'sources');
        const made = new Set<string>();
        for (const article of articles) {
          const file = path.join(sources, article.file);
          const dir = path.dirname(file);
          if (!made.has(dir)) fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
          fs.writeFileSync(file, texts.get(article.key)!);
        }
        fs.writeFileSync(path.join(folder, 'draft.md'), DRAFT);
      });
      workbench = session.workbench;
    },
    { timeout: 300_000 },
  );

  after(
    async () => {
      // Timings for the record (nothing asserts them): how long indexing ran with the draft open.
      if (timeline.length > 0) process.stderr.write(`indexing e2e, from the step's start (Problems panel, then the draft opened from the Explorer):\n  ${timeline.join('\n  ')}\n`);
      await session?.stop();
    },
    { timeout: 30_000 },
  );

  step('while the library indexes, the status bar shows its progress and the draft has no problem', async () => {
    const { page } = workbench;
    const total = articles.length.toLocaleString('en-US');
    started = Date.now();
    // The Problems panel first, so that everything the draft gets is in the pictures.
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    const empty = markers.getByText('No problems have been detected in the workspace.');
    await empty.waitFor();
    // The draft is the first Markdown file opened: it starts the extension, and with it indexing.
    await workbench.openFromExplorer('draft.md');
    mark('draft open');
    const indexingItem = page.locator('.part.statusbar .statusbar-item', { hasText: INDEXING });
    /** What the status bar says of indexing: files indexed so far (none while they are listed); undefined once it is over. */
    const progress = async (): Promise<{ done: number; total: string } | undefined> => {
      const match = (await indexingItem.allInnerTexts()).map((text) => INDEXING.exec(text)).find((m) => m !== null);
      if (!match) return undefined;
      return { done: Number((match[1] ?? '0').replace(/,/g, '')), total: match[2] ?? '' };
    };
    // The server's `$/progress`, which VS Code shows as a window progress item.
    const windowProgress = page.locator('.part.statusbar .statusbar-item', { hasText: new RegExp(`Verbatim: (Indexing sources [\\d,]+ / |Building the index of )${total}`) });
    // The item's tooltip: what the library status notification says (indexing, files read, keys known).
    const tooltip = page.locator('.monaco-hover:not(.hidden)', { hasText: new RegExp(`Verbatim is indexing its sources: [\\d,]+ / ${total} files read; problems are shown once it is done`) });
    await indexingItem.first().waitFor({ timeout: 60_000 });
    mark(`status bar: ${(await indexingItem.first().innerText()).trim()}`);

    // Every observation is bracketed by two readings of the status bar that both say indexing, so
    // what it saw was shown during indexing (the server says indexing ended before it publishes).
    const problemsNow = async (): Promise<{ squiggles: number; rows: string[]; problemsEmpty: boolean; tally: string; progressShown: boolean }> => ({
      squiggles: await workbench.editor.locator('.squiggly-error, .squiggly-warning, .squiggly-info').count(),
      rows: await markers.locator('.monaco-list-row').allInnerTexts(),
      problemsEmpty: await empty.isVisible(),
      tally: (await page.locator('.part.statusbar .statusbar-item', { hasText: /✓ \d+ · ⚠ \d+/ }).allInnerTexts()).join(' '),
      progressShown: (await windowProgress.count()) > 0,
    });
    let observations = 0;
    let counted: { done: number; total: string } | undefined;
    let windowProgressSeen = false;
    let tooltipText = '';
    let screenshot = '';
    for (;;) {
      const before = await progress();
      if (before === undefined) break;
      const seen = await problemsNow();
      const after = await progress();
      if (after === undefined) break; // indexing ended meanwhile: what was seen may be the real verdicts
      observations += 1;
      const at = after.total ? `at ${after.done} / ${after.total}` : 'while the files are listed';
      assert.equal(seen.squiggles, 0, `a squiggle in the draft during indexing (${at})`);
      assert.deepEqual(seen.rows, [], `the Problems panel lists something during indexing (${at})`);
      assert.ok(seen.problemsEmpty, `the Problems panel says there is no problem (${at})`);
      assert.equal(seen.tally, '', `no quote tally while the library is not loaded (${at})`);
      windowProgressSeen ||= seen.progressShown;
      if (after.total === '') {
        await delay(200);
        continue;
      }
      assert.equal(after.total, total, 'the status bar counts the whole library');
      if (counted === undefined) mark(`status bar: indexing ${after.done} / ${after.total}`);
      counted = after;
      if (tooltipText === '') {
        await indexingItem.first().hover();
        await tooltip.waitFor();
        tooltipText = (await tooltip.innerText()).replace(/\s*\n\s*/g, ' | ');
        mark(`tooltip: ${tooltipText}`);
      }
      // The picture once a third of the files are read: long after a premature check would have shown.
      if (screenshot === '' && after.done * 3 >= articles.length) {
        const taken = await workbench.screenshot('indexing-no-false-errors');
        if ((await progress()) !== undefined) {
          screenshot = taken;
          mark(`screenshot during indexing at ${after.done} / ${after.total}: ${taken}`);
        }
      }
      await delay(200);
    }
    await page.mouse.move(0, 0);
    mark(`indexing over (last seen: ${counted?.done} / ${counted?.total}; ${observations} observations during indexing)`);
    assert.ok(observations >= 3, `too few observations during indexing (${observations}): the library indexed too fast to show`);
    assert.ok(counted !== undefined, 'the status bar never counted the files');
    assert.ok(windowProgressSeen, 'VS Code never showed the server\'s indexing progress');
    assert.notEqual(tooltipText, '', 'no tooltip during indexing');
    assert.notEqual(screenshot, '', 'indexing ended before a third of it was shown: no screenshot during indexing');
  });

  step('once indexed, the real verdicts arrive: the misquote and the unknown key, and the right quotes stay clean', async () => {
    const { page } = workbench;
    const total = articles.length.toLocaleString('en-US');
    await workbench.statusItem(`${total} sources`).waitFor({ timeout: 120_000 });
    mark(`status bar: ${total} sources`);
    const markers = page.locator('.markers-panel');
    const warning = markers.locator('.monaco-list-row[aria-label^="Warning"]', { hasText: 'misquote' });
    const error = markers.locator('.monaco-list-row[aria-label^="Error"]', { hasText: UNKNOWN });
    await warning.waitFor({ timeout: 60_000 });
    await error.waitFor();
    mark('the misquote and the unknown key are listed');
    const warningLabel = (await warning.getAttribute('aria-label')) ?? '';
    assert.ok(warningLabel.includes(`misquote of @${ROOSEVELT}: source says "generosity", not "kindness"`), warningLabel);
    assert.match(warningLabel, /at line 7 /);
    assert.match((await error.getAttribute('aria-label')) ?? '', /at line 9 /);
    await markers.locator('.marker-code', { hasText: 'unknown-source' }).waitFor();
    // Exactly these two problems: the right quotes have none.
    assert.equal(await markers.locator('.monaco-list-row[aria-label^="Warning"], .monaco-list-row[aria-label^="Error"]').count(), 2);
    await workbench.editor.locator('.squiggly-warning').first().waitFor();
    await workbench.editor.locator('.squiggly-error').first().waitFor();
    assert.equal(await workbench.editor.locator('.squiggly-warning').count(), 1);
    // Two verified quotes; the misquote is the one problem among the quotes.
    await workbench.statusItem(/✓ 2 · ⚠ 1/).waitFor();
    await workbench.screenshot('indexed-real-verdicts');
  });
});
