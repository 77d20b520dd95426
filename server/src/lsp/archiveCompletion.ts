import type { CompletionList, Position } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ArchiveHost } from '../archive/archiveHost';
import { archivedCitable, type CancellationLike, type LanguageService } from '../service';

/** Keys asked of the archive per completion; it is asked from two typed characters on. */
const MAX_ARCHIVE_ITEMS = 50;
const MIN_TYPED = 2;

/**
 * A citation completion with the archive's keys: the service's items, then keys that start with
 * what was typed and titles like it (the archive's prefix and trigram indexes). Without an archive,
 * or when it does not answer, the local items come back alone.
 */
export async function completionWithArchive(service: LanguageService, archive: ArchiveHost, document: TextDocument, position: Position, token?: CancellationLike): Promise<CompletionList> {
  const typed = archive.active ? service.typedCitationKey(document, position) : undefined;
  const keys = typed !== undefined && typed.length >= MIN_TYPED ? await archive.completeKeys(typed, MAX_ARCHIVE_ITEMS) : undefined;
  const remote = (keys ?? []).map(({ key, title, meta }) => archivedCitable(key, { ...meta, title }));
  const list = service.getCompletionItems(document, position, token, remote);
  // The archive holds more keys than any list shows: ask again as the writer types (even after `@` alone).
  return typed !== undefined ? { ...list, isIncomplete: true } : list;
}
