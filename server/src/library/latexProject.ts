import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft, draftFormatOf, type DraftFormat } from '../core/draft/draftAnalysis';
import type { DraftInclude } from '../core/draft/draftModel';
import { LineIndex } from '../core/text/lineIndex';
import { draftBibliography } from '../readers/bibliography/draftBibliography';

/** At most this many `.tex` or `.qmd` files of a folder are read when looking for the file that includes a chapter. */
const MAX_FILES_PER_FOLDER = 200;

/**
 * The bibliographies of the files that include `draftFile`, directly or through other included
 * files, resolved as `includedFiles` resolves them: for a LaTeX chapter, the `\addbibresource` of
 * the `.tex` files including it; for a Quarto partial (`.qmd`, `.md`), the front matter
 * `bibliography:` of the `.qmd` documents including it. Looked for from the draft's folder up to
 * `root`, nearest first, each resolved against its own folder; unreadable files are passed over.
 */
export function includingBibliographies(draftFile: string, root: string): string[] {
  const target = path.resolve(draftFile);
  const latex = draftFormatOf(undefined, target) === 'latex';
  const extension = latex ? '.tex' : '.qmd';
  const found: string[] = [];
  const top = path.resolve(root);
  const inside = (dir: string): boolean => {
    const relative = path.relative(top, dir);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  for (let dir = path.dirname(target); inside(dir); dir = path.dirname(dir)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((name) => name.toLowerCase().endsWith(extension)).slice(0, MAX_FILES_PER_FOLDER);
    } catch {
      names = []; // an unreadable folder names no main file
    }
    for (const name of names) {
      const file = path.join(dir, name);
      if (file === target) continue;
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue; // unreadable: not the main file we can use
      }
      if (!(latex ? /\\(?:input|include|subfile|import|subimport)/ : /\{\{<\s*include\s/).test(text)) continue;
      const bibliographies = latex ? analyzeDraft(text, 'latex').bibliographies.map((named) => (path.extname(named) === '' ? `${named}.bib` : named)) : draftBibliography(text).files;
      // Only a file that names a bibliography has one to give; its included files are read to know.
      if (bibliographies.length === 0) continue;
      // The chapter may be open in an editor and not saved yet: a missing file looked for at its path counts.
      const { files, problems } = includedFiles(file, text);
      if (!files.some((included) => included.file === target) && !problems.some((p) => p.lookedFor?.includes(target))) continue;
      for (const named of bibliographies) found.push(path.resolve(dir, named));
    }
    if (dir === path.dirname(dir)) break;
  }
  return found;
}

/** At most this many files are followed from one main file (a guard against a runaway project). */
const MAX_INCLUDED_FILES = 1000;

/** A file a draft includes, read: its absolute path, its text, and the file that names it. */
export interface IncludedFile {
  readonly file: string;
  readonly text: string;
  readonly includedBy: string;
}

/** An inclusion that was not followed: the including file (absolute), the 1-based line of the command, and why. */
export interface InclusionProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** For a missing file, the paths it was looked for at (absolute): an editor may hold it unsaved. */
  readonly lookedFor?: readonly string[];
}

/**
 * The files a LaTeX, Typst or Quarto draft includes, read, depth first in document order, each once,
 * those they include too (`\input`, `\include`, `\subfile`; Typst's `#include`; Quarto's
 * `{{< include … >}}`, read as Quarto wherever it is). LaTeX resolves a name
 * against the main file's folder, where LaTeX runs, then against the including file's; a name
 * without an extension is a `.tex` file, and one with another (`\input{plot.pgf}`) is not prose and
 * is passed over. A missing or unreadable file, and a file that includes itself through others,
 * is a problem; the others are still followed. Reads files; never writes.
 */
export function includedFiles(mainFile: string, mainText: string): { files: IncludedFile[]; problems: InclusionProblem[] } {
  const main = path.resolve(mainFile);
  const format = draftFormatOf(undefined, main);
  const files: IncludedFile[] = [];
  const problems: InclusionProblem[] = [];
  if (format !== 'latex' && format !== 'typst' && format !== 'quarto') return { files, problems };
  const seen = new Set<string>([main]);
  const visit = (file: string, text: string, chain: readonly string[]): void => {
    const analysis = analyzeDraft(text, format);
    if (analysis.includes.length === 0) return;
    const lines = new LineIndex(text);
    for (const include of analysis.includes) {
      const line = lines.positionAt(include.at).line + 1;
      const problem = (message: string, lookedFor?: readonly string[]): void => void problems.push({ file, line, message, ...(lookedFor ? { lookedFor } : {}) });
      const target = resolveInclude(include, file, main, format);
      if (target === undefined) continue;
      if ('missing' in target) {
        problem(`${include.written}: no such file ${target.missing}`, target.candidates);
        continue;
      }
      const found = target.file;
      if (chain.includes(found)) {
        problem(`${include.written}: a cycle (${path.basename(found)} includes this file); not followed again`);
        continue;
      }
      if (seen.has(found)) continue; // included twice: checked once
      if (files.length >= MAX_INCLUDED_FILES) {
        problem(`${include.written}: more than ${MAX_INCLUDED_FILES} included files; the rest are not followed`);
        return;
      }
      seen.add(found);
      let included: string;
      try {
        const bytes = fs.readFileSync(found);
        included = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        if (included.includes('\u0000')) throw new Error('not UTF-8 text');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problem(`${include.written}: cannot read ${path.basename(found)}: ${code === undefined ? 'not UTF-8 text' : (error as Error).message}`);
        continue;
      }
      files.push({ file: found, text: included, includedBy: file });
      visit(found, included, [...chain, found]);
    }
  };
  visit(main, mainText, [main]);
  return { files, problems };
}


/**
 * The file an inclusion names: found (absolute), missing (the path looked for first, as written
 * relative to the main file's folder), or undefined when it is no draft (another extension).
 */
function resolveInclude(include: DraftInclude, from: string, main: string, format: DraftFormat): { file: string } | { missing: string; candidates: string[] } | undefined {
  const name = include.name;
  const extension = path.extname(name).toLowerCase();
  let candidates: string[];
  if (format === 'quarto') {
    // Quarto: relative to the including file; a path from `/` is from the project's root (its `_quarto.yml`).
    if (!['.qmd', '.md', '.markdown'].includes(extension)) return undefined;
    candidates = [name.startsWith('/') ? path.join(quartoProjectRoot(main), name) : path.resolve(path.dirname(from), name)];
  } else if (format === 'typst') {
    if (extension !== '.typ') return undefined;
    // Typst: relative to the including file; an absolute path is relative to the project root (the main file's folder).
    candidates = [name.startsWith('/') ? path.join(path.dirname(main), name) : path.resolve(path.dirname(from), name)];
  } else {
    const withExtension = extension === '.tex' ? name : `${name}.tex`;
    if (extension !== '' && extension !== '.tex' && !fileExists(path.resolve(path.dirname(main), withExtension))) return undefined;
    const folders = include.fromIncluding ? [path.dirname(from), path.dirname(main)] : [path.dirname(main), path.dirname(from)];
    candidates = [...new Set(folders.map((folder) => path.resolve(folder, withExtension)))];
  }
  const found = candidates.find(fileExists);
  return found !== undefined ? { file: found } : { missing: path.relative(path.dirname(main), candidates[0]!) || candidates[0]!, candidates };
}

/** The folder of the nearest `_quarto.yml` at or above the file's folder, else the file's folder. */
function quartoProjectRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (fileExists(path.join(dir, '_quarto.yml'))) return dir;
    if (dir === path.dirname(dir)) return path.dirname(file);
  }
}

function fileExists(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
