import type { Connection, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';

/** How often progress and the library status are sent while indexing, at most. */
const REPORT_EVERY_MS = 150;

/** What the reporter reads of the library host. */
export interface IndexingState {
  /** Files indexed so far, of all; undefined when no indexing runs. */
  progress(): { readonly done: number; readonly total: number } | undefined;
  /** Whether the running indexing may be cancelled (a previous library stays). */
  readonly cancellable: boolean;
  cancel(): void;
}

/**
 * Shows one indexing run as `window/workDoneProgress` ("Indexing sources 12,345 / 34,990"):
 * begin when it starts, reports as it goes (throttled, each with the library status), end when it
 * is over. Messages go out in that order even though creating the progress is a round trip.
 */
export class IndexingProgress {
  private reporter: Promise<WorkDoneProgressServerReporter | undefined>;
  private lastReport = 0;
  private trailing: NodeJS.Timeout | undefined;
  private finished = false;

  constructor(
    private readonly connection: Connection,
    private readonly state: IndexingState,
    private readonly sendStatus: () => void,
  ) {
    this.reporter = this.begin();
  }

  /** Reports the current progress now, or soon when a report went out very recently. */
  update(): void {
    if (this.finished || this.trailing !== undefined) return;
    const wait = this.lastReport + REPORT_EVERY_MS - Date.now();
    if (wait > 0) {
      this.trailing = setTimeout(() => {
        this.trailing = undefined;
        this.update();
      }, wait);
      return;
    }
    this.lastReport = Date.now();
    this.sendStatus();
    const progress = this.state.progress();
    if (progress === undefined) return;
    void this.reporter.then((reporter) => {
      if (!this.finished) reporter?.report(percentage(progress), describe(progress));
    });
  }

  /** Ends the progress (after any report already queued). */
  async done(): Promise<void> {
    this.finished = true;
    if (this.trailing !== undefined) clearTimeout(this.trailing);
    (await this.reporter)?.done();
  }

  private async begin(): Promise<WorkDoneProgressServerReporter | undefined> {
    let reporter: WorkDoneProgressServerReporter;
    try {
      reporter = await this.connection.window.createWorkDoneProgress();
    } catch (error) {
      // The client refused the progress: indexing goes on; the status notification still tells.
      this.connection.console.log(`indexing progress not shown: ${(error as Error).message}`);
      return undefined;
    }
    const cancellable = this.state.cancellable;
    reporter.begin('Verbatim', 0, 'Indexing sources', cancellable);
    if (cancellable) reporter.token.onCancellationRequested(() => this.state.cancel());
    return reporter;
  }
}

function percentage(progress: { done: number; total: number }): number {
  return progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0;
}

/** "Indexing sources 12,345 / 34,990", then "Building the index" once every file is read. */
function describe(progress: { done: number; total: number }): string {
  if (progress.total > 0 && progress.done >= progress.total) return `Building the index of ${progress.total.toLocaleString('en-US')} sources`;
  return `Indexing sources ${progress.done.toLocaleString('en-US')} / ${progress.total.toLocaleString('en-US')}`;
}
