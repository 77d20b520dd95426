import { allFindings, type CheckResult, type JsonDiagnostic } from './findings';
import { summary } from './textFormat';

/**
 * `--format github`: one GitHub Actions workflow command per finding
 * (`::warning file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`), which the runner turns
 * into annotations on the pull request's changed lines; then the summary as a plain log line.
 */
export function formatGithub(result: CheckResult): string {
  const findings = allFindings(result).map((f) => f.json);
  const lines = findings.map((r) => {
    const properties = [
      `file=${escapeProperty(r.file.split('\\').join('/'))}`,
      `line=${r.line}`,
      `col=${r.column}`,
      `endLine=${r.endLine}`,
      `endColumn=${r.endColumn}`,
      `title=${escapeProperty(`Verbatim ${r.code}`)}`,
    ];
    return `::${command(r.severity)} ${properties.join(',')}::${escapeData(r.message)}`;
  });
  lines.push(summary(result, findings));
  return `${lines.join('\n')}\n`;
}

function command(severity: JsonDiagnostic['severity']): 'error' | 'warning' | 'notice' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'notice';
}

/** A command's message: `%`, CR and LF are encoded as the runner expects. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: also `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
