import { NON_APOSTROPHE_MARKS_CLASS } from './quoteStyles';
import type { IndexedSource, SourceLibrary } from './sourceLibrary';

/** The rest of a source sentence that continues the words a writer has typed. */
export interface Continuation {
  readonly entry: IndexedSource;
  /** Source text from the next (or partly typed) word to the end of its sentence. */
  readonly text: string;
  /** Offset in the source text where `text` starts. */
  readonly start: number;
}

const MAX_CONTINUATION_CHARS = 400;
// A full stop before white space (after the marks that close), a CJK full stop, a paragraph break, or a quote mark of any style.
const SENTENCE_END = new RegExp(`[.!?](?=(?:${NON_APOSTROPHE_MARKS_CLASS}|[’)])*(?:\\s|$))|[。！？]|\\n\\s*\\n|${NON_APOSTROPHE_MARKS_CLASS}`, 'gu');

/**
 * Source passages that contain `words` (folded, two or more) in a row, followed by a word starting
 * with `partial`; for each, the rest of the sentence. Best-known sources first, identical texts once.
 */
export function findContinuations(library: SourceLibrary, words: readonly string[], partial: string, limit: number): Continuation[] {
  const ids = words.map((word) => library.vocabulary.find(word));
  if (ids.length < 2 || ids.some((id) => id === undefined)) return [];
  const known = ids as number[];
  // Look up the rarest bigram of the typed words, then verify the others around it.
  let rarest = 0;
  let rarestCount = Infinity;
  for (let i = 0; i + 1 < known.length; i++) {
    const count = library.index.postingCount(known[i]!, known[i + 1]!);
    if (count < rarestCount) {
      rarest = i;
      rarestCount = count;
    }
  }
  if (rarestCount === 0) return [];
  const found: Continuation[] = [];
  const seen = new Set<string>();
  library.index.forEachPosting(known[rarest]!, known[rarest + 1]!, (docId, pos) => {
    if (found.length >= limit) return false;
    const entry = library.getByDocId(docId);
    if (entry === undefined) return;
    const first = pos - rarest;
    const ids = entry.words.ids;
    if (first < 0 || first + known.length > ids.length) return;
    for (let k = 0; k < known.length; k++) if (ids[first + k] !== known[k]) return;
    const next = first + known.length;
    if (next >= ids.length) return;
    if (partial !== '' && !library.vocabulary.word(ids[next]!).startsWith(partial)) return;
    const start = entry.words.starts[next]!;
    const text = sentenceFrom(entry.source.text, start);
    if (text === '' || seen.has(text)) return;
    seen.add(text);
    found.push({ entry, text, start });
  });
  return found;
}

/**
 * Text from `start` to the end of its sentence: its closing full stop included, but not a comma or
 * colon where the source's own quotation ends mid-sentence.
 */
function sentenceFrom(text: string, start: number): string {
  const window = text.slice(start, start + MAX_CONTINUATION_CHARS);
  const end = sentenceEnd(window);
  if (end) {
    const stop = /^[.!?。！？]$/u.test(end[0]) ? end.index + 1 : end.index;
    return window.slice(0, stop).replace(/\s+/g, ' ').trim().replace(/[,;:、，：；]$/u, '');
  }
  const cut = window.lastIndexOf(' ');
  return window.slice(0, cut > 0 ? cut : window.length).replace(/\s+/g, ' ').trim();
}

/**
 * The first sentence end of `window`; a full stop after a one- or two-digit number before a word is
 * an ordinal (German `15. März`, Polish `3. maja`), not the end of a sentence.
 */
function sentenceEnd(window: string): RegExpExecArray | null {
  SENTENCE_END.lastIndex = 0;
  for (let end = SENTENCE_END.exec(window); end !== null; end = SENTENCE_END.exec(window)) {
    const ordinal = end[0] === '.' && /(?:^|\D)\d{1,2}$/.test(window.slice(0, end.index)) && /^ \p{L}/u.test(window.slice(end.index + 1));
    if (!ordinal) return end;
  }
  return null;
}
