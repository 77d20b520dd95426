/**
 * A Word draft as the draft model. A `.docx` is read by `readers/docxReader` into paragraphs (runs
 * joined) and citation fields; `docxDraftText` writes them as one text, a line per paragraph
 * (paragraph n is line n, empty ones included), with the fields, their items already matched to
 * library keys, in a last line the parser reads back and blanks. Each paragraph is a block: quotes
 * in every style, Pandoc citations typed as text, and the fields' citations. Never throws.
 */
import { findCitations, type Citation, type CitationGroup } from './citations';
import type { DraftAnalysis, DraftSyntax } from './draftModel';
import type { TextBlock } from './markdownBlocks';
import { findQuotations } from './quotations';

/** An item of a Zotero or Mendeley citation field, as its CSL JSON gives it (empty strings: not given). */
export interface DocxCitationItem {
  readonly citationKey: string;
  readonly doi: string;
  readonly title: string;
  readonly year: string;
  readonly locator: string;
  /** CSL locator label (`page`, `chapter`…); empty means page. */
  readonly label: string;
}

/** A citation field: its shown result's range in the paragraph's text, and its items. */
export interface DocxField {
  readonly start: number;
  readonly end: number;
  readonly items: readonly DocxCitationItem[];
}

/** A paragraph of the document body: its text (runs joined, one line) and its citation fields. */
export interface DocxParagraph {
  readonly text: string;
  readonly fields: readonly DocxField[];
}

const TRAILER = '\u0000verbatim-docx-fields ';

/** CSL locator labels as a writer abbreviates them (Pandoc's locator terms). */
const LABELS: Readonly<Record<string, string>> = {
  page: 'p.', chapter: 'chap.', section: 'sec.', paragraph: 'para.', line: 'l.', figure: 'fig.', volume: 'vol.',
  note: 'n.', verse: 'v.', column: 'col.', book: 'bk.', part: 'pt.', folio: 'fol.', issue: 'no.', number: 'no.',
};

/** A Word draft's text for the draft model: a line per paragraph, then the fields with `keyOf`'s keys. */
export function docxDraftText(paragraphs: readonly DocxParagraph[], keyOf: (item: DocxCitationItem) => string): string {
  const fields = paragraphs.flatMap((p, index) =>
    p.fields.map((f) => ({ p: index, s: f.start, e: f.end, c: f.items.map((item) => ({ k: keyOf(item), l: locatorOf(item) })) })),
  );
  return `${paragraphs.map((p) => p.text.replace(/[\r\n\u0000]/g, ' ')).join('\n')}\n${TRAILER}${JSON.stringify(fields)}`;
}

/** `p. 12`, `chap. 3`: a field item's locator as a citation writes it; empty without one. */
function locatorOf(item: DocxCitationItem): string {
  if (item.locator === '') return '';
  const label = item.label === '' ? 'page' : item.label;
  return `${LABELS[label] ?? label} ${item.locator}`;
}

/** How a Word draft's fixes write (the command line reports them; nothing is written into a .docx). */
/** How a Word draft's text (as `docxDraftText` writes it) takes citations and source words. */
export const DOCX_SYNTAX: DraftSyntax = {
  citation: (key) => `[@${key}]`,
  addKey: (group, key) => ({ at: group.end, text: ` [@${key}]` }),
  escape: (words) => words,
};

/** Parses the text `docxDraftText` wrote; never throws. */
export function analyzeDocxDraft(text: string): DraftAnalysis {
  const at = text.lastIndexOf(`\n${TRAILER}`);
  const body = at < 0 ? text : text.slice(0, at);
  let fields: Array<{ p: number; s: number; e: number; c: Array<{ k: string; l: string }> }> = [];
  if (at >= 0) {
    try {
      fields = JSON.parse(text.slice(at + 1 + TRAILER.length));
    } catch {
      fields = []; // not written by docxDraftText: no fields
    }
  }
  const blocks: TextBlock[] = [];
  const starts: number[] = [];
  let offset = 0;
  for (const line of body.split('\n')) {
    starts.push(offset);
    if (/\S/.test(line)) blocks.push({ start: offset, end: offset + line.length, masked: line, blockQuote: undefined });
    offset += line.length + 1;
  }
  const byBlock = blocks.map((block) => {
    const typed = findCitations(block);
    const paragraph = starts.indexOf(block.start);
    const own = fields.filter((f) => f.p === paragraph && f.c.length > 0).map((f) => fieldGroup(block.start + f.s, block.start + f.e, f.c));
    return [...typed, ...own].sort((a, b) => a.start - b.start);
  });
  const { quotations, open } = findQuotations({ blocks, blockQuotes: [] }, byBlock);
  const shown = at < 0 ? text : body + text.slice(at).replace(/[^\n]/g, ' ');
  return { format: 'docx', text: shown, structure: { blocks, blockQuotes: [] }, citations: byBlock.flat(), quotations, openQuotations: open, bibliographies: [], includes: [], syntax: DOCX_SYNTAX };
}

function fieldGroup(start: number, end: number, cites: ReadonlyArray<{ k: string; l: string }>): CitationGroup {
  // The field's locator is in its data, not in its shown text: it is read, never rewritten.
  const citations: Citation[] = cites.map(({ k, l }) => ({ key: k, keyStart: start, keyEnd: end, start, end, suppressAuthor: false, prefix: '', locator: l, locatorStart: end, locatorInText: false }));
  return { start, end, bracketed: true, citations };
}
