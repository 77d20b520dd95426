import { analyzeDocxDraft, DOCX_SYNTAX } from './docxDraft';
import { analyzeLatexDraft } from './latexDraft';
import { latexSyntax } from './latexSyntax';
import { MARKDOWN_SYNTAX, markdownDraftSteps } from './markdownDraft';
import { finish, oneStep, type Steps } from './steps';
import { analyzeTypstDraft, TYPST_SYNTAX } from './typstDraft';
import type { DraftAnalysis, DraftFormat, DraftSyntax } from './draftModel';

export type { DraftAnalysis, DraftFormat } from './draftModel';

/** Each draft format's VS Code language ids and file extensions (lower case). */
export const DRAFT_FORMATS: Readonly<Record<DraftFormat, { readonly languageIds: readonly string[]; readonly extensions: readonly string[] }>> = {
  markdown: { languageIds: ['markdown'], extensions: ['.md', '.markdown'] },
  quarto: { languageIds: ['quarto'], extensions: ['.qmd'] },
  rmarkdown: { languageIds: ['rmd', 'rmarkdown'], extensions: ['.rmd', '.rmarkdown'] },
  latex: { languageIds: ['latex', 'tex'], extensions: ['.tex'] },
  typst: { languageIds: ['typst'], extensions: ['.typ'] },
  // A Word document's text is what `docxDraftText` writes of it (command line and report only).
  docx: { languageIds: ['docx'], extensions: ['.docx'] },
};

/** The extensions of every draft format a folder is searched for (`.docx` is checked only when named). */
export const DRAFT_EXTENSIONS: readonly string[] = Object.entries(DRAFT_FORMATS).flatMap(([format, f]) => (format === 'docx' ? [] : f.extensions));

/**
 * The format of a draft: by its language id when that names one, else by its file extension, else
 * Markdown (any other text is read as Pandoc Markdown, as before there were other formats).
 */
export function draftFormatOf(languageId: string | undefined, path: string): DraftFormat {
  const formats = Object.entries(DRAFT_FORMATS) as Array<[DraftFormat, (typeof DRAFT_FORMATS)[DraftFormat]]>;
  const byLanguage = languageId === undefined ? undefined : formats.find(([, f]) => f.languageIds.includes(languageId.toLowerCase()));
  if (byLanguage) return byLanguage[0];
  const lower = path.toLowerCase().replace(/[?#].*$/, '');
  const byExtension = formats.find(([, f]) => f.extensions.some((e) => lower.endsWith(e)));
  return byExtension ? byExtension[0] : 'markdown';
}

/** Parses a draft written in `format` (Markdown unless told): blocks, citations, quotations and their attribution. Never throws. */
export function analyzeDraft(text: string, format: DraftFormat = 'markdown'): DraftAnalysis {
  return finish(analyzeDraftSteps(text, format));
}

/**
 * `analyzeDraft` in steps that yield between blocks, for a driver that gives way to other work
 * (see `Steps`). Pandoc Markdown, Quarto and R Markdown parse block by block; the other formats'
 * parsers run in one step.
 */
export function analyzeDraftSteps(text: string, format: DraftFormat = 'markdown'): Steps<DraftAnalysis> {
  switch (format) {
    case 'latex':
      return oneStep(() => analyzeLatexDraft(text));
    case 'typst':
      return oneStep(() => analyzeTypstDraft(text));
    case 'docx':
      return oneStep(() => analyzeDocxDraft(text));
    default:
      return markdownDraftSteps(text, format);
  }
}

/** A draft's analysis as data (no functions): what a worker thread that parsed it posts back. */
export type DraftAnalysisData = Omit<DraftAnalysis, 'syntax'>;

/** An analysis as data: its fields, its syntax left out (a function cannot be posted). */
export function analysisData(analysis: DraftAnalysis): DraftAnalysisData {
  const { format, text, structure, citations, quotations, openQuotations, bibliographies, includes } = analysis;
  return { format, text, structure, citations, quotations, openQuotations, bibliographies, includes };
}

/** The syntax of a draft of `format` whose text is `text` (LaTeX reads the draft's habits from it). */
export function draftSyntaxOf(format: DraftFormat, text: string): DraftSyntax {
  switch (format) {
    case 'latex':
      return latexSyntax(text);
    case 'typst':
      return TYPST_SYNTAX;
    case 'docx':
      return DOCX_SYNTAX;
    default:
      return MARKDOWN_SYNTAX;
  }
}

/** An analysis posted as data, whole again: its syntax from the draft's text. */
export function withSyntax(data: DraftAnalysisData, text: string): DraftAnalysis {
  return { ...data, syntax: draftSyntaxOf(data.format, text) };
}

/** The language id of a draft file by its extension (`markdown` for any file that is not another format's). */
export function draftLanguageId(path: string): string {
  return DRAFT_FORMATS[draftFormatOf(undefined, path)].languageIds[0]!;
}

/** Whether a file is a draft a folder is searched for, by its extension. */
export function isDraftFile(path: string): boolean {
  const lower = path.toLowerCase();
  return DRAFT_EXTENSIONS.some((e) => lower.endsWith(e));
}
