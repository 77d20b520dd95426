import { VERDICTS } from '../service';
import { allFindings, type CheckResult, type JsonDiagnostic } from './findings';

/** `verbatim check` as text: `file:line:column: severity code: message` per finding, then a summary. */
export function formatText(result: CheckResult): string {
  const findings = allFindings(result).map((f) => f.json);
  const lines = findings.map((r) => `${r.file}:${r.line}:${r.column}: ${r.severity} ${r.code}: ${r.message}`);
  lines.push(summary(result, findings));
  return `${lines.join('\n')}\n`;
}

/** `1 error, 4 warnings, 1 information in 1 file (10 quotes checked against 2 sources)`. */
export function summary(result: CheckResult, findings: readonly JsonDiagnostic[]): string {
  const count = (severity: JsonDiagnostic['severity']): number => findings.filter((r) => r.severity === severity).length;
  const checked = result.drafts.reduce((sum, draft) => sum + draft.quotes.quotes.filter((q) => VERDICTS[q.verdict].checked).length, 0);
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), `${count('information')} information`];
  const entries = result.entries ? `; ${result.entries} bibliography entr${result.entries === 1 ? 'y' : 'ies'}` : '';
  return `${parts.join(', ')} in ${plural(result.drafts.length, 'file')} (${plural(checked, 'quote')} checked against ${plural(result.sources, 'source')}${entries}${result.archive ? ' and the archive' : ''})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
