import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { APPEAL, RALLY, REPO, SEEDS, TEST_ENV, temporaryFolder } from '../helpers';
import { verbatim, type CliRun } from './runVerbatim';

// The CI formats of `verbatim check` (SARIF, GitHub workflow commands, --max-warnings, --quiet) and
// `verbatim report`, run in process.

/** The official SARIF 2.1.0 schema (as SchemaStore publishes it), shipped inside an npm package: no network. */
const SARIF_SCHEMA = path.join(REPO, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

function tempDir(files: Record<string, string> = {}): string {
  const dir = temporaryFolder('verbatim-audit-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }>;
  relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string } }; message: { text: string } }>;
  fixes?: Array<{ description: { text: string }; artifactChanges: Array<{ artifactLocation: { uri: string }; replacements: Array<{ deletedRegion: Record<string, number>; insertedContent: { text: string } }> }> }>;
}

interface SarifLog {
  version: string;
  runs: Array<{
    tool: { driver: { name: string; rules: Array<{ id: string; help: { text: string }; defaultConfiguration: { level: string } }> } };
    results: SarifResult[];
  }>;
}

describe('verbatim check --format sarif', () => {
  let run: CliRun;
  let log: SarifLog;
  before(async () => {
    run = await verbatim(['check', 'examples/draft.md', '--format', 'sarif']);
    log = JSON.parse(run.stdout) as SarifLog;
  });

  test('validates against the SARIF 2.1.0 JSON schema', async () => {
    // unicodeRegExp off: one of the schema's patterns is not valid under JavaScript's u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 2));
    // The validator does reject what the schema forbids, so a pass above means something.
    assert.equal(validate({ ...log, version: '2.0.0' }), false);
    assert.equal(validate({ ...log, runs: [{ ...log.runs[0], results: [{ message: {}, level: 'loud' }] }] }), false);
  });

  test('one rule per diagnostic code with help, and results that point at them', async () => {
    assert.equal(run.status, 1);
    const { driver } = log.runs[0]!.tool;
    assert.equal(driver.name, 'Verbatim');
    const ids = driver.rules.map((r) => r.id);
    for (const code of ['unknown-source', 'misquote', 'wrong-source', 'quote-not-found', 'unattributed-quote']) assert.ok(ids.includes(code), code);
    for (const rule of driver.rules) assert.ok(rule.help.text.length > 20, `${rule.id} has help`);
    assert.equal(driver.rules.find((r) => r.id === 'unknown-source')?.defaultConfiguration.level, 'error');
    const results = log.runs[0]!.results;
    // The same findings as the JSON format, in the same order.
    const json = JSON.parse((await verbatim(['check', 'examples/draft.md', '--format', 'json'])).stdout) as Array<{ code: string; line: number; column: number; message: string }>;
    assert.deepEqual(
      results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.region['startLine'], r.locations[0]!.physicalLocation.region['startColumn'], r.message.text]),
      json.map((j) => [j.code, j.line, j.column, j.message]),
    );
    for (const result of results) {
      assert.equal(driver.rules[result.ruleIndex]!.id, result.ruleId);
      assert.equal(result.locations[0]!.physicalLocation.artifactLocation.uri, 'examples/draft.md');
    }
    assert.deepEqual([...new Set(results.map((r) => r.level))].sort(), ['error', 'note', 'warning']);
  });

  test('quick fixes become SARIF fixes; the source passage a related location', async () => {
    const results = log.runs[0]!.results;
    const misquote = results.find((r) => r.ruleId === 'misquote')!;
    const replacement = misquote.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    assert.equal(misquote.fixes![0]!.description.text, `Use the words of @${RALLY}`);
    assert.equal(replacement.insertedContent.text, 'any statement of compromise made on behalf of the people of\nArtsakh is rejected');
    // The deleted region is the quote's words, inside the quote marks.
    const lines = fs.readFileSync(path.join(REPO, 'examples', 'draft.md'), 'utf8').split('\n');
    const { startLine, startColumn } = replacement.deletedRegion as { startLine: number; startColumn: number };
    assert.ok(lines[startLine - 1]!.slice(startColumn - 1).startsWith('any announcement of compromise'));
    assert.match(misquote.relatedLocations![0]!.physicalLocation.artifactLocation.uri, new RegExp(`seeds/${RALLY}\\.txt$`));
    assert.equal(results.find((r) => r.ruleId === 'quote-not-found')!.fixes, undefined);
    const unattributed = results.find((r) => r.ruleId === 'unattributed-quote')!;
    const insertion = unattributed.fixes![0]!.artifactChanges[0]!.replacements[0]!;
    assert.equal(insertion.insertedContent.text, ` [@${APPEAL}]`);
    assert.equal(insertion.deletedRegion['startColumn'], insertion.deletedRegion['endColumn'], 'an insertion deletes nothing');
  });
});

