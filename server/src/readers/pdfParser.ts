/**
 * pdf.js (through unpdf), in a module of its own: the build makes it a separate bundle
 * (`dist/pdfParser.js`) that is loaded on the first PDF, so starting Verbatim never parses pdf.js's
 * megabytes when the library has no PDF.
 *
 * The same module is the script of the PDF helper threads (`pdfHelpers`): started as a worker with
 * `PDF_HELPER` in its data, it opens the PDFs it is sent and reads the pages it is asked for, so the
 * pages of a long PDF are read on several cores. Helpers send pdf.js's text items as they are; all
 * that Verbatim makes of them happens in the thread that asked.
 */
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { getDocumentProxy, getResolvedPDFJS } from 'unpdf';

export { getDocumentProxy };

/** The key in a helper thread's `workerData` that makes this module run as one. */
export const PDF_HELPER = 'verbatimPdfHelper';

/** This module's file: the helper threads' script (a `.ts` file when run from sources). */
export const PDF_HELPER_FILE = __filename;

/** pdf.js's options for every document Verbatim opens. */
export const PDF_OPTIONS = {
  // Verbosity 0: pdf.js's warnings would otherwise go to stdout, which is the language server's channel.
  verbosity: 0,
  isEvalSupported: false,
  stopAtErrors: false,
} as const;

type PdfDocument = Awaited<ReturnType<typeof getDocumentProxy>>;

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
 * dense form's pages); this one hands a chunk of text content over with its items as they are
 * (pdf.js starts new ones for the next chunk and never touches these again) and clones the rest as
 * pdf.js does, delivering on the next microtask as pdf.js does.
 */
class TextLoopbackPort {
  readonly #listeners = new Set<(event: { data: unknown }) => void>();
  readonly #delivered = Promise.resolve();

  postMessage(message: { chunk?: { items?: unknown } } | null, transfer?: NonNullable<Parameters<typeof structuredClone>[1]>['transfer']): void {
    const chunk = message?.chunk;
    const data = chunk && Array.isArray(chunk.items) ? { ...message, chunk: { ...chunk } } : structuredClone(message, transfer ? { transfer } : undefined);
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

interface WorkerGlobal {
  readonly pdfjsWorker?: { readonly WorkerMessageHandler?: { initializeFromPort?(port: unknown): void } };
}

interface PdfWorker {
  destroy(): void;
}

/** The pdf.js worker of each open document: its own port, so nothing of it outlives the document. */
const workers = new WeakMap<PdfDocument, PdfWorker>();

/** A pdf.js worker on a new `TextLoopbackPort`, or undefined (pdf.js's own) if this pdf.js has no way to set one up. */
async function textWorker(): Promise<PdfWorker | undefined> {
  const pdfjs = await getResolvedPDFJS();
  // unpdf's bundle sets pdf.js's documented hook for running its worker in this thread.
  const handler = (globalThis as WorkerGlobal).pdfjsWorker?.WorkerMessageHandler;
  if (typeof handler?.initializeFromPort !== 'function') return undefined;
  const port = new TextLoopbackPort();
  handler.initializeFromPort(port);
  return new pdfjs.PDFWorker({ port: port as never, verbosity: 0 });
}

/** Opens a PDF with Verbatim's options; pdf.js takes ownership of `bytes`. Close it with `closePdf`. */
export async function openPdf(bytes: Uint8Array): Promise<PdfDocument> {
  const worker = await textWorker().catch(() => undefined);
  try {
    const document = await getDocumentProxy(bytes, { ...PDF_OPTIONS, ...(worker ? { worker } : {}) } as never);
    if (worker) workers.set(document, worker);
    return document;
  } catch (error) {
    worker?.destroy();
    throw error;
  }
}

/** Closes a document `openPdf` opened, and its worker; never rejects. */
export async function closePdf(document: PdfDocument): Promise<void> {
  await document.destroy().catch(() => undefined);
  workers.get(document)?.destroy();
  workers.delete(document);
}

/** The text items of pages `from` to `to` (1-based, inclusive), read in this thread; never rejects. */
export async function readPageItems(document: PdfDocument, from: number, to: number): Promise<PdfPageItems[]> {
  const pages: PdfPageItems[] = [];
  for (let number = from; number <= to; number++) {
    try {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const items: PdfTextItem[] = [];
      for (const item of content.items as unknown[]) {
        const { str, transform, width } = item as PdfTextItem;
        if (typeof str === 'string' && Array.isArray(transform)) items.push({ str, transform, width });
      }
      page.cleanup();
      pages.push({ items });
    } catch (error) {
      pages.push({ error: (error as Error | undefined)?.message ?? String(error) });
    }
  }
  return pages;
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
