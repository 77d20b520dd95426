import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDraft } from '../core/draft/draftAnalysis';

/** At most this many `.tex` files of a folder are read when looking for the file that includes a chapter. */
const MAX_FILES_PER_FOLDER = 200;

/**
 * The bibliographies of the LaTeX files that `\input` or `\include` `draftFile` (its main file names
 * `\addbibresource`; a chapter does not), looked for from the chapter's folder up to `root`,
 * nearest first, each resolved against its own folder. Unreadable files are passed over.
 */
export function includingBibliographies(draftFile: string, root: string): string[] {
  const target = path.resolve(draftFile);
  const found: string[] = [];
  const top = path.resolve(root);
  const inside = (dir: string): boolean => {
    const relative = path.relative(top, dir);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  };
  for (let dir = path.dirname(target); inside(dir); dir = path.dirname(dir)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.tex')).slice(0, MAX_FILES_PER_FOLDER);
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
      if (!text.includes('\\input') && !text.includes('\\include')) continue;
      const analysis = analyzeDraft(text, 'latex');
      const includes = analysis.includes.some((named) => {
        const full = path.resolve(dir, named);
        return full === target || `${full}.tex` === target;
      });
      if (!includes) continue;
      for (const named of analysis.bibliographies) found.push(path.resolve(dir, path.extname(named) === '' ? `${named}.bib` : named));
    }
    if (dir === path.dirname(dir)) break;
  }
  return found;
}
