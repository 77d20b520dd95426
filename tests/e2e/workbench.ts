import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';

/** How long one UI state may take to appear before a step fails. */
export const UI_TIMEOUT_MS = 20_000;

/**
 * The VS Code workbench in a browser page, driven the way a person drives it: keyboard shortcuts,
 * the command palette, clicks. Every wait is on something the workbench shows, never on time.
 */
export class Workbench {
  private shots = 0;

  private constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {}

  /** Opens the workbench at `url` in a new page and waits until it is laid out. */
  static async open(browser: Browser, url: string, screenshotDir: string): Promise<Workbench> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(url, { timeout: 60_000 });
    await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
    fs.mkdirSync(screenshotDir, { recursive: true });
    return new Workbench(page, screenshotDir);
  }

  /** Saves a screenshot of the whole page as `NN-name.png` and returns its path. */
  async screenshot(name: string): Promise<string> {
    this.shots += 1;
    const file = path.join(this.screenshotDir, `${String(this.shots).padStart(2, '0')}-${name}.png`);
    // Hovers and menus fade in: finish CSS animations so the picture shows their final state.
    await this.page.screenshot({ path: file, animations: 'disabled' });
    return file;
  }

  /** The editor of the active editor group. */
  get editor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  /** The rendered line of the active editor that contains `text` (spaces render as no-break spaces; matching normalises them). */
  editorLine(text: string): Locator {
    return this.editor.locator('.view-lines .view-line', { hasText: text });
  }

  /** The quick input (Quick Open, command palette, quick picks). */
  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens a workspace file through Quick Open (Ctrl+P) and waits for its editor to have focus. */
  /** Runs a menu item: focus it by hovering, then Enter (a click can land while the menu re-renders). */
  async chooseMenuItem(item: Locator): Promise<void> {
    await item.hover();
    await this.page.locator('.context-view .monaco-menu .action-item.focused').filter({ hasText: (await item.innerText()).trim() }).waitFor();
    await this.page.keyboard.press('Enter');
    await item.waitFor({ state: 'detached' });
  }

  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    await this.quickInput.locator('input').waitFor();
    await this.page.keyboard.type(name);
    await this.quickInput.locator('.monaco-list-row', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /**
   * Opens a file at the top of the workspace by clicking it in the Explorer, and waits for its editor:
   * no file search, which takes long in a workspace of tens of thousands of files.
   */
  async openFromExplorer(name: string): Promise<void> {
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
    await this.editor.locator('.view-lines').waitFor();
  }

  /** Runs a command by its title from the command palette (F1). */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    await this.quickInput.locator('input').waitFor();
    await this.page.keyboard.type(title);
    await this.quickInput.locator('.monaco-list-row', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  /** Moves the keyboard focus to the active editor (Ctrl+1), keeping its cursor where it was. */
  async focusEditor(): Promise<void> {
    await this.page.keyboard.press('Control+1');
    await this.page.locator('.part.editor .editor-group-container.active .monaco-editor.focused').waitFor();
  }

  /** Types `text` at the end of the active editor's document, on a new paragraph. */
  async appendParagraph(text: string): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.press('Enter');
    await this.page.keyboard.type(text);
  }

  /** Saves the active editor (Ctrl+S) and waits until its tab is no longer dirty. */
  async save(): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+S');
    await this.page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  }

  /** The status bar item whose text matches `text`. */
  statusItem(text: string | RegExp): Locator {
    return this.page.locator('.part.statusbar .statusbar-item', { hasText: text });
  }
}
