import type { Segment } from '../core/passageIndex';
import type { SkippedSource, Source } from '../core/source';
import { SourceLibrary, type IndexedSource } from '../core/sourceLibrary';

/**
 * A library packed to cross from an indexing worker to the main thread with one `postMessage`:
 * the index's typed arrays are transferred (moved, not copied), the words of all sources travel in
 * two shared arrays (transferring tens of thousands of small buffers costs seconds), and texts as
 * UTF-8 in one transferred buffer that the receiver decodes per source when first asked for. (As
 * strings they were copied twice and deserialised on the main thread: 222 MB of two-byte string
 * at L, seconds during which the server answered nothing.)
 */
export interface PackedLibrary {
  /** The vocabulary's words in id order, joined by newlines (a folded word has none). */
  readonly vocabulary: string;
  /** Every source's text as UTF-8 (as the persisted index keeps them), one after the other. */
  readonly texts: Uint8Array;
  readonly sources: readonly PackedSource[];
  /** Every source's word ids, one source after the other; their starts alike, 16-bit ones apart. */
  readonly ids: Uint32Array;
  readonly starts: Uint32Array;
  readonly starts16: Uint16Array;
  readonly skipped: readonly SkippedSource[];
  readonly segments: readonly Segment[];
}

interface PackedSource {
  readonly docId: number;
  readonly source: Omit<Source, 'text'>;
  /** Where the text's UTF-8 bytes start in `texts`, and how many there are. */
  readonly text: readonly [number, number];
  /** Where the source's words start in `ids`, and how many there are. */
  readonly words: readonly [number, number];
  /** Bytes per start (2: in `starts16`, 4: in `starts`) and where the source's starts begin there. */
  readonly starts: readonly [2 | 4, number];
}

/** Packs a library for `postMessage(packed, transfer)`; the library must not be used afterwards. */
export function packLibrary(library: SourceLibrary): { packed: PackedLibrary; transfer: ArrayBuffer[] } {
  const snapshot = library.snapshot();
  let wordCount = 0;
  let narrowCount = 0;
  let textBytes = 0;
  for (const entry of snapshot.entries) {
    wordCount += entry.words.ids.length;
    if (entry.words.starts.BYTES_PER_ELEMENT === 2) narrowCount += entry.words.ids.length;
    textBytes += Buffer.byteLength(entry.source.text, 'utf8');
  }
  const texts = Buffer.from(new ArrayBuffer(textBytes));
  let textAt = 0;
  const ids = new Uint32Array(wordCount);
  const starts = new Uint32Array(wordCount - narrowCount);
  const starts16 = new Uint16Array(narrowCount);
  let at32 = 0;
  let at16 = 0;
  let at = 0;
  const sources: PackedSource[] = snapshot.entries.map((entry) => {
    const { text, ...rest } = entry.source;
    const written = texts.write(text, textAt, 'utf8');
    const narrow = entry.words.starts.BYTES_PER_ELEMENT === 2;
    const packed: PackedSource = {
      docId: entry.docId,
      source: rest,
      text: [textAt, written],
      words: [at, entry.words.ids.length],
      starts: narrow ? [2, at16] : [4, at32],
    };
    textAt += written;
    ids.set(entry.words.ids, at);
    if (narrow) {
      starts16.set(entry.words.starts, at16);
      at16 += entry.words.starts.length;
    } else {
      starts.set(entry.words.starts, at32);
      at32 += entry.words.starts.length;
    }
    at += entry.words.ids.length;
    return packed;
  });
  const transfer = new Set<ArrayBuffer>([ids.buffer, starts.buffer, starts16.buffer, texts.buffer as ArrayBuffer]);
  // An array that is the whole of its own buffer moves; a view into a shared buffer (the persisted
  // index's file) is copied, since moving the buffer would take its neighbours along.
  const movable = (array: Uint32Array): Uint32Array => {
    const buffer = array.buffer as ArrayBuffer;
    if (array.byteOffset === 0 && array.byteLength === buffer.byteLength && !transfer.has(buffer)) {
      transfer.add(buffer);
      return array;
    }
    const copy = array.slice();
    transfer.add(copy.buffer);
    return copy;
  };
  const segments = snapshot.segments.map((s) => ({
    tokenCount: s.tokenCount,
    docIds: movable(s.docIds),
    docStarts: movable(s.docStarts),
    keys: movable(s.keys),
    offsets: movable(s.offsets),
    postings: movable(s.postings),
  }));
  const packed: PackedLibrary = { vocabulary: snapshot.vocabulary.join('\n'), texts: new Uint8Array(texts.buffer, 0, textBytes), sources, ids, starts, starts16, skipped: snapshot.skipped, segments };
  return { packed, transfer: [...transfer] };
}

/** Rebuilds the library a worker packed (views into the transferred arrays; each text decoded when first read). */
export function unpackLibrary(packed: PackedLibrary): SourceLibrary {
  const texts = Buffer.from(packed.texts.buffer, packed.texts.byteOffset, packed.texts.byteLength);
  const entries: IndexedSource[] = packed.sources.map((p) => {
    const [start, length] = p.text;
    const [from, count] = p.words;
    const [startBytes, startsFrom] = p.starts;
    const starts = startBytes === 2 ? packed.starts16 : packed.starts;
    let text: string | undefined;
    return {
      docId: p.docId,
      source: {
        ...p.source,
        get text(): string {
          return (text ??= texts.toString('utf8', start, start + length));
        },
      },
      words: { ids: packed.ids.subarray(from, from + count), starts: starts.subarray(startsFrom, startsFrom + count) },
    };
  });
  const library = new SourceLibrary();
  library.restore({ vocabulary: packed.vocabulary === '' ? [] : packed.vocabulary.split('\n'), entries, skipped: packed.skipped, segments: packed.segments });
  return library;
}
