import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * The open documents' text as `vscode-languageserver-textdocument` keeps it, with their line starts
 * found at once by a native search (issue 27: a 10 MB draft's first position conversion took 30–90
 * ms, a request waiting meanwhile, where this takes 2). The library finds line starts a character
 * at a time when first asked; we hand it the same array, found with `indexOf`, for a text whose
 * lines end in `\n` alone (one with a `\r` is left to the library, which counts `\r` and `\r\n` too).
 * The library keeps them up to date through incremental changes itself.
 */
export const DRAFT_DOCUMENTS: TextDocumentsConfiguration<TextDocument> = {
  create(uri: string, languageId: string, version: number, content: string): TextDocument {
    return withLineStarts(TextDocument.create(uri, languageId, version, content));
  },
  update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    return withLineStarts(TextDocument.update(document, changes, version));
  },
};

/** Above this length a document's line starts are found with `indexOf` (below it the library's own pass is as quick). */
const SEARCHED_CHARS = 64 * 1024;

/** Offsets where each line of `text` starts, the first 0: lines end in `\n` (undefined when the text has a `\r`). */
export function lineStarts(text: string): number[] | undefined {
  if (text.includes('\r')) return undefined;
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** Gives a long document whose line starts are not known yet (opened, or replaced whole) its line starts. */
function withLineStarts(document: TextDocument): TextDocument {
  const kept = document as unknown as { _lineOffsets?: number[] };
  if ('_lineOffsets' in kept && kept._lineOffsets === undefined) {
    const text = document.getText();
    if (text.length > SEARCHED_CHARS) kept._lineOffsets = lineStarts(text);
  }
  return document;
}
