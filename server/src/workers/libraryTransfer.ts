import type { Segment } from '../core/library/passageIndex';
import type { SkippedSource, Source } from '../core/library/source';
import { SourceLibrary, type IndexedSource } from '../core/library/sourceLibrary';
import type { WordCounts } from '../core/library/wordFrequencies';
import { storedSourceOf, type RestoredIndex } from '../indexFile/indexFile';
import { IndexTexts, type IndexTextsFaults, type IndexTextsHandle } from '../indexFile/indexTexts';

/**
 * A library packed to cross from an indexing worker to the main thread with one `postMessage`.
 * What a restart restored from the index file crosses as it is: the index body's buffer is
 * transferred (moved, not copied) with the word arrays and segments that are views into it; the
 * texts stay on disk, read through the index file the main thread opened (`IndexTexts`); and a
 * source the main thread was told already (the source heads from the index, `RestoredIndex.told`) is
 * named by its place there, not sent again. (Reading every text back, re-encoding it, copying
 * every array and cloning every source took seconds at L, most of them on the main thread.)
 * Sources read anew travel whole: their words in two shared arrays (transferring tens of
 * thousands of small buffers costs seconds), their texts as UTF-8 in one transferred buffer,
 * decoded per source when first read.
 */
export interface PackedLibrary {
  /** The vocabulary's words in id order, joined by newlines (a folded word has none). */
  readonly vocabulary: string;
  /** Texts of sources read anew, as UTF-8, one after the other. */
  readonly texts: Uint8Array;
  /** `PLACE_SLOTS` numbers per source, in library order (see `packLibrary`). */
  readonly places: Float64Array;
  /** The sources not named by their place in `told`, in library order, without their texts. */
  readonly sources: ReadonlyArray<Omit<Source, 'text'>>;
  /** Word ids of sources read anew, one source after the other; their starts alike, 16-bit ones apart. */
  readonly ids: Uint32Array;
  readonly starts: Uint32Array;
  readonly starts16: Uint16Array;
  readonly skipped: readonly SkippedSource[];
  readonly segments: readonly Segment[];
  readonly frequencies: WordCounts;
  /** The index file the library was restored from: its body (moved) and its open texts area. */
  readonly restored?: { readonly body: ArrayBuffer; readonly texts: IndexTextsHandle | undefined };
}

/**
 * Per source: doc id; its place in `told` (-1: next of `sources`); text in the index (1) or in
 * `texts` (0), its byte offset and length; words in the index body (1): byte offsets of ids and
 * starts, count, bytes per start; or packed (0): first id, count, bytes per start, first start;
 * the CRC-32 of a text in the index.
 */
const PLACE_SLOTS = 11;

/**
 * Packs a library for `postMessage(packed, transfer)`; `restored` is the index file it was
 * restored from (`LoadResult.restored`). Neither may be used afterwards.
 */
export function packLibrary(library: SourceLibrary, restored?: RestoredIndex): { packed: PackedLibrary; transfer: ArrayBuffer[] } {
  const snapshot = library.snapshot();
  const body = restored ? (restored.body.buffer as ArrayBuffer) : undefined;
  const inBody = (array: Uint32Array | Uint16Array): boolean => body !== undefined && array.buffer === body;
  // Undefined when every restored text was read already (the file is closed then): they go packed.
  const handle = restored?.texts.handOver();
  const onDisk = (source: Source): readonly [number, number, number] | undefined => (handle ? storedSourceOf(source)?.text : undefined);
  let wordCount = 0;
  let narrowCount = 0;
  let textBytes = 0;
  for (const entry of snapshot.entries) {
    if (!inBody(entry.words.ids) || !inBody(entry.words.starts)) {
      wordCount += entry.words.ids.length;
      if (entry.words.starts.BYTES_PER_ELEMENT === 2) narrowCount += entry.words.ids.length;
    }
    if (!onDisk(entry.source)) textBytes += Buffer.byteLength(entry.source.text, 'utf8');
  }
  const texts = Buffer.from(new ArrayBuffer(textBytes));
  let textAt = 0;
  const ids = new Uint32Array(wordCount);
  const starts = new Uint32Array(wordCount - narrowCount);
  const starts16 = new Uint16Array(narrowCount);
  let at32 = 0;
  let at16 = 0;
  let at = 0;
  const places = new Float64Array(snapshot.entries.length * PLACE_SLOTS);
  const sources: Array<Omit<Source, 'text'>> = [];
  snapshot.entries.forEach((entry, i) => {
    const place = places.subarray(i * PLACE_SLOTS, (i + 1) * PLACE_SLOTS);
    place[0] = entry.docId;
    const told = toldAt(entry.source, restored?.told);
    place[1] = told ?? -1;
    if (told === undefined) sources.push(withoutText(entry.source));
    const stored = onDisk(entry.source);
    if (stored) {
      place.set([1, stored[0], stored[1]], 2);
      place[10] = stored[2];
    } else {
      const written = texts.write(entry.source.text, textAt, 'utf8');
      place.set([0, textAt, written], 2);
      textAt += written;
    }
    const narrow = entry.words.starts.BYTES_PER_ELEMENT === 2;
    if (inBody(entry.words.ids) && inBody(entry.words.starts)) {
      place.set([1, entry.words.ids.byteOffset, entry.words.starts.byteOffset, entry.words.ids.length, narrow ? 2 : 4], 5);
    } else {
      place.set([0, at, entry.words.ids.length, narrow ? 2 : 4, narrow ? at16 : at32], 5);
      ids.set(entry.words.ids, at);
      if (narrow) {
        starts16.set(entry.words.starts, at16);
        at16 += entry.words.starts.length;
      } else {
        starts.set(entry.words.starts, at32);
        at32 += entry.words.starts.length;
      }
      at += entry.words.ids.length;
    }
  });
  const transfer = new Set<ArrayBuffer>([ids.buffer, starts.buffer, starts16.buffer, texts.buffer as ArrayBuffer, places.buffer]);
  if (body) transfer.add(body);
  // An array that is the whole of its own buffer moves; a view into the restored body moves with
  // it; a view into another shared buffer is copied, since moving the buffer would take its
  // neighbours along.
  const movable = (array: Uint32Array): Uint32Array => {
    const buffer = array.buffer as ArrayBuffer;
    if (buffer === body) return array;
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
  const frequencies = snapshot.frequencies!;
  transfer.add(frequencies.counts.buffer as ArrayBuffer);
  const packed: PackedLibrary = {
    vocabulary: snapshot.vocabulary.join('\n'),
    texts: new Uint8Array(texts.buffer, 0, textBytes),
    places,
    sources,
    ids,
    starts,
    starts16,
    skipped: snapshot.skipped,
    segments,
    frequencies,
    ...(body ? { restored: { body, texts: handle } } : {}),
  };
  return { packed, transfer: [...transfer] };
}

/**
 * The place of a restored source in the sources the receiver was told (`RestoredIndex.told`), when
 * that told source has every field but the text as the library's has it; else undefined.
 */
function toldAt(source: Source, told: readonly Source[] | undefined): number | undefined {
  const at = told ? storedSourceOf(source)?.at : undefined;
  const head = at === undefined ? undefined : told![at];
  if (head === undefined || source.origin !== undefined || source.catalogued) return undefined;
  const same =
    head.key === source.key &&
    head.uri === source.uri &&
    head.path === source.path &&
    head.meta === source.meta &&
    head.bodyStart === source.bodyStart &&
    head.wordCount === source.wordCount &&
    head.warnings === source.warnings &&
    head.format === source.format &&
    head.pages === source.pages &&
    head.cues === source.cues;
  return same ? at : undefined;
}

/**
 * A source's fields but its text, read without asking for the text (a restored source reads it
 * from the index file when asked). Origin arrays that are views into a restored body cross with it.
 */
function withoutText(source: Source): Omit<Source, 'text'> {
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(source)) if (name !== 'text') fields[name] = source[name as keyof Source];
  return fields as unknown as Omit<Source, 'text'>;
}

