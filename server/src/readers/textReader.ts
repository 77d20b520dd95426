import { decodeSourceBytes } from '../core/library/source';
import type { SourceReader } from './sourceReader';

/** Plain text and Markdown articles: the file is the text (front matter and form feeds read by core). */
export const textReader: SourceReader = {
  format: 'text',
  extensions: ['.txt', '.md'],
  read: (bytes, limits) => decodeSourceBytes(bytes, limits),
};
