/** pdf.js's worker module (pdfjs-dist ships no types for it): the hook that runs the worker on a given port. */
declare module 'pdfjs-dist/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: { initializeFromPort(port: unknown): void };
}
