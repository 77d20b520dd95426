/**
 * Cues of a transcript: where each cue's words start in the source's text, when they are spoken and
 * by whom. Cues sit beside pages (`SourcePages`): both say where in the source a passage is.
 */

/** The cues of a transcript, in text order. */
export interface SourceCues {
  /** Offset (UTF-16 code units) in the source text where each cue's words start, ascending. */
  readonly starts: readonly number[];
  /** When each cue starts and ends, in seconds from the start of the recording. */
  readonly times: readonly number[];
  readonly ends: readonly number[];
  /** The index in `speakers` of each cue's speaker; -1 when the cue names nobody. */
  readonly speakerOf: readonly number[];
  /** The speakers' names as the transcript (or its mapping of diarization labels) gives them. */
  readonly speakers: readonly string[];
  /** Words the transcript times one by one (Whisper's `words`), when it does: more precise than their cues. */
  readonly words?: TimedWords;
}

/** Words with their own start times: where each starts in the source text (ascending) and when it is spoken, seconds. */
export interface TimedWords {
  readonly starts: readonly number[];
  readonly times: readonly number[];
}

/** Where a passage is in a transcript: the time its cues span and who speaks them. */
export interface CueSpan {
  /** Indexes of the first and last cue the passage touches. */
  readonly first: number;
  readonly last: number;
  /** Start of the first cue and end of the last, seconds. */
  readonly start: number;
  readonly end: number;
  /**
   * When the passage's first word is spoken, seconds: its own time where the transcript times words,
   * else the first cue's start. A time locator cites this; it may cite any time of the cues.
   */
  readonly spoken: number;
  /** The speakers of those cues, in order, each once; empty when no cue names anybody. */
  readonly speakers: readonly string[];
  /** Whether some cue of the passage names nobody (its speaker is unknown). */
  readonly unnamed: boolean;
}

/** The index of the cue holding `offset`, or -1 before the first cue. */
export function cueIndexAt(cues: SourceCues, offset: number): number {
  return lastAtOrBefore(cues.starts, offset);
}

/** The cues a passage `[start, end)` of the text lies in; undefined when it lies before every cue. */
export function cueSpanOf(cues: SourceCues, start: number, end: number): CueSpan | undefined {
  const first = Math.max(0, cueIndexAt(cues, start));
  const last = Math.max(first, cueIndexAt(cues, Math.max(start, end - 1)));
  if (cues.starts.length === 0) return undefined;
  const speakers: string[] = [];
  let unnamed = false;
  for (let i = first; i <= last; i++) {
    const who = cues.speakerOf[i] ?? -1;
    if (who < 0) unnamed = true;
    else if (!speakers.includes(cues.speakers[who]!)) speakers.push(cues.speakers[who]!);
  }
  return { first, last, start: cues.times[first]!, end: Math.max(cues.ends[last]!, cues.times[last]!), spoken: timeAt(cues, start), speakers, unnamed };
}

/**
 * When the word at `offset` is spoken: the start of the timed word holding it, where the
 * transcript times words in that cue, else the start of its cue (0 before the first cue).
 */
export function timeAt(cues: SourceCues, offset: number): number {
  const cue = cueIndexAt(cues, offset);
  if (cue < 0) return cues.times[0] ?? 0;
  const words = cues.words;
  if (words) {
    const word = lastAtOrBefore(words.starts, offset);
    // A timed word of this very cue (not of an earlier one), no earlier than the cue's start.
    if (word >= 0 && words.starts[word]! >= cues.starts[cue]! && words.times[word]! >= cues.times[cue]!) return words.times[word]!;
  }
  return cues.times[cue]!;
}

/** The index of the last of ascending `values` at or before `offset`; -1 when none is. */
function lastAtOrBefore(values: readonly number[], offset: number): number {
  let lo = 0;
  let hi = values.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
