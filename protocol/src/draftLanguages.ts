/**
 * The editor languages Verbatim checks drafts in (SPEC section 7), and the draft files it checks
 * whatever language the editor gave them (a `.qmd` opened with no Quarto extension is plain text).
 * The server's parsers (`core/draft/draftAnalysis`) read the same ids and extensions.
 */
export const DRAFT_LANGUAGE_IDS: readonly string[] = ['markdown', 'quarto', 'rmd', 'latex', 'typst'];

/** Every draft file by extension (`.docx` is checked by the command line only). */
export const DRAFT_FILE_PATTERN = '**/*.{md,markdown,qmd,Rmd,rmd,Rmarkdown,rmarkdown,tex,typ}';

/** Extensions whose citation-key completion a writer may prefer for LaTeX (LaTeX Workshop, texlab). */
export const LATEX_KEY_COMPLETERS: readonly string[] = ['james-yu.latex-workshop', 'efoerster.texlab'];
