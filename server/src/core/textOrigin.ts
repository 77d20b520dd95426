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
