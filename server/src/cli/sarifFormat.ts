import { pathToFileURL } from 'node:url';
import type { Range } from 'vscode-languageserver-types';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, type VerbatimCode } from '../service';
import { allFindings, type CheckResult, type Finding, type JsonDiagnostic } from './findings';

/** What a SARIF log says about the run besides its results. */
export interface SarifOptions {
  readonly version: string;
  /** The working folder: result paths are relative to it (`%SRCROOT%`), as GitHub code scanning wants. */
  readonly cwd: string;
}

const SRCROOT = '%SRCROOT%';
const CODES = Object.keys(DIAGNOSTIC_CODES) as VerbatimCode[];

/**
 * `--format sarif`: a SARIF 2.1.0 log that GitHub code scanning accepts. One rule per diagnostic
 * code (with help), one result per finding with its location, the source passage as a related
 * location, and each quick fix as a `fix` (a replacement of a region of the draft). Unquoted reuse
 * findings are a second run of their own category (`REUSE_CATEGORY`).
 */
export function formatSarif(result: CheckResult, options: SarifOptions): string {
  const findings = allFindings(result);
  const isReuse = (finding: Finding): boolean => finding.json.code === 'unquoted-reuse';
  const quotes = findings.filter((finding) => !isReuse(finding));
  const reuse = findings.filter(isReuse);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    // Unquoted reuse is a run of its own (its own category in code scanning): a finding about the
    // writer's prose, not about a quotation.
    runs: [sarifRun(quotes, options), ...(reuse.length > 0 ? [{ ...sarifRun(reuse, options), automationDetails: { id: REUSE_CATEGORY } }] : [])],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The category of the reuse run (`runAutomationDetails.id`: a category, then `/`). */
export const REUSE_CATEGORY = 'verbatim/reuse/';

/** One SARIF run of `findings`. */
function sarifRun(findings: readonly Finding[], options: SarifOptions): Record<string, unknown> {
  return {
    tool: {
      driver: {
        name: 'Verbatim',
        version: options.version,
        semanticVersion: options.version,
        rules: CODES.map((code) => rule(code)),
      },
    },
    originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd) } },
    columnKind: 'utf16CodeUnits',
    results: findings.map(({ json, fixes }) => ({
      ruleId: json.code,
      ruleIndex: CODES.indexOf(json.code as VerbatimCode),
      level: level(json.severity),
      message: { text: json.message },
      locations: [location(json.file, region(json))],
      ...(json.source
        ? {
            relatedLocations: [
              {
                id: 1,
                ...location(json.source.file, { startLine: json.source.line, startColumn: json.source.column }),
                message: { text: `the passage in @${json.source.key}: "${json.source.text.replace(/\s+/g, ' ')}"` },
              },
            ],
          }
        : {}),
      ...(fixes.length > 0
        ? {
            fixes: fixes.map((fix) => ({
              description: { text: fix.title },
              artifactChanges: [
                {
                  artifactLocation: artifact(json.file),
                  replacements: [{ deletedRegion: lspRegion(fix.range), insertedContent: { text: fix.newText } }],
                },
              ],
            })),
          }
        : {}),
    })),
    invocations: [{ executionSuccessful: true }],
  };
}

function rule(code: VerbatimCode): Record<string, unknown> {
  const description = DIAGNOSTIC_CODES[code];
  return {
    id: code,
    name: code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: description.summary },
    fullDescription: { text: description.summary },
    help: { text: description.help, markdown: description.help },
    defaultConfiguration: { level: levelOf(description.severity) },
    properties: { tags: code === 'unquoted-reuse' ? ['reuse', 'plagiarism'] : ['quotation', 'fact-checking'], 'problem.severity': levelOf(description.severity) === 'note' ? 'recommendation' : levelOf(description.severity) },
  };
}

function level(severity: JsonDiagnostic['severity']): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function levelOf(severity: DiagnosticSeverity): 'error' | 'warning' | 'note' {
  return severity === DiagnosticSeverity.Error ? 'error' : severity === DiagnosticSeverity.Warning ? 'warning' : 'note';
}

function region(json: JsonDiagnostic): Record<string, number> {
  return { startLine: json.line, startColumn: json.column, endLine: json.endLine, endColumn: json.endColumn };
}

/** An LSP range (0-based) as a SARIF region (1-based); an empty range is an insertion point. */
function lspRegion(range: Range): Record<string, number> {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function location(file: string, where: Record<string, number>): { physicalLocation: Record<string, unknown> } {
  return { physicalLocation: { artifactLocation: artifact(file), region: where } };
}

/** A relative path as a relative URI reference under `%SRCROOT%`. */
function artifact(file: string): { uri: string; uriBaseId: string } {
  return { uri: file.split(/[\\/]/).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(folder: string): string {
  const uri = pathToFileURL(folder).href;
  return uri.endsWith('/') ? uri : `${uri}/`;
}
