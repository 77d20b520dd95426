import { LineIndex } from '../core/text/lineIndex';
import { decodeSourceBytes } from '../core/library/source';
import type { SourceReader } from './sourceReader';
import { assembleTranscript, readSpeakerMapping, type TranscriptCue } from './transcriptText';

/** A segment's `words` (`{word, start, end}`, as Whisper's `--word_timestamps` and WhisperX write them) that have a start time. */
function timedWords(words: unknown): { words?: Array<{ word: string; start: number }> } {
  if (!Array.isArray(words)) return {};
  const timed = words.flatMap((w: unknown) => {
    if (w === null || typeof w !== 'object') return [];
    const { word, start } = w as Record<string, unknown>;
    return typeof word === 'string' && typeof start === 'number' && Number.isFinite(start) ? [{ word, start }] : [];
  });
  return timed.length > 0 ? { words: timed } : {};
}

/**
 * Whisper's JSON output (`.json` with `segments` of `start`/`end`/`text`), and WhisperX's with a
 * `speaker` per segment; a segment's timed `words` time the passages that start inside it. A
 * top-level `speakers` object maps diarization labels to names. Any other JSON file is refused with
 * its reason (it may be a bibliography in the same folder).
 */
export const whisperReader: SourceReader = {
  format: 'whisper',
  extensions: ['.json'],
  read(bytes, limits) {
    const decoded = decodeSourceBytes(bytes, limits);
    if ('reason' in decoded) return decoded;
    const file = decoded.text.replace(/^\uFEFF/, '');
    let data: unknown;
    try {
      data = JSON.parse(file);
    } catch (error) {
      return { reason: `not a transcript: not valid JSON (${(error as Error).message})` };
    }
    const segments = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)['segments'] : undefined;
    if (!Array.isArray(segments)) return { reason: 'not a transcript: a JSON file without Whisper\'s "segments"' };
    const cues: TranscriptCue[] = [];
    const lines = new LineIndex(file);
    // Segments are found in the file in order, for their lines; the search starts at "segments".
    let at = Math.max(0, file.indexOf('"segments"'));
    for (const segment of segments) {
      if (segment === null || typeof segment !== 'object') continue;
      const { start, end, text, speaker, words } = segment as Record<string, unknown>;
      if (typeof start !== 'number' || typeof text !== 'string') continue;
      const found = file.indexOf('"text"', at);
      if (found >= 0) at = found + 6;
      const position = lines.positionAt(found >= 0 ? found : at);
      cues.push({
        start,
        end: typeof end === 'number' ? end : start,
        ...(typeof speaker === 'string' ? { label: speaker } : {}),
        text,
        line: position.line,
        character: position.character,
        ...timedWords(words),
      });
    }
    if (cues.length === 0) return { reason: 'a Whisper transcript with no segments of text' };
    const speakers = (data as Record<string, unknown>)['speakers'];
    const mapping = speakers !== null && typeof speakers === 'object' && !Array.isArray(speakers) ? readSpeakerMapping(JSON.stringify({ speakers })) : new Map<string, string>();
    const parts = assembleTranscript(cues, mapping);
    return { text: parts.text, extracted: { format: 'whisper', origin: parts.origin, cues: parts.cues } };
  },
};
