import type { CitationGroup } from './citations';
import type { MarkdownStructure } from './markdownBlocks';
import type { OpenQuotation, Quotation } from './quotations';

/** The syntaxes a draft can be written in (SPEC section 2); each has one parser. */
export type DraftFormat = 'markdown' | 'quarto' | 'rmarkdown' | 'latex' | 'typst' | 'docx';

/** A citation key being typed: what was typed of it, the range a chosen key replaces, what goes before it. */
export interface TypedKey {
  readonly typed: string;
  readonly from: number;
  readonly to: number;
  readonly insertPrefix: string;
}

/**
 * How a draft's syntax writes what a quick fix or a completion inserts, so that nothing after the
 * parser needs to know the format.
 */
export interface DraftSyntax {
  /** A new citation of `key`, to follow a quote: `[@key]`, `\parencite{key}`. */
  citation(key: string): string;
  /** Adds `key` to a citation group: the offset to insert at and the text. */
  addKey(group: CitationGroup, key: string): { readonly at: number; readonly text: string };
  /** Words taken from a source, written as the draft writes text (LaTeX escapes, the draft's accents). */
  escape(words: string): string;
  /**
   * How a fix opens and closes a new inline quotation where the draft has written none to copy
   * (`\enquote{`…`}`); undefined: curly double quotes (「」 around Chinese and Japanese).
   */
  readonly quoteMarks?: readonly [string, string];
  /**
   * The key being typed at `offset`, when the syntax has its own citation commands (`\cite{…}`);
   * undefined: none there (Pandoc's `@` is read by the completion itself).
   */
  typedKeyAt?(text: string, offset: number): TypedKey | undefined;
}

/** A file a draft includes: its name as written, the offset of the command that names it, and how the draft wrote it. */
export interface DraftInclude {
  readonly name: string;
  readonly at: number;
  /** `\input{chapters/one}`, `#include "one.typ"`. */
  readonly written: string;
  /** True when the name is relative to the including file's folder first (`\subimport`). */
  readonly fromIncluding?: true;
}

/** Everything the checker and the editor features need to know about a draft's syntax. */
export interface DraftAnalysis {
  readonly format: DraftFormat;
  /**
   * The draft as text, offset for offset: the draft itself, or (LaTeX) its prose with markup turned
   * into the characters it prints and padded to the same length. Quotes are read and compared here.
   */
  readonly text: string;
  readonly structure: MarkdownStructure;
  /** Citation groups of the whole draft, in document order. */
  readonly citations: readonly CitationGroup[];
  readonly quotations: readonly Quotation[];
  /** Quotations opened but not closed (the writer may be typing one). */
  readonly openQuotations: readonly OpenQuotation[];
  /** Bibliography files the draft's own syntax names (`\addbibresource`, `#bibliography`), as written; front matter is read apart. */
  readonly bibliographies: readonly string[];
  /** Files the draft includes (`\input`, `\include`, `\subfile`; Typst's `#include`), as written. */
  readonly includes: readonly DraftInclude[];
  readonly syntax: DraftSyntax;
}
