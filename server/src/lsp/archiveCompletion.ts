import { CompletionItemKind, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ArchiveHost } from '../node/archiveHost';

/** Keys typed after `@`, as far as the archive is asked about them (at least two characters). */
const TYPED_KEY = /(?:^|[^\p{L}\p{N}_\\])-?@\{?([\p{L}\p{N}_][\p{L}\p{N}_:.#$%&\-+?<>~/]*)$/u;
const MAX_ARCHIVE_ITEMS = 50;

/**
 * Adds the archive's keys to a citation completion: keys that start with what was typed and titles
 * like it (the archive's prefix and trigram indexes), after the local library's own items. Nothing
 * is added when the archive does not answer; the local items come back as they were.
 */
export async function withArchiveKeys(list: CompletionList | null, document: TextDocument, position: Position, archive: ArchiveHost): Promise<CompletionList | null> {
  if (!archive.active) return list;
  const offset = document.offsetAt(position);
  const text = document.getText();
  const typed = TYPED_KEY.exec(text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset))?.[1];
  if (typed === undefined || typed.length < 2) return list;
  const keys = await archive.completeKeys(typed, MAX_ARCHIVE_ITEMS);
  if (keys === undefined || keys.length === 0) return list;
  const items = list?.items ?? [];
  const known = new Set(items.map((item) => item.label));
  const range = { start: document.positionAt(offset - typed.length), end: position };
  const added = keys
    .filter(({ key }) => !known.has(key))
    .map(({ key, title }, rank): CompletionItem => ({
      label: key,
      kind: CompletionItemKind.Reference,
      ...(title ? { detail: title } : {}),
      labelDetails: { description: `archive${title ? `: ${title.slice(0, 50)}` : ''}` },
      filterText: `${typed} ${key}`,
      // After the local library's items, in the archive's order.
      sortText: `z${String(rank).padStart(5, '0')}`,
      textEdit: { range, newText: key },
    }));
  return { isIncomplete: true, items: [...items, ...added] };
}
