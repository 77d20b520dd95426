/**
 * Requests before background work. The server's background work (locating a large bibliography's
 * full texts, its full parse, the key search's word index) runs in slices of a few milliseconds;
 * between two slices it gives way (`giveWay`): a message the client sent meanwhile is read and
 * dispatched first, and a request being answered is answered (its response written) first.
 *
 * vscode-jsonrpc reads a message in one turn of the event loop, dispatches it in the next, and writes
 * a response in the turn after its handler finished: a slice scheduled in any of those turns ran
 * before the request or before its response went out. At a restart on a 20,000-entry library the
 * first key completion waited two or three such slices.
 */

/** Turns of the event loop a message needs from arriving to being dispatched, and one more. */
const TURNS = 3;

/** The longest a background slice waits for the requests being answered, in milliseconds. */
const MAX_HOLD_MS = 50;

/** Counts the requests being answered; background slices wait while there are any. */
export class RequestActivity {
  private inFlight = 0;
  private waiting: Array<() => void> = [];

  /** `maxHoldMs`: the longest a slice waits for the requests being answered. */
  constructor(private readonly maxHoldMs = MAX_HOLD_MS) {}

  /**
   * Counts `run`'s request until its response has been written (a turn after a promise it returns
   * settles, when vscode-jsonrpc writes it); returns what `run` returns.
   */
  track<T>(run: () => T): T {
    this.inFlight++;
    let result: T;
    try {
      result = run();
    } catch (error) {
      this.finished();
      throw error;
    }
    void Promise.resolve(result).then(
      () => this.finished(),
      () => this.finished(),
    );
    return result;
  }

  /**
   * Resolves when background work may run its next slice: messages read and dispatched, and no
   * request being answered, or one answered for `maxHoldMs` already (a request that waits on the
   * network or on a long draft's check in slices does not stop the library's work, nor one that
   * waits for that work).
   */
  readonly giveWay = async (): Promise<void> => {
    for (let turn = 0; turn < TURNS; turn++) await new Promise((resolve) => setImmediate(resolve));
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(done, this.maxHoldMs);
      this.waiting.push(done);
    });
  };

  private finished(): void {
    // Two turns: the response is written in the turn after the handler settled (after this callback's).
    setImmediate(() =>
      setImmediate(() => {
        this.inFlight--;
        if (this.inFlight > 0) return;
        const waiting = this.waiting;
        this.waiting = [];
        for (const resolve of waiting) resolve();
      }),
    );
  }
}
