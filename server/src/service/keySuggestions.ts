import type { SourceLibrary } from '../core/sourceLibrary';
import { citablesOf } from './citables';
import { citableInScope, type DraftScope } from './draftScope';

/** The library keys closest to `key` by edit distance (at most `limit`, none that are far off), of a draft's scope. */
export function closestKeys(library: SourceLibrary, key: string, limit: number, scope?: DraftScope): string[] {
  const wanted = key.toLowerCase();
  const scored = citablesOf(library)
    .map((citable) => citable.key)
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.ceil(Math.max(candidate.length, key.length) * 0.4)) || candidate.toLowerCase().startsWith(wanted))
    .filter(({ candidate }) => citableInScope(library, candidate, scope));
  scored.sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1));
  return scored.slice(0, limit).map(({ candidate }) => candidate);
}

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
