import * as os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { HelperReply, HelperRequest, PdfPageItems } from './pdfParser';

/**
 * The pages of a long PDF read on several cores: the thread that reads the PDF takes chunks of pages
 * in order while helper threads (the pdf.js bundle run as a worker, `pdfParser`) take the next
 * chunks, each with its own copy of the document. A helper is given a chunk only once it has
 * opened the document, so a helper still starting never holds the reading up; a helper that fails
 * gives its chunk back. Each page is read by one pdf.js as it would be in one thread, so the pages
 * come out the same. The helpers are kept between PDFs and end after a minute unused.
 */

/**
 * Pages below which a PDF is read in one thread: a helper's copy of the document loads its fonts
 * again, and a 50-page form read no sooner with one (at half as much CPU again), where 285- and
 * 352-page books read in 70–85% of the time with a core free (bench/README.md).
 */
export const PARALLEL_MIN_PAGES = 100;
/** Bytes above which a PDF is read in one thread (each helper holds a copy). */
const PARALLEL_MAX_BYTES = 64 * 1024 * 1024;
const IDLE_MS = 60_000;
/** Chunks a helper is asked for ahead of its answers. */
const IN_FLIGHT = 2;

/**
 * Helper threads to use by default: one per idle core beyond the one reading, at most three. A core
 * is idle as the load average tells (this thread counts as one): on a machine whose cores are busy,
 * helpers only add their own start and copy of the document to the work.
 */
export function defaultHelperCount(): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  // No load average (Windows says 0): every core beyond the first.
  const busy = Math.max(1, os.loadavg()[0] ?? 0);
  return Math.max(0, Math.min(3, cores - 1, Math.floor(cores - busy)));
}

interface Helper {
  readonly worker: Worker;
  readonly port: MessagePort;
  dead: boolean;
}

const pool: Helper[] = [];
/** Replies drained from the helpers' ports, by job: PDFs read at the same time share the helpers. */
const inbox = new Map<number, Array<{ readonly helper: Helper; readonly reply: HelperReply }>>();
let idleTimer: NodeJS.Timeout | undefined;
let jobs = 0;

function startHelper(script: string, key: string): Helper | undefined {
  try {
    const { port1, port2 } = new MessageChannel();
    const data = { [key]: port2 };
    // From sources (tests, the bench) the script is TypeScript: the helper registers tsx first.
    const worker = script.endsWith('.ts')
      ? new Worker(`require(${JSON.stringify(require.resolve(TSX_CJS))}); require(${JSON.stringify(script)});`, { eval: true, workerData: data, transferList: [port2] })
      : new Worker(script, { workerData: data, transferList: [port2] });
    const helper: Helper = { worker, port: port1, dead: false };
    const drop = (): void => {
      helper.dead = true;
      const at = pool.indexOf(helper);
      if (at >= 0) pool.splice(at, 1);
    };
    worker.on('error', drop);
    worker.on('exit', drop);
    worker.unref();
    port1.unref();
    return helper;
  } catch {
    return undefined;
  }
}
const TSX_CJS = 'tsx/cjs';

function helpers(count: number, script: string, key: string): Helper[] {
  if (idleTimer) clearTimeout(idleTimer);
  while (pool.length < count) {
    const helper = startHelper(script, key);
    if (!helper) break;
    pool.push(helper);
  }
  return pool.slice(0, count);
}

function scheduleIdleEnd(): void {
  idleTimer = setTimeout(() => {
    for (const helper of pool.splice(0)) void helper.worker.terminate();
  }, IDLE_MS);
  idleTimer.unref();
}

/** How a reading thread reads its own chunks, and how to start helpers. */
export interface ParallelRead {
  /** Pages `from` to `to` read in this thread. */
  readonly readHere: (from: number, to: number) => Promise<PdfPageItems[]>;
  /** The helpers' script and the `workerData` key that makes it a helper. */
  readonly script: string;
  readonly key: string;
  /** Helper threads to use (0: this thread reads every page; undefined: `defaultHelperCount()`). */
  readonly helpers: number | undefined;
}

/**
 * Pages 1 to `count` of the PDF in `bytes`, read by this thread and up to `read.helpers` helper
 * threads; pages in order, each with its items or its error.
 */
export async function readPages(bytes: Uint8Array, count: number, read: ParallelRead): Promise<PdfPageItems[]> {
  if (count < PARALLEL_MIN_PAGES || bytes.length > PARALLEL_MAX_BYTES) return read.readHere(1, count);
  const helperCount = read.helpers ?? defaultHelperCount();
  if (helperCount <= 0) return read.readHere(1, count);
  const chunk = Math.max(4, Math.min(12, Math.ceil(count / 48)));
  const queue: Array<[number, number]> = [];
  for (let from = 1; from <= count; from += chunk) queue.push([from, Math.min(count, from + chunk - 1)]);
  const results: PdfPageItems[] = new Array(count);
  const store = (from: number, pages: readonly PdfPageItems[]): void => pages.forEach((page, i) => (results[from - 1 + i] = page));

  const job = ++jobs;
  inbox.set(job, []);
  /** A helper's part in this job: whether it has the document, its chunks asked for and not yet answered (in order). */
  type Working = { readonly helper: Helper; opened: boolean; out: boolean; chunks: Array<[number, number]> };
  const working: Working[] = helpers(helperCount, read.script, read.key).map((helper) => ({ helper, opened: false, out: false, chunks: [] }));
  for (const w of working) send(w, { type: 'open', job, bytes: new Uint8Array(bytes) });

  function send(w: Working, request: HelperRequest): boolean {
    try {
      w.helper.port.postMessage(request, request.type === 'open' ? [request.bytes.buffer as ArrayBuffer] : []);
      return true;
    } catch {
      giveBack(w);
      return false;
    }
  }
  // Two chunks in flight: a helper that finishes one has the next while this thread is still reading.
  function assign(w: Working): void {
    while (w.opened && !w.out && w.chunks.length < IN_FLIGHT && queue.length > 0) {
      const next = queue.shift()!;
      w.chunks.push(next);
      if (!send(w, { type: 'read', job, from: next[0], to: next[1] })) return;
    }
  }
  function giveBack(w: Working): void {
    queue.unshift(...w.chunks);
    w.chunks = [];
    w.out = true;
  }
  function poll(): void {
    for (const helper of pool) {
      for (let message = receiveMessageOnPort(helper.port); message; message = receiveMessageOnPort(helper.port)) {
        const reply = message.message as HelperReply;
        inbox.get(reply.job)?.push({ helper, reply });
      }
    }
    for (const { helper, reply } of inbox.get(job)!.splice(0)) {
      const w = working.find((candidate) => candidate.helper === helper);
      if (!w || w.out) continue;
      if (reply.type === 'opened') {
        w.opened = reply.ok;
        if (reply.ok) assign(w);
        else giveBack(w);
        continue;
      }
      const asked = w.chunks[0];
      if (asked && reply.from === asked[0] && reply.pages.length === asked[1] - asked[0] + 1) {
        w.chunks.shift();
        store(reply.from, reply.pages);
        assign(w);
      } else {
        giveBack(w);
      }
    }
    for (const w of working) if (w.helper.dead && !w.out) giveBack(w);
  }

  try {
    for (;;) {
      poll();
      const next = queue.shift();
      if (next) {
        store(next[0], await read.readHere(next[0], next[1]));
        continue;
      }
      if (!working.some((w) => w.chunks.length > 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  } finally {
    for (const w of working) if (!w.helper.dead) send(w, { type: 'close', job });
    inbox.delete(job);
    if (inbox.size === 0) scheduleIdleEnd();
  }
  return results;
}
