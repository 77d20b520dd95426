import type { SourceReader } from './sourceReader';
import { htmlReader } from './htmlReader';
import { pdfReader } from './pdfReader';
import { srtReader } from './srtReader';
import { textReader } from './textReader';
import { vttReader } from './vttReader';
import { whisperReader } from './whisperReader';

/** Every reader, one per format; the first whose extension matches reads a file. */
const READERS: readonly SourceReader[] = [textReader, htmlReader, pdfReader, vttReader, srtReader, whisperReader];

/** File extensions that can be sources, lower case with the dot. */
export const SOURCE_EXTENSIONS: readonly string[] = READERS.flatMap((reader) => reader.extensions);

/** The reader for a file name, or undefined when no reader takes its extension. */
export function readerFor(fileName: string): SourceReader | undefined {
  const lower = fileName.toLowerCase();
  const dot = lower.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = lower.slice(dot);
  return READERS.find((reader) => reader.extensions.includes(extension));
}
