import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readerFor } from '../readers/sourceReaders';
import { textReader } from '../readers/textReader';
import { createSource, decodeSourceBytes, keyFromFileName, type Source } from '../core/library/source';

/**
 * Bytes read of a source for its source head: front matter (at most 64 K characters) and the opening
 * that metadata is inferred from (8,000 characters) fit, and an article is read whole.
 */
const HEAD_BYTES = 256 * 1024;

/**
 * The source head of a file, read before indexing: key, metadata and the head of its text
 * (no word count). Undefined when the file cannot be a source (indexing reports why) or is not a
 * plain text or Markdown file.
 */
export function readSourceHead(file: string, displayPath: string): Source | undefined {
  // Extracted formats (HTML, PDF) need their reader's whole work: they join when indexed.
  if (readerFor(file) !== textReader) return undefined;
  let bytes: Uint8Array;
  let whole: boolean;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.allocUnsafe(HEAD_BYTES);
      const length = fs.readSync(fd, buffer, 0, HEAD_BYTES, 0);
      bytes = buffer.subarray(0, length);
      whole = length < HEAD_BYTES;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined; // unreadable: indexing reads it again and reports the reason
  }
  let text: string;
  if (whole) {
    const decoded = decodeSourceBytes(bytes);
    if ('reason' in decoded) return undefined;
    text = decoded.text;
  } else {
    // A cut may split a character: decode leniently and drop what the cut broke.
    const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : 'utf-8';
    text = new TextDecoder(encoding).decode(bytes).replace(/\uFFFD+$/, '');
    if (text.includes('\u0000')) return undefined;
  }
  const uri = pathToFileURL(file).href;
  return createSource({ uri, path: displayPath, text, fallbackKey: keyFromFileName(displayPath), countWords: () => 0 });
}
