import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Locator } from 'playwright-core';
import { REPO } from '../helpers';
import { CODE_SERVER_VERSION } from './e2eTools';
import { E2eSession, sessionStep } from './session';
import type { Workbench } from './workbench';

// "Listen to the quote" in a real VS Code: the interview draft of examples/interview/ shows `▶ 12:31`
// above the quotes of council.vtt, whose recording council.ogg sits beside it; running the lens opens
// the player, whose <audio> (read inside the webview's frames) is at the cue's start.

const SCREENSHOTS = path.join(__dirname, 'screenshots-player');
const INTERVIEW = path.join(REPO, 'examples', 'interview');
/** council.ogg's length: 12:44, the end of council.vtt's last cue. */
const RECORDING_SECONDS = 764;

/** The part of an HTMLMediaElement the test reads (the tests are typed without the DOM's library). */
interface Media {
  readonly currentTime: number;
  readonly duration: number;
  readonly paused: boolean;
  readonly seeking: boolean;
  readonly readyState: number;
  readonly error: { readonly code: number; readonly message: string } | null;
  readonly played: { readonly length: number; start(index: number): number };
  readonly currentSrc: string;
}

/** HTMLMediaElement.HAVE_CURRENT_DATA: the data at the current position is decoded. */
const HAVE_CURRENT_DATA = 2;

/** What the player's <audio> says about itself. */
interface PlayerState {
  readonly currentTime: number;
  readonly duration: number;
  readonly paused: boolean;
  /** Where playback started: the first played range's start (undefined when nothing was played). */
  readonly playedFrom: number | undefined;
  readonly error: string | undefined;
  readonly src: string;
}

describe(`Listen to the quote in VS Code (code-server ${CODE_SERVER_VERSION})`, () => {
  let session: E2eSession | undefined;
  let workbench: Workbench;
  const step = (name: string, body: () => Promise<void>): void => sessionStep(() => session, name, body);

  /** The player's <audio> for a quote at `start`, inside the webview's outer frame and its active inner frame. */
  function audio(start: number): Locator {
    return workbench.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator(`audio#recording[data-start="${start}"]`);
  }

  /**
   * The player's state once it has positioned itself at or after `from` (its seek done and the data
   * there decoded), or as it is after 20 s without that, for the assertion to show. (The page
   * functions are anonymous: tsx would give named ones a `__name` helper the page does not have.)
   */
  async function playerAt(from: number): Promise<PlayerState> {
    const player = await audio(from).elementHandle();
    assert.ok(player, 'no player');
    const frame = await player.ownerFrame();
    assert.ok(frame, 'the player has no frame');
    await frame
      .waitForFunction(
        ([media, from, have]) => media.error !== null || (!media.seeking && media.readyState >= have && media.currentTime >= from - 0.5),
        [player as unknown as Media, from, HAVE_CURRENT_DATA] as const,
        { timeout: 20_000 },
      )
      .catch(() => undefined); // the state read below says what did not happen
    return player.evaluate((element) => {
      const media = element as unknown as Media;
      return {
        currentTime: media.currentTime,
        duration: media.duration,
        paused: media.paused,
        playedFrom: media.played.length > 0 ? media.played.start(0) : undefined,
        error: media.error ? `${media.error.code} ${media.error.message}` : undefined,
        src: media.currentSrc,
      };
    });
  }

  /** Asserts that the player started at `start` (within a seek's precision) and is still in the recording. */
  function assertStartedAt(state: PlayerState, start: number): void {
    const detail = JSON.stringify(state);
    assert.equal(state.error, undefined, detail);
    assert.match(state.src, /council\.ogg$/, detail);
    assert.ok(Math.abs(state.duration - RECORDING_SECONDS) < 0.5, `the recording lasts 12:44: ${detail}`);
    // Seeked and not played yet, the position is the cue's start; once playing, the first played range starts there.
    assert.ok(Math.abs((state.playedFrom ?? state.currentTime) - start) < 0.1, `the player starts at ${start} s: ${detail}`);
    assert.ok(state.currentTime >= start - 0.1 && state.currentTime <= RECORDING_SECONDS, `the position is at or after ${start} s: ${detail}`);
  }

  /** Runs the code lens titled `title` (its link in the editor). */
  async function runLens(title: string): Promise<void> {
    const lens = workbench.editor.locator('.contentWidgets .codelens-decoration a', { hasText: title });
    await lens.first().waitFor();
    await lens.first().click();
  }

  before(
    async () => {
      session = await E2eSession.start('player', SCREENSHOTS, (folder) => {
        fs.cpSync(path.join(INTERVIEW, 'sources'), path.join(folder, 'sources'), { recursive: true });
        fs.copyFileSync(path.join(INTERVIEW, 'draft.md'), path.join(folder, 'draft.md'));
      });
      workbench = session.workbench;
    },
    { timeout: 180_000 },
  );

  after(async () => session?.stop(), { timeout: 30_000 });

  step('the quotes of council.vtt, which has a recording, get ▶ with their time; no other quote does', async () => {
    await workbench.openFile('draft.md');
    const lenses = workbench.editor.locator('.contentWidgets .codelens-decoration a');
    await lenses.filter({ hasText: '▶ 12:31' }).waitFor({ timeout: 45_000 });
    await lenses.filter({ hasText: '▶ 0:06' }).waitFor();
    const titles = (await lenses.allInnerTexts()).map((title) => title.trim()).sort();
    // 0:01 and 12:31 (verified) and 0:06 (the misquote) are quotes of @council; the captions, Whisper
    // and Otter transcripts and the article have no recording.
    assert.deepEqual(titles, ['▶ 0:01', '▶ 0:06', '▶ 12:31'], titles.join(', '));
    await workbench.screenshot('code-lenses');
  });

  step('▶ 12:31 opens the player at 12:31, the start of Ewan Dorsey\'s cue', async () => {
    await runLens('▶ 12:31');
    await workbench.page.locator('.tabs-container .tab', { hasText: '▶ @council 12:31' }).waitFor();
    assertStartedAt(await playerAt(751), 751);
    await workbench.screenshot('player-at-12-31');
  });

  step('▶ 0:01 plays the same recording from 0:01 in the same player', async () => {
    await workbench.focusEditor();
    await runLens('▶ 0:01');
    await workbench.page.locator('.tabs-container .tab', { hasText: '▶ @council 0:01' }).waitFor();
    assert.equal(await workbench.page.locator('.tabs-container .tab', { hasText: '▶ @council' }).count(), 1);
    assertStartedAt(await playerAt(1), 1);
    await workbench.screenshot('player-at-0-01');
  });
});
