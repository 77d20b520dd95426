import type { LinePosition } from './lineIndex';

/**
 * Where the words of an extracted text (an HTML page's article) stand in the file they came from, so
 * ranges in the text map back to lines of the file. Anchors are sorted by text offset; an offset
 * between two anchors keeps its distance from the one before it on that anchor's line.
 */
export interface TextOrigin {
  /** Offsets in the extracted text, ascending. */
  readonly textOffsets: Uint32Array;
  /** The file line (0-based) of each anchor. */
  readonly lines: Uint32Array;
  /** The file character (UTF-16, 0-based) of each anchor. */
  readonly characters: Uint32Array;
}

/** The position in the original file of offset `offset` of the extracted text. */
export function originPositionAt(origin: TextOrigin, offset: number): LinePosition {
  const offsets = origin.textOffsets;
  let lo = 0;
  let hi = offsets.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (found < 0) return { line: origin.lines[0] ?? 0, character: origin.characters[0] ?? 0 };
  return { line: origin.lines[found]!, character: origin.characters[found]! + (offset - offsets[found]!) };
}

/** How far ahead (in words of the file) a lost word is looked for again. */
const RESYNC_WINDOW = 20_000;
/** Occurrences of a lost word tried at most, nearest first. */
const RESYNC_CANDIDATES = 64;
/** Words that must agree for a jump ahead to be trusted. */
const RESYNC_RUN = 3;

/**
 * Anchors the words of an extracted `text` in the file it came from. `visible` is the file's own
 * readable text (tags dropped, entities decoded) and `visibleAt(i)` the file position of its
 * character `i`. Words are matched in order; where the extraction dropped something (navigation,
 * comments) the file's words are skipped until three words agree again. Only anchors that a
 * constant shift from the previous one would not predict are kept.
 */
export function buildTextOrigin(
  text: string,
  visible: string,
  visibleAt: (index: number) => LinePosition,
  words: (s: string) => Array<{ start: number; norm: string }>,
): TextOrigin {
  const ours = words(text);
  const theirs = words(visible);
  const offsets: number[] = [];
  const lines: number[] = [];
  const characters: number[] = [];
  // Where each word occurs in the file's text, so a lost word is looked for only where it occurs.
  const occurrences = new Map<string, number[]>();
  theirs.forEach((word, k) => {
    const list = occurrences.get(word.norm);
    if (list) list.push(k);
    else occurrences.set(word.norm, [k]);
  });
  let j = 0;
  const agree = (i: number, k: number): boolean => {
    for (let d = 0; d < RESYNC_RUN; d++) {
      const a = ours[i + d];
      const b = theirs[k + d];
      if (a === undefined || b === undefined) return a === undefined && d > 0;
      if (a.norm !== b.norm) return false;
    }
    return true;
  };
  const resync = (i: number): number => {
    const list = occurrences.get(ours[i]!.norm);
    if (list === undefined) return -1;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= j) lo = mid + 1;
      else hi = mid;
    }
    for (let c = lo; c < list.length && c < lo + RESYNC_CANDIDATES && list[c]! < j + RESYNC_WINDOW; c++) {
      if (agree(i, list[c]!)) return list[c]!;
    }
    return -1;
  };
  for (let i = 0; i < ours.length && j < theirs.length; i++) {
    let k = j;
    if (theirs[k]!.norm !== ours[i]!.norm) {
      k = resync(i);
      if (k < 0) continue; // this word is not in the file as such (an entity we do not decode)
    }
    const at = visibleAt(theirs[k]!.start);
    const offset = ours[i]!.start;
    const last = offsets.length - 1;
    const predicted = last >= 0 && lines[last] === at.line && characters[last]! + (offset - offsets[last]!) === at.character;
    if (!predicted) {
      offsets.push(offset);
      lines.push(at.line);
      characters.push(at.character);
    }
    j = k + 1;
  }
  return { textOffsets: Uint32Array.from(offsets), lines: Uint32Array.from(lines), characters: Uint32Array.from(characters) };
}
