import { parse as parseYaml } from 'yaml';
import type { SourceCues } from '../core/library/cues';
import type { TextOrigin } from '../core/text/textOrigin';

/** One cue of a transcript as a reader found it in its file. */
export interface TranscriptCue {
  /** Start and end, seconds. */
  readonly start: number;
  readonly end: number;
  /** The speaker label the cue carries, as written; undefined when it carries none. */
  readonly label?: string;
  /** The spoken words; lines of the cue separated by `\n`. */
  readonly text: string;
  /** File position (0-based line and UTF-16 character) of the first line of `text`; later lines start their file lines. */
  readonly line: number;
  readonly character: number;
  /** The cue's words with their own start times, in order (Whisper's `words`), when the file gives them. */
  readonly words?: ReadonlyArray<{ readonly word: string; readonly start: number }>;
}

/** A transcript's quotable text with its cues and where its lines stand in the file. */
export interface TranscriptParts {
  readonly text: string;
  readonly cues: SourceCues;
  readonly origin: TextOrigin;
}

/**
 * Labels of speaker diarization (`SPEAKER_00`, `Speaker 1`, `spk_0`, `Unknown Speaker`): they name
 * nobody unless the transcript maps them to names.
 */
const DIARIZATION = /^(?:(?:unknown|unidentified)\s+)?(?:speaker|spk|spkr|voice|person)(?:[\s_-]*\d+|[\s_-]*[a-z])?$/i;

/** Whether a speaker label is a diarization label rather than a name. */
export function isDiarizationLabel(label: string): boolean {
  return DIARIZATION.test(label.trim()) || /^(?:s|spk)?\d+$/i.test(label.trim());
}

/**
 * The mapping of labels to names a transcript declares (`speakers: {SPEAKER_00: Ana Petrosyan}`),
 * from YAML text; empty when there is none or it is no mapping of names.
 */
export function readSpeakerMapping(yaml: string): Map<string, string> {
  const mapping = new Map<string, string>();
  let data: unknown;
  try {
    data = parseYaml(yaml);
  } catch {
    // A NOTE that is not YAML is a comment like any other: it maps nobody.
    return mapping;
  }
  const speakers = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>)['speakers'] : undefined;
  if (speakers === null || typeof speakers !== 'object' || Array.isArray(speakers)) return mapping;
  for (const [label, name] of Object.entries(speakers as Record<string, unknown>)) {
    if (typeof name === 'string' && name.trim() !== '') mapping.set(label.trim().toLowerCase(), name.trim());
  }
  return mapping;
}

/**
 * Lays out a transcript's cues as text: one line per line of a cue, a blank line where the speaker
 * changes. A cue without a label continues the last speaker, as captions label only a change; a
 * diarization label that `mapping` does not name names nobody.
 */
export function assembleTranscript(cues: readonly TranscriptCue[], mapping: ReadonlyMap<string, string> = new Map()): TranscriptParts {
  let text = '';
  const starts: number[] = [];
  const times: number[] = [];
  const ends: number[] = [];
  const speakerOf: number[] = [];
  const speakers: string[] = [];
  const offsets: number[] = [];
  const lines: number[] = [];
  const characters: number[] = [];
  const wordStarts: number[] = [];
  const wordTimes: number[] = [];
  let current = -1;
  for (const cue of cues) {
    const words = cue.text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
    if (words.every((line) => line === '')) continue;
    let who = current;
    if (cue.label !== undefined) {
      const name = speakerName(cue.label, mapping);
      who = name === undefined ? -1 : indexOf(speakers, name);
    }
    if (text !== '') text += who !== current ? '\n\n' : '\n';
    current = who;
    starts.push(text.length);
    times.push(cue.start);
    ends.push(Math.max(cue.start, cue.end));
    speakerOf.push(who);
    const cueStart = text.length;
    let first = true;
    words.forEach((line, i) => {
      if (line === '') return;
      if (!first) text += '\n';
      first = false;
      offsets.push(text.length);
      lines.push(cue.line + i);
      characters.push(i === 0 ? cue.character : 0);
      text += line;
    });
    if (cue.words) timeWords(text, cueStart, cue.words, wordStarts, wordTimes);
  }
  return {
    text: `${text}\n`,
    cues: { starts, times, ends, speakerOf, speakers, ...(wordStarts.length > 0 ? { words: { starts: wordStarts, times: wordTimes } } : {}) },
    origin: { textOffsets: Uint32Array.from(offsets), lines: Uint32Array.from(lines), characters: Uint32Array.from(characters) },
  };
}

