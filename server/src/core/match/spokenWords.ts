/**
 * What a quote of speech may leave out without an ellipsis (SPEC section 1): fillers, a word or
 * two repeated by a false start (`I I think`), and the transcriber's annotations (`[inaudible]`,
 * `(laughs)`). Everything else in a transcript is as strict as in an article.
 */

/**
 * Speech fillers by language, folded as the tokenizer folds words. Only sounds that are never a
 * word of their own in that language: `like`, `well` or `so` are words a quote must keep.
 */
export const FILLERS: Readonly<Record<string, readonly string[]>> = {
  en: ['um', 'umm', 'uh', 'uhh', 'uhm', 'er', 'erm', 'err', 'hmm', 'hm', 'mm', 'mmm', 'mhm', 'ah', 'ahh'],
  fr: ['euh', 'heu', 'euhm', 'hum'],
  de: ['äh', 'ähm', 'öh', 'öhm', 'hmm'],
  es: ['eh', 'ehm', 'mmm'],
  it: ['ehm', 'uhm'],
  nl: ['eh', 'ehm', 'uh'],
  pl: ['yyy', 'eee', 'hmm'],
  sv: ['öh', 'eh', 'ehm'],
  // Hungarian, Romanian, Finnish: drawn-out sounds only (Swedish `ö` is an island, Hungarian `ő` is "he").
  hu: ['öö', 'ööö', 'őő', 'hmm'],
  ro: ['ăă', 'ăăă', 'ăm', 'ăăm', 'îî', 'îîî', 'hmm'],
  fi: ['öö', 'ööö', 'ööh', 'äh', 'ääh', 'hmm'],
  ru: ['э', 'ээ', 'эм', 'мм', 'гм'],
  uk: ['е', 'ее', 'ем', 'мм'],
  hy: ['էէ', 'էմ', 'ըը', 'մմ'],
  ja: ['えー', 'えーと', 'えっと', 'あのー', 'うーん'],
  zh: ['嗯', '呃', '额'],
};

/** Every language's fillers in one set. */
export const FILLER_WORDS: ReadonlySet<string> = new Set(Object.values(FILLERS).flat());

/** Annotations of a transcriber: a short bracketed or parenthesized note within a line. */
const ANNOTATION = /\[[^[\]\n]{1,40}\]|\([^()\n]{1,40}\)/g;
/** Longest run of words a false start repeats (`we were, we were going`). */
const MAX_REPEAT = 3;

/**
 * Which words of a transcript a quote may leave out: `1` for a filler, the first copy of a repeated
 * run of up to three words, and words inside an annotation. `starts` are the words' offsets in
 * `text`, `ids` their vocabulary ids, `fillerIds` the ids of the filler words.
 */
export function skippableWords(text: string, starts: ArrayLike<number>, ids: ArrayLike<number>, fillerIds: ReadonlySet<number>): Uint8Array {
  const n = ids.length;
  const skippable = new Uint8Array(n);
  for (let k = 0; k < n; k++) if (fillerIds.has(ids[k]!)) skippable[k] = 1;
  for (let k = 0; k < n; k++) {
    const size = repeatAt(ids, k);
    for (let i = 0; i < size; i++) skippable[k + i] = 1;
  }
  ANNOTATION.lastIndex = 0;
  let k = 0;
  for (let m = ANNOTATION.exec(text); m !== null; m = ANNOTATION.exec(text)) {
    const end = m.index + m[0].length;
    while (k < n && starts[k]! < m.index) k++;
    for (; k < n && starts[k]! < end; k++) skippable[k] = 1;
  }
  return skippable;
}

/**
 * `skippableWords` one word at a time, for a scan that looks at a few words only: whether word `k`
 * is a filler, the first copy of a repeated run, or inside an annotation (`annotations`: the word
 * ranges `annotatedWords` found). Equal to `skippableWords(…)[k] === 1`.
 */
export function isSkippableAt(ids: ArrayLike<number>, fillerIds: ReadonlySet<number>, annotations: Uint32Array, k: number): boolean {
  if (fillerIds.has(ids[k]!)) return true;
  // The first copy of a run of up to three words repeated right after it: the run starts at most two words before `k`.
  for (let start = Math.max(0, k - MAX_REPEAT + 1); start <= k; start++) {
    const size = repeatAt(ids, start);
    if (size > 0 && k < start + size) return true;
  }
  // Annotations as word ranges [from, to), sorted and apart: the last one starting at or before `k`.
  let lo = 0;
  let hi = annotations.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (annotations[2 * mid]! <= k) lo = mid + 1;
    else hi = mid - 1;
  }
  return hi >= 0 && k < annotations[2 * hi + 1]!;
}

/** The size of the smallest run starting at `k` that is repeated right after it (`we were, we were`), 0 when none. */
function repeatAt(ids: ArrayLike<number>, k: number): number {
  const n = ids.length;
  for (let size = 1; size <= MAX_REPEAT && k + 2 * size <= n; size++) {
    let same = true;
    for (let i = 0; i < size && same; i++) same = ids[k + i] === ids[k + size + i];
    if (same) return size;
  }
  return 0;
}

/** The word ranges `[from, to)` of a transcript's annotations (`[inaudible]`, `(laughs)`), flat: from, to, from, to… */
export function annotatedWords(text: string, starts: ArrayLike<number>): Uint32Array {
  const ranges: number[] = [];
  const n = starts.length;
  ANNOTATION.lastIndex = 0;
  let k = 0;
  for (let m = ANNOTATION.exec(text); m !== null; m = ANNOTATION.exec(text)) {
    const end = m.index + m[0].length;
    while (k < n && starts[k]! < m.index) k++;
    const from = k;
    while (k < n && starts[k]! < end) k++;
    if (k > from) ranges.push(from, k);
  }
  return Uint32Array.from(ranges);
}
