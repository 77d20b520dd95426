/**
 * A parse in steps (issue 27: never blocked): a generator that yields between blocks, so a driver
 * can give way to other work between them (the service's check of a long draft), or run it to the
 * end at once (`finish`). A yield carries nothing; what the parse gives is the generator's return.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs a parse in steps to its end, at once. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** A value computed in one step (a format whose parser does not yield). */
export function* oneStep<T>(compute: () => T): Steps<T> {
  return compute();
}
