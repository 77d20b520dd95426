import { readFrontMatter } from '../text/frontMatter';
import { inferMetadata, type SourceMetadata } from './metadata';
import type { SourceCues } from './cues';
import { pagesFromFormFeeds, type SourcePages } from './pages';
import type { TextOrigin } from '../text/textOrigin';
import { forEachWord } from '../text/tokenizer';

/** One article of the library (SPEC section 1). Offsets into `text` are UTF-16 code units. */
export interface Source {
  /** Citation key: front matter `id`, else the file name without its extension. */
  readonly key: string;
  /** Identity of the source: a `file:` URI for files on disk. */
  readonly uri: string;
  /** Path shown to writers and used for "first in path order wins". */
  readonly path: string;
  /** The whole file as decoded text; front matter included, so offsets map to the file. */
  readonly text: string;
  /** Offset where quotable text starts (after front matter). */
  readonly bodyStart: number;
  readonly meta: SourceMetadata;
  /** Number of words of quotable text. */
  readonly wordCount: number;
  /** Problems that did not stop the source from being used (e.g. unreadable front matter). */
  readonly warnings: readonly string[];
  /** The reader that made `text`: `text` when it is the file itself, else `html`, `pdf`, … */
  readonly format: string;
  /** Page boundaries, for sources that have pages (PDFs, texts with form feeds). */
  readonly pages?: SourcePages;
  /** Cue times and speakers, for transcripts (WebVTT, SubRip, Whisper JSON, text exports). */
  readonly cues?: SourceCues;
  /** Where the text's words stand in the file, when `text` was extracted (HTML); else offsets are the file's. */
  readonly origin?: TextOrigin;
  /** Set when the text is a bibliography entry's full text: the entry gave the key and metadata. */
  readonly catalogued?: true;
}

/** A key and metadata given from outside the file: a bibliography entry whose full text it is. */
export interface DeclaredIdentity {
  readonly key: string;
  /** `title`, `author`, `outlet`, `date`, `url`: they take precedence over the file's own. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A file that could not be used as a source, with the one reason a writer is shown. */
export interface SkippedSource {
  readonly uri: string;
  readonly path: string;
  readonly reason: string;
}

/** Limits applied to source files; the defaults suit articles, not whole books. */
export interface SourceLimits {
  readonly maxBytes: number;
}

export const DEFAULT_SOURCE_LIMITS: SourceLimits = { maxBytes: 32 * 1024 * 1024 };

/** Result of decoding a file's bytes: the text, or why it cannot be a source. */
export type DecodeResult = { readonly text: string } | { readonly reason: string };

// One decoder per encoding, reused: making one per file cost more than decoding a short article.
const decoders = new Map<string, InstanceType<typeof TextDecoder>>();

function decoderFor(encoding: string): InstanceType<typeof TextDecoder> {
  let decoder = decoders.get(encoding);
  if (decoder === undefined) {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: false });
    decoders.set(encoding, decoder);
  }
  return decoder;
}

/** Decodes a source file: UTF-8 (BOM allowed) or UTF-16 with a BOM; binary and invalid text are refused. */
export function decodeSourceBytes(bytes: Uint8Array, limits: SourceLimits = DEFAULT_SOURCE_LIMITS): DecodeResult {
  if (bytes.length > limits.maxBytes) {
    return { reason: `too large (${formatBytes(bytes.length)}; the limit is ${formatBytes(limits.maxBytes)})` };
  }
  if (bytes.length === 0) return { reason: 'empty file' };
  let text: string;
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  const encoding = utf16 ?? 'utf-8';
  try {
    text = decoderFor(encoding).decode(bytes);
  } catch {
    // A decoder that failed is not reused: its converter's state is unknown.
    decoders.delete(encoding);
    return { reason: utf16 ? `not valid ${utf16.toUpperCase()} text` : `not UTF-8 text (invalid byte sequence near byte ${firstInvalidUtf8(bytes)})` };
  }
  if (text.includes('\u0000')) return { reason: 'binary file (contains NUL bytes)' };
  if (text.trim() === '') return { reason: 'empty file (only white space)' };
  return { text };
}

/**
 * Builds a source from decoded text; `fallbackKey` is the file name without its extension. A caller
 * that tokenizes the text anyway passes `countWords` to set `wordCount` from its own pass.
 */
export function createSource(input: {
  uri: string;
  path: string;
  text: string;
  fallbackKey: string;
  countWords?: (text: string, bodyStart: number) => number;
  declared?: DeclaredIdentity;
  /** What a reader extracted besides the text (see `readers/sourceReader`); plain text has none. */
  extracted?: ExtractedParts;
}): Source {
  const extracted = input.extracted;
  // Front matter belongs to text files; an extracted text's metadata comes from its reader.
  const frontMatter = extracted ? { bodyStart: 0, fields: {} as Record<string, string> } : readFrontMatter(input.text);
  const fields = { ...extracted?.fields, ...frontMatter.fields };
  const body = input.text.slice(frontMatter.bodyStart);
  const declaredKey = input.declared?.key ?? fields['id'];
  const wordCount = (input.countWords ?? countWords)(input.text, frontMatter.bodyStart);
  const warnings = [...('problem' in frontMatter && frontMatter.problem ? [frontMatter.problem] : []), ...(extracted?.warnings ?? [])];
  const pages = extracted ? extracted.pages : pagesFromFormFeeds(input.text, frontMatter.bodyStart);
  return {
    key: declaredKey !== undefined && declaredKey !== '' ? declaredKey : input.fallbackKey,
    uri: input.uri,
    path: input.path,
    text: input.text,
    bodyStart: frontMatter.bodyStart,
    meta: inferMetadata(body, input.declared ? { ...fields, ...nonEmpty(input.declared.fields) } : fields),
    wordCount,
    warnings,
    format: extracted?.format ?? 'text',
    ...(pages ? { pages } : {}),
    ...(extracted?.cues ? { cues: extracted.cues } : {}),
    ...(extracted?.origin ? { origin: extracted.origin } : {}),
    ...(input.declared ? { catalogued: true as const } : {}),
  };
}

/** What a reader extracted from a file that is not plain text (an HTML page, a PDF). */
export interface ExtractedParts {
  /** The reader's name: `html`, `pdf`, … */
  readonly format: string;
  /** Metadata the file states: `title`, `author`, `outlet`, `date`, `url`, `id`. */
  readonly fields?: Readonly<Record<string, string>>;
  readonly pages?: SourcePages;
  /** A transcript's cues: times and speakers. */
  readonly cues?: SourceCues;
  readonly origin?: TextOrigin;
  readonly warnings?: readonly string[];
}

/** A source that is an entry's full text, with the entry's key and metadata (a cached source, re-identified). */
export function withIdentity(source: Source, declared: DeclaredIdentity): Source {
  return { ...source, key: declared.key, meta: { ...source.meta, ...nonEmpty(declared.fields) }, catalogued: true };
}

function nonEmpty(fields: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
}

function countWords(text: string, bodyStart: number): number {
  let n = 0;
  forEachWord(text, bodyStart, text.length, () => n++);
  return n;
}

/** The citation key a file name gives: its base name without the last extension. */
export function keyFromFileName(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** 1-based position of the first byte that breaks UTF-8, for error messages. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i + 1;
    for (let k = 1; k < length; k++) {
      if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i + 1;
    }
    i += length;
  }
  return bytes.length;
}

/** A size for people: "1.5 GB", "412.3 MB", "12.0 KB", "800 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
