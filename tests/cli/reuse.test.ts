import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { APPEAL, RALLY, REPO, SEEDS, TEST_ENV, temporaryFolder } from '../helpers';

// Unquoted reuse on the command line: `--reuse` / `--no-reuse`, the SARIF run of its own and the
// report's section, through the built command.

const BIN = path.join(REPO, 'bin', 'verbatim.js');
const SARIF_SCHEMA = path.join(REPO, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

const COPIED = 'Karabakh leaders said last week that Russian peace proposals made lately are far more beneficial';
const DRAFT = `# Notes\n\nIn my view, ${COPIED}, which nobody disputes.\n\n"Any statement of compromise made on behalf of the people of Artsakh is rejected," he said [@${RALLY}].\n`;

function verbatim(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const dir = temporaryFolder('verbatim-reuse-');
  fs.writeFileSync(path.join(dir, 'draft.md'), DRAFT);
  const result = spawnSync(process.execPath, [BIN, ...args, '--sources', SEEDS], { cwd: dir, encoding: 'utf8', env: TEST_ENV });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('check finds unquoted reuse by default (information: exit 0), and --no-reuse leaves it out', () => {
  const found = verbatim(['check', 'draft.md']);
  assert.equal(found.status, 0, found.stderr);
  assert.match(found.stdout, new RegExp(`^draft\\.md:3:13: information unquoted-reuse: 15 words from @${APPEAL} .* without quotation marks; source says "recently", not "lately"$`, 'm'));
  assert.match(verbatim(['check', 'draft.md', '--reuse']).stdout, /unquoted-reuse/);
  const off = verbatim(['check', 'draft.md', '--no-reuse']);
  assert.equal(off.status, 0);
  assert.doesNotMatch(off.stdout, /unquoted-reuse/);
  const json = JSON.parse(verbatim(['check', 'draft.md', '--format', 'json']).stdout) as Array<{ code: string; suggestion?: string; source?: { key: string } }>;
  const reuse = json.find((j) => j.code === 'unquoted-reuse');
  assert.equal(reuse?.source?.key, APPEAL);
  // In the draft's own quotation marks (its quote uses straight ones).
  assert.equal(reuse?.suggestion, `"${COPIED.replace('lately', 'recently')}" [@${APPEAL}]`);
});

test('SARIF lists reuse in a run of its own category, and validates', () => {
  const log = JSON.parse(verbatim(['check', 'draft.md', '--format', 'sarif']).stdout) as {
    runs: Array<{ automationDetails?: { id: string }; results: Array<{ ruleId: string; fixes?: unknown[] }> }>;
  };
  assert.equal(log.runs.length, 2);
  assert.equal(log.runs[0]!.automationDetails, undefined);
  assert.ok(log.runs[0]!.results.every((r) => r.ruleId !== 'unquoted-reuse'));
  assert.equal(log.runs[1]!.automationDetails?.id, 'verbatim/reuse/');
  assert.deepEqual(log.runs[1]!.results.map((r) => r.ruleId), ['unquoted-reuse']);
  assert.equal(log.runs[1]!.results[0]!.fixes?.length, 1);
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object);
  assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
  // Without reuse findings, one run as before.
  assert.equal((JSON.parse(verbatim(['check', 'draft.md', '--format', 'sarif', '--no-reuse']).stdout) as { runs: unknown[] }).runs.length, 1);
});

test('the report has a section of its own for unquoted reuse', () => {
  const md = verbatim(['report', 'draft.md', '--format', 'md']).stdout;
  const section = md.slice(md.indexOf('## Unquoted reuse'));
  assert.ok(md.indexOf('## Quotations') < md.indexOf('## Unquoted reuse'));
  assert.match(section, /### R1\. line 3/);
  assert.match(section, new RegExp(`> ${COPIED}`));
  assert.match(section, /> Karabakh leaders said last week that Russian peace proposals made recently are far more beneficial/);
  const html = verbatim(['report', 'draft.md']).stdout;
  assert.match(html, /<section aria-label="Unquoted reuse">/);
  assert.doesNotMatch(verbatim(['report', 'draft.md', '--format', 'md', '--no-reuse']).stdout, /Unquoted reuse/);
});
