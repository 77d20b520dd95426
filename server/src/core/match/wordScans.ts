import type { AlignElement, Alignment, AlignStep } from './alignment';

/**
 * Word-for-word scans: where a quote of plain words occurs in a source's word ids without aligning,
 * which settles most quotes (they are word for word) before any alignment table is filled.
 */

/**
 * Where a quote of plain words (no brackets, no ellipses) occurs word for word in `ids`, as an
 * alignment of equal steps (and `skip` steps over the words `skippable` marks); undefined when it
 * does not, or when the quote has editorial marks.
 */
export function exactOccurrence(elements: readonly AlignElement[], ids: Uint32Array, skippable?: (k: number) => boolean): Alignment | undefined {
  const words: number[] = [];
  for (const [k, element] of elements.entries()) {
    if (element.kind !== 'word' || (element.id < 0 && k > 0) || (k > 0 && element.also !== undefined)) return undefined;
    words.push(element.id);
  }
  const first = words[0];
  if (first === undefined) return undefined;
  const alsoFirst = elements[0]?.kind === 'word' ? elements[0].also : undefined;
  if (first < 0 && alsoFirst === undefined) return undefined;
  const last = ids.length - words.length;
  for (let at = 0; at <= last; at++) {
    if (ids[at] !== first && (alsoFirst === undefined || !alsoFirst.includes(ids[at]!))) continue;
    if (skippable === undefined) {
      let k = 1;
      while (k < words.length && ids[at + k] === words[k]) k++;
      if (k < words.length) continue;
      const steps = words.map((_, q) => ({ op: 'equal' as const, q, s: at + q, sEnd: at + q + 1 }));
      return { cost: 0, matched: words.length, steps, sourceStart: at, sourceEnd: at + words.length, cells: 0 };
    }
    // Spoken words: fillers, false starts and annotations between the quote's words go at no cost.
    const steps: AlignStep[] = [{ op: 'equal', q: 0, s: at, sEnd: at + 1 }];
    let p = at + 1;
    let k = 1;
    while (k < words.length && p < ids.length) {
      if (ids[p] === words[k]) steps.push({ op: 'equal', q: k++, s: p, sEnd: p + 1 });
      else if (skippable(p)) steps.push({ op: 'skip', q: k, s: p, sEnd: p + 1 });
      else break;
      p++;
    }
    if (k === words.length) return { cost: 0, matched: words.length, steps, sourceStart: at, sourceEnd: p, cells: 0 };
  }
  return undefined;
}


/** The ids of a quote of plain words, all known to the vocabulary; undefined for any other quote. */
export function plainWords(elements: readonly AlignElement[]): number[] | undefined {
  const words: number[] = [];
  for (const element of elements) {
    // A word after an elision equals more than one source word: only the aligner knows those.
    if (element.kind === 'word' && element.also !== undefined) return undefined;
    if (element.kind !== 'word' || element.id < 0) return element.kind === 'word' ? [] : undefined;
    words.push(element.id);
  }
  return words;
}

/** Whether `words` occur in a row within `ids[from, to)`, note marks (`marks`) aside (never, for no words). */
export function occursWithin(words: readonly number[], ids: Uint32Array, from: number, to: number, marks?: Uint8Array): boolean {
  const first = words[0];
  if (first === undefined) return false;
  const end = Math.min(to, ids.length);
  const last = marks === undefined ? end - words.length : end - 1;
  for (let at = Math.max(0, from); at <= last; at++) {
    if (ids[at] !== first) continue;
    let k = 1;
    let p = at + 1;
    // Note marks between the words may be left out (`noteMarks`).
    while (k < words.length && p < end) {
      if (ids[p] === words[k]) k++;
      else if (marks === undefined || marks[p] !== 1) break;
      p++;
    }
    if (k === words.length) return true;
  }
  return false;
}
