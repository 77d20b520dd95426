import { bodySize, type PdfTextLine } from './pdfLayout';
import type { PdfFragment } from './pdfLines';

/**
 * A PDF's title: its metadata's, unless that is junk a program wrote (`Microsoft Word - report.doc`,
 * `paper.dvi`, `untitled`, a file name, a section heading such as `Introduction`); then the first
 * page's largest text, when it stands out from the body text (a title line or two at the top) and is
 * not the publication's section label that its running heads repeat (`Proposed Rules`).
 */

/** Producers' and converters' titles, file names, placeholders and headings: not a document's title. */
const JUNK_TITLES = [
  /^(?:microsoft\s+(?:word|powerpoint|excel)|powerpoint presentation|adobe\s+\w+)\b/i,
  /\.(?:docx?|dotx?|rtf|odt|pages|wpd|dvi|tex|ps|eps|pdf|indd|qxd|qxp|pptx?|xlsx?|html?|txt|cdr|ai|pub|fm|mif|sxw)\s*$/i,
  /^(?:untitled|title|no title|document\d*|doc\d*|slide \d+|none|unknown|null|temp|template|draft|print|report|paper|article|manuscript|main|thesis)$/i,
  /^(?:\d+(?:\.\d+)*\.?\s+)?(?:introduction|abstract|summary|contents|table of contents|preface|foreword|acknowledge?ments?|chapter \d+|appendix(?: [a-z\d]+)?|references|bibliography|executive summary)$/i,
  /^[\w.-]+_[\w.-]+$/, // `paper_final_v2`, a file name without its extension
  /\S_\S.*\S_\S/, // `Dossier III_Appendix A_BUL1-1`, a file name with spaces in it
  /^(?:https?:\/\/|www\.|[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|edu|gov|int|mil|[a-z]{2})\/)/i, // a web address
  /^[^\p{L}]*$/u,
];

/** Whether a metadata title is junk rather than the document's title. */
export function isJunkTitle(title: string): boolean {
  const t = title.trim();
  return t.length < 3 || JUNK_TITLES.some((pattern) => pattern.test(t));
}

/** The title text must be this much larger than the page's body text. */
const TITLE_SIZE_RATIO = 1.25;
/** A title is at most this many lines and characters. */
const MAX_TITLE_LINES = 4;
const MAX_TITLE_CHARS = 300;

/**
 * The first page's title: the largest text on its upper part, its lines joined in reading order,
 * when that text is clearly larger than the body text and reads as a title (two words or more,
 * not too long); undefined otherwise.
 */
export function firstPageTitle(fragments: readonly PdfFragment[], pages: ReadonlyArray<{ readonly lines: readonly PdfTextLine[] }> = []): string | undefined {
  const texts = fragments.filter((f) => f.text.trim() !== '' && f.size > 0);
  if (texts.length === 0) return undefined;
  const body = bodySize(texts);
  const top = Math.max(...texts.map((f) => f.y));
  const bottom = Math.min(...texts.map((f) => f.y));
  // The upper two-thirds of the text on the page: a large folio or footer number is no title.
  const upper = texts.filter((f) => f.y >= bottom + (top - bottom) / 3);
  const largest = Math.max(...upper.map((f) => f.size));
  if (largest < body * TITLE_SIZE_RATIO) return undefined;
  const big = upper.filter((f) => f.size >= largest * 0.92).sort((a, b) => b.y - a.y || a.x - b.x);
  // Its lines: baselines within half a size of each other; a gap of over two sizes ends the title.
  const lines: PdfFragment[][] = [];
  for (const fragment of big) {
    const line = lines[lines.length - 1];
    const previous = line?.[0];
    if (previous !== undefined && Math.abs(previous.y - fragment.y) <= largest * 0.5) line!.push(fragment);
    else if (previous === undefined || previous.y - fragment.y <= largest * 2.2) lines.push([fragment]);
    else break;
  }
  if (lines.length === 0 || lines.length > MAX_TITLE_LINES) return undefined;
  const title = lines
    .map((line) => line.sort((a, b) => a.x - b.x).map((f) => f.text).join(' '))
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/(\p{L})- (\p{Ll})/gu, '$1$2')
    // A footnote mark after the title (`WARN Report*`, `… FRBs†`) is no part of it.
    .replace(/\s*[*†‡§]+$/u, '')
    .trim();
  // Two words of two letters or more (`I P`, drawn large, is no title), or four characters of a
  // script written without spaces.
  const words = title.split(' ').filter((w) => /\p{L}.*\p{L}/u.test(w)).length;
  const unspaced = (title.match(/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Thai}]/gu) ?? []).length;
  // Control characters are glyphs a font without a Unicode map left: no readable title.
  if (/[\p{Cc}\uFFFD]/u.test(title)) return undefined;
  if ((words < 2 && unspaced < 4) || title.length > MAX_TITLE_CHARS || isJunkTitle(title)) return undefined;
  if (isSectionLabel(title, pages)) return undefined;
  return title;
}

/** A section label is this many words at most. */
const MAX_LABEL_WORDS = 4;
/** Pages after the first looked at for running heads. */
const HEAD_PAGES = 20;

/**
 * Whether `title` is a publication's section or series label rather than the document's title: a
 * few words that the running heads of most later pages repeat among other words (`Federal Register
 * / Vol. 85, No. 152 / Thursday, August 6, 2020 / Proposed Rules`). A book's running head that is
 * its title beside a folio (`106 FREE CULTURE`) has no other words, and keeps the title.
 */
function isSectionLabel(title: string, pages: ReadonlyArray<{ readonly lines: readonly PdfTextLine[] }>): boolean {
  const words = (text: string): string[] => text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const label = words(title);
  if (label.length === 0 || label.length > MAX_LABEL_WORDS) return false;
  const later = pages.slice(1, 1 + HEAD_PAGES).filter((page) => page.lines.length > 0);
  if (later.length < 2) return false;
  const repeats = later.filter((page) => {
    // The page's top two lines, wherever reading order put them.
    const heads = [...page.lines].sort((a, b) => b.y - a.y).slice(0, 2);
    return heads.some((line) => {
      const head = words(line.text);
      const at = indexOfRun(head, label);
      return at >= 0 && head.length - label.length >= 2;
    });
  });
  return repeats.length >= Math.max(2, Math.ceil(later.length / 2));
}

/** Where the words `run` occur in a row in `words`, or -1. */
function indexOfRun(words: readonly string[], run: readonly string[]): number {
  for (let i = 0; i + run.length <= words.length; i++) if (run.every((word, k) => words[i + k] === word)) return i;
  return -1;
}
