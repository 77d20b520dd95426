import type { ExtractedParts, SourceLimits } from '../core/library/source';

/**
 * The one interface every source format implements: a file's bytes in; its quotable text, metadata
 * and page boundaries out. Readers do no I/O; the node layer reads the file and picks the reader by
 * extension (`sourceReaders`). A new format is one new file beside this one.
 */
export interface SourceReader {
  /** Name of the format, kept on the source (`text`, `html`, `pdf`). */
  readonly format: string;
  /** File extensions it reads, lower case with the dot. */
  readonly extensions: readonly string[];
  /** Largest file it accepts; the library's text limit applies when absent. */
  readonly maxFileBytes?: number;
  /** Reads one file. Heavy readers return a promise (and load their parser on first use). Never throws. */
  read(bytes: Uint8Array, limits: SourceLimits): ReadResult | Promise<ReadResult>;
}

/** A file read as a source: its text and, when the text was extracted, what came with it. */
export interface ReadSource {
  /** The quotable text (for plain text: the whole file, front matter included). */
  readonly text: string;
  /** Metadata, pages and the text's origin in the file; absent when `text` is the file itself. */
  readonly extracted?: ExtractedParts;
}

/** What reading a file gave: the source, or the one reason it cannot be one. */
export type ReadResult = ReadSource | { readonly reason: string };

/** Whether a read failed. */
export function isReadFailure(result: ReadResult): result is { readonly reason: string } {
  return 'reason' in result;
}
