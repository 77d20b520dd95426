import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { FixEdit, VerbatimDiagnosticData, QuotationModel } from '../service';

/** One finding in `--format json` (SPEC section 8). */
export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'information' | 'hint';
  code: string;
  message: string;
  key?: string;
  suggestion?: string;
  /** For a PDF, `page` is the page label and `line`/`column` count within that page's text. */
  source?: { key: string; file: string; page?: string; line: number; column: number; text: string };
}

/** A finding as every format needs it: the JSON fields plus the quick fixes (LSP ranges). */
export interface Finding {
  readonly json: JsonDiagnostic;
  readonly fixes: readonly FixEdit[];
}

/** One checked draft: its findings (what diagnostics say) and its quotation model. */
export interface CheckedDraft {
  /** The path as the user named it (or relative to the working folder). */
  readonly file: string;
  readonly findings: readonly Finding[];
  readonly quotes: QuotationModel;
  /** The diagnostics the findings were made of (all of them, before `--quiet`). */
  readonly diagnostics: readonly Diagnostic[];
}

/** What `verbatim check` found, for the printers of each format. */
export interface CheckResult {
  readonly drafts: readonly CheckedDraft[];
  /** Sources in the library. */
  readonly sources: number;
  /** Bibliography entries in the catalogue (with or without a full text). */
  readonly entries?: number;
  /** Whether an archive was asked too. */
  readonly archive: boolean;
}

/** A Verbatim diagnostic as a finding of `file`; source paths relative to `cwd`. */
export function findingOf(file: string, diagnostic: Diagnostic, cwd: string): Finding {
  const data = diagnostic.data as VerbatimDiagnosticData;
  const json: JsonDiagnostic = {
    file,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
    endLine: diagnostic.range.end.line + 1,
    endColumn: diagnostic.range.end.character + 1,
    severity: severityName(diagnostic.severity),
    code: data.code,
    message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
  };
  if (data.key !== undefined) json.key = data.key;
  if (data.suggestion !== undefined) json.suggestion = data.suggestion;
  if (data.source) {
    json.source = {
      key: data.source.key,
      file: relativeFile(data.source.path, cwd),
      ...(data.source.page !== undefined ? { page: data.source.page } : {}),
      line: data.source.line,
      column: data.source.column,
      text: data.source.text,
    };
  }
  return { json, fixes: data.fixes };
}

/** A path as shown in output: relative to `cwd` when absolute. */
export function relativeFile(file: string, cwd: string): string {
  return path.isAbsolute(file) ? path.relative(cwd, file) : file;
}

/** Every finding of a result, in draft order. */
export function allFindings(result: CheckResult): Finding[] {
  return result.drafts.flatMap((draft) => draft.findings);
}

/** `--format json`: one array of every finding. */
export function formatJson(result: CheckResult): string {
  return `${JSON.stringify(allFindings(result).map((f) => f.json), null, 2)}\n`;
}

function severityName(severity: DiagnosticSeverity | undefined): JsonDiagnostic['severity'] {
  switch (severity) {
    case DiagnosticSeverity.Error:
      return 'error';
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      return 'information';
  }
}
