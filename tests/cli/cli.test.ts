import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { APPEAL, RALLY, REPO, SEEDS, temporaryFolder } from '../helpers';
import { verbatim, verbatimProcess } from './runVerbatim';

function tempDir(files: Record<string, string | Uint8Array> = {}): string {
  const dir = temporaryFolder('verbatim-cli-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('verbatim check', () => {
  test('text output: one line per finding, then a summary; exit 1 (the built command)', () => {
    const { status, stdout } = verbatimProcess(['check', 'examples/draft.md']);
    assert.equal(status, 1);
    const lines = stdout.trimEnd().split('\n');
    const findings = lines.slice(0, -1);
    assert.ok(findings.length >= 4, stdout);
    for (const line of findings) {
      assert.match(line, /^examples\/draft\.md:\d+:\d+: (error|warning|information|hint) [a-z-]+: .+$/);
    }
    assert.ok(findings.some((l) => l.includes('misquote: misquote of @') && l.includes('source says "statement", not "announcement"')), stdout);
    assert.match(lines[lines.length - 1]!, /^\d+ errors?, \d+ warnings?, \d+ information in 1 file \(\d+ quotes checked against 2 sources\)$/);
  });

  test('JSON output with 1-based positions and the source passage', async () => {
    const draft = `Intro line.\nHe said "Russia deployed 3,000 peacekeeping troops in Karabakh" [@${APPEAL}].\n`;
    const dir = tempDir({ 'draft.md': draft });
    const { status, stdout } = await verbatim(['check', 'draft.md', '--sources', SEEDS, '--format', 'json'], dir);
    assert.equal(status, 1);
    const findings = JSON.parse(stdout) as Array<Record<string, unknown>>;
    assert.equal(findings.length, 1);
    const finding = findings[0]!;
    assert.deepEqual(
      { file: finding['file'], line: finding['line'], column: finding['column'], endLine: finding['endLine'], severity: finding['severity'], code: finding['code'], key: finding['key'] },
      { file: 'draft.md', line: 2, column: 9, endLine: 2, severity: 'warning', code: 'misquote', key: APPEAL },
    );
    assert.equal(finding['endColumn'], 9 + '"Russia deployed 3,000 peacekeeping troops in Karabakh"'.length);
    assert.equal(finding['suggestion'], 'Russia deployed 2,000 peacekeeping troops in Karabakh');
    const source = finding['source'] as Record<string, unknown>;
    assert.equal(source['key'], APPEAL);
    assert.equal(source['text'], 'Russia deployed 2,000 peacekeeping troops in Karabakh');
    const seedLines = fs.readFileSync(path.join(SEEDS, `${APPEAL}.txt`), 'utf8').split('\n');
    assert.equal(seedLines[(source['line'] as number) - 1]!.slice((source['column'] as number) - 1).startsWith('Russia deployed 2,000'), true);
  });

  test('a clean draft exits 0', async () => {
    const dir = tempDir({ 'ok.md': `"It did not specify those mechanisms" [@${APPEAL}]\n` });
    const { status, stdout } = await verbatim(['check', 'ok.md', '--sources', SEEDS], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /^0 errors, 0 warnings, 0 information in 1 file \(1 quote checked against 2 sources\)\n$/);
  });

  test('no files: every *.md below the folder except the source folders', async () => {
    const dir = tempDir({
      'sources/a.md': 'The committee approved the plan on Monday after a long debate.\n',
      'drafts/one.md': '"The committee approved the budget on Monday" [@a]\n',
      'two.md': '"after a long debate" [@a]\n',
      'node_modules/x/readme.md': '"never read at all here" [@zzz]\n',
    });
    const { status, stdout } = await verbatim(['check'], dir);
    assert.equal(status, 1, stdout);
    assert.match(stdout, /^drafts\/one\.md:1:1: warning misquote: .*"plan", not "budget"/m);
    assert.doesNotMatch(stdout, /node_modules|sources\/a\.md/);
    assert.match(stdout, /in 2 files/);
  });

  test('no files: every draft format below the folder; LaTeX bibliographies found from \\addbibresource', async () => {
    const dir = tempDir({
      'sources/a.md': 'The committee approved the plan on Monday after a long debate.\n',
      'paper.tex': "\\addbibresource{refs.bib}\n\\begin{document}\n``The committee approved the budget on Monday'' \\parencite[see][4]{a}.\n\\end{document}\n",
      'refs.bib': '@article{b, title = {Another}, year = {2020}}\n',
      'notes.qmd': 'See @fig-one: "after a long debate" [@a].\n',
      'report.Rmd': 'Figure \\@ref(fig:x): "the plan on Monday after" [@a].\n',
      'draft.typ': 'Typst text.\n',
    });
    const { status, stdout } = await verbatim(['check'], dir);
    assert.equal(status, 1, stdout);
    assert.match(stdout, /^paper\.tex:3:1: warning misquote: .*"plan", not "budget"/m);
    assert.doesNotMatch(stdout, /unknown-source/);
    assert.match(stdout, /in 4 files \(3 quotes checked/);
  });

  test('a LaTeX chapter \\input by the main file uses the main file\'s bibliography', async () => {
    const dir = tempDir({
      'sources/a.md': 'The committee approved the plan on Monday after a long debate.\n',
      'thesis/main.tex': '\\addbibresource{../refs.bib}\n\\begin{document}\n\\input{chapters/one}\n\\end{document}\n',
      'thesis/chapters/one.tex': "``The committee approved the plan on Monday'' \\parencite{b}.\n",
      'refs.bib': '@article{b, title = {Another}, year = {2020}}\n',
    });
    const { stdout } = await verbatim(['check', 'thesis/chapters/one.tex', '--sources', 'sources'], dir);
    // `b` is known from the main file's bibliography: no unknown-source; its entry has no full text.
    assert.doesNotMatch(stdout, /unknown-source/, stdout);
    assert.match(stdout, /no-full-text/, stdout);
  });

  test('with no local library the bundled seeds are used', async () => {
    const dir = tempDir({ 'd.md': `"It did not specify those mechanisms" [@${APPEAL}] and [@${RALLY}]\n` });
    const { status, stdout } = await verbatim(['check', 'd.md'], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /against 2 sources/);
  });

  const errors: Array<[string, () => { args: string[]; cwd: string }, RegExp]> = [
    ['a missing file', () => ({ args: ['check', 'nope.md'], cwd: REPO }), /^verbatim: no such file: nope\.md\n$/],
    ['a missing sources folder', () => ({ args: ['check', 'examples/draft.md', '--sources', 'no-such-dir'], cwd: REPO }), /^verbatim: no such sources folder: no-such-dir\n$/],
    ['a folder with no sources', () => ({ args: ['check', '--sources', 'empty'], cwd: tempDir({ 'empty/readme.bin': 'x' }) }), /^verbatim: no usable sources in empty \(no \.txt or \.md files\)\n$/],
    ['a folder whose only source is binary', () => ({ args: ['sources', '--sources', 's'], cwd: tempDir({ 's/a.txt': new Uint8Array([1, 0, 2]) }) }), /^verbatim: no usable sources in s \(1 skipped; .*a\.txt: binary file/],
    ['a draft that is not UTF-8', () => ({ args: ['check', 'latin1.md'], cwd: tempDir({ 'latin1.md': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]) }) }), /^verbatim: latin1\.md is not UTF-8 text\n$/],
    ['an unknown option', () => ({ args: ['check', '--frobnicate'], cwd: REPO }), /^verbatim: unknown option "--frobnicate"\n/],
    ['an unknown format', () => ({ args: ['check', '--format', 'xml'], cwd: REPO }), /^verbatim: --format must be text, json, sarif or github, not "xml"\n/],
    ['an unknown command', () => ({ args: ['frob'], cwd: REPO }), /^verbatim: unknown command "frob"\n/],
  ];
  test('the built command exits 2 with the reason on stderr and nothing on stdout', () => {
    const { status, stderr, stdout } = verbatimProcess(['check', 'nope.md']);
    assert.equal(status, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, 'verbatim: no such file: nope.md\n');
  });
  for (const [name, setup, message] of errors) {
    test(`exit 2 with a one-line reason for ${name}`, async () => {
      const { args, cwd } = setup();
      const { status, stderr, stdout } = await verbatim(args, cwd);
      assert.equal(status, 2, stdout + stderr);
      assert.match(stderr, message);
    });
  }
});

