/** Output streams and working folder of a command, injectable for tests. */
export interface CliIO {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` goes to a terminal (then loading shows a progress line there). */
  readonly terminal?: boolean;
}

/** The process's own working folder, standard output and standard error. */
export const PROCESS_IO: CliIO = {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  terminal: process.stderr.isTTY === true,
};