/**
 * Finds a cue's timed words in order in its laid-out text `text.slice(from)` and records where each
 * starts and when it is spoken. A word not found there (the cue's text and its words disagree) is
 * left out, and so are times that go back: an untimed word falls back to its cue's start.
 */
function timeWords(text: string, from: number, words: NonNullable<TranscriptCue['words']>, starts: number[], times: number[]): void {
  let at = from;
  for (const { word, start } of words) {
    const trimmed = word.replace(/\s+/g, ' ').trim();
    if (trimmed === '') continue;
    const found = text.indexOf(trimmed, at);
    if (found < 0) continue;
    at = found + trimmed.length;
    if (times.length > 0 && start < times[times.length - 1]!) continue;
    starts.push(found);
    times.push(start);
  }
}

/** The name a label gives: its mapped name, nobody for an unmapped diarization label, else itself. */
function speakerName(label: string, mapping: ReadonlyMap<string, string>): string | undefined {
  const trimmed = label.trim();
  const mapped = mapping.get(trimmed.toLowerCase());
  if (mapped !== undefined) return mapped;
  if (trimmed === '' || isDiarizationLabel(trimmed)) return undefined;
  return trimmed;
}

function indexOf(names: string[], name: string): number {
  const at = names.indexOf(name);
  if (at >= 0) return at;
  names.push(name);
  return names.length - 1;
}

/** Transcribers' notes that look like a bracketed label but name nobody (`[inaudible]`, `[MUSIC]`). */
const ANNOTATIONS = /^(?:inaudible|unintelligible|crosstalk|cross-talk|laughter|laughs|laughing|applause|music|silence|pause|noise|background noise|indistinct|foreign|foreign language|coughs|sighs|blank_audio|no audio|break|end|sound|phone rings)$/i;

/** A name-like label: up to six words, the first capitalised (or a diarization label). */
const NAME = /^(?:[\p{Lu}][\p{L}\p{M}.'’-]*|[\p{Lu}]\.)(?:[ \t]+(?:[\p{Lu}\d][\p{L}\p{M}\d.'’-]*|de|da|del|der|van|von|al|bin|ibn|la|le|di|du|dos|das))*$/u;

/**
 * The speaker label a caption line starts with: `NAME:`, `[NAME]`, `>> NAME:` (a bare `>>` marks a
 * new, unnamed speaker: label ''). Undefined when the line starts with none; `skip` is how many
 * characters the label and its separator take.
 */
export function leadingLabel(line: string): { label: string; skip: number } | undefined {
  const chevrons = /^>>+\s*/.exec(line);
  const from = chevrons ? chevrons[0].length : 0;
  const rest = line.slice(from);
  const bracket = /^\[([^[\]\n]{1,60})\]\s*:?\s*/.exec(rest);
  if (bracket && !ANNOTATIONS.test(bracket[1]!.trim()) && isLabel(bracket[1]!)) return { label: bracket[1]!.trim(), skip: from + bracket[0].length };
  const colon = /^([^:\n]{1,60}?):[ \t]+/.exec(rest);
  if (colon && isLabel(colon[1]!)) return { label: colon[1]!.trim(), skip: from + colon[0].length };
  if (chevrons) return { label: '', skip: from };
  return undefined;
}

/** Whether a label names a speaker or is a diarization label; a time or a sentence is neither. */
function isLabel(label: string): boolean {
  const trimmed = label.trim();
  if (trimmed.split(/\s+/).length > 6) return false;
  return isDiarizationLabel(trimmed) || NAME.test(trimmed);
}
