import { Worker } from 'node:worker_threads';
import type { Source } from '../core/library/source';
import { indexWorkerScript, type IndexTask, type IndexWorkerMessage } from './indexWorkerProtocol';
import * as fs from 'node:fs';
import { openIndexFile } from '../indexFile/indexFile';
import type { LoadResult } from '../library/libraryOpener';
import type { IndexTextsFaults } from '../indexFile/indexTexts';
import { unpackLibrary } from './libraryTransfer';

/** What a background build tells its caller while it runs. */
export interface BackgroundBuildEvents {
  /** Sources read by their front matter, before their text is indexed. */
  onHeads(sources: readonly Source[]): void;
  /** Files indexed so far, of all. */
  onProgress(done: number, total: number): void;
  log(message: string): void;
  /** Told when the index file fails the library's texts later (see `IndexTexts`). */
  readonly textFaults?: IndexTextsFaults;
}

/** A running build in worker threads. */
export interface BackgroundBuild {
  /** The library; undefined when cancelled; rejects with the reason when the build worker failed. */
  readonly result: Promise<LoadResult | undefined>;
  /** Stops the workers; `result` resolves to undefined. */
  cancel(): void;
}

/**
 * Builds a library off the main thread: a worker reads and indexes the sources and hands the
 * library over in one message whose arrays are moved, not copied. With `heads`, answers during
 * the build are wanted: with an index file the build worker sends its sources as soon as it
 * read the index; without one (or when it cannot be used) another worker reads the sources' heads.
 */
export function buildInBackground(task: Omit<IndexTask, 'kind'>, events: BackgroundBuildEvents, options: { heads: boolean }): BackgroundBuild {
  const script = indexWorkerScript();
  if (script === undefined) {
    return { result: Promise.reject(new Error('the indexing worker (indexWorker.js) is missing from the installation')), cancel: () => undefined };
  }
  const workers: Worker[] = [];
  const stopAll = (): void => {
    for (const worker of workers) void worker.terminate();
  };
  let settled = false;
  /** The sources the build worker told from the index file (the library it hands over names them). */
  let told: readonly Source[] | undefined;
  const readHeads = (): void => {
    if (settled) return;
    const reader = new Worker(script, { workerData: { ...task, kind: 'heads' } satisfies IndexTask });
    workers.push(reader);
    reader.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'heads') {
        events.onHeads(message.sources);
        if (message.last) void reader.terminate();
      }
    });
    // The source heads only speed up answers during the build; without it they wait for the library.
    reader.on('error', (error) => events.log(`reading the sources' front matter failed (${error.message}); completion waits for indexing`));
  };
  // Opened here, not in the worker: the worker reads the index through it, and the library it hands
  // over reads its texts through it afterwards (a worker's own descriptors close when it ends).
  let indexFd = task.cacheDir !== undefined ? openIndexFile(task.cacheDir) : undefined;
  const closeIndex = (): void => {
    if (indexFd !== undefined) fs.close(indexFd, () => undefined); // read-only: a failed close loses nothing
    indexFd = undefined;
  };
  const headsFromIndex = options.heads && indexFd !== undefined;
  if (options.heads && !headsFromIndex) readHeads();
  let finish: (result: LoadResult | undefined) => void = () => undefined;
  const result = new Promise<LoadResult | undefined>((resolve, reject) => {
    finish = (value) => {
      if (settled) return;
      settled = true;
      stopAll();
      closeIndex();
      resolve(value);
    };
    const fail = (reason: string): void => {
      if (settled) return;
      settled = true;
      stopAll();
      closeIndex();
      reject(new Error(reason));
    };
    const builder = new Worker(script, {
      workerData: { ...task, kind: 'build', ...(headsFromIndex ? { headsFromIndex } : {}), ...(indexFd !== undefined ? { indexFd } : {}) } satisfies IndexTask,
    });
    workers.push(builder);
    builder.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'log') events.log(message.message);
      else if (message.type === 'progress') events.onProgress(message.done, message.total);
      else if (message.type === 'heads') {
        told = message.sources;
        events.onHeads(message.sources);
      }
      else if (message.type === 'noIndex') readHeads();
      else if (message.type === 'built') {
        if (settled) return;
        const handle = message.library.restored?.texts;
        let library;
        try {
          if (handle !== undefined && handle.fd !== indexFd) throw new Error('it read another index file than the one opened for it');
          library = unpackLibrary(message.library, told, events.textFaults);
        } catch (error) {
          fail(`the indexing worker's library could not be taken over: ${(error as Error).message}`);
          return;
        }
        // The library's texts own the index file now.
        if (handle !== undefined) indexFd = undefined;
        finish({ library, fromCache: message.fromCache, read: message.read, ...(message.cacheProblem ? { cacheProblem: message.cacheProblem } : {}) });
      }
    });
    builder.on('error', (error) => fail(`the indexing worker failed: ${error.message}`));
    builder.on('exit', (code) => fail(`the indexing worker stopped (exit code ${code}) before it finished`));
  });
  return { result, cancel: () => finish(undefined) };
}