describe('verbatim sources', () => {
  test('lists the seeds with titles', async () => {
    const { status, stdout } = await verbatim(['sources']);
    assert.equal(status, 0);
    assert.match(stdout, new RegExp(`^@${APPEAL}  Karabakh Armenians Appeal to Russia  \\[Azatutyun, 2022-11-01, \\d+ words\\]  seeds/${APPEAL}\\.txt$`, 'm'));
    assert.match(stdout, /^2 sources$/m);
  });

  test('JSON lists sources, skipped files and key clashes', async () => {
    const dir = tempDir({
      'sources/a/x.txt': 'Alpha words in a first file.',
      'sources/b/x.md': 'Beta words in a second file.',
      'sources/bad.txt': new Uint8Array([0xff, 0xfe, 0x00]),
    });
    const { status, stdout } = await verbatim(['sources', '--format', 'json'], dir);
    assert.equal(status, 0);
    const report = JSON.parse(stdout) as { sources: Array<{ key: string; file: string }>; skipped: Array<{ file: string; reason: string }>; clashes: unknown[] };
    assert.deepEqual(report.sources.map((s) => [s.key, s.file]), [['x', path.join('sources', 'a', 'x.txt')]]);
    assert.equal(report.skipped.length, 1);
    assert.match(report.skipped[0]!.reason, /UTF-16|binary|UTF-8/);
    assert.deepEqual(report.clashes, [{ key: 'x', used: path.join('sources', 'a', 'x.txt'), ignored: [path.join('sources', 'b', 'x.md')] }]);
  });
});
