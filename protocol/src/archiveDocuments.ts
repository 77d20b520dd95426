/**
 * URI scheme of a read-only document that shows an archived article's text (it has no file on this
 * machine). The client serves it through `ArchiveTextRequest`; the path names the article's key.
 */
export const ARCHIVE_SCHEME = 'verbatim-archive';

/** The URI of the document showing the archived article with key `key`. */
export function archiveDocumentUri(key: string): string {
  return `${ARCHIVE_SCHEME}:/${encodeURIComponent(key)}`;
}

/** The key an archive document's URI names (as either side encodes it), or undefined. */
export function parseArchiveDocumentUri(uri: string): string | undefined {
  const prefix = `${ARCHIVE_SCHEME}:/`;
  if (!uri.startsWith(prefix)) return undefined;
  try {
    const key = decodeURIComponent(uri.slice(prefix.length).replace(/[?#].*$/, ''));
    return key === '' ? undefined : key;
  } catch {
    return undefined;
  }
}