describe('verbatim check --format github, --max-warnings, --quiet', () => {
  test('github: one workflow command per finding, with escaped properties and message', async () => {
    const { status, stdout } = await verbatim(['check', 'examples/draft.md', '--format', 'github']);
    assert.equal(status, 1);
    const lines = stdout.trimEnd().split('\n');
    const commands = lines.filter((l) => l.startsWith('::'));
    assert.equal(commands.length, 6);
    assert.equal(
      commands[0],
      '::warning file=examples/draft.md,line=15,col=32,endLine=16,endColumn=21,title=Verbatim misquote::misquote of @000_473b4c7a88a0911c: source says "statement", not "announcement"',
    );
    assert.ok(commands.some((c) => c.startsWith('::error file=examples/draft.md,line=24,') && c.includes('title=Verbatim unknown-source::')));
    assert.ok(commands.some((c) => c.startsWith('::notice ') && c.includes('unattributed-quote')));
    assert.match(lines.at(-1)!, /^1 error, 4 warnings, 1 information in 1 file/);
  });

  test('github: a message with a line break and a percent sign is encoded', async () => {
    const dir = tempDir({ 'a,b:c.md': `"The 100% sure thing nobody ever said here" [@${APPEAL}]\n` });
    const { stdout } = await verbatim(['check', 'a,b:c.md', '--sources', SEEDS, '--format', 'github'], dir);
    assert.match(stdout, /^::warning file=a%2Cb%3Ac\.md,line=1,col=1,/m);
  });

  const draft = `"Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}]\n\n"It did not specify any mechanisms" [@${APPEAL}]\n`;

  test('--max-warnings N: exit 1 only with more than N warnings', async () => {
    const dir = tempDir({ 'd.md': draft });
    const base = ['check', 'd.md', '--sources', SEEDS];
    assert.equal((await verbatim(base, dir)).status, 1, 'any warning fails by default');
    assert.equal((await verbatim([...base, '--max-warnings', '2'], dir)).status, 0);
    assert.equal((await verbatim([...base, '--max-warnings', '1'], dir)).status, 1);
    const bad = await verbatim([...base, '--max-warnings', 'many'], dir);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^verbatim: --max-warnings needs a whole number, not "many"/);
  });

  test('--max-warnings never excuses an error', async () => {
    const dir = tempDir({ 'd.md': `"whatever was said on the day" [@nobody]\n` });
    assert.equal((await verbatim(['check', 'd.md', '--sources', SEEDS, '--max-warnings', '100'], dir)).status, 1);
  });

  test('--quiet: errors only, and warnings no longer fail', async () => {
    const dir = tempDir({ 'd.md': draft, 'e.md': `"whatever was said on the day" [@nobody]\n` });
    const warningsOnly = await verbatim(['check', 'd.md', '--sources', SEEDS, '--quiet'], dir);
    assert.equal(warningsOnly.status, 0, warningsOnly.stdout);
    assert.match(warningsOnly.stdout, /^0 errors, 0 warnings, 0 information in 1 file/);
    const withError = await verbatim(['check', 'd.md', 'e.md', '--sources', SEEDS, '--quiet', '--format', 'json'], dir);
    assert.equal(withError.status, 1);
    assert.deepEqual((JSON.parse(withError.stdout) as Array<{ code: string }>).map((f) => f.code), ['unknown-source']);
  });

  test('options of one command are refused by another', async () => {
    const { status, stderr } = await verbatim(['sources', '--format', 'sarif']);
    assert.equal(status, 2);
    assert.match(stderr, /--format must be text or json, not "sarif"/);
  });
});