/**
 * Rebuilds the library a worker packed (views into the transferred arrays; each text read or
 * decoded when first asked for). `told` are the sources the worker told before (its source heads from
 * the index file), which the packed library may name by place.
 */
export function unpackLibrary(packed: PackedLibrary, told?: readonly Source[], faults?: IndexTextsFaults): SourceLibrary {
  const texts = Buffer.from(packed.texts.buffer, packed.texts.byteOffset, packed.texts.byteLength);
  const body = packed.restored?.body;
  const { places } = packed;
  const count = places.length / PLACE_SLOTS;
  let fromIndex = 0;
  for (let i = 0; i < count; i++) if (places[i * PLACE_SLOTS + 2] === 1) fromIndex++;
  const handle = packed.restored?.texts;
  if (fromIndex > 0 && handle === undefined) throw new Error('a packed library names texts of an index file it did not hand over');
  const indexTexts = handle ? IndexTexts.adopt(handle, fromIndex, faults) : undefined;
  let next = 0;
  const entries: IndexedSource[] = [];
  // Plain index arithmetic, no object per source beyond what the library keeps (a restart makes
  // tens of thousands of them on the thread that answers requests).
  for (let i = 0, p = 0; i < count; i++, p += PLACE_SLOTS) {
    const toldAt = places[p + 1]!;
    const fields = toldAt >= 0 ? told?.[toldAt] : packed.sources[next++];
    if (fields === undefined) throw new Error('a packed library names a source it was not told');
    let ids: Uint32Array;
    let starts: Uint32Array | Uint16Array;
    if (places[p + 5] === 1) {
      if (body === undefined) throw new Error('a packed library names an index file body it did not hand over');
      const [idsAt, startsAt, words, startBytes] = [places[p + 6]!, places[p + 7]!, places[p + 8]!, places[p + 9]!];
      ids = new Uint32Array(body, idsAt, words);
      starts = startBytes === 2 ? new Uint16Array(body, startsAt, words) : new Uint32Array(body, startsAt, words);
    } else {
      const [from, words, startBytes, startsFrom] = [places[p + 6]!, places[p + 7]!, places[p + 8]!, places[p + 9]!];
      ids = packed.ids.subarray(from, from + words);
      starts = startBytes === 2 ? packed.starts16.subarray(startsFrom, startsFrom + words) : packed.starts.subarray(startsFrom, startsFrom + words);
    }
    const onDisk = places[p + 2] === 1;
    const start = places[p + 3]!;
    const length = places[p + 4]!;
    const crc = places[p + 10]!;
    let text: string | undefined;
    entries.push({
      docId: places[p]!,
      source: {
        ...fields,
        get text(): string {
          return (text ??= onDisk ? indexTexts!.read(start, length, crc, fields) : texts.toString('utf8', start, start + length));
        },
      },
      words: { ids, starts },
    });
  }
  const library = new SourceLibrary();
  library.restore({
    vocabulary: packed.vocabulary === '' ? [] : packed.vocabulary.split('\n'),
    entries,
    skipped: packed.skipped,
    segments: packed.segments,
    frequencies: packed.frequencies,
  });
  return library;
}
