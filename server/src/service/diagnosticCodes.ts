import { DiagnosticSeverity } from 'vscode-languageserver-types';

/** Diagnostic codes of SPEC section 5. */
export type VerbatimCode =
  | 'unknown-source'
  | 'misquote'
  | 'wrong-source'
  | 'quote-not-found'
  | 'unattributed-quote'
  | 'wrong-page'
  | 'wrong-time'
  | 'wrong-speaker'
  | 'not-a-quotation'
  | 'no-full-text'
  | 'archive-unavailable'
  | 'unquoted-reuse';

/** What a code means, for writers (README, SARIF rules, the report). */
export interface CodeDescription {
  readonly severity: DiagnosticSeverity;
  /** One line: when the code is reported. */
  readonly summary: string;
  /** What to do about it. */
  readonly help: string;
  /** Whether its diagnostics carry a quick fix. */
  readonly fixable: boolean;
}

/** Every code Verbatim reports, with its severity and help (the one table of SPEC section 5). */
export const DIAGNOSTIC_CODES: Readonly<Record<VerbatimCode, CodeDescription>> = {
  'unknown-source': {
    severity: DiagnosticSeverity.Error,
    summary: 'No source in the library has the cited key.',
    help: 'Cite a key of the library (`verbatim sources` lists them): the quick fix offers the closest keys. Or add the source article to a source folder.',
    fixable: true,
  },
  misquote: {
    severity: DiagnosticSeverity.Warning,
    summary: 'The cited source holds a close passage, not the same words.',
    help: 'Quote the source word for word; mark omissions with an ellipsis (…) and insertions with [brackets]. The quick fix restores the source\'s wording.',
    fixable: true,
  },
  'wrong-source': {
    severity: DiagnosticSeverity.Warning,
    summary: 'The quote is not in the cited source, but in another.',
    help: 'Cite the source that has these words: the quick fix replaces the key (or adds it when several are cited).',
    fixable: true,
  },
  'quote-not-found': {
    severity: DiagnosticSeverity.Warning,
    summary: 'The quote is in no source, closely or exactly.',
    help: 'Check the words against the original, or add the source article that has them to a source folder.',
    fixable: false,
  },
  'unattributed-quote': {
    severity: DiagnosticSeverity.Information,
    summary: 'A quote with no citation is in a source.',
    help: 'Add a citation after the quote: the quick fix inserts [@key] of the source that has it.',
    fixable: true,
  },
  'wrong-page': {
    severity: DiagnosticSeverity.Warning,
    summary: 'The quote is in the cited source, not on the cited page.',
    help: 'Cite the page the quote is on: the quick fix corrects the locator.',
    fixable: true,
  },
  'wrong-time': {
    severity: DiagnosticSeverity.Warning,
    summary: 'The quote is in the cited transcript, not at the cited time.',
    help: 'Cite the time the quote is spoken (the start of its cue): the quick fix rewrites only the time of the locator.',
    fixable: true,
  },
  'wrong-speaker': {
    severity: DiagnosticSeverity.Warning,
    summary: 'The draft names one speaker; the source gives these words to another.',
    help: "Name the person the source gives the words to (a transcript's cue, or the attribution of the article's quotation): the quick fix puts the source's speaker's name in place of the draft's.",
    fixable: true,
  },
  'not-a-quotation': {
    severity: DiagnosticSeverity.Warning,
    summary: "The draft gives a named person these words as a direct quote, but in the cited article they are the article's narration.",
    help: "Quote the words as the article's (\"the article said\"), or paraphrase them: nobody said them in quotation marks.",
    fixable: false,
  },
  'no-full-text': {
    severity: DiagnosticSeverity.Information,
    summary: 'The cited entry has no full text, so the quote cannot be checked.',
    help: 'Attach the article\'s text (a `file` field in the bibliography, or a source file with the key).',
    fixable: false,
  },
  'archive-unavailable': {
    severity: DiagnosticSeverity.Information,
    summary: 'The quote needed the archive, which could not be reached.',
    help: 'Check again when the archive is reachable; the local library does not hold this quote.',
    fixable: false,
  },
  'unquoted-reuse': {
    severity: DiagnosticSeverity.Information,
    summary: 'A run of words outside quotation marks is word for word from a source.',
    help: 'Quote the words and cite their source (the quick fix wraps them in quotation marks, restores the source\'s words and adds the citation), or say it in your own words. `verbatim.reuse.minWords` sets the run length (default 10), `verbatim.reuse.enable` or `--no-reuse` turns the check off.',
    fixable: true,
  },
};
