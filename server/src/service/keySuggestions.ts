import type { SourceLibrary } from '../core/library/sourceLibrary';
import { citablesOf } from './citables';
import { citableInScope, type DraftScope } from './draftScope';

/**
 * The library keys closest to `key` by edit distance (at most `limit`, none that are far off), of a
 * draft's scope. A key is close when its distance is at most `farthest` of the two lengths, or when
 * it starts with the typed key. Every unknown key of a draft is looked up on every check, over all
 * the library's keys (35,000 at the benchmark's L): a key too far off is left as soon as that is
 * certain (its length alone, or a row of the table past the bound), in two reused rows.
 */
export function closestKeys(library: SourceLibrary, key: string, limit: number, scope?: DraftScope): string[] {
  const wanted = key.toLowerCase();
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const { key: candidate } of citablesOf(library)) {
    const lower = candidate.toLowerCase();
    const extendsTyped = lower.startsWith(wanted);
    const bound = farthest(candidate.length, key.length);
    // A key that extends the typed one is offered whatever its distance (which orders it).
    const distance = extendsTyped ? editDistance(wanted, lower) : boundedEditDistance(wanted, lower, bound);
    if ((distance <= bound || extendsTyped) && citableInScope(library, candidate, scope)) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

/** How many edits keep two keys of these lengths close. */
function farthest(a: number, b: number): number {
  return Math.max(2, Math.ceil(Math.max(a, b) * 0.4));
}

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  return boundedEditDistance(a, b, Infinity);
}

let rows = [new Uint32Array(64), new Uint32Array(64)] as const;

/**
 * Levenshtein distance between two strings when it is at most `bound`, else some number above
 * `bound` (the table is left once a whole row is past it: no later row can come back under).
 */
export function boundedEditDistance(a: string, b: string, bound: number): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (rows[0].length <= b.length) rows = [new Uint32Array(b.length * 2 + 1), new Uint32Array(b.length * 2 + 1)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return bound + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length]!;
}
