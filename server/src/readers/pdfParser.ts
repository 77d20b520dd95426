/**
 * pdf.js (pdfjs-dist, with Verbatim's patch to its text loop: `patches/`), in a module of its own:
 * the build makes it a separate bundle (`dist/pdfParser.js`) that is loaded on the first PDF, so
 * starting Verbatim never parses pdf.js's megabytes when the library has no PDF. pdf.js's worker
 * runs in this thread, on a port of Verbatim's (`TextLoopbackPort`).
 *
 * The same module is the script of the PDF helper threads (`pdfHelpers`): started as a worker with
 * `PDF_HELPER` in its data, it opens the PDFs it is sent and reads the pages it is asked for, so the
 * pages of a long PDF are read on several cores. Helpers send pdf.js's text items as they are; all
 * that Verbatim makes of them happens in the thread that asked.
 */
/// <reference path="./pdfjsWorker.d.ts" />
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';

type PdfJs = typeof import('pdfjs-dist');

/** The key in a helper thread's `workerData` that makes this module run as one. */
export const PDF_HELPER = 'verbatimPdfHelper';

/** This module's file: the helper threads' script (a `.ts` file when run from sources). */
export const PDF_HELPER_FILE = __filename;

/** pdf.js's options for every document Verbatim opens. */
export const PDF_OPTIONS = {
  // Verbosity 0: no pdf.js warnings in the language server's output.
  verbosity: 0,
  isEvalSupported: false,
  stopAtErrors: false,
  // Standard fonts (Helvetica, Times…) are measured with pdf.js's own metrics, never loaded from the system.
  useSystemFonts: true,
} as const;

type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** A text item of pdf.js's, as Verbatim reads it. */
export interface PdfTextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
}

/** One page's text items, or why the page cannot be read. */
export type PdfPageItems = { readonly items: readonly PdfTextItem[] } | { readonly error: string };

/**
 * The port between pdf.js's API and its worker, which here run in one thread. pdf.js's own loopback
 * port structured-clones every message, each text item of a page included (7% of the CPU on a
 * dense form's pages); this one hands text over as it is: a streamed chunk of text content with its
 * items (pdf.js starts new ones for the next chunk and never touches these again), and the answer
 * to `VerbatimGetTextContents` (pages' items made for that answer only). It clones the rest as
 * pdf.js does, delivering on the next microtask as pdf.js does.
 */
class TextLoopbackPort {
  readonly #listeners = new Set<(event: { data: unknown }) => void>();
  readonly #delivered = Promise.resolve();

  postMessage(message: { chunk?: { items?: unknown }; data?: { verbatimTextContents?: unknown } } | null, transfer?: NonNullable<Parameters<typeof structuredClone>[1]>['transfer']): void {
    const chunk = message?.chunk;
    const data =
      chunk && Array.isArray(chunk.items)
        ? { ...message, chunk: { ...chunk } }
        : Array.isArray(message?.data?.verbatimTextContents)
          ? { ...message, data: { verbatimTextContents: message.data.verbatimTextContents } }
          : structuredClone(message, transfer ? { transfer } : undefined);
    void this.#delivered.then(() => {
      for (const listener of this.#listeners) listener.call(this, { data });
    });
  }

  addEventListener(_type: string, listener: (event: { data: unknown }) => void): void {
    this.#listeners.add(listener);
  }

  removeEventListener(_type: string, listener: (event: { data: unknown }) => void): void {
    this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
  }
}

interface WorkerModule {
  readonly WorkerMessageHandler: { initializeFromPort(port: unknown): void; readonly verbatimTextContents?: boolean };
}

interface PdfWorker {
  destroy(): void;
}

/** The pdf.js worker of each open document: its own port, so nothing of it outlives the document. */
const workers = new WeakMap<PdfDocument, PdfWorker>();

let loaded: Promise<{ readonly pdfjs: PdfJs; readonly worker: WorkerModule }> | undefined;