describe('verbatim report', () => {
  test('HTML on standard output: title, summary and every quotation', async () => {
    const { status, stdout } = await verbatim(['report', 'examples/draft.md']);
    assert.equal(status, 0);
    assert.match(stdout, /^<!DOCTYPE html>/);
    assert.match(stdout, /<h1>Karabakh rallies — a sample draft<\/h1>/);
    assert.equal(stdout.match(/<article class="quote/g)?.length, 13);
    assert.match(stdout, /<del class="diff" title="source: statement">announcement<\/del>/);
    assert.match(stdout, /<ins class="diff" title="draft: announcement">statement<\/ins>/);
  });

  test('Markdown: a summary table, then each quotation with the differences marked', async () => {
    const { status, stdout } = await verbatim(['report', 'examples/draft.md', '--format', 'md']);
    assert.equal(status, 0);
    assert.match(stdout, /^# Fact-check: Karabakh rallies — a sample draft$/m);
    assert.match(stdout, /^\| ✓ Verified \| 5 \|$/m);
    assert.match(stdout, /^\| ✗ Misquote \| 2 \|$/m);
    assert.match(stdout, /^\| \*\*All quotations\*\* \| \*\*13\*\* \|$/m);
    assert.match(stdout, /^> any ~~announcement~~ of compromise/m);
    assert.match(stdout, /^> Any \*\*statement\*\* of compromise/m);
    assert.match(stdout, /^### 13\. ○ Not checked$/m);
  });

  test('-o writes the file and links sources relative to it; never over the draft or a source', async () => {
    const dir = tempDir({ 'draft.md': `"It did not specify those mechanisms" [@${APPEAL}]\n` });
    fs.cpSync(SEEDS, path.join(dir, 'sources'), { recursive: true });
    const written = await verbatim(['report', 'draft.md', '-o', 'out/sheet.html'], dir);
    assert.equal(written.status, 0, written.stderr);
    const html = fs.readFileSync(path.join(dir, 'out', 'sheet.html'), 'utf8');
    assert.ok(html.includes(`href="../sources/${APPEAL}.txt"`), 'a link relative to the report');
    const overDraft = await verbatim(['report', 'draft.md', '-o', 'draft.md'], dir);
    assert.equal(overDraft.status, 2);
    assert.match(overDraft.stderr, /is the draft itself/);
    const overSource = await verbatim(['report', 'draft.md', '-o', `sources/${APPEAL}.txt`], dir);
    assert.equal(overSource.status, 2);
    assert.match(overSource.stderr, /is a source/);
    assert.equal(fs.readFileSync(path.join(dir, 'draft.md'), 'utf8'), `"It did not specify those mechanisms" [@${APPEAL}]\n`);
    assert.equal(fs.readFileSync(path.join(dir, 'sources', `${APPEAL}.txt`), 'utf8'), fs.readFileSync(path.join(SEEDS, `${APPEAL}.txt`), 'utf8'));
  });

  test('one draft, no more and no less', async () => {
    for (const args of [['report'], ['report', 'a.md', 'b.md']]) {
      const { status, stderr } = await verbatim(args);
      assert.equal(status, 2);
      assert.match(stderr, /report takes one draft/);
    }
  });
});

describe('pre-commit hook', () => {
  test('.pre-commit-hooks.yaml runs the packaged `verbatim check` on Markdown files', async () => {
    const { parse } = await import('yaml');
    const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    assert.equal(hooks.length, 1);
    const hook = hooks[0]!;
    assert.equal(hook['id'], 'verbatim');
    assert.equal(hook['language'], 'node');
    assert.deepEqual(hook['types'], ['markdown']);
    const [command, subcommand] = String(hook['entry']).split(' ');
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    assert.equal(subcommand, 'check');
    assert.ok(pkg.bin[command!], `package.json names the ${command} command`);
    assert.ok(new RegExp(String(hook['exclude'])).test('sources/a.md') && !new RegExp(String(hook['exclude'])).test('drafts/a.md'));
  });

  test('npm pack (how pre-commit installs a node hook) prints only the file name and holds the built CLI and the seeds', async () => {
    // pre-commit takes all of `npm pack`'s output as the file name: no lifecycle script may run (and print) on pack.
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    for (const script of ['prepack', 'prepare', 'postpack']) assert.equal(pkg.scripts[script], undefined, `a ${script} script would print into npm pack's output`);
    const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', env: TEST_ENV });
    assert.equal(result.status, 0, result.stderr);
    const files = (JSON.parse(result.stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
    // Every bundle the CLI may load (workers and parsers too), the launcher and the seeds.
    const bundles = fs.readdirSync(path.join(REPO, 'dist')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);
    assert.ok(bundles.includes('dist/cli.js'));
    for (const file of ['bin/verbatim.js', ...bundles, 'package.json', `seeds/${APPEAL}.txt`]) assert.ok(files.includes(file), file);
    assert.ok(!files.some((f) => f.endsWith('.map')), 'no source maps');
    assert.ok(!files.some((f) => f.startsWith('tests/') || f.startsWith('node_modules/')), files.join(', '));
  });
});
