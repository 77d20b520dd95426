import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FileEventKind } from '../host/sourceTreeEvents';

/** How long file system events are gathered before they are applied as one batch. */
const BATCH_MS = 100;

/**
 * The server's own file watching, for clients that cannot be asked to watch files
 * (`workspace/didChangeWatchedFiles` without dynamic registration): Node's `fs.watch` on the
 * source folders (recursive) and the bibliographies' folders, its events batched and reported as
 * the client's would be (a file that exists is changed, one that does not is deleted).
 */
export class FileWatcher {
  private watchers: fs.FSWatcher[] = [];
  private batch = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly onEvents: (events: ReadonlyArray<readonly [string, FileEventKind]>) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** Watches these folders instead of those watched before. */
  watch(folders: { readonly recursive: readonly string[]; readonly flat: readonly string[] }): void {
    this.dispose();
    const start = (folder: string, recursive: boolean): void => {
      try {
        const watcher = fs.watch(folder, { recursive, persistent: false }, (_event, name) => {
          if (name !== null) this.note(path.join(folder, name.toString()));
        });
        // A folder deleted or unreadable: it is not watched any more; the next configuration may watch it again.
        watcher.on('error', (error) => {
          this.log(`stopped watching ${folder}: ${error.message}`);
          watcher.close();
        });
        this.watchers.push(watcher);
      } catch (error) {
        this.log(`cannot watch ${folder}: ${(error as Error).message}`);
      }
    };
    for (const folder of folders.recursive) start(folder, true);
    for (const folder of folders.flat) if (!folders.recursive.some((r) => folder === r || folder.startsWith(r + path.sep))) start(folder, false);
  }

  /** Stops watching. */
  dispose(): void {
    for (const watcher of this.watchers) watcher.close();
    this.watchers = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.batch.clear();
  }

  private note(file: string): void {
    this.batch.add(file);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const files = [...this.batch];
      this.batch.clear();
      this.onEvents(files.map((file) => [pathToFileURL(file).href, fs.existsSync(file) ? 'changed' : 'deleted'] as const));
    }, BATCH_MS);
  }
}
