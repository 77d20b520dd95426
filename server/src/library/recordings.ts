import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { filePath } from '../indexFile/files';

/**
 * A transcript's recording (SPEC §1): a media file of the same name beside it, `council.vtt` →
 * `council.ogg`. Looked up when asked, not kept in the index: a recording is no source, and one
 * added or removed beside a transcript counts at the next question without a reindex.
 */

/** The media extensions a recording may have, in the order they are looked for (each also in capitals, as recorders write `.WAV` and `.MP3`). */
export const RECORDING_EXTENSIONS: readonly string[] = ['.mp3', '.m4a', '.wav', '.ogg', '.mp4', '.webm'];

/** The `file:` URI of the recording beside the source at `sourceUri`, or undefined when it has none (or is not a file). */
export function recordingOf(sourceUri: string): string | undefined {
  if (!sourceUri.startsWith('file:')) return undefined;
  let source: string;
  try {
    source = filePath(sourceUri);
  } catch {
    return undefined;
  }
  const base = path.join(path.dirname(source), path.basename(source, path.extname(source)));
  for (const extension of RECORDING_EXTENSIONS) {
    for (const written of [extension, extension.toUpperCase()]) {
      const candidate = base + written;
      if (candidate !== source && isFile(candidate)) return pathToFileURL(candidate).href;
    }
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
