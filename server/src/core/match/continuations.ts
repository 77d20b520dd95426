import { NON_APOSTROPHE_MARKS_CLASS } from '../text/quoteStyles';
import type { IndexedSource, SourceLibrary } from '../library/sourceLibrary';

/** The rest of a source sentence that continues the words a writer has typed. */
export interface Continuation {
  readonly entry: IndexedSource;
  /** Source text from the next (or partly typed) word to the end of its sentence. */
  readonly text: string;
  /** Offset in the source text where `text` starts. */
  readonly start: number;
}

const MAX_CONTINUATION_CHARS = 400;
/** A partly typed word matching more vocabulary words than this does not narrow the search. */
const MAX_PARTIAL_WORDS = 64;
// A full stop before white space (after the marks that close), a CJK full stop, a paragraph break, or a quote mark of any style.
const SENTENCE_END = new RegExp(`[.!?](?=(?:${NON_APOSTROPHE_MARKS_CLASS}|[’)])*(?:\\s|$))|[。！？]|\\n\\s*\\n|${NON_APOSTROPHE_MARKS_CLASS}`, 'gu');

/**
 * Source passages that contain `words` (folded, two or more) in a row, followed by a word starting
 * with `partial`; for each, the rest of the sentence. In index order (the earliest indexed sources
 * first), identical texts once. `via` forces the postings walked (the rarest bigram of the typed
 * words), for tests comparing it with the default, which may walk the partial word's bigrams.
 */
export function findContinuations(
  library: SourceLibrary,
  words: readonly string[],
  partial: string,
  limit: number,
  via: 'best' | 'rarest-typed-bigram' = 'best',
): Continuation[] {
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
  // A partly typed word may narrow it more: the bigrams of the last typed word and each word that
  // starts like it ("the kinsh…" is far rarer than "of the").
  const last = known.length - 1;
  const nextIds = partial === '' ? undefined : library.vocabulary.idsStartingWith(partial, MAX_PARTIAL_WORDS);
  if (nextIds !== undefined && via !== 'rarest-typed-bigram') {
    let total = 0;
    for (const id of nextIds) total += library.index.postingCount(known[last]!, id);
    if (total < rarestCount) {
      const hits: Array<{ docId: number; first: number }> = [];
      for (const id of nextIds) {
        library.index.forEachPosting(known[last]!, id, (docId, pos) => {
          hits.push({ docId, first: pos - last });
        });
      }
      // In index order (documents by id, then position), as the postings of one bigram come.
      hits.sort((a, b) => a.docId - b.docId || a.first - b.first);
      const found: Continuation[] = [];
      const seen = new Set<string>();
      for (const { docId, first } of hits) {
        if (found.length >= limit) break;
        const continuation = continuationAt(library, docId, first, known, partial, seen);
        if (continuation) found.push(continuation);
      }
      return found;
    }
  }
  const found: Continuation[] = [];
  const seen = new Set<string>();
  library.index.forEachPosting(known[rarest]!, known[rarest + 1]!, (docId, pos) => {
    if (found.length >= limit) return false;
    const continuation = continuationAt(library, docId, pos - rarest, known, partial, seen);
    if (continuation) found.push(continuation);
  });
  return found;
}

/**
 * The continuation when document `docId` holds the typed words from word `first` on, followed by a
 * word starting with `partial`, and its sentence is not one already `seen`.
 */
function continuationAt(library: SourceLibrary, docId: number, first: number, known: readonly number[], partial: string, seen: Set<string>): Continuation | undefined {
  const entry = library.getByDocId(docId);
  if (entry === undefined) return undefined;
  const ids = entry.words.ids;
  if (first < 0 || first + known.length > ids.length) return undefined;
  for (let k = 0; k < known.length; k++) if (ids[first + k] !== known[k]) return undefined;
  const next = first + known.length;
  if (next >= ids.length) return undefined;
  if (partial !== '' && !library.vocabulary.word(ids[next]!).startsWith(partial)) return undefined;
  const start = entry.words.starts[next]!;
  const text = sentenceFrom(entry.source.text, start);
  if (text === '' || seen.has(text)) return undefined;
  seen.add(text);
  return { entry, text, start };
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
