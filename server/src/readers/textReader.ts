import { decodeSourceBytes } from '../core/library/source';
import { readPlainTranscript } from './plainTranscript';
import type { SourceReader } from './sourceReader';

/**
 * Plain text and Markdown articles: the file is the text (front matter and form feeds read by core).
 * A file whose lines are a transcript export's turns (`plainTranscript`) is read as a transcript.
 */
export const textReader: SourceReader = {
  format: 'text',
  extensions: ['.txt', '.md'],
  read: (bytes, limits) => {
    const decoded = decodeSourceBytes(bytes, limits);
    if ('reason' in decoded) return decoded;
    const transcript = readPlainTranscript(decoded.text);
    if (transcript === undefined) return decoded;
    const { text, cues, origin, fields } = transcript;
    return { text, extracted: { format: 'transcript', fields, cues, origin } };
  },
};
