import * as path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { Source } from '../core/library/source';
import { readSourceHead } from './sourceHeadReader';
import { indexingReleased } from './indexingHold';
import { WORKER_FAULT_ENV, type DraftTask, type IndexTask, type IndexWorkerMessage } from './indexWorkerProtocol';
import { analysisData, analyzeDraft } from '../core/draft/draftAnalysis';
import { loadLibraryFiles } from '../library/libraryOpener';
import { libraryFiles } from '../library/sourceLocations';
import { packLibrary } from './libraryTransfer';

// Entry of an indexing worker thread (bundled as dist/indexWorker.js): the first build of a large
// library runs here so that the language server's main thread keeps answering requests; so does
// the parse of a long draft whose parser runs in one step (a `draft` task).

const HEADS_BATCH = 1_000;
const HEADS_EVERY_MS = 400;
const PROGRESS_EVERY_MS = 100;

function post(message: IndexWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort!.postMessage(message, transfer);
}

/** How loads show a file: relative to the working folder, as `loadLibraryFiles` does by default. */
function displayPath(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

function readHeads(files: readonly string[]): void {
  let batch: Source[] = [];
  let postedAt = 0; // none posted yet
  for (const file of files) {
    const source = readSourceHead(file, displayPath(file));
    if (source) batch.push(source);
    // The first batch goes out at once (keys complete early); the others at most every
    // HEADS_EVERY_MS: each makes the main thread list and lower-case the source heads' citables again.
    if (batch.length >= HEADS_BATCH && (postedAt === 0 || Date.now() - postedAt >= HEADS_EVERY_MS)) {
      post({ type: 'heads', sources: batch, last: false });
      postedAt = Date.now();
      batch = [];
    }
  }
  post({ type: 'heads', sources: batch, last: true });
}

async function build(task: IndexTask, list: () => readonly string[]): Promise<void> {
  const listed = (): readonly string[] => {
    const files = list();
    post({ type: 'progress', done: 0, total: files.length });
    return files;
  };
  // A restart lists the files once the index is read: its source heads go out first.
  const files = task.headsFromIndex ? listed : listed();
  const fault = process.env[WORKER_FAULT_ENV];
  if (fault === 'throw') throw new Error(`test fault (${WORKER_FAULT_ENV}=throw): the indexing worker threw`);
  if (fault === 'exit') process.exit(3);
  // The test hold comes after what answers during the build was sent: the source heads from the index.
  if (!task.headsFromIndex) await indexingReleased();
  let last = Date.now();
  const result = await loadLibraryFiles(files, {
    fullTexts: new Map(task.fullTexts),
    ...(task.cacheDir ? { cacheDir: task.cacheDir } : {}),
    ...(task.indexFd !== undefined ? { indexFd: task.indexFd } : {}),
    ...(task.headsFromIndex
      ? {
          onIndexRead: (sources: readonly Source[] | undefined) => {
            post(sources ? { type: 'heads', sources, last: true } : { type: 'noIndex' });
            return indexingReleased();
          },
        }
      : {}),
    onProgress: (done, total) => {
      if (done !== total && Date.now() - last < PROGRESS_EVERY_MS) return;
      last = Date.now();
      post({ type: 'progress', done, total });
    },
  });
  const { packed, transfer } = packLibrary(result.library, result.restored);
  post(
    { type: 'built', library: packed, fromCache: result.fromCache, read: result.read, ...(result.cacheProblem ? { cacheProblem: result.cacheProblem } : {}) },
    transfer,
  );
}

async function main(): Promise<void> {
  const task = workerData as IndexTask | DraftTask;
  if (task.kind === 'draft') {
    post({ type: 'draft', analysis: analysisData(analyzeDraft(task.text, task.format)) });
    return;
  }
  const list = (): string[] => libraryFiles(task.locations, new Map(task.fullTexts), (message) => post({ type: 'log', message }));
  if (task.kind === 'heads') readHeads(list());
  else await build(task, list);
}

// A rejection becomes the worker's 'error' event on the main thread, which reports it and falls back.
void main().catch((error: unknown) => {
  throw error;
});
