/**
 * URI scheme of a read-only document that shows one page of a PDF's extracted text (VS Code shows
 * no PDF itself). The client serves it through `PageTextRequest`; the query names the PDF and page.
 */
export const PAGE_SCHEME = 'verbatim-pdf';

/** What a page document shows: the PDF's `file:` URI and the page's index (0-based) and label. */
export interface PageDocumentRef {
  readonly source: string;
  readonly page: number;
  readonly label: string;
}

/** The URI of the page document of page `page` (labelled `label`) of the PDF at `source`. */
export function pageDocumentUri(ref: PageDocumentRef): string {
  const name = decodeURIComponent(ref.source.slice(ref.source.lastIndexOf('/') + 1));
  return `${PAGE_SCHEME}:/${encodeURIComponent(`${name}, p. ${ref.label}`)}?${encodeURIComponent(JSON.stringify(ref))}`;
}

/** The PDF and page a page document's URI names (as either side encodes it), or undefined. */
export function parsePageDocumentUri(uri: string): PageDocumentRef | undefined {
  if (!uri.startsWith(`${PAGE_SCHEME}:`)) return undefined;
  const query = uri.indexOf('?');
  if (query < 0) return undefined;
  try {
    const ref = JSON.parse(decodeURIComponent(uri.slice(query + 1).replace(/#.*$/, ''))) as Partial<PageDocumentRef>;
    if (typeof ref.source !== 'string' || typeof ref.page !== 'number' || typeof ref.label !== 'string') return undefined;
    return { source: ref.source, page: ref.page, label: ref.label };
  } catch {
    return undefined;
  }
}

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
