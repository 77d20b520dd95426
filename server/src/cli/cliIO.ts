/** Output streams and working folder of a command, injectable for tests. */
export interface CliIO {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Whether `err` goes to a terminal (then loading shows a progress line there). */
  readonly terminal?: boolean;
}
