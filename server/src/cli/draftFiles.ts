import * as fs from 'node:fs';
import * as path from 'node:path';
import { draftLanguageId } from '../core/draft/draftAnalysis';
import { docxDraftText, type DocxParagraph } from '../core/draft/docxDraft';
import { keyOfWork } from '../core/library/workLookup';
import type { SourceLibrary } from '../core/library/sourceLibrary';
import { readDocx } from '../readers/docxReader';
import { includedFiles } from '../library/latexProject';
import { UsageError } from './arguments';
import type { CliIO } from './cliIO';

/**
 * A draft named on the command line: its text, or a Word document's paragraphs (its text needs the
 * library). A file a LaTeX, Typst or Quarto draft includes names the draft that includes it (as
 * shown) and is read in its language (a Quarto document's `_part.md` is Quarto).
 */
export type DraftFile =
  | { readonly file: string; readonly text: string; readonly includedBy?: string; readonly languageId?: string }
  | { readonly file: string; readonly paragraphs: readonly DocxParagraph[] };

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

/**
 * The drafts with the files each LaTeX, Typst or Quarto draft includes (`\input`, `\include`, `#include`, `{{< include >}}`)
 * right after it, each file once: an included file's quotations are checked, and reported at its
 * own path. A file that cannot be followed (missing, unreadable, a cycle) is named on stderr.
 */
export function withIncludedFiles(drafts: readonly DraftFile[], io: CliIO): DraftFile[] {
  const shown = (file: string): string => path.relative(io.cwd, file) || file;
  const named = new Map(drafts.map((draft) => [path.resolve(io.cwd, draft.file), draft]));
  const includedBy = new Map<string, string>();
  const order: string[] = [];
  const told = new Set<string>();
  for (const draft of drafts) {
    const full = path.resolve(io.cwd, draft.file);
    if (!order.includes(full)) order.push(full);
    if (!('text' in draft)) continue;
    const { files, problems } = includedFiles(full, draft.text);
    for (const problem of problems) {
      const message = `verbatim: ${shown(problem.file)}:${problem.line}: ${problem.message}\n`;
      if (!told.has(message)) io.err(message);
      told.add(message);
    }
    let at = order.indexOf(full) + 1;
    for (const included of files) {
      if (!includedBy.has(included.file) && included.file !== full) includedBy.set(included.file, shown(included.includedBy));
      if (!named.has(included.file)) named.set(included.file, { file: shown(included.file), text: included.text, languageId: draftLanguageId(full) });
      // An included file follows the file that includes it, unless it was named or found before.
      if (!order.includes(included.file)) order.splice(at++, 0, included.file);
    }
  }
  return order.map((full) => {
    const draft = named.get(full)!;
    const by = includedBy.get(full);
    return by !== undefined && 'text' in draft ? { ...draft, includedBy: by } : draft;
  });
}
