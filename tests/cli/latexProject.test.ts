import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { includedFiles } from '../../server/src/library/latexProject';
import { verbatim } from './runVerbatim';
import { temporaryFolder } from '../helpers';

// A thesis as LaTeX writers split one: a main file with the bibliography and chapters it \input's
// or \include's, one of them including a section of its own.

function tempDir(files: Record<string, string>): string {
  const dir = temporaryFolder('verbatim-latex-project-');
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const SOURCE = 'The committee approved the plan on Monday after a long debate about the harbour and its future.\n';

function thesis(extra: Record<string, string> = {}): string {
  return tempDir({
    'sources/minutes.md': SOURCE,
    'thesis/refs.bib': '@article{minutes, title = {Minutes of the harbour committee}, year = {2024}}\n',
    'thesis/main.tex': [
      '\\documentclass{book}',
      '\\usepackage{csquotes}',
      '\\addbibresource{refs.bib}',
      '\\begin{document}',
      '\\enquote{The committee approved the plan on Monday} \\parencite{minutes}.',
      '\\include{chapters/one}',
      '\\input{chapters/plot.pgf}',
      '\\end{document}',
      '',
    ].join('\n'),
    'thesis/chapters/one.tex': [
      '\\chapter{One}',
      'The record is plain.',
      '\\enquote{The committee rejected the plan on Monday} \\parencite{minutes}.',
      '\\input{chapters/two}',
      '',
    ].join('\n'),
    // Resolved from the main file's folder, as LaTeX does.
    'thesis/chapters/two.tex': "\\section{Two}\n\n``after a short debate about the harbour'' \\parencite{minutes}.\n",
    ...extra,
  });
}

describe('LaTeX projects: included files are checked with the main file', () => {
  test('the quotations of \\include and nested \\input files are reported at their own paths and lines, with the main file\'s bibliography', async () => {
    const dir = thesis();
    const { status, stdout, stderr } = await verbatim(['check', 'thesis/main.tex', '--sources', 'sources'], dir);
    assert.equal(status, 1, stdout + stderr);
    assert.equal(stderr, '');
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(
      lines.slice(0, -1).map((line) => line.replace(/: warning misquote: .*(source says "[^"]+", not "[^"]+").*$/, ' $1')),
      [
        `${path.join('thesis', 'chapters', 'one.tex')}:3:1 source says "approved", not "rejected"`,
        `${path.join('thesis', 'chapters', 'two.tex')}:3:1 source says "long", not "short"`,
      ],
    );
    assert.doesNotMatch(stdout, /unknown-source|main\.tex:/);
    assert.match(lines[lines.length - 1]!, /in 3 files \(3 quotes checked/);
  });

  test('a chapter another chapter includes, checked alone, uses the main file\'s bibliography', async () => {
    const dir = thesis({
      'thesis/refs.bib': '@article{minutes, title = {Minutes of the harbour committee}, year = {2024}}\n@report{audit, title = {Audit of the harbour}, year = {2023}}\n',
      'thesis/chapters/two.tex': "\\section{Two}\n\n``the audit found the accounts in good order'' \\parencite{audit}.\n",
    });
    const { stdout } = await verbatim(['check', path.join('thesis', 'chapters', 'two.tex'), '--sources', 'sources'], dir);
    assert.doesNotMatch(stdout, /unknown-source/, stdout);
    assert.match(stdout, /two\.tex:3:1: information no-full-text: cannot be checked: no full text for @audit/, stdout);
  });

  test('checking the whole folder checks each chapter once', async () => {
    const dir = thesis();
    const { stdout } = await verbatim(['check', '--sources', 'sources'], dir);
    assert.equal(stdout.match(/one\.tex:3:1/g)?.length, 1, stdout);
    assert.equal(stdout.match(/two\.tex:3:1/g)?.length, 1, stdout);
    assert.match(stdout, /in 3 files \(3 quotes checked/);
  });

  test('a missing file and a cycle are named on stderr with their line; the rest is checked', async () => {
    const dir = thesis({
      'thesis/chapters/two.tex': "\\section{Two}\n\n``after a short debate about the harbour'' \\parencite{minutes}.\n\\input{chapters/one}\n\\input{chapters/three}\n",
    });
    const { status, stdout, stderr } = await verbatim(['check', 'thesis/main.tex', '--sources', 'sources'], dir);
    assert.equal(status, 1, stdout + stderr);
    const two = path.join('thesis', 'chapters', 'two.tex');
    assert.deepEqual(stderr.trimEnd().split('\n'), [
      `verbatim: ${two}:4: \\input{chapters/one}: a cycle (one.tex includes this file); not followed again`,
      `verbatim: ${two}:5: \\input{chapters/three}: no such file ${path.join('chapters', 'three.tex')}`,
    ]);
    assert.match(stdout, /two\.tex:3:1: warning misquote/);
    assert.match(stdout, /in 3 files/);
  });

  test('verbatim report names each included quotation\'s file and line', async () => {
    const dir = thesis();
    const { status, stdout } = await verbatim(['report', 'thesis/main.tex', '--sources', 'sources', '--format', 'md'], dir);
    assert.equal(status, 0, stdout);
    assert.match(stdout, /: 3 quotations, checked against/);
    assert.match(stdout, /\| ✗ Misquote \| 2 \|/);
    assert.match(stdout, /### 1\. .*\n\nline 5 · `\\parencite\{minutes\}`/);
    assert.match(stdout, new RegExp(`### 2\\. .*\\n\\n${path.join('thesis', 'chapters', 'one.tex').replace(/\\/g, '\\\\')}, line 3 · `));
    assert.match(stdout, /### 3\. .*\n\n.*two\.tex, line 3 · /);
  });

  test('includedFiles passes over files that are no drafts and reads each file once', () => {
    const dir = thesis({ 'thesis/chapters/plot.pgf': '\\begin{pgfpicture}\\end{pgfpicture}\n', 'thesis/chapters/one.tex': '\\input{chapters/two}\n\\input{chapters/two.tex}\n' });
    const main = path.join(dir, 'thesis', 'main.tex');
    const { files, problems } = includedFiles(main, fs.readFileSync(main, 'utf8'));
    assert.deepEqual(files.map((f) => [path.relative(dir, f.file), path.relative(dir, f.includedBy)]), [
      [path.join('thesis', 'chapters', 'one.tex'), path.join('thesis', 'main.tex')],
      [path.join('thesis', 'chapters', 'two.tex'), path.join('thesis', 'chapters', 'one.tex')],
    ]);
    assert.deepEqual(problems, []);
  });

  test('the import package: \\import from the main file\'s folder, \\subimport from the including file\'s', () => {
    const dir = tempDir({
      'paper/main.tex': '\\usepackage{import}\n\\begin{document}\n\\import{parts/}{one}\n\\end{document}\n',
      'paper/parts/one.tex': '\\subimport{sections/}{two}\n',
      'paper/parts/sections/two.tex': 'Text.\n',
      'paper/sections/two.tex': 'Not this one.\n',
    });
    const main = path.join(dir, 'paper', 'main.tex');
    const { files, problems } = includedFiles(main, fs.readFileSync(main, 'utf8'));
    assert.deepEqual(files.map((f) => path.relative(dir, f.file)), [path.join('paper', 'parts', 'one.tex'), path.join('paper', 'parts', 'sections', 'two.tex')]);
    assert.deepEqual(problems, []);
  });

  test('Typst: #include is followed relative to the including file', () => {
    const dir = tempDir({ 'paper/main.typ': '#include "parts/one.typ"\n#include "parts/gone.typ"\n', 'paper/parts/one.typ': '#include "two.typ"\n', 'paper/parts/two.typ': 'Text.\n' });
    const main = path.join(dir, 'paper', 'main.typ');
    const { files, problems } = includedFiles(main, fs.readFileSync(main, 'utf8'));
    assert.deepEqual(files.map((f) => path.relative(dir, f.file)), [path.join('paper', 'parts', 'one.typ'), path.join('paper', 'parts', 'two.typ')]);
    assert.deepEqual(problems.map((p) => [path.relative(dir, p.file), p.line, p.message]), [[path.join('paper', 'main.typ'), 2, `#include "parts/gone.typ": no such file ${path.join('parts', 'gone.typ')}`]]);
  });

  test('Quarto: {{< include >}} partials are checked with the document, read as Quarto, with its bibliography', async () => {
    const dir = tempDir({
      'sources/minutes.md': SOURCE,
      'book/refs.bib': '@report{audit, title = {Audit of the harbour}, year = {2023}}\n',
      'book/doc.qmd': '---\ntitle: Harbour\nbibliography: refs.bib\n---\n\n{{< include parts/_one.md >}}\n\n```markdown\n{{< include parts/_never.md >}}\n```\n',
      'book/parts/_one.md': 'See @fig-harbour.\n\nThey wrote "the committee rejected the plan on Monday" [@minutes] and "the accounts were in good order" [@audit].\n',
    });
    const { status, stdout, stderr } = await verbatim(['check', path.join('book', 'doc.qmd'), '--sources', 'sources'], dir);
    assert.equal(status, 1, stdout + stderr);
    assert.equal(stderr, '');
    const one = path.join('book', 'parts', '_one.md');
    assert.match(stdout, new RegExp(`^${one.replace(/\\/g, '\\\\')}:3:12: warning misquote: .*source says "approved", not "rejected"`, 'm'));
    assert.match(stdout, /_one\.md:3:\d+: information no-full-text: cannot be checked: no full text for @audit/);
    assert.doesNotMatch(stdout, /unknown-source|fig-harbour|_never/);
    assert.match(stdout, /in 2 files/);
  });

  test('a Quarto partial checked alone uses the bibliography of the document that includes it', async () => {
    const dir = tempDir({
      'sources/minutes.md': SOURCE,
      'book/refs.bib': '@report{audit, title = {Audit of the harbour}, year = {2023}}\n',
      'book/doc.qmd': '---\ntitle: Harbour\nbibliography: refs.bib\n---\n\n{{< include parts/_one.qmd >}}\n',
      'book/parts/_one.qmd': 'See @fig-harbour: "the accounts were in good order" [@audit].\n',
    });
    const { stdout } = await verbatim(['check', path.join('book', 'parts', '_one.qmd'), '--sources', 'sources'], dir);
    assert.doesNotMatch(stdout, /unknown-source/, stdout);
    assert.match(stdout, /_one\.qmd:1:\d+: information no-full-text: cannot be checked: no full text for @audit/);
  });
});
