import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DeclaredIdentity, Source } from '../core/library/source';
import type { DraftAnalysisData, DraftFormat } from '../core/draft/draftAnalysis';
import type { SourceLocation } from '../library/sourceLocations';
import type { PackedLibrary } from './libraryTransfer';

/**
 * The one message protocol between the language server's main thread and its indexing workers
 * (`indexWorker.ts`, bundled as `dist/indexWorker.js`). A worker gets its task as `workerData` and
 * answers with messages; a thrown error or an exit ends it, and the main thread falls back.
 */

/** What a worker is asked to do: read the sources' heads, or build the library. */
export interface IndexTask {
  readonly kind: 'heads' | 'build';
  readonly locations: readonly SourceLocation[];
  /** Bibliography entries' full texts: files read besides the locations', with the identity each entry gives. */
  readonly fullTexts: ReadonlyArray<readonly [string, DeclaredIdentity]>;
  /** Folder of the index file (build only). */
  readonly cacheDir?: string;
  /**
   * Build only: post the index file's sources as source heads as soon as it is read (a restart's
   * answers during the load), or `noIndex` when there is none to read.
   */
  readonly headsFromIndex?: boolean;
  /**
   * Build only: the index file, opened by the main thread, which owns it (a worker's own
   * descriptors are closed when it ends, and the main thread reads texts through it afterwards).
   */
  readonly indexFd?: number;
}

/**
 * A draft to parse (issue 27): a long draft of a format whose parser runs in one step (LaTeX,
 * Typst) is parsed in a worker, so the main thread answers requests meanwhile.
 */
export interface DraftTask {
  readonly kind: 'draft';
  readonly text: string;
  readonly format: DraftFormat;
}

/** Messages a worker posts. */
export type IndexWorkerMessage =
  | { readonly type: 'log'; readonly message: string }
  /** Heads: a batch of sources read by their heads; `last` on the final batch. */
  | { readonly type: 'heads'; readonly sources: readonly Source[]; readonly last: boolean }
  /** Build with `headsFromIndex`: the index file could not be used, so no source heads come from it. */
  | { readonly type: 'noIndex' }
  /** Draft: its analysis, as data. */
  | { readonly type: 'draft'; readonly analysis: DraftAnalysisData }
  /** Build: files indexed so far, of all; sent at the start, at most every 100 ms, and at the end. */
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | {
      readonly type: 'built';
      readonly library: PackedLibrary;
      readonly fromCache: number;
      readonly read: number;
      readonly cacheProblem?: string;
    };

/** Test-only fault injection: `throw` or `exit` makes the build worker fail after it starts. */
export const WORKER_FAULT_ENV = 'VERBATIM_TEST_WORKER_FAULT';

/** The worker bundle next to this bundle (`dist/`), or, from sources (tests), the repository's `dist/`; undefined when missing. */
export function indexWorkerScript(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 5; i++) {
    for (const candidate of [path.join(dir, 'indexWorker.js'), path.join(dir, 'dist', 'indexWorker.js')]) {
      if (fs.existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  return undefined;
}
