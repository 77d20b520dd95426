import { readFrontMatter, readFrontMatterData } from '../core/text/frontMatter';
import { clockSeconds } from './cueTimings';
import { assembleTranscript, readSpeakerMapping, type TranscriptCue, type TranscriptParts } from './transcriptText';

/**
 * Plain-text transcript exports (Otter, Descript, Rev, Trint and the like): a `.txt` or `.md` whose
 * turns each start with a line naming the speaker and the time. One pattern holds a whole file:
 *
 *   Otter      `Ana Petrosyan  0:12` (two spaces), the words on the lines after it
 *   Descript   `[00:12:31] Ana Petrosyan: words` (or the words on the next lines)
 *   Rev        `Ana Petrosyan (00:12):` or `Ana Petrosyan: (00:12)`, then the words
 *   Trint      `[00:12:31] Ana Petrosyan` or `00:12:31 Ana Petrosyan`, then the words
 */
const CLOCK = String.raw`(?<time>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)`;
const WHO = String.raw`(?<name>[^\s\[\]():][^\[\]():\t]{0,58}?)`;
const TURN_PATTERNS: readonly RegExp[] = [
  new RegExp(String.raw`^${WHO}[ \t]{2,}${CLOCK}[ \t]*$`, 'u'),
  new RegExp(String.raw`^\[${CLOCK}\][ \t]*${WHO}[ \t]*:(?:[ \t]+(?<text>.*))?$`, 'u'),
  new RegExp(String.raw`^${WHO}[ \t]*\(${CLOCK}\)[ \t]*:?(?:[ \t]+(?<text>.*))?$`, 'u'),
  new RegExp(String.raw`^${WHO}:[ \t]*[([]${CLOCK}[)\]](?:[ \t]+(?<text>.*))?$`, 'u'),
  new RegExp(String.raw`^\[?${CLOCK}\]?[ \t]+${WHO}[ \t]*$`, 'u'),
];
/** A line that is only a time (`(00:30):`, `[00:12:31]`): a new cue of the same speaker, as Rev writes long turns. */
const TIME_ONLY = new RegExp(String.raw`^[\[(]?${CLOCK}[\])]?:?$`, 'u');
/** Lines before the first turn that may be a title or a note; a longer preamble is an article. */
const MAX_PREAMBLE = 5;

/** Lines read to tell a transcript from an article. */
const DETECTION_LINES = 400;
/** Most words a speaker's name has. */
const MAX_NAME_WORDS = 6;

/** The name, time and words of a turn's first line, when `line` is one by `pattern`. */
function turnOf(pattern: RegExp, line: string): Record<string, string | undefined> | undefined {
  const groups = pattern.exec(line.trim())?.groups;
  if (groups === undefined || groups['name']!.trim().split(/\s+/).length > MAX_NAME_WORDS) return undefined;
  return groups;
}

/** A plain-text transcript read from a text file, with the file's front matter. */
export interface PlainTranscript extends TranscriptParts {
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * The file as a transcript when its turns follow one of the patterns above (at least two turns, the
 * first within the first lines), or when its front matter says `type: transcript` and a turn
 * exists; undefined when it is an article.
 */
export function readPlainTranscript(file: string): PlainTranscript | undefined {
  // Most articles are refused before their front matter is read: no clock time and no `type:` near the top.
  if (!/\d:\d\d|type:/.test(file.slice(0, 8192))) return undefined;
  const front = readFrontMatter(file);
  const forced = front.fields['type']?.toLowerCase() === 'transcript';
  // Quick refusal of articles: no line of the first kilobytes has a clock time.
  if (!forced && !/\d:\d\d/.test(file.slice(front.bodyStart, front.bodyStart + 4096))) return undefined;
  const lines = file.slice(front.bodyStart).split(/\r?\n|\r/);
  const firstLine = lineOf(file, front.bodyStart);
  const pattern = bestPattern(lines, forced);
  if (pattern === undefined) return undefined;
  const cues: TranscriptCue[] = [];
  let open: { start: number; label: string | undefined; text: string[]; line: number; character: number } | undefined;
  const close = (end: number): void => {
    if (open) cues.push({ start: open.start, end, ...(open.label !== undefined ? { label: open.label } : {}), text: open.text.join('\n'), line: open.line, character: open.character });
  };
  lines.forEach((line, i) => {
    const turn = turnOf(pattern, line);
    if (turn) {
      const start = clockSeconds(turn['time']!);
      close(start);
      const inline = turn['text'];
      open = {
        start,
        label: turn['name']!.trim(),
        text: inline ? [inline] : [],
        line: firstLine + i + (inline ? 0 : 1),
        character: inline ? line.lastIndexOf(inline) : 0,
      };
    } else if (open && TIME_ONLY.test(line.trim())) {
      const start = clockSeconds(TIME_ONLY.exec(line.trim())!.groups!['time']!);
      close(start);
      open = { start, label: undefined, text: [], line: firstLine + i + 1, character: 0 };
    } else if (open) {
      // A blank line inside a turn is a paragraph break; the text keeps one line per line.
      if (open.text.length === 0 && line.trim() === '') open.line = firstLine + i + 1;
      else open.text.push(line);
    }
  });
  if (open) close(open.start + Math.max(1, open.text.join(' ').split(/\s+/).length / 2.5));
  if (cues.length === 0) return undefined;
  const mapping = readSpeakerMapping(yamlOfFrontMatter(file, front.bodyStart));
  const { type: _type, ...fields } = front.fields;
  return { ...assembleTranscript(cues, mapping), fields };
}

/** The pattern most lines follow, when it makes the file a transcript. */
function bestPattern(lines: readonly string[], forced: boolean): RegExp | undefined {
  let best: { pattern: RegExp; count: number } | undefined;
  for (const pattern of TURN_PATTERNS) {
    let count = 0;
    let first = -1;
    let nonBlank = 0;
    for (const line of lines.length > DETECTION_LINES ? lines.slice(0, DETECTION_LINES) : lines) {
      if (line.trim() === '') continue;
      nonBlank++;
      if (turnOf(pattern, line)) {
        count++;
        if (first < 0) first = nonBlank;
      } else if (first >= 0 && TIME_ONLY.test(line.trim())) {
        // Rev's later times of a long turn count as turns of the pattern once one was seen.
        count++;
      }
    }
    if (count === 0 || (!forced && (count < 2 || first > MAX_PREAMBLE))) continue;
    if (!best || count > best.count) best = { pattern, count };
  }
  return best?.pattern;
}

function yamlOfFrontMatter(file: string, bodyStart: number): string {
  if (bodyStart === 0) return '';
  return readFrontMatterData(file).data['speakers'] === undefined ? '' : file.slice(0, bodyStart).replace(/^\uFEFF?---[^\n]*\n/, '').replace(/\n(?:---|\.\.\.)\s*$/, '');
}

function lineOf(file: string, offset: number): number {
  let line = 0;
  for (let i = file.indexOf('\n'); i >= 0 && i < offset; i = file.indexOf('\n', i + 1)) line++;
  return line;
}