/** pdf.js's API and worker, loaded once (ES modules, so imported rather than required). */
function loadPdfjs(): Promise<{ readonly pdfjs: PdfJs; readonly worker: WorkerModule }> {
  loaded ??= (async () => {
    polyfillForPdfjs();
    const worker = (await import('pdfjs-dist/build/pdf.worker.mjs')) as WorkerModule;
    const pdfjs = await import('pdfjs-dist');
    return { pdfjs, worker };
  })();
  return loaded;
}

/**
 * What pdf.js 5 reads that Node 20 lacks, as unpdf (which Verbatim used before) set it up: the
 * parts of DOMMatrix pdf.js's API uses, `navigator`, and newer built-ins.
 */
function polyfillForPdfjs(): void {
  const global = globalThis as Record<string, unknown>;
  global['DOMMatrix'] ??= class DOMMatrix {
    a = 1;
    b = 0;
    c = 0;
    d = 1;
    e = 0;
    f = 0;
    constructor(m?: unknown) {
      if (Array.isArray(m) && m.length === 6) [this.a, this.b, this.c, this.d, this.e, this.f] = m as [number, number, number, number, number, number];
    }
    translateSelf(x: number, y = 0): this {
      this.e = this.a * x + this.c * y + this.e;
      this.f = this.b * x + this.d * y + this.f;
      return this;
    }
    scaleSelf(x: number, y = x): this {
      this.a *= x;
      this.b *= x;
      this.c *= y;
      this.d *= y;
      return this;
    }
  };
  const navigator = (global['navigator'] ??= {}) as Record<string, unknown>;
  navigator['platform'] ??= '';
  navigator['userAgent'] ??= '';
  const promise = Promise as unknown as Record<string, unknown>;
  promise['withResolvers'] ??= function withResolvers<T>() {
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<T>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
  promise['try'] ??= <T>(f: (...args: unknown[]) => T, ...args: unknown[]) => new Promise<T>((resolve) => resolve(f(...args)));
  if (!('getOrInsertComputed' in Map.prototype)) {
    Object.defineProperty(Map.prototype, 'getOrInsertComputed', {
      value<K, V>(this: Map<K, V>, key: K, compute: (key: K) => V): V {
        if (this.has(key)) return this.get(key)!;
        const value = compute(key);
        this.set(key, value);
        return value;
      },
      writable: true,
      configurable: true,
    });
  }
  if (!('toHex' in Uint8Array.prototype)) {
    Object.defineProperty(Uint8Array.prototype, 'toHex', {
      value(this: Uint8Array): string {
        return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString('hex');
      },
      writable: true,
      configurable: true,
    });
  }
}

/** A pdf.js worker on a new `TextLoopbackPort`. */
async function textWorker(): Promise<{ readonly pdfjs: PdfJs; readonly worker: PdfWorker }> {
  const { pdfjs, worker } = await loadPdfjs();
  const port = new TextLoopbackPort();
  worker.WorkerMessageHandler.initializeFromPort(port);
  return { pdfjs, worker: new pdfjs.PDFWorker({ port: port as never, verbosity: 0 }) };
}

/** Opens a PDF with Verbatim's options; pdf.js takes ownership of `bytes`. Close it with `closePdf`. */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const { pdfjs, worker } = await textWorker();
  try {
    const document = await pdfjs.getDocument({ data: bytes, ...PDF_OPTIONS, worker } as never).promise;
    workers.set(document, worker);
    return document;
  } catch (error) {
    worker.destroy();
    throw error;
  }
}

/** Closes a document `openPdf` opened, and its worker; never rejects. */
export async function closePdf(document: PdfDocument): Promise<void> {
  await document.destroy().catch(() => undefined);
  workers.get(document)?.destroy();
  workers.delete(document);
}

/** The part of pdf.js's document proxy that asks its worker directly. */
interface DocumentTransport {
  readonly _transport: { readonly messageHandler: { sendWithPromise(action: string, data: unknown): Promise<unknown> } };
}

/** Whether this pdf.js is Verbatim's patched one, which gives a range of pages' text in one request; without the patch (an install that skipped `npm ci`'s scripts) pages are read one by one, the same text more slowly. */
export async function usesPatchedPdfjs(): Promise<boolean> {
  return (await loadPdfjs()).worker.WorkerMessageHandler.verbatimTextContents === true;
}

