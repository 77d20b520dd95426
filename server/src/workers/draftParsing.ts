import { Worker } from 'node:worker_threads';
import { withSyntax, type DraftAnalysis, type DraftFormat } from '../core/draft/draftAnalysis';
import { indexWorkerScript, type DraftTask, type IndexWorkerMessage } from './indexWorkerProtocol';

/**
 * Parses a draft in a worker thread (issue 27: a long LaTeX or Typst draft, whose parser runs in
 * one step, would hold the main thread for hundreds of milliseconds); undefined when the worker
 * is missing or failed, so the caller parses it itself.
 */
export function parseDraftApart(text: string, format: DraftFormat): Promise<DraftAnalysis | undefined> {
  const script = indexWorkerScript();
  if (script === undefined) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let done = false;
    const finish = (analysis: DraftAnalysis | undefined): void => {
      if (done) return;
      done = true;
      void worker.terminate();
      resolve(analysis);
    };
    const worker = new Worker(script, { workerData: { kind: 'draft', text, format } satisfies DraftTask });
    worker.on('message', (message: IndexWorkerMessage) => {
      if (message.type === 'draft') finish(withSyntax(message.analysis, text));
    });
    worker.on('error', () => finish(undefined));
    worker.on('exit', () => finish(undefined));
  });
}
