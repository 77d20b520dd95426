import SrtParser from 'srt-parser-2';
import { decodeSourceBytes } from '../core/library/source';
import type { SourceReader } from './sourceReader';
import { timingLines } from './cueTimings';
import { assembleTranscript, leadingLabel, type TranscriptCue } from './transcriptText';

let parser: SrtParser | undefined;

/**
 * SubRip subtitles (`.srt`) read with srt-parser-2: each cue's time and words; a cue text's leading
 * `NAME:` or `[NAME]` (as Otter's SRT export writes it) names its speaker, and a cue without one
 * continues the last speaker. Formatting tags (`<i>`, `{\an8}`) are left out.
 */
export const srtReader: SourceReader = {
  format: 'srt',
  extensions: ['.srt'],
  read(bytes, limits) {
    const decoded = decodeSourceBytes(bytes, limits);
    if ('reason' in decoded) return decoded;
    const file = decoded.text.replace(/^\uFEFF/, '');
    parser ??= new SrtParser();
    const parsed = parser.fromSrt(file);
    if (parsed.length === 0) return { reason: 'a SubRip file with no cues (no "00:00:01,000 --> 00:00:02,000" lines)' };
    const timings = timingLines(file);
    const cues: TranscriptCue[] = [];
    let next = 0;
    for (const cue of parsed) {
      while (next < timings.length && Math.abs(timings[next]!.start - cue.startSeconds) > 0.0005) next++;
      const line = timings[next] ? timings[next]!.line + 1 : 0;
      if (timings[next]) next++;
      const text = cue.text.replace(/<\/?[a-z][^>]*>|\{\\[^}]*\}/gi, '');
      const labelled = leadingLabel(text);
      cues.push({
        start: cue.startSeconds,
        end: cue.endSeconds,
        ...(labelled ? { label: labelled.label } : {}),
        text: labelled ? text.slice(labelled.skip) : text,
        line,
        character: labelled?.skip ?? 0,
      });
    }
    const parts = assembleTranscript(cues);
    return { text: parts.text, extracted: { format: 'srt', origin: parts.origin, cues: parts.cues } };
  },
};
