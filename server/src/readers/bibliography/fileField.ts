import type { BibAttachment } from '../../core/library/bibEntry';

/**
 * The `file` field of a BibTeX entry in every form reference managers write:
 *
 * - one raw path: `papers/rally.pdf`, `C:\Users\ann\rally.pdf`;
 * - paths joined by `;`, with `\`, `{`, `}`, `:` and `;` escaped by a backslash (Better BibTeX);
 * - `title:path:mime` records joined by `;` (Zotero's own exporter and JabRef), escaping `\ : ; $`,
 *   so Windows paths read `C\:\\Users\\…`;
 * - Mendeley's `:path:pdf` with `$\backslash$` for backslashes and `{\_}` for underscores.
 */

/** The attachments a `file` field names, in the field's order; never throws. */
export function parseFileField(raw: string): BibAttachment[] {
  const value = raw.replace(/\$\\backslash\$/g, '\\').replace(/\{\\_\}/g, '_').trim();
  if (value === '') return [];
  const attachments: BibAttachment[] = [];
  for (const record of splitUnescaped(value, ';')) {
    if (record.trim() === '') continue;
    const parts = splitUnescaped(record, ':');
    const attachment = recordOf(record, parts);
    if (attachment.path !== '') attachments.push(attachment);
  }
  return attachments;
}

function recordOf(record: string, parts: string[]): BibAttachment {
  if (parts.length === 1) return { path: unescape(record.trim()), title: '', mime: '' };
  if (parts.length === 2) {
    // `C:\Users\…` or `C:/Users/…` written without escapes: a drive letter, not a title.
    if (/^\s*[A-Za-z]$/.test(parts[0]!) && /^[\\/]/.test(parts[1]!)) return { path: unescape(record.trim()), title: '', mime: '' };
    // `title:path` with no type: the part that looks like a file is the path.
    const [first, second] = parts.map((p) => unescape(p.trim())) as [string, string];
    return looksLikeFile(second) || !looksLikeFile(first) ? { path: second, title: first, mime: '' } : { path: first, title: '', mime: second };
  }
  // `title:path:type`; a middle with unescaped colons is a path written without escapes.
  const title = unescape(parts[0]!.trim());
  const mime = unescape(parts[parts.length - 1]!.trim());
  const path = unescape(parts.slice(1, -1).join(':').trim());
  return { path, title, mime: mimeOf(mime) };
}

/** `PDF`/`pdf` (JabRef, Mendeley) as a MIME type; MIME types stay as they are. */
function mimeOf(type: string): string {
  if (type.includes('/')) return type;
  const lower = type.toLowerCase();
  if (lower === 'pdf') return 'application/pdf';
  if (lower === 'html' || lower === 'htm') return 'text/html';
  if (lower === 'txt' || lower === 'text') return 'text/plain';
  return type;
}

function looksLikeFile(part: string): boolean {
  return /[\\/]/.test(part) || /\.[A-Za-z0-9]{1,5}$/.test(part);
}

/** Splits at `separator` characters that no backslash escapes, keeping the escapes in the parts. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === separator) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/**
 * Undoes backslash escapes of the field's special characters. A backslash before any other
 * character is a real one (a raw Windows path `C:\Users`), so it stays.
 */
function unescape(text: string): string {
  if (!text.includes('\\') && !text.includes('{')) return text;
  return text.replace(/\\([\\:;{}$])|\{([^{}]*)\}/g, (_match, escaped: string | undefined, braced: string | undefined) => escaped ?? braced ?? '');
}
