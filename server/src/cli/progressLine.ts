/** How often the line is rewritten, at most. */
const REDRAW_EVERY_MS = 100;

/** A progress line shown while the library loads. */
export interface ProgressLine {
  update(done: number, total: number): void;
  /** Removes the line (the next output starts on a clean line). */
  clear(): void;
}

/**
 * "Indexing sources 12,345 / 34,990 (35 %)" on a terminal's stderr, rewritten in place (carriage
 * return, erase to the end of the line) at most every 100 ms, and erased when loading is over.
 */
export function terminalProgressLine(write: (text: string) => void): ProgressLine {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (total === 0 || (now - last < REDRAW_EVERY_MS && done < total)) return;
      last = now;
      shown = true;
      const percent = Math.floor((done / total) * 100);
      write(`\r\x1b[KIndexing sources ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} (${percent} %)`);
    },
    clear() {
      if (shown) write('\r\x1b[K');
      shown = false;
    },
  };
}
