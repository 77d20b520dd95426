import { fileURLToPath, pathToFileURL } from 'node:url';

/** File URIs and file-system errors, as the index file and the library opener need them. */

/**
 * `file:` URIs of absolute paths: plain paths (letters, digits, `/._-~`) are written out directly,
 * which is what `pathToFileURL` gives them; others go through it (it costs 2.5 µs a path, a tenth of
 * a restart at L).
 */
export function fileUris(): (file: string) => string {
  if (process.platform === 'win32') return (file) => pathToFileURL(file).href;
  return (file) => (PLAIN_PATH.test(file) && !DOT_SEGMENT.test(file) ? `file://${file}` : pathToFileURL(file).href);
}

const PLAIN_PATH = /^\/[A-Za-z0-9._~\/-]*$/;
/** `.` and `..` segments and doubled slashes, which a URL would resolve or keep differently. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)|\/\//;

/** The path of a `file:` URI; plain ones (see `fileUris`) are cut, not parsed. */
export function filePath(uri: string): string {
  const plain = uri.startsWith('file:///') && process.platform !== 'win32' ? uri.slice(7) : undefined;
  return plain !== undefined && PLAIN_PATH.test(plain) && !DOT_SEGMENT.test(plain) ? plain : fileURLToPath(uri);
}

/** A short reason for a file-system error ("permission denied", "no such file"). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symbolic link loop';
    case 'EISDIR':
      return 'is a folder';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}
