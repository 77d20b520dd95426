import * as fs from 'node:fs';
import { docxDraftText, type DocxParagraph } from '../core/draft/docxDraft';
import { keyOfWork } from '../core/library/workLookup';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { readDocx } from '../readers/docxReader';
import { UsageError } from './arguments';

/** A draft named on the command line: its text, or a Word document's paragraphs (its text needs the library). */
export type DraftFile = { readonly file: string; readonly text: string } | { readonly file: string; readonly paragraphs: readonly DocxParagraph[] };

/** Reads a draft (UTF-8 text, or a `.docx`); a clear usage error when it cannot be read. Never writes. */
export function readDraftFile(full: string, shown: string): DraftFile {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`no such file: ${shown}`);
    if (code === 'EISDIR') throw new UsageError(`${shown} is a folder; name draft files`);
    throw new UsageError(`cannot read ${shown}: ${(error as Error).message}`);
  }
  return draftOfBytes(bytes, full, shown);
}

/** A draft from its file's bytes: a Word document's paragraphs for a `.docx`, else UTF-8 text; a usage error otherwise. */
export function draftOfBytes(bytes: Uint8Array, full: string, shown: string): DraftFile {
  if (full.toLowerCase().endsWith('.docx')) {
    const paragraphs = readDocx(bytes);
    if (typeof paragraphs === 'string') throw new UsageError(`${shown}: ${paragraphs}`);
    return { file: shown, paragraphs };
  }
  return { file: shown, text: decodeDraft(bytes, shown) };
}

/** A draft's text from its bytes: UTF-8 without NUL characters, else a UsageError naming `shown`. */
export function decodeDraft(bytes: Uint8Array, shown: string): string {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (text.includes('\u0000')) throw new Error('NUL');
    return text;
  } catch {
    throw new UsageError(`${shown} is not UTF-8 text`);
  }
}

/** The text of a draft for the language service: a Word document's fields cite the library's keys for their items. */
export function draftText(draft: DraftFile, library: SourceLibrary): string {
  if ('text' in draft) return draft.text;
  // An item no entry matches keeps a key of its own, so the finding names it (`unknown-source`).
  return docxDraftText(draft.paragraphs, (item) => keyOfWork(library, item) ?? (item.citationKey || item.doi || item.title || 'untitled item'));
}
