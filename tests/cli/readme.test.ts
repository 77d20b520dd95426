import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_CODES, type VerbatimCode } from '../../server/src/service/diagnosticCodes';
import { REPO } from '../helpers';

// README's table of diagnostic codes is written for people; this keeps it to the one table of codes
// (service/diagnosticCodes.ts, SPEC section 5): every code, its severity, whether it has a quick fix.

const SEVERITY_NAMES: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** The rows of README's codes table: code, severity, quick fix ('—' for none). */
function readmeCodeRows(): Array<{ code: string; severity: string; fix: string }> {
  const lines = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8').split('\n');
  const header = lines.findIndex((line) => /^\| code \| severity \|/.test(line));
  assert.ok(header >= 0, 'README has no "| code | severity |" table');
  const rows: Array<{ code: string; severity: string; fix: string }> = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cells = line.split('|').slice(1, -1).map((cell) => cell.trim());
    rows.push({ code: cells[0]!.replace(/`/g, ''), severity: cells[1]!, fix: cells[cells.length - 1]! });
  }
  return rows;
}

test('README lists every diagnostic code, once, with its severity and whether it has a quick fix', () => {
  const rows = readmeCodeRows();
  assert.deepEqual(rows.map((r) => r.code).sort(), Object.keys(DIAGNOSTIC_CODES).sort());
  for (const row of rows) {
    const code = DIAGNOSTIC_CODES[row.code as VerbatimCode];
    assert.equal(row.severity, SEVERITY_NAMES[code.severity], `severity of ${row.code}`);
    assert.equal(row.fix !== '—', code.fixable, `quick fix of ${row.code}: "${row.fix}"`);
  }
});

test("README's test command is what CI runs (.ci/run), and its first command is `npm ci` then the check of the sample draft", () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const ci = fs.readFileSync(path.join(REPO, '.ci', 'run'), 'utf8');
  const ciCommand = ci.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#') && !/^(set|cd) /.test(line));
  assert.equal(ciCommand.length, 1, `one command in .ci/run: ${ciCommand.join(' | ')}`);
  const shellBlocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((block) => block[1]!.trim());
  assert.ok(shellBlocks.includes(ciCommand[0]!), `README shows ${ciCommand[0]}`);
  // The two commands a fresh machine needs come first: the check of the sample draft, then the tests.
  assert.equal(shellBlocks[0], 'npm ci && node bin/verbatim.js check examples/draft.md');
  assert.equal(shellBlocks[1], ciCommand[0]);
  // Every npm script the command runs exists.
  const scripts = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const [, name] of ciCommand[0]!.matchAll(/npm run ([\w:-]+)/g)) assert.ok(scripts[name!], `npm run ${name}`);
});
