import { Worker } from 'node:worker_threads';
import type { Source } from '../core/source';
import { indexWorkerScript, type IndexTask, type IndexWorkerMessage } from './indexWorkerProtocol';
import type { LoadResult } from './libraryCache';
import { unpackLibrary } from './libraryTransfer';

/** What a background build tells its caller while it runs. */
export interface BackgroundBuildEvents {
  /** Sources read by their front matter, before their text is indexed. */
  onCatalog(sources: readonly Source[]): void;
  /** Files indexed so far, of all. */
  onProgress(done: number, total: number): void;
  log(message: string): void;
}

/** A running build in worker threads. */
export interface BackgroundBuild {
  /** The library; undefined when cancelled; rejects with the reason when the build worker failed. */
  readonly result: Promise<LoadResult | undefined>;
  /** Stops the workers; `result` resolves to undefined. */
  cancel(): void;
}

/**
 * Builds a library off the main thread: one worker reads the sources' heads into a catalog (unless
 * `catalog` is false, e.g. when a persisted index will make the build quick), another reads and
 * indexes them and hands the library over in one message whose arrays are moved, not copied.
 */
export function buildInBackground(task: Omit<IndexTask, 'kind'>, events: BackgroundBuildEvents, options: { catalog: boolean }): BackgroundBuild {
  const script = indexWorkerScript();
  if (script === undefined) {
    return { result: Promise.reject(new Error('the indexing worker (indexWorker.js) is missing from the installation')), cancel: () => undefined };
  }
  const workers: Worker[] = [];
  const stopAll = (): void => {
    for (const worker of workers) void worker.terminate();
  };
  if (options.catalog) {
    const reader = new Worker(script, { workerData: { ...task, kind: 'catalog' } satisfies IndexTask });
    workers.push(reader);
    reader.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'catalog') {
        events.onCatalog(message.sources);
        if (message.last) void reader.terminate();
      }
    });
    // The catalog only speeds up answers during the build; without it they wait for the library.
    reader.on('error', (error) => events.log(`reading the sources' front matter failed (${error.message}); completion waits for indexing`));
  }
  let finish: (result: LoadResult | undefined) => void = () => undefined;
  const result = new Promise<LoadResult | undefined>((resolve, reject) => {
    let settled = false;
    finish = (value) => {
      if (settled) return;
      settled = true;
      stopAll();
      resolve(value);
    };
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      stopAll();
      reject(new Error(reason));
    };
    const builder = new Worker(script, { workerData: { ...task, kind: 'build' } satisfies IndexTask });
    workers.push(builder);
    builder.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'log') events.log(message.message);
      else if (message.type === 'progress') events.onProgress(message.done, message.total);
      else if (message.type === 'built') {
        finish({
          library: unpackLibrary(message.library),
          fromCache: message.fromCache,
          read: message.read,
          ...(message.cacheProblem ? { cacheProblem: message.cacheProblem } : {}),
        });
      }
    });
    builder.on('error', (error) => fail(`the indexing worker failed: ${error.message}`));
    builder.on('exit', (code) => fail(`the indexing worker stopped (exit code ${code}) before it finished`));
  });
  return { result, cancel: () => finish(undefined) };
}