/**
 * The text items of pages `from` to `to` (1-based, inclusive), read in this thread; never rejects.
 * One request to pdf.js's worker for all of them (`VerbatimGetTextContents`, from Verbatim's patch):
 * no page proxy and no stream per page.
 */
export async function readPageItems(document: PdfDocument, from: number, to: number): Promise<PdfPageItems[]> {
  if (!(await usesPatchedPdfjs())) return readPagesOneByOne(document, from, to);
  let answer: unknown;
  try {
    answer = await (document as unknown as DocumentTransport)._transport.messageHandler.sendWithPromise('VerbatimGetTextContents', { from: from - 1, to: to - 1 });
  } catch (error) {
    const reason = (error as Error | undefined)?.message ?? String(error);
    return Array.from({ length: to - from + 1 }, () => ({ error: reason }));
  }
  const contents = (answer as { verbatimTextContents?: unknown } | undefined)?.verbatimTextContents;
  if (!Array.isArray(contents) || contents.length !== to - from + 1) return readPagesOneByOne(document, from, to);
  return (contents as Array<{ items?: unknown[]; error?: string }>).map((content) => (Array.isArray(content.items) ? { items: textItems(content.items) } : { error: content.error ?? 'no text content' }));
}

/** Pages `from` to `to` through pdf.js's own API: a page proxy and a stream of text content each. */
async function readPagesOneByOne(document: PdfDocument, from: number, to: number): Promise<PdfPageItems[]> {
  const pages: PdfPageItems[] = [];
  for (let number = from; number <= to; number++) {
    try {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      page.cleanup();
      pages.push({ items: textItems(content.items) });
    } catch (error) {
      pages.push({ error: (error as Error | undefined)?.message ?? String(error) });
    }
  }
  return pages;
}

/** pdf.js's text items as Verbatim keeps them (marked-content items have no text). */
function textItems(items: readonly unknown[]): PdfTextItem[] {
  const kept: PdfTextItem[] = [];
  for (const item of items) {
    const { str, transform, width } = item as PdfTextItem;
    if (typeof str === 'string' && Array.isArray(transform)) kept.push({ str, transform, width });
  }
  return kept;
}

/** What a reading thread asks a helper. */
export type HelperRequest =
  | { readonly type: 'open'; readonly job: number; readonly bytes: Uint8Array }
  | { readonly type: 'read'; readonly job: number; readonly from: number; readonly to: number }
  | { readonly type: 'close'; readonly job: number };

/** What a helper answers: a document opened (or not), or the pages it was asked for. */
export type HelperReply =
  | { readonly type: 'opened'; readonly job: number; readonly ok: boolean }
  | { readonly type: 'pages'; readonly job: number; readonly from: number; readonly pages: readonly PdfPageItems[] };

/** A helper thread's loop: requests are handled one at a time, in the order they come. */
function serveAsHelper(port: MessagePort): void {
  // Nothing a helper prints may reach stdout, the language server's channel (a worker's output is the process's).
  process.stdout.write = (() => true) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) console[method] = () => undefined;
  const documents = new Map<number, Promise<PdfDocument | undefined>>();
  let queue: Promise<unknown> = Promise.resolve();
  const handle = async (request: HelperRequest): Promise<void> => {
    if (request.type === 'open') {
      const opened = openPdf(request.bytes).catch(() => undefined);
      documents.set(request.job, opened);
      port.postMessage({ type: 'opened', job: request.job, ok: (await opened) !== undefined } satisfies HelperReply);
    } else if (request.type === 'read') {
      const document = await documents.get(request.job);
      const pages = document ? await readPageItems(document, request.from, request.to) : [];
      port.postMessage({ type: 'pages', job: request.job, from: request.from, pages } satisfies HelperReply);
    } else {
      const document = await documents.get(request.job);
      documents.delete(request.job);
      if (document) await closePdf(document);
    }
  };
  port.on('message', (request: HelperRequest) => {
    queue = queue.then(() => handle(request)).catch(() => undefined);
  });
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | undefined)?.[PDF_HELPER]) {
  serveAsHelper((workerData as Record<string, MessagePort>)[PDF_HELPER]!);
}
